"""CLI for relations: `frenemy dyad`, `status`, `alerts` and `network` (thin layers)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from frenemy.analysis.alerts import alerts
from frenemy.analysis.relations import RelationOptions, dyad_series
from frenemy.analysis.status import status, transitions
from frenemy.cli.common import DbOption, SinceFilter, UntilFilter, date_option, out
from frenemy.store import Store, default_db_path

__all__ = ["commands"]

commands = typer.Typer()

ByOption = Annotated[str, typer.Option("--by", help="day, week, month, quarter or year")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output (see docs/cli.md)")]
PlotOption = Annotated[Path | None, typer.Option("--plot", help="Also draw it to a .png or "
                                                 ".svg file")]


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _options(by: str, since: str | None, until: str | None, **extra: Any) -> RelationOptions:
    return RelationOptions(by=by, since=date_option(since, "--since"),
                           until=date_option(until, "--until"), **extra)


@commands.command()
def dyad(
    a: Annotated[str, typer.Argument(help="Actor code: a country (IRN) or any code (IRNMIL)")],
    b: Annotated[str, typer.Argument(help="The other actor")],
    db: DbOption = None,
    by: ByOption = "month",
    directed: Annotated[bool, typer.Option(help="Only events from A to B")] = False,
    since: SinceFilter = None,
    until: UntilFilter = None,
    as_json: JsonOption = False,
    plot: PlotOption = None,
) -> None:
    """How the relation of two actors moves between cooperation and conflict."""
    options = _options(by, since, until, directed=directed)
    with Store(db or default_db_path(), read_only=True) as store:
        series = dyad_series(store, a, b, options)
    if plot is not None and series:
        from frenemy.cli.plots import plot_dyad

        plot_dyad(series, f"{a.upper()} {'->' if directed else '-'} {b.upper()} by {by}", plot)
    if as_json:
        print(json.dumps([_plain(asdict(p)) for p in series], ensure_ascii=False))
        return
    if not series:
        out.print(f"No events between {a.upper()} and {b.upper()} in that window.")
        return
    table = Table("period", "events", "verbal coop", "material coop", "verbal conflict",
                  "material conflict", "goldstein", "score", "intensity",
                  title=f"{a.upper()} {'->' if directed else '-'} {b.upper()} by {by}")
    for p in series:
        table.add_row(p.period, str(p.events), str(p.verbal_cooperation),
                      str(p.material_cooperation), str(p.verbal_conflict),
                      str(p.material_conflict), f"{p.goldstein_sum:+.1f}",
                      "" if p.score is None else f"{p.score:+.2f}",
                      "" if p.intensity is None else f"{p.intensity:.3f}")
    out.print(table)


@commands.command(name="status")
def status_command(
    db: DbOption = None,
    by: ByOption = "quarter",
    since: SinceFilter = None,
    until: UntilFilter = None,
    actor: Annotated[str | None, typer.Option(help="Only dyads with this country")] = None,
    min_events: Annotated[int, typer.Option(help="Fewer events: insufficient data",
                                            min=1)] = 5,
    as_json: JsonOption = False,
) -> None:
    """Friend, frenemy or foe: each country dyad's status per period, and its transitions."""
    options = _options(by, since, until, min_events=min_events)
    with Store(db or default_db_path(), read_only=True) as store:
        statuses = status(store, options)
    if actor:
        statuses = [s for s in statuses if actor.upper() in s.dyad.split("-")]
    changes = transitions(statuses)
    if as_json:
        print(json.dumps({"statuses": [_plain(asdict(s)) for s in statuses],
                          "transitions": [asdict(t) for t in changes]}, ensure_ascii=False))
        return
    shown = [s for s in statuses if s.status != "insufficient data"]
    table = Table("dyad", "period", "status", "trend", "events", "score", "why")
    for s in shown:
        table.add_row(s.dyad, s.period, s.status, s.trend, str(s.events),
                      "" if s.score is None else f"{s.score:+.2f}", s.reason)
    out.print(table)
    out.print(f"{len(shown)} dyad-periods with enough events "
              f"({len(statuses) - len(shown)} with fewer than {min_events} left out)")
    for change in changes:
        out.print(str(change))


@commands.command(name="alerts")
def alerts_command(
    db: DbOption = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    limit: Annotated[int, typer.Option(help="At most this many alerts", min=1)] = 20,
    as_json: JsonOption = False,
) -> None:
    """Escalations: dyads whose conflict rises above their own baseline, the largest first."""
    options = _options("week", since, until)
    with Store(db or default_db_path(), read_only=True) as store:
        found = alerts(store, options)[:limit]
    if as_json:
        print(json.dumps([_plain(a.to_dict()) for a in found], ensure_ascii=False))
        return
    if not found:
        out.print("No escalation stands out in that window.")
        return
    table = Table("dyad", "start", "end", "level", "score", "p", "vs 4 weeks", "vs 52 weeks",
                  "top event")
    for a in found:
        top = a.events[0] if a.events else {}
        table.add_row(a.dyad, str(a.start), str(a.end), a.level, f"{a.score:.1f}",
                      f"{a.p_value:.1e}", f"{a.change_4_weeks:+.0%}", f"{a.change_52_weeks:+.0%}",
                      f"{top.get('source') or ''} {top.get('code') or ''} "
                      f"{top.get('target') or ''}")
    out.print(table)


@commands.command(name="network")
def network_command(
    db: DbOption = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    min_events: Annotated[int, typer.Option(help="Fewer events between two countries: no "
                                            "edge", min=1)] = 3,
    as_json: JsonOption = False,
    gexf: Annotated[Path | None, typer.Option("--gexf", help="Also write the graph for "
                                              "Gephi")] = None,
    plot: PlotOption = None,
) -> None:
    """The signed network of countries: friends and foes, structural balance, blocs."""
    from frenemy.analysis.network import NetworkOptions, network, write_gexf

    options = NetworkOptions(relations=_options("month", since, until), min_events=min_events)
    with Store(db or default_db_path(), read_only=True) as store:
        result = network(store, options)
    if gexf is not None:
        write_gexf(result, gexf)
    if plot is not None:
        from frenemy.cli.plots import plot_network

        plot_network(result, f"countries {since or 'from the start'} - {until or 'now'}", plot)
    if as_json:
        print(json.dumps(_plain(result.to_dict()), ensure_ascii=False))
        return
    out.print(f"{len(result.nodes)} countries, {len(result.edges)} ties "
              f"({sum(1 for e in result.edges if e['weight'] > 0)} friendly); "
              + (f"{result.balance:.0%} of {result.triads} closed triads balanced"
                 if result.balance is not None else "no closed triads"))
    for number, bloc in enumerate(result.blocs, start=1):
        if len(bloc) > 1:
            out.print(f"bloc {number}: {', '.join(bloc)}")
    for triad in result.unbalanced[:5]:
        signs = "".join("+" if s > 0 else "-" for s in triad.signs)
        out.print(f"unbalanced: {'-'.join(triad.countries)} ({signs})")
    for guess in result.predicted[:5]:
        seen = "not observed" if guess.observed is None else f"observed {guess.observed:+.2f}"
        out.print(f"balance predicts {guess.a}-{guess.c} {guess.expected}s (via {guess.via}; "
                  f"{seen})")
    central = sorted(result.centrality.items(), key=lambda kv: -kv[1]["strength"])[:5]
    out.print("most central: " + ", ".join(f"{n} ({c['friends']} friends, {c['foes']} foes)"
                                           for n, c in central))
