"""Watch rounds: each reads what is new from the sources, recomputes the alerts and announces
the new ones; between rounds the database is closed, so that other commands can read it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from frenemy.analysis.alerts import Alert, alerts
from frenemy.analysis.relations import RelationOptions
from frenemy.errors import InputError, InputIssue, StoreError, exit_code
from frenemy.news.fetch import FetchOptions, is_url
from frenemy.news.ingest import IngestOptions, ingest
from frenemy.store import Store
from frenemy.watch.announce import pending, post_alerts, record, unannounced
from frenemy.watch.sources import (
    GDELT,
    GDELT_MIRROR,
    GdeltRound,
    check_sources,
    import_latest_gdelt,
)

__all__ = ["WatchOptions", "RoundResult", "watch"]


@dataclass
class WatchOptions:
    """What a watch reads, how often, and where it announces the alerts that are new."""

    sources: list[str]  # feed and page URLs, files, folders, and "gdelt"
    every: float = 900.0  # seconds from the start of one round to the start of the next
    rounds: int | None = None  # stop after this many rounds; None: until stopped
    webhook: str | None = None  # new alerts are POSTed here as JSON
    gdelt_mirror: str = GDELT_MIRROR  # the folder holding GDELT 2.0's lastupdate.txt
    ingest: IngestOptions = field(default_factory=IngestOptions)
    alerts: RelationOptions = field(default_factory=lambda: RelationOptions(by="week"))
    fetch: FetchOptions = field(default_factory=FetchOptions)  # GDELT and the webhook
    # Set it (from a signal handler, another thread) to stop after the current round.
    stop: threading.Event = field(default_factory=threading.Event)


@dataclass
class RoundResult:
    """What one round did."""

    number: int  # 1 for this watch's first round
    started: datetime  # UTC
    finished: datetime | None = None
    documents_read: int = 0  # new and already stored
    documents_added: int = 0
    events_added: int = 0  # from news and from GDELT
    gdelt: GdeltRound | None = None
    new_alerts: list[Alert] = field(default_factory=list)
    posted: int = 0  # alerts the webhook took (new ones and ones it had failed)
    webhook_error: str | None = None  # the webhook failed; its alerts go again next round
    error: str | None = None  # the round could not run (the database was busy)
    issues: list[InputIssue] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: every source was read; 2: some inputs were skipped; 1: nothing was read."""
        if self.error:
            return 1
        read = self.documents_read + (1 if self.gdelt and not self.gdelt.issues else 0)
        return exit_code(self.issues, read)


def _check(options: WatchOptions) -> None:
    check_sources(options.sources)
    if options.every < (1 if options.rounds is None else 0):
        raise InputError(f"an interval of {options.every:g} seconds is too short for a watch "
                         "that runs until stopped", "Give 1s or more: 30s, 15m or 1h")
    if options.rounds is not None and options.rounds < 1:
        raise InputError("a watch runs at least one round", "Give --rounds 1 or more")
    if options.webhook is not None and not is_url(options.webhook):
        raise InputError(f"the webhook {options.webhook!r} is not an http(s) URL",
                         "Give the URL the alerts are POSTed to")


def watch(db: Path, options: WatchOptions) -> Iterator[RoundResult]:
    """Run rounds until ``options.rounds`` are done or ``options.stop`` is set, yielding
    what each did. A round ingests what the sources have that the database has not (stored
    documents, links and GDELT files are skipped), then announces the alerts no earlier
    round announced, also after a restart: they are remembered in the database."""
    _check(options)  # now, not at the first round
    return _rounds(db, options)


def _rounds(db: Path, options: WatchOptions) -> Iterator[RoundResult]:
    number = 0
    while not options.stop.is_set():
        number += 1
        began = time.monotonic()
        yield _round(db, options, number)
        if options.rounds is not None and number >= options.rounds:
            return
        if options.stop.wait(max(0.0, options.every - (time.monotonic() - began))):
            return


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _round(db: Path, options: WatchOptions, number: int) -> RoundResult:
    result = RoundResult(number, _now())
    try:
        store = Store(db)
    except StoreError as exc:
        if number == 1:
            raise
        result.error = f"{exc}; tried again next round"  # another process holds the database
        return result
    with store:
        run = store.start_run("watch", options.sources)
        _read(store, options, result)
        _announce(store, options, result)
        result.finished = _now()
        store.add_errors(run, [(i.file, i.line, i.reason) for i in result.issues])
        store.finish_run(run, read=result.documents_read, added=result.documents_added,
                         skipped=result.documents_read - result.documents_added,
                         events=result.events_added, errors=len(result.issues),
                         status={0: "ok", 2: "partial", 1: "failed"}[result.exit_code])
    return result


def _read(store: Store, options: WatchOptions, result: RoundResult) -> None:
    inputs = [s for s in options.sources if s != GDELT]
    if inputs:
        done = ingest(inputs, store, replace(options.ingest, skip_stored_urls=True))
        result.documents_read += done.documents_read
        result.documents_added += done.documents_added
        result.events_added += done.events_added
        result.issues += done.issues
    if GDELT in options.sources:
        result.gdelt = import_latest_gdelt(store, options.gdelt_mirror, options.fetch)
        result.events_added += result.gdelt.events_added
        result.issues += result.gdelt.issues


def _announce(store: Store, options: WatchOptions, result: RoundResult) -> None:
    if not store.sql("SELECT 1 FROM events LIMIT 1"):
        return  # no events, no alerts
    found = alerts(store, options.alerts)
    result.new_alerts = unannounced(store, found)
    retried = pending(store, found) if options.webhook else []
    if options.webhook and (result.new_alerts or retried):
        result.webhook_error = post_alerts(options.webhook, result.new_alerts, retried,
                                           options.fetch.timeout)
        if result.webhook_error is None:
            result.posted = len(result.new_alerts) + len(retried)
    record(store, result.new_alerts, undelivered=result.webhook_error is not None,
           delivered=result.posted > 0)
