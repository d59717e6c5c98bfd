"""Prediction: next-event queries over the stored events, e.g. (IRN, threaten, ?, next day).

The store's events become a country-level temporal knowledge graph with daily steps (relations:
CAMEO base codes such as 138 or 190). The recurrency baseline is tuned on the last tenth of the
days and then answers, for the day after the data ends, a query with one part missing: the target
(IRN, 138, ?), the source (?, 190, AZE) or the event type (IRN, ?, AZE).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

from frenemy.analysis.relations import memo, require_events
from frenemy.errors import InputError
from frenemy.forecasting.tkg import TKG, History, Recurrency
from frenemy.store import Store
from frenemy.taxonomy import cameo, countries

__all__ = ["NextEventQuery", "predict_next"]


@dataclass
class NextEventQuery:
    """Two of source, code and target; the third is predicted."""

    source: str | None = None
    code: str | None = None
    target: str | None = None
    top: int = 10


def _graph(store: Store) -> tuple[TKG, date]:
    require_events(store)
    rows = store.sql(
        "SELECT source_country, substr(code, 1, 3), target_country, date FROM events WHERE "
        "date IS NOT NULL AND source_country IS NOT NULL AND target_country IS NOT NULL AND "
        "source_country <> target_country ORDER BY date, source_country, target_country, code")
    if not rows:
        raise InputError("no events between two countries", "Ingest or import more events")
    entities = sorted({r[0] for r in rows} | {r[2] for r in rows})
    relations = sorted({r[1] for r in rows})
    entity, relation = ({e: n for n, e in enumerate(entities)},
                        {r: n for n, r in enumerate(relations)})
    first = rows[0][3]
    quads = np.array([(entity[s], relation[c], entity[o], (d - first).days)
                      for s, c, o, d in rows], dtype=np.int64)
    days = quads[:, 3]
    cut = int(np.quantile(days, 0.9)) if days.max() > days.min() else int(days.max())
    train, valid = quads[days < cut], quads[days >= cut]
    if not len(train):
        train, valid = valid, valid[:0]
    graph = TKG("store", entities, relations,
                {"train": train, "valid": valid, "test": np.empty((0, 4), np.int64)})
    return graph, first


def _fitted(store: Store) -> tuple[TKG, date, Recurrency, History]:
    graph, first = _graph(store)
    model = Recurrency()
    if len(graph.splits["valid"]):
        model.fit(graph)
    history = History(graph)
    everything = graph.with_inverses(np.concatenate([graph.splits["train"],
                                                     graph.splits["valid"]]))
    history.add(everything[np.argsort(everything[:, 3], kind="stable")])
    return graph, first, model, history


def predict_next(store: Store, query: NextEventQuery) -> dict[str, Any]:
    """A ranked list for the missing part of the query, on the day after the data ends."""
    given = [query.source, query.code, query.target]
    if sum(part is None for part in given) != 1:
        raise InputError("give exactly two of source, code and target",
                         "Leave out the one to predict, e.g. --source IRN --code 138")
    graph, first, model, history = memo(store, ("next-event model",), lambda: _fitted(store))
    step = int(history.last or 0) + 1
    day = first + timedelta(days=step)
    entity = {e: n for n, e in enumerate(graph.entities)}
    relation = {r: n for n, r in enumerate(graph.relations)}
    names = countries()

    def known(code: str | None, table: dict[str, int], what: str) -> int | None:
        if code is None:
            return None
        key = code.upper() if what != "event code" else code[:3]
        if key not in table:
            raise InputError(f"no {what} {code!r} in the events",
                             "Use a country code (IRN) or a CAMEO code (138) seen in the data")
        return table[key]

    s = known(query.source, entity, "country")
    r = known(query.code, relation, "event code")
    o = known(query.target, entity, "country")
    if r is None:
        assert s is not None and o is not None
        ranked = _rank_relations(history, graph, s, o, step)
        answers = [{"code": graph.relations[n], "name": cameo(graph.relations[n]).name,
                    "score": round(float(score), 6)} for n, score in ranked[:query.top]]
    else:
        if o is None:
            assert s is not None
            scores = model.scores(history, s, r, step)
            exclude = s
        else:
            scores = model.scores(history, o, r + len(graph.relations), step)
            exclude = o
        order = [n for n in np.argsort(-scores, kind="stable") if n != exclude]
        answers = [{"country": graph.entities[n],
                    "name": names[graph.entities[n]].name if graph.entities[n] in names else None,
                    "score": round(float(scores[n]), 6)}
                   for n in order[:query.top] if scores[n] > 0]
    return {"query": {"source": query.source, "code": query.code, "target": query.target},
            "day": day.isoformat(), "model": "recurrency", "answers": answers}


def _rank_relations(history: History, graph: TKG, s: int, o: int, step: int
                    ) -> list[tuple[int, float]]:
    """Event types for (s, ?, o): each type's past s -> o events, weighted by recency (a
    30-day half-life), then how common it is overall."""
    size = len(graph.relations)
    weights = np.zeros(size)
    for r in range(size):
        objects, times = history.by_pair.get((s, r), ([], []))
        if objects:
            mask = np.asarray(objects) == o
            if mask.any():
                ages = step - np.asarray(times, dtype=np.float64)[mask]
                weights[r] = np.exp2(-ages / 30.0).sum()
    prior = history.relation_totals[:size] / max(history.relation_totals[:size].sum(), 1.0)
    score = weights / max(weights.sum(), 1e-12) + 1e-3 * prior
    order = np.argsort(-score, kind="stable")
    return [(int(n), float(score[n])) for n in order]
