"""Forecast: next-event prediction on temporal knowledge graphs, evaluated by the standard protocol.

A temporal knowledge graph is a set of quadruples (subject, relation, object, time). A query asks
for the missing object of (s, r, ?, t) from everything before t; subject queries (?, r, o, t) are
asked as (o, r⁻¹, ?, t) with inverse relations. Models score every entity; the evaluation ranks
the answer with the time-aware filter and counts ties as the expected rank under random
tie-breaking (see docs/forecasting.md).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from frenemy.errors import InputError

__all__ = ["TKG", "ForecastOptions", "Ranking", "Recurrency", "evaluate", "load_tkg",
           "ranking_metrics", "History", "replay"]


@dataclass
class TKG:
    """Quadruples with integer ids; times are steps (days for ICEWS), inverses included."""

    name: str
    entities: list[str]
    relations: list[str]  # the dataset's relations; r + len(relations) is r's inverse
    splits: dict[str, np.ndarray]  # train / valid / test: int64 arrays (s, r, o, t)

    @property
    def num_relations(self) -> int:
        return 2 * len(self.relations)

    def with_inverses(self, quads: np.ndarray) -> np.ndarray:
        inverse = quads[:, [2, 1, 0, 3]].copy()
        inverse[:, 1] += len(self.relations)
        return np.concatenate([quads, inverse])


def _names(path: Path) -> list[str]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            name, _, index = line.rpartition("\t")
            if not name or not index.strip().isdigit():
                raise InputError(f"{path}:{number}: not 'name<TAB>id'", "Check the file")
            pairs.append((int(index), name.replace("_", " ")))
    names = [""] * len(pairs)
    for position, label in pairs:
        names[position] = label
    return names


def load_tkg(folder: Path) -> TKG:
    """A dataset in RE-Net's format: train/valid/test.txt with `s r o t` rows, entity2id.txt
    and relation2id.txt. Times are turned into steps of the data's granularity."""
    folder = Path(folder)
    missing = [n for n in ("train.txt", "valid.txt", "test.txt", "entity2id.txt",
                           "relation2id.txt") if not (folder / n).exists()]
    if missing:
        raise InputError(f"{folder} lacks {', '.join(missing)}",
                         "Point --dataset at a folder in RE-Net's format (e.g. ICEWS14)")
    splits = {}
    for split in ("train", "valid", "test"):
        rows = np.loadtxt(folder / f"{split}.txt", dtype=np.int64, usecols=(0, 1, 2, 3), ndmin=2)
        splits[split] = rows
    times = np.unique(np.concatenate([q[:, 3] for q in splits.values()]))
    step = int(np.gcd.reduce(np.diff(times))) if len(times) > 1 else 1
    for quads in splits.values():
        quads[:, 3] = (quads[:, 3] - times[0]) // max(step, 1)
    return TKG(folder.name, _names(folder / "entity2id.txt"), _names(folder / "relation2id.txt"),
               splits)


# -- evaluation ---------------------------------------------------------------------------
@dataclass
class Ranking:
    """Per-query expected reciprocal rank and hits, and the summary in %."""

    reciprocal: list[float] = field(default_factory=list)
    hits: dict[int, list[float]] = field(default_factory=lambda: {1: [], 3: [], 10: []})
    seconds: float = 0.0

    def add(self, higher: int, tied: int) -> None:
        """One query whose answer has `higher` competitors scoring above it and `tied` equal
        to it: the expected values under uniform random tie-breaking."""
        self.reciprocal.append(_expected_reciprocal(higher, tied))
        for k in self.hits:
            self.hits[k].append(max(min(k, higher + tied + 1) - higher, 0) / (tied + 1))

    def summary(self) -> dict[str, float]:
        n = max(len(self.reciprocal), 1)
        return {"mrr": round(100 * sum(self.reciprocal) / n, 2),
                **{f"hits{k}": round(100 * sum(v) / n, 2) for k, v in self.hits.items()},
                "queries": len(self.reciprocal), "seconds": round(self.seconds, 1)}


def _harmonic(n: int) -> float:
    if n < 64:
        return sum(1.0 / k for k in range(1, n + 1))
    return math.log(n) + 0.5772156649015329 + 1 / (2 * n) - 1 / (12 * n * n)


def _expected_reciprocal(higher: int, tied: int) -> float:
    if tied == 0:
        return 1.0 / (higher + 1)
    return (_harmonic(higher + tied + 1) - _harmonic(higher)) / (tied + 1)


def ranking_metrics(scores: np.ndarray, answer: int, filtered: np.ndarray) -> tuple[int, int]:
    """(competitors scoring higher, competitors tied) for the answer; the other answers of the
    same query at the same time (``filtered``) are not competitors."""
    target = scores[answer]
    filtered = np.unique(filtered)  # the same answer twice is one competitor removed
    higher = int(np.count_nonzero(scores > target))
    tied = int(np.count_nonzero(scores == target)) - 1
    if len(filtered):
        others = scores[filtered]
        higher -= int(np.count_nonzero(others > target))
        tied -= int(np.count_nonzero(others == target))
    return higher, tied


class Model(Protocol):
    name: str

    def fit(self, data: TKG) -> None: ...

    def scores(self, history: History, s: int, r: int, t: int) -> np.ndarray: ...


class History:
    """Everything known before a time step, indexed for the models: per (s, r) the objects
    and times, per relation the objects' counts."""

    def __init__(self, data: TKG) -> None:
        self.data = data
        self.num_entities = len(data.entities)
        self.by_pair: dict[tuple[int, int], tuple[list[int], list[int]]] = defaultdict(
            lambda: ([], []))
        self.object_counts = np.zeros((data.num_relations, self.num_entities), dtype=np.float64)
        self.relation_totals = np.zeros(data.num_relations, dtype=np.float64)
        self.first: int | None = None
        self.last: int | None = None

    def add(self, quads: np.ndarray) -> None:
        """Quadruples (with inverses) of one or more steps, in time order."""
        for s, r, o, t in quads.tolist():
            objects, times = self.by_pair[(s, r)]
            objects.append(o)
            times.append(t)
        np.add.at(self.object_counts, (quads[:, 1], quads[:, 2]), 1.0)
        np.add.at(self.relation_totals, quads[:, 1], 1.0)
        if len(quads):
            low, high = int(quads[:, 3].min()), int(quads[:, 3].max())
            self.first = low if self.first is None else min(self.first, low)
            self.last = high if self.last is None else max(self.last, high)


def queries_by_step(data: TKG, split: str) -> Iterator[tuple[int, np.ndarray]]:
    """The split's quadruples with inverses, one time step at a time, in time order."""
    quads = data.with_inverses(data.splits[split])
    quads = quads[np.argsort(quads[:, 3], kind="stable")]
    steps, starts = np.unique(quads[:, 3], return_index=True)
    bounds = [*starts.tolist(), len(quads)]
    for n, step in enumerate(steps.tolist()):
        yield step, quads[bounds[n]:bounds[n + 1]]


def replay(data: TKG, split: str, history: History | None = None
           ) -> Iterator[tuple[History, int, np.ndarray, dict[tuple[int, int], np.ndarray]]]:
    """Single-step replay of a split: for each time step, the history of everything before it,
    the step's queries and, per (s, r), every answer at that step (for the filter). After a
    step is answered it joins the history."""
    if history is None:
        history = History(data)
        earlier = ["train"] if split == "valid" else ["train", "valid"]
        for name in earlier:
            block = data.with_inverses(data.splits[name])
            history.add(block[np.argsort(block[:, 3], kind="stable")])
    for step, quads in queries_by_step(data, split):
        answers: dict[tuple[int, int], list[int]] = defaultdict(list)
        for s, r, o, _ in quads.tolist():
            answers[(s, r)].append(o)
        yield history, step, quads, {k: np.asarray(v) for k, v in answers.items()}
        history.add(quads)


def evaluate(model: Model, data: TKG, split: str = "test") -> Ranking:
    """The standard protocol: single step, both directions, time-aware filter, expected
    ranks of ties."""
    ranking = Ranking()
    started = time.perf_counter()
    for history, step, quads, answers in replay(data, split):
        for s, r, o, _ in quads.tolist():
            scores = model.scores(history, s, r, step)
            others = answers[(s, r)]
            ranking.add(*ranking_metrics(scores, o, others[others != o]))
    ranking.seconds = time.perf_counter() - started
    return ranking


# -- the recurrency baseline ------------------------------------------------------------
LAMBDAS = (0.0, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.5, 0.9,
           1.0)
ALPHAS = (0.0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.99, 0.999, 0.9999, 0.99999, 1.0)


@dataclass
class ForecastOptions:
    """Grids of the recurrency baseline's parameters, tuned per relation on the validation
    split; relations with fewer validation queries take the dataset's best values."""

    lambdas: tuple[float, ...] = LAMBDAS
    alphas: tuple[float, ...] = ALPHAS
    min_queries: int = 1


class Recurrency:
    """Gastinger et al. (IJCAI 2024): strict recurrency psi (past (s, r, o) facts, each
    weighted 2^(-lambda * age), normalised by the same weights summed over every past step)
    combined with relaxed recurrency xi (how often o was the object of r) as
    alpha * psi + (1 - alpha) * xi, with lambda and alpha chosen per relation on validation."""

    name = "recurrency"

    def __init__(self, options: ForecastOptions | None = None) -> None:
        self.options = options or ForecastOptions()
        self.lambdas: dict[int, float] = {}
        self.alphas: dict[int, float] = {}
        self.default = (0.0, 0.99)

    # psi for every candidate object of (s, r) at step t
    @staticmethod
    def psi(history: History, s: int, r: int, t: int, lam: float
            ) -> tuple[np.ndarray, np.ndarray]:
        objects, times = history.by_pair.get((s, r), ([], []))
        if not objects:
            return np.empty(0, dtype=np.int64), np.empty(0)
        candidates, inverse = np.unique(np.asarray(objects), return_inverse=True)
        weights = np.exp2(-lam * (t - np.asarray(times, dtype=np.float64)))
        return candidates, np.bincount(inverse, weights) / _normaliser(history, t, lam)

    def scores(self, history: History, s: int, r: int, t: int) -> np.ndarray:
        lam = self.lambdas.get(r, self.default[0])
        alpha = self.alphas.get(r, self.default[1])
        total = history.relation_totals[r]
        result = (1 - alpha) * history.object_counts[r] / total if total else np.zeros(
            history.num_entities)
        candidates, psi = self.psi(history, s, r, t, lam)
        if len(candidates):
            result = result.copy() if total else result
            result[candidates] += alpha * psi
        return result

    def fit(self, data: TKG) -> None:
        """Choose lambda (psi alone) then alpha for each relation by validation MRR."""
        lambdas, alphas = self.options.lambdas, self.options.alphas
        by_relation: dict[int, list[np.ndarray]] = defaultdict(list)  # MRR rows per lambda
        cached: list[tuple[int, int, Any]] = []  # per query: relation, answer, data for alpha
        for history, step, quads, answers in replay(data, "valid"):
            for s, r, o, _ in quads.tolist():
                others = answers[(s, r)]
                others = others[others != o]
                objects, times = history.by_pair.get((s, r), ([], []))
                row = np.empty(len(lambdas))
                if objects:
                    candidates, inverse = np.unique(np.asarray(objects), return_inverse=True)
                    ages = step - np.asarray(times, dtype=np.float64)
                    for n, lam in enumerate(lambdas):
                        weights = np.bincount(inverse, np.exp2(-lam * ages))
                        row[n] = _sparse_reciprocal(candidates, weights, o, others,
                                                    history.num_entities)
                else:
                    candidates = inverse = ages = None  # type: ignore[assignment]
                    row[:] = _expected_reciprocal(0, history.num_entities - 1 - len(others))
                by_relation[r].append(row)
                total = history.relation_totals[r]
                xi = history.object_counts[r] / total if total else None
                cached.append((r, o, (candidates, inverse, ages, xi, others,
                                      _normaliser_table(history, step, lambdas))))
        overall = np.mean(np.concatenate([np.vstack(v) for v in by_relation.values()]), axis=0)
        best_lambda = int(np.argmax(overall))
        for r, rows in by_relation.items():
            if len(rows) >= self.options.min_queries:
                self.lambdas[r] = lambdas[int(np.argmax(np.mean(np.vstack(rows), axis=0)))]
        # alpha, with each relation's lambda
        alpha_rows: dict[int, list[np.ndarray]] = defaultdict(list)
        for r, o, (candidates, inverse, ages, xi, others, norms) in cached:
            lam = self.lambdas.get(r, lambdas[best_lambda])
            psi = None
            if candidates is not None:
                psi = np.bincount(inverse, np.exp2(-lam * ages)) / norms[lambdas.index(lam)]
            row = np.empty(len(alphas))
            for n, alpha in enumerate(alphas):
                scores = (1 - alpha) * xi if xi is not None else np.zeros(len(data.entities))
                if psi is not None:
                    scores = scores.copy()
                    scores[candidates] += alpha * psi
                row[n] = _expected_reciprocal(*ranking_metrics(scores, o, others))
            alpha_rows[r].append(row)
        overall_alpha = np.mean(np.concatenate([np.vstack(v) for v in alpha_rows.values()]),
                                axis=0)
        self.default = (lambdas[best_lambda], alphas[int(np.argmax(overall_alpha))])
        for r, rows in alpha_rows.items():
            if len(rows) >= self.options.min_queries:
                self.alphas[r] = alphas[int(np.argmax(np.mean(np.vstack(rows), axis=0)))]


def _normaliser(history: History, t: int, lam: float) -> float:
    """The psi weights summed over every step from the first known one up to (not
    including) the last: what a triple seen at each of them would score."""
    if history.first is None or history.last is None or history.last <= history.first:
        return 1.0
    ages = t - np.arange(history.first, history.last, dtype=np.float64)
    return max(float(np.exp2(-lam * ages).sum()), 1e-15)


def _normaliser_table(history: History, t: int, lambdas: tuple[float, ...]) -> list[float]:
    return [_normaliser(history, t, lam) for lam in lambdas]


def _sparse_reciprocal(candidates: np.ndarray, psi: np.ndarray, answer: int,
                       others: np.ndarray, num_entities: int) -> float:
    """Expected reciprocal rank when only ``candidates`` score (all positive) and every other
    entity scores zero."""
    keep = ~np.isin(candidates, others)
    candidates, psi = candidates[keep], psi[keep]
    where = np.nonzero(candidates == answer)[0]
    if len(where):
        target = psi[where[0]]
        return _expected_reciprocal(int(np.count_nonzero(psi > target)),
                                    int(np.count_nonzero(psi == target)) - 1)
    zeros = num_entities - len(candidates) - len(others) - 1
    return _expected_reciprocal(len(candidates), max(zeros, 0))
