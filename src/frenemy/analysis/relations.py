"""Relations: dyad timelines, friend / frenemy / foe status and escalation alerts from events."""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from frenemy.errors import InputError
from frenemy.store import Store

__all__ = ["Alert", "DyadPeriod", "DyadStatus", "RelationOptions", "Transition", "alerts",
           "dyad_series", "status", "transitions"]

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


@dataclass
class Alert:
    dyad: str
    source_country: str
    target_country: str
    start: date
    end: date
    level: str  # large or moderate
    score: float  # weighted conflict above the dyad's baseline over the alert's weeks
    p_value: float
    change_4_weeks: float
    change_52_weeks: float
    events: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- shared SQL --------------------------------------------------------------------------
def country_sql(side: str) -> str:
    """SQL for the country of an event's source or target (shared with the network). The
    store fills it from the actor code where the data gave none (schema v4)."""
    return f"{side}_country"


# Weekly conflict for alerts: verbal conflict 1, material conflict 2 (as in the score).
_CONFLICT_WEIGHT = "(CASE quad_class WHEN 3 THEN 1 WHEN 4 THEN 2 ELSE 0 END)"


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


def _pair_sql(options: RelationOptions) -> tuple[str, list[Any]]:
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


def _label(start: date, by: str) -> str:
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


def _score(coop: float, conflict: float) -> float | None:
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
            period=_label(start, options.by), start=start, events=n,
            verbal_cooperation=q1, material_cooperation=q2, verbal_conflict=q3,
            material_conflict=q4, goldstein_sum=round(float(gsum), 2),
            goldstein_mean=round(float(gmean), 3) if gmean is not None else None,
            score=_score(q1 + 2 * q2, q3 + 2 * q4),
            intensity=round(n / scale, 4) if scale else None,
            conflict_intensity=round((q3 + q4) / scale, 4) if scale else None))
    return series


_MEMO_LOCK = threading.RLock()


def _memo(store: Store, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
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


def _every_dyad_once(store: Store, options: RelationOptions,
                     compute: Callable[[Store, RelationOptions], list[Any]]) -> list[Any]:
    """`compute` as asked, or, for a store that keeps answers (a server asked about one dyad
    after another), every dyad's answer once and the pair's part of it."""
    if store.memo is None:
        return compute(store, options)
    every_dyad = replace(options, pair=None)
    every = _memo(store, (compute.__name__, repr(every_dyad)),
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
            every = _memo(store, ("coverage", options.by, window, *params), lambda: _by_country(
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
    return _every_dyad_once(store, options, _status)


def _status(store: Store, options: RelationOptions) -> list[DyadStatus]:
    window, params = window_sql(options)
    src, tgt = country_sql("source"), country_sql("target")
    base_row = _memo(store, ("base", window, *params), lambda: store.sql(
        f"SELECT avg(goldstein::DECIMAL(18, 3))::DOUBLE FROM events WHERE {window}", params))
    base = float(base_row[0][0] or 0.0) if base_row else 0.0
    pair, pair_params = _pair_sql(options)
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, "
        f"date_trunc('{options.by}', date)::DATE AS p, quad_class, goldstein FROM events "
        f"WHERE {window}{pair}) "
        "SELECT a, b, p, count(*), count(*) FILTER (quad_class = 1), "
        "count(*) FILTER (quad_class = 2), count(*) FILTER (quad_class = 3), "
        "count(*) FILTER (quad_class = 4), avg(goldstein::DECIMAL(18, 3))::DOUBLE FROM e "
        "WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b GROUP BY a, b, p "
        "ORDER BY a, b, p", params + pair_params)
    result: list[DyadStatus] = []
    previous: dict[str, float | None] = {}
    for a, b, start, n, q1, q2, q3, q4, mean in rows:
        dyad = f"{a}-{b}"
        verdict, reason = _verdict(n, float(mean or 0.0), base, (q1 + q2) / n, (q3 + q4) / n,
                                   q4 / n, options)
        score = _score(q1 + 2 * q2, q3 + 2 * q4)
        trend = ""
        if dyad in previous and verdict != "insufficient data":
            before = previous[dyad]
            if before is not None and score is not None:
                change = score - before
                trend = "improving" if change > 0.1 else "worsening" if change < -0.1 else (
                    "steady")
        if verdict != "insufficient data":
            previous[dyad] = score
        result.append(DyadStatus(dyad, _label(start, options.by), start, verdict, trend, n,
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


# -- alerts --------------------------------------------------------------------------------
def alerts(store: Store, options: RelationOptions | None = None) -> list[Alert]:
    """Weeks in which a country dyad's conflict rises above its own baseline, merged into
    alerts and ranked by how much conflict exceeded what the dyad's history predicted."""
    options = options or RelationOptions(by="week")
    require_events(store)
    return _every_dyad_once(store, options, _alerts)


def _alerts(store: Store, options: RelationOptions) -> list[Alert]:
    window, params = window_sql(RelationOptions(since=None, until=options.until))
    pair, pair_params = _pair_sql(options)
    src, tgt = country_sql("source"), country_sql("target")
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, "
        f"date_trunc('week', date)::DATE AS w, {_CONFLICT_WEIGHT} AS conflict FROM events "
        f"WHERE {window}{pair}) SELECT a, b, w, sum(conflict) FROM e WHERE a IS NOT NULL "
        "AND b IS NOT NULL AND a <> b GROUP BY a, b, w HAVING sum(conflict) > 0 "
        "ORDER BY a, b, w", params + pair_params)
    series: dict[tuple[str, str], dict[date, int]] = {}
    first_week: date | None = None
    for a, b, week, conflict in rows:
        series.setdefault((a, b), {})[week] = int(conflict)
        first_week = week if first_week is None or week < first_week else first_week
    # First every week that is busy and above both baselines, with its history's moments;
    # then one vectorised surprise test for all of them.
    candidates: list[tuple[tuple[str, str], int, int, float, float, float, float]] = []
    counts_of: dict[tuple[str, str], list[int]] = {}
    if options.pair is not None:
        # One dyad's weeks count from the first conflict week of all dyads, as they do when
        # every dyad is computed: the same alerts either way.
        first = _memo(store, ("first conflict week", window, *params), lambda: store.sql(
            f"SELECT min(date_trunc('week', date)::DATE) FROM events WHERE {window} AND "
            f"quad_class >= 3 AND {src} <> {tgt}", params))
        first_week = first[0][0] if first else first_week
    start = first_week or date.today()
    for key, weeks in series.items():
        if max(weeks.values()) < options.min_alert_events:
            continue  # no week busy enough to alert on: most dyads, skipped cheaply
        span = (max(weeks) - start).days // 7 + 1
        counts = [0] * span
        for week, value in weeks.items():
            counts[(week - start).days // 7] = value
        counts_of[key] = counts
        # Prefix sums of counts and squares: each week's baselines in constant time.
        total, squares = [0], [0]
        for value in counts:
            total.append(total[-1] + value)
            squares.append(squares[-1] + value * value)
        for i in range(options.min_history_weeks, span):
            x = counts[i]
            if x < options.min_alert_events:
                continue
            lo = max(0, i - 52)
            length = i - lo
            m4 = (total[i] - total[i - 4]) / 4
            m52 = (total[i] - total[lo]) / length
            change4 = (x - m4) / max(m4, 1.0)
            change52 = (x - m52) / max(m52, 1.0)
            if min(change4, change52) <= 0.10:
                continue
            variance = max(squares[i] - squares[lo] - length * m52 * m52, 0.0) / max(
                length - 1, 1)
            candidates.append((key, i, x, m52, variance, change4, change52))
    p_values = _surprise([c[2] for c in candidates], [max(c[3], 0.5) for c in candidates],
                         [c[4] for c in candidates])
    flagged_of: dict[tuple[str, str], list[tuple[int, str, float, float, float, float]]] = {}
    for (key, i, _, m52, _, change4, change52), p_value in zip(candidates, p_values,
                                                               strict=True):
        if p_value < options.alert_p_value:
            level = "large" if min(change4, change52) > 0.25 else "moderate"
            flagged_of.setdefault(key, []).append((i, level, m52, p_value, change4, change52))
    found: list[Alert] = []
    for (a, b), flagged in sorted(flagged_of.items()):
        found += _episodes(a, b, start, counts_of[(a, b)], flagged)
    since = options.since
    found = [f for f in found if since is None or f.end >= since]
    found.sort(key=lambda f: (-f.score, f.start, f.dyad))
    _add_driving_events(store, found, options.events_per_alert, _pair_sql(options))
    return found


def _surprise(observed: list[int], means: list[float], variances: list[float]) -> list[float]:
    """P(X >= observed) under a negative binomial with the history's mean and variance
    (moments), or a Poisson where the history is not over-dispersed."""
    import numpy as np
    from scipy.stats import nbinom, poisson

    if not observed:
        return []
    x, mean, variance = (np.asarray(v, dtype=float) for v in (observed, means, variances))
    dispersed = variance > mean
    size = np.where(dispersed, mean * mean / np.where(dispersed, variance - mean, 1.0), 1.0)
    result = np.where(dispersed, nbinom.sf(x - 1, size, size / (size + mean)),
                      poisson.sf(x - 1, mean))
    return [float(p) for p in result]


def _episodes(a: str, b: str, start: date, counts: list[int],
              flagged: list[tuple[int, str, float, float, float, float]]) -> list[Alert]:
    """An escalation starts in a surprising week and lasts while the dyad's conflict stays
    clearly above the baseline it had before (a one-week dip allowed); its score is the
    conflict above that baseline over the whole episode."""
    alerts_found: list[Alert] = []
    by_week = {item[0]: item for item in flagged}
    week = 0
    while week < len(counts):
        if week not in by_week:
            week += 1
            continue
        baseline = by_week[week][2]
        threshold = baseline + max(1.0, math.sqrt(baseline))
        first = last = week
        cursor = week + 1
        while cursor < len(counts):
            if counts[cursor] > threshold or cursor in by_week:
                last = cursor
            elif cursor - last > 1:
                break
            cursor += 1
        weeks = [by_week[w] for w in range(first, last + 1) if w in by_week]
        alerts_found.append(Alert(
            dyad=f"{a}-{b}", source_country=a, target_country=b,
            start=start + timedelta(weeks=first), end=start + timedelta(weeks=last, days=6),
            level="large" if any(w[1] == "large" for w in weeks) else "moderate",
            score=round(sum(counts[w] - baseline for w in range(first, last + 1)), 2),
            p_value=min(w[3] for w in weeks),
            change_4_weeks=round(max(w[4] for w in weeks), 3),
            change_52_weeks=round(max(w[5] for w in weeks), 3)))
        week = last + 1
    return alerts_found


def _add_driving_events(store: Store, found: list[Alert], limit: int,
                        pair: tuple[str, list[Any]] = ("", [])) -> None:
    """The most conflictual events of each alert's dyad and weeks, the ones behind it: one
    query for all alerts."""
    if not found:
        return
    src, tgt = country_sql("source"), country_sql("target")
    store.conn.execute("CREATE OR REPLACE TEMP TABLE frenemy_alerts (n INTEGER, a VARCHAR, "
                       "b VARCHAR, first DATE, last DATE)")
    store.conn.executemany("INSERT INTO frenemy_alerts VALUES (?, ?, ?, ?, ?)",
                           [(n, f.source_country, f.target_country, f.start, f.end)
                            for n, f in enumerate(found)])
    names = ("event_id", "date", "source", "target", "code", "goldstein", "dataset", "doc_id",
             "sentence_index")
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, * "
        "FROM events WHERE quad_class >= 3 AND date BETWEEN (SELECT min(first) FROM "
        f"frenemy_alerts) AND (SELECT max(last) FROM frenemy_alerts){pair[0]}), "
        "ranked AS (SELECT x.n, " + ", ".join(f"e.{c}" for c in names) + ", row_number() OVER "
        "(PARTITION BY x.n ORDER BY e.goldstein ASC NULLS LAST, e.date, e.event_id) AS r "
        "FROM frenemy_alerts x JOIN e ON e.a = x.a AND e.b = x.b "
        "AND e.date BETWEEN x.first AND x.last) "
        "SELECT * FROM ranked WHERE r <= ? ORDER BY n, r", [*pair[1], limit])
    store.conn.execute("DROP TABLE frenemy_alerts")
    for row in rows:
        found[row[0]].events.append(dict(zip(names, row[1:-1], strict=True)))
