"""Relations: what to measure, the SQL shared by the relation measures, and dyad timelines."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from frenemy.days import days_source
from frenemy.errors import InputError
from frenemy.store import Store

__all__ = ["SUMS_SQL", "DyadPeriod", "RelationOptions", "cooperation_score", "country_sql",
           "days_sql", "decimal_means", "dyad_series", "every_dyad_once", "label", "memo",
           "pair_sql", "require_events", "window_sql"]


PERIODS = ("day", "week", "month", "quarter", "year")
# Events, their quad classes, and the sum of their Goldstein scores as a double and in
# thousandths (exact): from the day sums (frenemy.days), and the same from the events.
SUMS_SQL = ("sum(events), sum(verbal_cooperation), sum(material_cooperation), "
            "sum(verbal_conflict), sum(material_conflict), coalesce(sum(goldstein)::DOUBLE, 0), "
            "(sum(goldstein) * 1000)::HUGEINT")
EVENT_SUMS_SQL = ("count(*), count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2), "
                  "count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4), "
                  "coalesce(sum(goldstein::DECIMAL(18, 3))::DOUBLE, 0), "
                  "(sum(goldstein::DECIMAL(18, 3)) * 1000)::HUGEINT")


def decimal_means(thousandths: Sequence[Any], counts: Sequence[Any]) -> list[float]:
    """Mean Goldstein scores from their sums in thousandths and their counts, bit for bit
    what DuckDB's avg() of the scores as decimals gives (a sum over count x 1000 in the
    platform's long double): the verdicts read them, and their reasons print them."""
    import numpy as np

    sums = np.array([int(t) for t in thousandths], dtype=np.longdouble)
    scale = np.array([int(c) for c in counts], dtype=np.longdouble) * np.longdouble(1000.0)
    return [float(m) for m in (sums / scale).astype(np.float64)]


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
    """Condition on the events (or day sums) of the country pair of status and alerts
    queries."""
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


def days_sql(store: Store) -> str:
    """What to read the day sums from (frenemy.days), looked up once by a store that keeps
    answers."""
    return str(memo(store, ("day sums",), lambda: days_source(store.conn)))


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
    if len(a) == 3 and len(b) == 3:  # two countries: the day sums have them
        source, sums = days_sql(store), SUMS_SQL
    else:  # actor codes match by prefix: the events themselves
        source, sums = "events", EVENT_SUMS_SQL
    rows = store.sql(f"SELECT {trunc} AS p, {sums} FROM {source} WHERE {window} AND {pair} "
                     "GROUP BY p ORDER BY p", params + pair_params)
    if not rows:
        return []
    coverage = _coverage(store, [a, b], options)
    series = []
    for start, n, q1, q2, q3, q4, gsum, _ in rows:
        gmean = gsum / n  # DuckDB's avg() beside a sum() of the same: the sum over the count
        cov_a, cov_b = coverage[a.upper()].get(start, 0), coverage[b.upper()].get(start, 0)
        scale = math.sqrt(cov_a * cov_b) if cov_a and cov_b else 0.0
        series.append(DyadPeriod(
            period=label(start, options.by), start=start, events=n,
            verbal_cooperation=q1, material_cooperation=q2, verbal_conflict=q3,
            material_conflict=q4, goldstein_sum=round(float(gsum), 2),
            goldstein_mean=round(gmean, 3),
            score=cooperation_score(q1 + 2 * q2, q3 + 2 * q4),
            intensity=round(n / scale, 4) if scale else None,
            conflict_intensity=round((q3 + q4) / scale, 4) if scale else None))
    return series


_MEMO_LOCK = threading.RLock()


def memo(store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """An answer kept by a store that never changes (a read-only server's); threads asking
    for one being computed wait for it."""
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
    after another), every dyad's answer once and the pair's part of it; a pair asked for
    before every dyad's answer is there is computed alone (the same answer)."""
    if store.memo is None:
        return compute(store, options)
    every_dyad = replace(options, pair=None)
    key = (compute.__name__, repr(every_dyad))
    if options.pair is not None and key not in store.memo:
        return compute(store, options)  # the pair alone, not waiting for every dyad
    every = memo(store, key, lambda: compute(store, every_dyad))
    return list(every) if options.pair is None else [
        item for item in every if item.dyad == "-".join(options.pair)]


def _coverage(store: Store, codes: list[str], options: RelationOptions
              ) -> dict[str, dict[date, int]]:
    """Events involving each actor per period, with anyone: its share of media attention."""
    window, params = window_sql(options)
    trunc = f"date_trunc('{options.by}', date)::DATE"
    days = days_sql(store)
    asked = sorted({code.upper() for code in codes if len(code) == 3})  # countries
    result: dict[str, dict[date, int]] = {}
    if asked and store.memo is not None:
        # Every country's coverage at once, for the next dyads asked about.
        every = memo(store, ("coverage", options.by, window, *params), lambda: _by_country(
            store.sql(f"SELECT country, p, sum(n) FROM (SELECT source_country AS country, "
                      f"{trunc} AS p, events AS n FROM {days} WHERE {window} UNION ALL "
                      f"SELECT target_country, {trunc}, events FROM {days} WHERE {window} "
                      "AND target_country IS DISTINCT FROM source_country) WHERE country "
                      "IS NOT NULL GROUP BY country, p", params + params)))
        result = {code: every.get(code, {}) for code in asked}
    elif asked:  # the countries asked for, in one pass over the day sums
        marks = ", ".join("?" * len(asked))
        rows = store.sql(
            f"SELECT {trunc} AS p, " + ", ".join(
                "sum(events) FILTER (source_country = ? OR target_country = ?)" for _ in asked)
            + f" FROM {days} WHERE {window} AND (source_country IN ({marks}) OR "
            f"target_country IN ({marks})) GROUP BY p",
            [code for code in asked for _ in "st"] + params + asked + asked)
        result = {code: {r[0]: r[i] for r in rows if r[i] is not None}
                  for i, code in enumerate(asked, start=1)}
    for code in {code.upper() for code in codes} - set(asked):  # actor codes, by prefix
        src, ps = _side("source", code)
        tgt, pt = _side("target", code)
        rows = store.sql(f"SELECT {trunc} AS p, count(*) FROM events WHERE {window} AND "
                         f"({src} OR {tgt}) GROUP BY p", params + ps + pt)
        result[code] = {r[0]: r[1] for r in rows}
    return result


def _by_country(rows: list[tuple[Any, ...]]) -> dict[str, dict[date, int]]:
    found: dict[str, dict[date, int]] = {}
    for country, period, count in rows:
        found.setdefault(country, {})[period] = count
    return found
