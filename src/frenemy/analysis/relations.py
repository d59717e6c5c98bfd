"""Relations: what to measure, the SQL shared by the relation measures, and dyad timelines."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from frenemy.errors import InputError
from frenemy.store import Store

__all__ = ["DyadPeriod", "RelationOptions", "cooperation_score", "country_sql", "dyad_series",
           "every_dyad_once", "label", "memo", "pair_sql", "require_events", "window_sql"]


PERIODS = ("day", "week", "month", "quarter", "year")


@dataclass
class RelationOptions:
    """What to measure: the period, the time window and how much evidence a verdict needs."""

    by: str = "month"
    since: date | None = None
    until: date | None = None
    directed: bool = False
    pair: tuple[str, str] | None = None  # status and alerts of one country dyad only
    min_events: int = 5  # fewer events in a period: "insufficient data"
    # Alerts: weeks compared with the previous 4 and 52 weeks (ACLED's levels), and a
    # negative-binomial surprise test against the dyad's own history.
    min_history_weeks: int = 4
    min_alert_events: int = 5
    alert_p_value: float = 0.01
    events_per_alert: int = 10

    def __post_init__(self) -> None:
        if self.by not in PERIODS:
            raise InputError(f"unknown period {self.by!r}", f"Use one of {', '.join(PERIODS)}")
        if self.pair is not None:
            self.pair = tuple(sorted(code.upper() for code in self.pair))  # type: ignore[assignment]


@dataclass
class DyadPeriod:
    """One period of a dyad: counts per quad class and the measures built on them."""

    period: str
    start: date
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    goldstein_sum: float
    goldstein_mean: float | None
    score: float | None  # (cooperation - conflict) / (cooperation + conflict), in [-1, 1]
    intensity: float | None  # dyad events / sqrt(coverage of a x coverage of b)
    conflict_intensity: float | None


# -- shared SQL --------------------------------------------------------------------------
def country_sql(side: str) -> str:
    """SQL for the country of an event's source or target (shared with the network). The
    store fills it from the actor code where the data gave none (schema v4)."""
    return f"{side}_country"


def window_sql(options: RelationOptions) -> tuple[str, list[Any]]:
    """SQL condition and parameters for the options' dates."""
    clauses, params = ["date IS NOT NULL"], []
    if options.since:
        clauses.append("date >= ?")
        params.append(options.since)
    if options.until:
        clauses.append("date <= ?")
        params.append(options.until)
    return " AND ".join(clauses), params


def pair_sql(options: RelationOptions) -> tuple[str, list[Any]]:
    """Condition on the events of the country pair of status and alerts queries (cheap, so
    that the country of each side is only worked out for the pair's own events)."""
    if options.pair is None:
        return "", []
    a, b = options.pair
    a_src, p1 = _country_is("source", a)
    b_tgt, p2 = _country_is("target", b)
    b_src, p3 = _country_is("source", b)
    a_tgt, p4 = _country_is("target", a)
    return (f" AND (({a_src} AND {b_tgt}) OR ({b_src} AND {a_tgt}))", p1 + p2 + p3 + p4)


def label(start: date, by: str) -> str:
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)


def _side(column: str, code: str) -> tuple[str, list[Any]]:
    """An actor code matches its country (IRN) or any code it starts (IRNMIL)."""
    code = code.upper()
    if len(code) == 3:
        return _country_is(column, code)
    return f"starts_with({column}, ?)", [code]


def _country_is(side: str, code: str) -> tuple[str, list[Any]]:
    """``country_sql(side) = code``."""
    return f"{side}_country = ?", [code]


def require_events(store: Store) -> None:
    if not store.sql("SELECT 1 FROM events LIMIT 1"):
        raise InputError("the database has no events",
                         "Ingest news (`frenemy ingest`) or import events (`frenemy import`)")


def cooperation_score(coop: float, conflict: float) -> float | None:
    total = coop + conflict
    return round((coop - conflict) / total, 4) if total else None


# -- dyad series -------------------------------------------------------------------------
def dyad_series(store: Store, a: str, b: str,
                options: RelationOptions | None = None) -> list[DyadPeriod]:
    """How the relation of a and b moves, period by period (a -> b only when directed)."""
    options = options or RelationOptions()
    require_events(store)
    window, params = window_sql(options)
    a_src, pa = _side("source", a)
    b_tgt, pb = _side("target", b)
    pair = f"({a_src} AND {b_tgt})"
    pair_params = pa + pb
    if not options.directed:
        b_src, pb2 = _side("source", b)
        a_tgt, pa2 = _side("target", a)
        pair = f"({pair} OR ({b_src} AND {a_tgt}))"
        pair_params += pb2 + pa2
    trunc = f"date_trunc('{options.by}', date)::DATE"
    rows = store.sql(
        f"SELECT {trunc} AS p, count(*), count(*) FILTER (quad_class = 1), "
        "count(*) FILTER (quad_class = 2), count(*) FILTER (quad_class = 3), "
        "count(*) FILTER (quad_class = 4), coalesce(sum(goldstein::DECIMAL(18, 3))::DOUBLE, 0), "
        "avg(goldstein::DECIMAL(18, 3))::DOUBLE "
        f"FROM events WHERE {window} AND {pair} GROUP BY p ORDER BY p",
        params + pair_params)
    if not rows:
        return []
    coverage = _coverage(store, [a, b], options)
    series = []
    for start, n, q1, q2, q3, q4, gsum, gmean in rows:
        cov_a, cov_b = coverage[a.upper()].get(start, 0), coverage[b.upper()].get(start, 0)
        scale = math.sqrt(cov_a * cov_b) if cov_a and cov_b else 0.0
        series.append(DyadPeriod(
            period=label(start, options.by), start=start, events=n,
            verbal_cooperation=q1, material_cooperation=q2, verbal_conflict=q3,
            material_conflict=q4, goldstein_sum=round(float(gsum), 2),
            goldstein_mean=round(float(gmean), 3) if gmean is not None else None,
            score=cooperation_score(q1 + 2 * q2, q3 + 2 * q4),
            intensity=round(n / scale, 4) if scale else None,
            conflict_intensity=round((q3 + q4) / scale, 4) if scale else None))
    return series


_MEMO_LOCK = threading.RLock()


def memo(store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """An answer kept by a store that never changes (a server's in-memory copy); threads
    asking for one being computed wait for it."""
    if store.memo is None:
        return compute()
    if key in store.memo:
        return store.memo[key]
    with _MEMO_LOCK:
        if key not in store.memo:
            store.memo[key] = compute()
        return store.memo[key]


def every_dyad_once(store: Store, options: RelationOptions,
                     compute: Callable[[Store, RelationOptions], list[Any]]) -> list[Any]:
    """`compute` as asked, or, for a store that keeps answers (a server asked about one dyad
    after another), every dyad's answer once and the pair's part of it."""
    if store.memo is None:
        return compute(store, options)
    every_dyad = replace(options, pair=None)
    every = memo(store, (compute.__name__, repr(every_dyad)),
                  lambda: compute(store, every_dyad))
    return list(every) if options.pair is None else [
        item for item in every if item.dyad == "-".join(options.pair)]


def _coverage(store: Store, codes: list[str], options: RelationOptions
              ) -> dict[str, dict[date, int]]:
    """Events involving each actor per period, with anyone: its share of media attention."""
    window, params = window_sql(options)
    trunc = f"date_trunc('{options.by}', date)::DATE"
    result: dict[str, dict[date, int]] = {}
    for code in codes:
        code = code.upper()
        if store.memo is not None and len(code) == 3:
            # Every country's coverage at once, for the next dyads asked about.
            every = memo(store, ("coverage", options.by, window, *params), lambda: _by_country(
                store.sql(f"SELECT country, p, count(*) FROM (SELECT source_country AS country, "
                          f"{trunc} AS p FROM events WHERE {window} UNION ALL SELECT "
                          f"target_country, {trunc} FROM events WHERE {window} AND "
                          "target_country IS DISTINCT FROM source_country) WHERE country IS "
                          "NOT NULL GROUP BY country, p", params + params)))
            result[code] = every.get(code, {})
            continue
        src, ps = _side("source", code)
        tgt, pt = _side("target", code)
        rows = store.sql(f"SELECT {trunc} AS p, count(*) "
                         f"FROM events WHERE {window} AND ({src} OR {tgt}) GROUP BY p",
                         params + ps + pt)
        result[code] = {r[0]: r[1] for r in rows}
    return result


def _by_country(rows: list[tuple[Any, ...]]) -> dict[str, dict[date, int]]:
    found: dict[str, dict[date, int]] = {}
    for country, period, count in rows:
        found.setdefault(country, {})[period] = count
    return found
