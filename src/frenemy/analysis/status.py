"""Status: friend / frenemy / foe verdicts of every country dyad, period by period, and changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from frenemy.analysis.relations import (
    SUMS_SQL,
    RelationOptions,
    cooperation_score,
    country_sql,
    days_sql,
    decimal_means,
    every_dyad_once,
    label,
    memo,
    pair_sql,
    require_events,
    window_sql,
)
from frenemy.store import Store

__all__ = ["DyadStatus", "Transition", "status", "transitions"]


@dataclass
class DyadStatus:
    dyad: str
    period: str
    start: date
    status: str
    trend: str  # improving, worsening, steady, or "" for the first period
    events: int
    score: float | None
    material_conflict_share: float
    reason: str


@dataclass
class Transition:
    dyad: str
    period: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.dyad}: {self.before} -> {self.after}, {self.period}"


# -- status --------------------------------------------------------------------------------
def _verdict(events: int, goldstein_mean: float, base: float, cooperative: float,
             conflictual: float, material: float, options: RelationOptions) -> tuple[str, str]:
    """Status from the dyad's mean Goldstein score against the dataset's own mean over the
    same window (each dataset codes with its own habits: ICEWS reports many consultations),
    and from the shares of cooperative and conflictual events."""
    if events < options.min_events:
        return "insufficient data", f"{events} events (fewer than {options.min_events})"
    shift = goldstein_mean - base
    why = (f"Goldstein mean {goldstein_mean:+.2f} against {base:+.2f} for all dyads "
           f"({shift:+.2f}); {cooperative:.0%} cooperative, {conflictual:.0%} conflictual, "
           f"{material:.0%} material conflict")
    if shift <= -2.0 or material >= 0.5:
        return "hostile", why
    if shift <= -0.75:
        return "rival", why
    if cooperative >= 0.25 and (conflictual >= 0.25 or shift < 0):
        # Substantial cooperation with substantial conflict, or with more conflict than the
        # dataset's usual: friends and foes at once.
        return "frenemy", why
    if shift >= 2.0 and conflictual < 0.1:
        return "ally", why
    return ("partner" if shift >= 0 else "rival"), why


def status(store: Store, options: RelationOptions | None = None) -> list[DyadStatus]:
    """The status of every country dyad with events, period by period (quarters by default
    in the CLI), with its trend against the dyad's previous period."""
    options = options or RelationOptions(by="quarter")
    require_events(store)
    return every_dyad_once(store, options, _status)


def _status(store: Store, options: RelationOptions) -> list[DyadStatus]:
    window, params = window_sql(options)
    src, tgt = country_sql("source"), country_sql("target")
    days = days_sql(store)
    base_row = memo(store, ("base", window, *params), lambda: store.sql(
        f"SELECT (sum(goldstein) * 1000)::HUGEINT, sum(events) FROM {days} WHERE {window}",
        params))
    base = decimal_means([base_row[0][0]], [base_row[0][1]])[0] if base_row[0][1] else 0.0
    pair, pair_params = pair_sql(options)
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, "
        f"date_trunc('{options.by}', date)::DATE AS p, * FROM {days} WHERE {window}{pair}) "
        f"SELECT a, b, p, {SUMS_SQL} FROM e WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b "
        "GROUP BY a, b, p ORDER BY a, b, p", params + pair_params)
    result: list[DyadStatus] = []
    previous: dict[str, float | None] = {}
    means = decimal_means([r[-1] for r in rows], [r[3] for r in rows])
    for (a, b, start, n, q1, q2, q3, q4, _, _), mean in zip(rows, means, strict=True):
        dyad = f"{a}-{b}"
        verdict, reason = _verdict(n, mean, base, (q1 + q2) / n, (q3 + q4) / n,
                                   q4 / n, options)
        score = cooperation_score(q1 + 2 * q2, q3 + 2 * q4)
        trend = ""
        if dyad in previous and verdict != "insufficient data":
            before = previous[dyad]
            if before is not None and score is not None:
                change = score - before
                trend = "improving" if change > 0.1 else "worsening" if change < -0.1 else (
                    "steady")
        if verdict != "insufficient data":
            previous[dyad] = score
        result.append(DyadStatus(dyad, label(start, options.by), start, verdict, trend, n,
                                 score, round(q4 / n, 4), reason))
    return result


def transitions(statuses: list[DyadStatus]) -> list[Transition]:
    """Changes of status between a dyad's successive periods with enough data."""
    found: list[Transition] = []
    last: dict[str, str] = {}
    for item in statuses:
        if item.status == "insufficient data":
            continue
        if item.dyad in last and last[item.dyad] != item.status:
            found.append(Transition(item.dyad, item.period, last[item.dyad], item.status))
        last[item.dyad] = item.status
    return found
