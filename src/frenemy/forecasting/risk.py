"""Risk: the probability of material conflict between two countries in the coming weeks.

P(at least one material-conflict event, quad class 4, between A and B within the next k weeks)
from the dyad's weekly history: its recent and longer-run conflict and cooperation, the age of
its last fight, its trend and Goldstein mean, its own base rate, and what structural balance
says of it (the signed votes of the two countries' common neighbours). A logistic model per
horizon is fitted on rolling origins of the same data; `backtest` scores it out of sample against
the dyad's base rate and persistence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from frenemy.analysis.relations import memo, require_events
from frenemy.errors import InputError
from frenemy.store import Store

__all__ = ["RiskOptions", "HORIZONS", "WeeklyDyads", "weekly_dyads", "backtest", "forecast_dyad",
           "FEATURES"]

HORIZONS = {"1w": 1, "1m": 4, "3m": 13}
FEATURES = ("fights_1w", "fights_4w", "fights_13w", "fights_52w", "threats_4w", "threats_13w",
            "cooperation_4w", "cooperation_13w", "events_13w", "weeks_since_fight",
            "base_rate", "trend", "goldstein_13w", "conflict_share_13w", "balance_vote",
            "coverage_13w", "next_event_fight")


@dataclass
class RiskOptions:
    horizon: str = "1m"
    min_history_weeks: int = 8  # origins need this much history
    train_share: float = 0.6  # of the origins, in time order, for fitting; the rest is scored
    window_weeks: int = 52  # the history a dyad must have events in to be asked about


@dataclass
class WeeklyDyads:
    """Counts per undirected country dyad and week: quad classes 1-4, events, Goldstein sum."""

    dyads: list[tuple[str, str]]
    start: date  # Monday of week 0
    counts: np.ndarray  # (dyads, weeks, 4)
    goldstein: np.ndarray  # (dyads, weeks)
    coverage: np.ndarray  # (dyads, weeks): events of either country with anyone
    countries: list[str] = field(default_factory=list)

    @property
    def weeks(self) -> int:
        return self.counts.shape[1]


def weekly_dyads(store: Store) -> WeeklyDyads:
    """Every country dyad's weekly counts (one query)."""
    require_events(store)
    rows = store.sql(
        "WITH e AS (SELECT least(source_country, target_country) AS a, greatest(source_country, "
        "target_country) AS b, date_trunc('week', date)::DATE AS w, quad_class, goldstein "
        "FROM events WHERE date IS NOT NULL AND source_country IS NOT NULL AND target_country "
        "IS NOT NULL AND source_country <> target_country) SELECT a, b, w, "
        "count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2), "
        "count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4), "
        "sum(goldstein::DECIMAL(18, 3))::DOUBLE FROM e GROUP BY a, b, w ORDER BY a, b, w")
    if not rows:
        raise InputError("no events between two countries", "Ingest or import more events")
    start = min(r[2] for r in rows)
    weeks = (max(r[2] for r in rows) - start).days // 7 + 1
    dyads = sorted({(r[0], r[1]) for r in rows})
    index = {d: n for n, d in enumerate(dyads)}
    counts = np.zeros((len(dyads), weeks, 4))
    goldstein = np.zeros((len(dyads), weeks))
    for a, b, week, q1, q2, q3, q4, gsum in rows:
        n, w = index[(a, b)], (week - start).days // 7
        counts[n, w] = (q1, q2, q3, q4)
        goldstein[n, w] = gsum
    countries = sorted({c for d in dyads for c in d})
    where = {c: n for n, c in enumerate(countries)}
    per_country = np.zeros((len(countries), weeks))
    totals = counts.sum(axis=2)
    for n, (a, b) in enumerate(dyads):
        per_country[where[a]] += totals[n]
        per_country[where[b]] += totals[n]
    coverage = np.array([per_country[where[a]] + per_country[where[b]] for a, b in dyads])
    return WeeklyDyads(dyads, start, counts, goldstein, coverage, countries)


def _window(values: np.ndarray, w: int, length: int) -> np.ndarray:
    """Sum over the `length` weeks before week w (axis 1)."""
    return values[:, max(0, w - length):w].sum(axis=1)


def features_at(data: WeeklyDyads, w: int, horizon: int) -> np.ndarray:
    """Each dyad's features at the start of week w (weeks before w are known)."""
    fights = data.counts[:, :, 3]
    threats = data.counts[:, :, 2]
    cooperation = data.counts[:, :, 0] + data.counts[:, :, 1]
    events = data.counts.sum(axis=2)
    fought = fights[:, :w] > 0
    last = np.where(fought.any(axis=1), w - 1 - np.argmax(fought[:, ::-1], axis=1), -1)
    since = np.where(last >= 0, w - last, 104.0)
    # The dyad's own base rate: the share of its past windows of `horizon` weeks with a fight.
    windows = max(w - horizon + 1, 1)
    cumulative = np.concatenate([np.zeros((len(fights), 1)), np.cumsum(fights > 0, axis=1)],
                                axis=1)
    any_in = (cumulative[:, horizon:w + 1] - cumulative[:, :max(w + 1 - horizon, 0)]) > 0
    base = any_in.sum(axis=1) / windows if w >= horizon else np.zeros(len(fights))
    events_13 = _window(events, w, 13)
    conflict_13 = _window(threats + fights, w, 13)
    recent = _window(threats + fights, w, 4) / 4
    before = _window(threats + fights, max(w - 4, 0), 13) / 13
    # Counts enter as logarithms: a dyad with 200 fights is not 100 times one with 2.
    return np.column_stack([
        *(np.log1p(_window(values, w, length)) for values, length in (
            (fights, 1), (fights, 4), (fights, 13), (fights, 52), (threats, 4), (threats, 13),
            (cooperation, 4), (cooperation, 13))), np.log1p(events_13),
        np.log1p(since), base, recent - before,
        np.where(events_13 > 0, _window(data.goldstein, w, 13) / np.maximum(events_13, 1), 0),
        np.where(events_13 > 0, conflict_13 / np.maximum(events_13, 1), 0),
        _balance_votes(data, w), np.log1p(_window(data.coverage, w, 13)),
        _next_event_fight(fights, events, w)])


def _next_event_fight(fights: np.ndarray, events: np.ndarray, w: int) -> np.ndarray:
    """The next-event model's share for material conflict: how much of the pair's recent
    history it is, each week weighted by recency (a 30-day half-life, as `predict` ranks a
    pair's event types)."""
    if w == 0:
        return np.zeros(len(fights))
    weights = np.exp2(-(w - 1 - np.arange(w)) * 7 / 30.0)
    total = events[:, :w] @ weights
    return np.where(total > 0, (fights[:, :w] @ weights) / np.maximum(total, 1e-12), 0.0)


def _balance_votes(data: WeeklyDyads, w: int) -> np.ndarray:
    """For each dyad A-B, the sum over common neighbours C of sign(A-C) * sign(C-B) over the
    last 52 weeks: friends of friends and foes of foes vote +1, mixed pairs -1."""
    where = {c: n for n, c in enumerate(data.countries)}
    size = len(data.countries)
    signs = np.zeros((size, size))
    window = data.counts[:, max(0, w - 52):w, :].sum(axis=1)
    score = (window[:, 0] + 2 * window[:, 1]) - (window[:, 2] + 2 * window[:, 3])
    for n, (a, b) in enumerate(data.dyads):
        if window[n].sum() >= 2:
            signs[where[a], where[b]] = signs[where[b], where[a]] = np.sign(score[n])
    votes = signs @ signs
    return np.array([votes[where[a], where[b]] for a, b in data.dyads])


def _labels(data: WeeklyDyads, w: int, horizon: int) -> np.ndarray:
    return (data.counts[:, w:w + horizon, 3].sum(axis=1) > 0).astype(float)


def _active(data: WeeklyDyads, w: int, window: int) -> np.ndarray:
    return data.counts[:, max(0, w - window):w, :].sum(axis=(1, 2)) > 0


def _fit(x: np.ndarray, y: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # Firm regularisation: small corpora have few fights, and one should not decide all.
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000))
    model.fit(x, y)
    return model


def _rows(data: WeeklyDyads, origins: list[int], horizon: int, window: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    xs, ys, persistence, base = [], [], [], []
    for w in origins:
        active = _active(data, w, window)
        x = features_at(data, w, horizon)[active]
        xs.append(x)
        ys.append(_labels(data, w, horizon)[active])
        persistence.append((data.counts[active, max(0, w - horizon):w, 3].sum(axis=1) > 0)
                           .astype(float))
        base.append(x[:, FEATURES.index("base_rate")])
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(persistence), np.concatenate(
        base)


def _scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return {"brier": round(float(np.mean((p - y) ** 2)), 5),
            "log_loss": round(float(-np.mean(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))),
                              5)}


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Mean forecast and observed frequency per bin of forecasts."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    table = []
    for n in range(bins):
        chosen = which == n
        if chosen.any():
            table.append({"low": round(float(edges[n]), 2), "high": round(float(edges[n + 1]), 2),
                          "forecasts": int(chosen.sum()),
                          "mean_forecast": round(float(p[chosen].mean()), 4),
                          "observed": round(float(y[chosen].mean()), 4)})
    return table


def backtest(store: Store, options: RiskOptions | None = None) -> dict[str, Any]:
    """Rolling origins: the model is fitted on the earlier origins whose outcomes were known
    by the first scored origin, and scored on the later ones, with the two baselines."""
    options = options or RiskOptions()
    horizon = _horizon(options.horizon)
    data = weekly_dyads(store)
    last = data.weeks - horizon  # the last origin whose whole window is in the data
    origins = list(range(options.min_history_weeks, last + 1))
    if len(origins) < 4:
        raise InputError(f"{data.weeks} weeks of data are too few for a {options.horizon} "
                         "backtest", "Use a shorter --horizon or more data")
    cut = origins[int(len(origins) * options.train_share)]
    fit_origins = [w for w in origins if w + horizon <= cut]  # outcomes known by the cut
    test_origins = [w for w in origins if w >= cut]
    if not fit_origins or not test_origins:
        raise InputError("not enough origins to fit and to score", "Use more data")
    x, y, _, _ = _rows(data, fit_origins, horizon, options.window_weeks)
    model = _fit(x, y)
    tx, ty, persistence, base = _rows(data, test_origins, horizon, options.window_weeks)
    forecast = model.predict_proba(tx)[:, 1]
    return {"horizon": options.horizon, "fit_origins": len(fit_origins),
            "scored_origins": len(test_origins), "forecasts": int(len(ty)),
            "positives": int(ty.sum()),
            "first_scored_week": (data.start + timedelta(weeks=test_origins[0])).isoformat(),
            "model": _scores(ty, forecast), "base_rate": _scores(ty, base),
            "persistence": _scores(ty, persistence),
            "calibration": calibration(ty, forecast), "_y": ty, "_p": forecast}


def _horizon(name: str) -> int:
    if name not in HORIZONS:
        raise InputError(f"unknown horizon {name!r}", f"Use one of {', '.join(HORIZONS)}")
    return HORIZONS[name]


def _with_pair(data: WeeklyDyads, pair: tuple[str, ...]) -> tuple[WeeklyDyads, int]:
    """The data with the pair in it: a dyad never seen has a history of zeros (its balance
    votes still count)."""
    if pair in data.dyads:
        return data, data.dyads.index(pair)
    weeks = data.weeks
    extended = WeeklyDyads(
        [*data.dyads, (pair[0], pair[1])], data.start,
        np.concatenate([data.counts, np.zeros((1, weeks, 4))]),
        np.concatenate([data.goldstein, np.zeros((1, weeks))]),
        np.concatenate([data.coverage, np.zeros((1, weeks))]),
        sorted(set(data.countries) | set(pair)))
    return extended, len(data.dyads)


def _trained(store: Store, options: RiskOptions, horizon: int
             ) -> tuple[WeeklyDyads, tuple[Any, float]]:
    data = weekly_dyads(store)
    origins = list(range(options.min_history_weeks, data.weeks - horizon + 1))
    if not origins:
        raise InputError(f"{data.weeks} weeks of data are too few for a {options.horizon} "
                         "forecast", "Use a shorter --horizon or more data")
    x, y, _, _ = _rows(data, origins, horizon, options.window_weeks)
    if len(set(y.tolist())) < 2:
        raise InputError("the history has no variety of outcomes to learn from",
                         "Add events with and without material conflict")
    # Dyads quiet for the whole window are not the model's: how often such dyads fought.
    quiet = [_labels(data, w, horizon)[~_active(data, w, options.window_weeks)] for w in origins]
    outcomes = np.concatenate(quiet) if quiet else np.empty(0)
    quiet_rate = float(outcomes.mean()) if len(outcomes) else 0.0
    return data, (_fit(x, y), quiet_rate)


def forecast_dyad(store: Store, a: str, b: str, options: RiskOptions | None = None
                  ) -> dict[str, Any]:
    """The probability of material conflict between a and b within the horizon from now
    (the end of the data), with the features that push it most and the dyad's recent fights
    and likeliest next event types."""
    from frenemy.taxonomy import cameo

    options = options or RiskOptions()
    horizon = _horizon(options.horizon)
    pair = tuple(sorted((a.upper(), b.upper())))
    # A server keeps the fitted model (its store never changes); the CLI fits it each time.
    data, fitted = memo(store, ("risk model", repr(options)),
                         lambda: _trained(store, options, horizon))
    now = data.weeks
    known, row = _with_pair(data, pair)
    features = features_at(known, now, horizon)[row]
    model, quiet_rate = fitted
    if not _active(known, now, options.window_weeks)[row]:
        probability = quiet_rate
        drivers = [{"feature": f"no events in the last {options.window_weeks} weeks",
                    "value": 0.0, "effect": 0.0}]
    else:
        probability = float(model.predict_proba(features[None, :])[0, 1])
        scaler, logistic = model[0], model[-1]
        contributions = logistic.coef_[0] * (features - scaler.mean_) / scaler.scale_
        drivers = [{"feature": FEATURES[n], "value": round(float(features[n]), 3),
                    "effect": round(float(contributions[n]), 3)}
                   for n in np.argsort(-np.abs(contributions))[:5]]
    since = data.start + timedelta(weeks=max(0, now - 52))
    fights = store.sql(
        "SELECT date, source, code, target, goldstein FROM events WHERE quad_class >= 3 AND "
        "date >= ? AND least(source_country, target_country) = ? AND greatest(source_country, "
        "target_country) = ? ORDER BY goldstein, date DESC LIMIT 5", [since, *pair])
    codes = store.sql(
        "SELECT code, sum(pow(2, -(julian(?) - julian(date)) / 30.0)) AS weight FROM events "
        "WHERE date IS NOT NULL AND least(source_country, target_country) = ? AND "
        "greatest(source_country, target_country) = ? GROUP BY code ORDER BY weight DESC, code "
        "LIMIT 5", [data.start + timedelta(weeks=now), *pair])
    total = sum(w for _, w in codes) or 1.0
    return {"dyad": "-".join(pair), "horizon": options.horizon,
            "from": (data.start + timedelta(weeks=now)).isoformat(),
            "probability": round(probability, 4), "drivers": drivers,
            "recent_conflict": [{"date": d.isoformat(), "source": s, "code": c, "target": t,
                                 "goldstein": g} for d, s, c, t, g in fights],
            "next_events": [{"code": c, "name": cameo(c).name, "share": round(w / total, 3)}
                            for c, w in codes],
            "base_rate": round(float(features[FEATURES.index("base_rate")]), 4)}
