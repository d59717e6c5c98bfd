"""Alerts: weeks a country dyad's conflict rises above its own baseline, merged into escalations."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from frenemy.analysis.relations import (
    RelationOptions,
    country_sql,
    days_sql,
    every_dyad_once,
    memo,
    pair_sql,
    require_events,
    window_sql,
)
from frenemy.store import Store

__all__ = ["Alert", "alerts"]


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


# Weekly conflict for alerts: verbal conflict 1, material conflict 2 (as in the score), from
# the day sums (frenemy.days).
_CONFLICT_WEIGHT = "(verbal_conflict + 2 * material_conflict)"

# -- alerts --------------------------------------------------------------------------------
def alerts(store: Store, options: RelationOptions | None = None) -> list[Alert]:
    """Weeks in which a country dyad's conflict rises above its own baseline, merged into
    alerts and ranked by how much conflict exceeded what the dyad's history predicted."""
    options = options or RelationOptions(by="week")
    require_events(store)
    return every_dyad_once(store, options, _alerts)


def _alerts(store: Store, options: RelationOptions) -> list[Alert]:
    window, params = window_sql(RelationOptions(since=None, until=options.until))
    pair, pair_params = pair_sql(options)
    src, tgt = country_sql("source"), country_sql("target")
    days = days_sql(store)
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, "
        f"date_trunc('week', date)::DATE AS w, {_CONFLICT_WEIGHT} AS conflict FROM {days} "
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
        first = memo(store, ("first conflict week", window, *params), lambda: store.sql(
            f"SELECT min(date_trunc('week', date)::DATE) FROM {days} WHERE {window} AND "
            f"verbal_conflict + material_conflict > 0 AND {src} <> {tgt}", params))
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
    _add_driving_events(store, found, options.events_per_alert, pair_sql(options))
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
    store.conn.execute(
        "CREATE OR REPLACE TEMP TABLE frenemy_alerts AS SELECT unnest(?::INTEGER[]) AS n, "
        "unnest(?::VARCHAR[]) AS a, unnest(?::VARCHAR[]) AS b, unnest(?::DATE[]) AS first, "
        "unnest(?::DATE[]) AS last", [list(range(len(found))), *map(list, zip(*(
            (f.source_country, f.target_country, f.start, f.end) for f in found), strict=True))])
    names = ("event_id", "date", "source", "target", "code", "goldstein", "dataset", "doc_id",
             "sentence_index")
    # Only the alerts' days are read: DuckDB skips the row groups of other days.
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, "
        f"{', '.join(names)} FROM events WHERE quad_class >= 3 AND date IN (SELECT DISTINCT "
        "unnest(generate_series(first, last, INTERVAL 1 DAY))::DATE FROM frenemy_alerts)"
        f"{pair[0]}), ranked AS (SELECT x.n, " + ", ".join(f"e.{c}" for c in names) +
        ", row_number() OVER (PARTITION BY x.n ORDER BY e.goldstein ASC NULLS LAST, e.date, "
        "e.event_id) AS r FROM frenemy_alerts x JOIN e ON e.a = x.a AND e.b = x.b "
        "AND e.date BETWEEN x.first AND x.last) "
        "SELECT * FROM ranked WHERE r <= ? ORDER BY n, r", [*pair[1], limit])
    store.conn.execute("DROP TABLE frenemy_alerts")
    for row in rows:
        found[row[0]].events.append(dict(zip(names, row[1:-1], strict=True)))
