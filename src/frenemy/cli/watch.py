"""CLI for staying current: `frenemy watch` (a thin layer over frenemy.watch.rounds)."""

from __future__ import annotations

import json
import re
import signal
from contextlib import nullcontext
from datetime import timedelta
from types import FrameType
from typing import Annotated

import typer
from rich.table import Table

from frenemy.analysis.relations import RelationOptions
from frenemy.cli.common import (
    ActorsOption,
    DbOption,
    GlobOption,
    coder_options,
    date_option,
    dictionary_options,
    err,
)
from frenemy.errors import InputError
from frenemy.news.ingest import BatchReport, IngestOptions
from frenemy.store import default_db_path
from frenemy.watch.announce import alert_dict, alert_line
from frenemy.watch.rounds import RoundResult, WatchOptions, watch
from frenemy.watch.sources import GDELT_MIRROR

__all__ = ["commands", "parse_every"]

commands = typer.Typer()

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds of an interval written 30s, 15m, 1h, 1h30m or a plain number of seconds."""
    spec = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", spec):
        return float(spec)
    parts = re.findall(r"(\d+(?:\.\d+)?)([smhd])", spec)
    if not parts or "".join(n + u for n, u in parts) != spec:
        raise InputError(f"--every {text!r} is not an interval", "Write it as 30s, 15m or 1h")
    return sum(float(n) * _UNITS[u] for n, u in parts)


class _Abandon(BaseException):
    """A second stop signal: the round is left where it is (its committed batches stay)."""


def _round_line(result: RoundResult, every: float, last: bool) -> str:
    if result.error:
        return f"round {result.number}: {result.error}"
    parts = [f"round {result.number} ({result.started:%Y-%m-%d %H:%M:%S} UTC)",
             f"{result.documents_added} new documents of {result.documents_read} read",
             f"{result.events_added} events added"]
    if result.gdelt and result.gdelt.file:
        state = (f"{result.gdelt.events_added} events" if result.gdelt.imported
                 else "already imported" if not result.gdelt.issues else "not imported")
        parts.append(f"GDELT {result.gdelt.file.name}: {state}")
    parts.append(f"{len(result.new_alerts)} new alert{'s' if len(result.new_alerts) != 1 else ''}")
    if result.posted:
        parts.append(f"webhook took {result.posted}")
    if result.webhook_error:
        parts.append(f"webhook failed: {result.webhook_error} (sent again next round)")
    if not last:
        due = max(result.started + timedelta(seconds=every), result.finished or result.started)
        parts.append(f"next round at {due:%H:%M:%S} UTC")
    return ", ".join(parts)


def _show(result: RoundResult, every: float, last: bool, as_json: bool) -> None:
    """A round's line and skipped inputs on stderr, its new alerts on stdout."""
    err.print(_round_line(result, every, last), markup=False)
    for issue in result.issues[:20]:
        err.print(f"skipped {issue}", markup=False)
    if len(result.issues) > 20:
        err.print(f"... and {len(result.issues) - 20} more (see the ingest_errors table)")
    for line in ([json.dumps(alert_dict(a), ensure_ascii=False) for a in result.new_alerts]
                 if as_json else [f"ALERT {alert_line(a)}" for a in result.new_alerts]):
        print(line, flush=True)  # at once: another program may be reading


def _summary(rounds: list[RoundResult], how: str) -> None:
    table = Table(title=f"watch: {how}", show_header=False)
    table.add_row("rounds", str(len(rounds)))
    table.add_row("documents added", str(sum(r.documents_added for r in rounds)))
    table.add_row("events added", str(sum(r.events_added for r in rounds)))
    gdelt = sum(1 for r in rounds if r.gdelt and r.gdelt.imported)
    if gdelt:
        table.add_row("GDELT updates imported", str(gdelt))
    table.add_row("new alerts", str(sum(len(r.new_alerts) for r in rounds)))
    failed = sum(1 for r in rounds if r.webhook_error)
    if failed:
        table.add_row("webhook failures", str(failed))
    err.print(table)


@commands.command(name="watch")
def watch_command(
    sources: Annotated[list[str], typer.Argument(
        help="Feed or page URLs, files, folders, or gdelt (GDELT 2.0's latest 15-minute "
             "update)")],
    every: Annotated[str, typer.Option(help="Time from one round to the next: 30s, 15m, "
                                       "1h")] = "15m",
    rounds: Annotated[int | None, typer.Option(help="Stop after N rounds (by default, run "
                                               "until stopped)", min=1)] = None,
    webhook: Annotated[str | None, typer.Option(help="POST new alerts as JSON to this "
                                                "URL")] = None,
    db: DbOption = None,
    gdelt_mirror: Annotated[str, typer.Option(help="Folder holding GDELT 2.0's "
                                              "lastupdate.txt")] = GDELT_MIRROR,
    alerts_since: Annotated[str | None, typer.Option(
        help="Announce only alerts that last until this date or later (YYYY-MM-DD)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="New alerts as JSON lines on "
                                          "stdout")] = False,
    actors: ActorsOption = None,
    glob: GlobOption = "*",
) -> None:
    """Keep the database current and announce the alerts that are new.

    Every interval, read what is new from the sources, print the alerts no earlier round
    announced and POST them to a webhook. Stop with Ctrl+C or SIGTERM; a restart goes on
    where it stopped."""
    options = WatchOptions(
        sources=list(sources), every=parse_every(every), rounds=rounds, webhook=webhook,
        gdelt_mirror=gdelt_mirror,
        ingest=IngestOptions(coder=coder_options(actors, dictionaries=dictionary_options(
            None, None, actors or [], None, None, False)), glob=glob),
        alerts=RelationOptions(by="week", since=date_option(alerts_since, "--alerts-since")))
    db_path = db or default_db_path()
    done: list[RoundResult] = []
    signalled: list[str] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        if options.stop.is_set():
            raise _Abandon()
        signalled.append(signal.Signals(signum).name)
        options.stop.set()
        err.print(f"{signalled[0]}: stopping once the round in progress, if any, is done "
                  "(send it again to stop at once).", markup=False)

    how = f"{rounds} rounds done" if rounds else "stopped"
    # On a terminal a status line says what the watch is doing: coding (documents and
    # events so far) or waiting for the next round.
    status = err.status("round 1: reading the sources") if err.is_terminal else None

    def progress(report: BatchReport) -> None:
        if status is not None:
            status.update(f"round {len(done) + 1}: {report.documents_done} documents read, "
                          f"{report.documents_added} added, {report.events} events")

    options.ingest.on_batch = progress
    rounds_run = watch(db_path, options)  # checks the options first
    err.print(f"Watching {len(sources)} source{'s' if len(sources) != 1 else ''} every "
              f"{every} into {db_path}. Stop with Ctrl+C.", markup=False)
    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with status if status is not None else nullcontext():
            for result in rounds_run:
                done.append(result)
                last = options.stop.is_set() or (rounds is not None and result.number >= rounds)
                _show(result, options.every, last, as_json)
                if status is not None and not last:
                    status.update(f"waiting for round {result.number + 1}")
        if signalled:
            how = f"stopped by {signalled[0]}"
    except _Abandon:
        how = (f"stopped by {signalled[0]} during round {len(done) + 1}, which was left: "
               "what it stored stays, the rest is read next time")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    _summary(done, how)
    if not signalled and done and done[-1].exit_code:
        raise typer.Exit(done[-1].exit_code)
