"""Forecaster: frenemy's next-event model: recurrency, temporal rules and a learned scorer.

For a query (s, r, ?, t) the candidates are every entity s dealt with before and the objects r
has most often; each candidate is described by how recently and how often s and it met under r
(strict recurrency at several decay rates), under any relation, and under the relations that
tend to precede r between the same two parties (length-1 temporal rules r' -> r, their
confidence estimated on the training split, in the spirit of TLogic); by how often r ends at it
(relaxed recurrency) and by how busy it was lately. A gradient-boosted classifier trained on the
validation split's queries turns these into a score. Entities that are no candidate rank below
every candidate, in the order of relaxed recurrency.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from frenemy.errors import InputError
from frenemy.forecasting.tkg import TKG, History, Ranking, ranking_metrics, replay

__all__ = ["Forecaster", "ForecasterOptions"]

FEATURES = ("strict_0", "strict_fast", "strict_slow", "strict_age", "strict_count",
            "any_0", "any_fast", "any_age", "rule", "rule_fast", "xi", "xi_rank",
            "object_recent", "object_total", "subject_history", "relation_of_pair")


@dataclass
class ForecasterOptions:
    popular: int = 20  # objects of r added as candidates, most frequent first
    max_candidates: int = 300  # per query, the likeliest by a simple prior
    negatives: int = 40  # non-answers kept per training query
    fast: float = 0.3  # decay per step of the "fast" features (2^-0.3 a day)
    slow: float = 0.02
    seed: int = 7


class _Subjects:
    """Per subject, its past facts as growing numpy arrays (object, relation, time)."""

    def __init__(self) -> None:
        self.rows: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
        self.arrays: dict[int, np.ndarray] = {}

    def add(self, quads: np.ndarray) -> None:
        for s, r, o, t in quads.tolist():
            self.rows[s].append((o, r, t))
            self.arrays.pop(s, None)

    def get(self, s: int) -> np.ndarray:
        found = self.arrays.get(s)
        if found is None:
            rows = self.rows.get(s)
            found = np.asarray(rows, dtype=np.int64) if rows else np.empty((0, 3), np.int64)
            self.arrays[s] = found
        return found


class Forecaster:
    """See the module's docstring."""

    name = "frenemy"

    def __init__(self, options: ForecasterOptions | None = None) -> None:
        self.options = options or ForecasterOptions()
        self.rules: np.ndarray | None = None  # confidence of r' -> r, shape (R, R)
        self.classifier: Any = None

    # -- rules ---------------------------------------------------------------------------
    def _learn_rules(self, data: TKG) -> np.ndarray:
        """conf(r' -> r): among the pairs (s, o) with an r' fact, the share with an r fact
        later on (r' = r too: recurrence)."""
        quads = data.with_inverses(data.splits["train"])
        size = data.num_relations
        first: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
        last: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
        for s, r, o, t in quads.tolist():
            pair_first, pair_last = first[(s, o)], last[(s, o)]
            if r not in pair_first or t < pair_first[r]:
                pair_first[r] = t
            if r not in pair_last or t > pair_last[r]:
                pair_last[r] = t
        follows = np.zeros((size, size))
        having = np.zeros(size)
        for key, starts in first.items():
            ends = last[key]
            relations = np.fromiter(starts, dtype=np.int64)
            begin = np.fromiter(starts.values(), dtype=np.int64)
            finish = np.fromiter((ends[r] for r in starts), dtype=np.int64)
            having[relations] += 1
            later = begin[:, None] < finish[None, :]
            np.add.at(follows, (np.repeat(relations, len(relations)),
                                np.tile(relations, len(relations))), later.ravel())
        # A little smoothing: a rule seen twice is not certain.
        return follows / (having[:, None] + 2.0)

    # -- features ------------------------------------------------------------------------
    def _features(self, history: History, subjects: _Subjects, recent: np.ndarray,
                  totals: np.ndarray, s: int, r: int, t: int
                  ) -> tuple[np.ndarray, np.ndarray]:
        """The candidates of (s, r, ?, t) and their features."""
        options = self.options
        assert self.rules is not None
        past = subjects.get(s)
        counts = history.object_counts[r]
        total = history.relation_totals[r]
        popular = np.argsort(-counts, kind="stable")[:options.popular] if total else np.empty(
            0, np.int64)
        popular = popular[counts[popular] > 0] if total else popular
        objects = past[:, 0] if len(past) else np.empty(0, np.int64)
        candidates, inverse = np.unique(np.concatenate([objects, popular]), return_inverse=True)
        n = len(candidates)
        rows = inverse[:len(objects)]
        features = np.zeros((n, len(FEATURES)), dtype=np.float32)
        if len(past):
            ages = (t - past[:, 2]).astype(np.float64)
            strict = past[:, 1] == r
            fast, slow = np.exp2(-options.fast * ages), np.exp2(-options.slow * ages)
            features[:, 0] = np.bincount(rows, strict, n)
            features[:, 1] = np.bincount(rows, fast * strict, n)
            features[:, 2] = np.bincount(rows, slow * strict, n)
            age = np.full(n, 1e9)
            np.minimum.at(age, rows[strict], ages[strict])
            features[:, 3] = np.where(age < 1e9, 1.0 / (1.0 + age), 0.0)
            features[:, 5] = np.bincount(rows, minlength=n)
            features[:, 6] = np.bincount(rows, fast, n)
            any_age = np.full(n, 1e9)
            np.minimum.at(any_age, rows, ages)
            features[:, 7] = np.where(any_age < 1e9, 1.0 / (1.0 + any_age), 0.0)
            confidence = self.rules[past[:, 1], r]
            features[:, 8] = np.bincount(rows, confidence, n)
            features[:, 9] = np.bincount(rows, confidence * fast, n)
            features[:, 15] = np.bincount(rows, minlength=n) > 0
        features[:, 4] = np.log1p(features[:, 0])
        if total:
            features[:, 10] = counts[candidates] / total
            order = np.argsort(np.argsort(-counts[candidates], kind="stable"), kind="stable")
            features[:, 11] = 1.0 / (1.0 + order)
        features[:, 12] = recent[candidates]
        features[:, 13] = np.log1p(totals[candidates])
        features[:, 14] = np.log1p(len(past))
        if n > options.max_candidates:
            prior = features[:, 1] + features[:, 2] + 0.1 * features[:, 6] + features[:, 10]
            keep = np.sort(np.argsort(-prior, kind="stable")[:options.max_candidates])
            candidates, features = candidates[keep], features[keep]
        return candidates, features

    def _replay_features(self, data: TKG, split: str
                         ) -> list[tuple[int, np.ndarray, np.ndarray, list[int], np.ndarray]]:
        """For every query group (s, r, t) of the split: the relation, candidates, features,
        the answers (one per quadruple) and the counts behind the relaxed fallback."""
        subjects = _Subjects()
        recent = np.zeros(len(data.entities))
        totals = np.zeros(len(data.entities))
        history = History(data)
        earlier = ["train"] if split == "valid" else ["train", "valid"]
        for name in earlier:
            block = data.with_inverses(data.splits[name])
            block = block[np.argsort(block[:, 3], kind="stable")]
            history.add(block)
            subjects.add(block)
            np.add.at(totals, block[:, 0], 1.0)
        # "Recent" activity before the first query: the last known step's.
        last = block[block[:, 3] == block[:, 3].max()] if len(block) else block
        np.add.at(recent, last[:, 0], 1.0)
        groups = []
        for hist, step, quads, answers in replay(data, split, history):
            for (s, r), found in answers.items():
                candidates, features = self._features(hist, subjects, recent, totals, s, r, step)
                groups.append((r, candidates, features, found.tolist(),
                               hist.object_counts[r] / max(hist.relation_totals[r], 1.0)))
            subjects.add(quads)
            np.add.at(totals, quads[:, 0], 1.0)
            recent[:] = 0.0
            np.add.at(recent, quads[:, 0], 1.0)
        return groups

    # -- training and evaluation ---------------------------------------------------------
    def fit(self, data: TKG) -> None:
        from sklearn.ensemble import HistGradientBoostingClassifier

        self.rules = self._learn_rules(data)
        rng = np.random.default_rng(self.options.seed)
        xs, ys = [], []
        for _, candidates, features, answers, _ in self._replay_features(data, "valid"):
            label = np.isin(candidates, answers)
            negative = np.nonzero(~label)[0]
            if len(negative) > self.options.negatives:
                negative = rng.choice(negative, self.options.negatives, replace=False)
            keep = np.concatenate([np.nonzero(label)[0], negative])
            xs.append(features[keep])
            ys.append(label[keep])
        classifier = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.1,
                                                    max_leaf_nodes=63, random_state=0)
        classifier.fit(np.concatenate(xs), np.concatenate(ys))
        self.classifier = classifier

    def evaluate(self, data: TKG, split: str = "test") -> Ranking:
        import time

        started = time.perf_counter()
        ranking = Ranking()
        groups = self._replay_features(data, split)
        sizes = [len(g[1]) for g in groups]
        stacked = np.concatenate([g[2] for g in groups]) if groups else np.empty((0, 16))
        if self.classifier is None:
            raise InputError("the forecaster is not trained", "Call fit() first")
        probability = (self.classifier.predict_proba(stacked)[:, 1] if len(stacked)
                       else np.empty(0))
        offset = 0
        for (_, candidates, _, answers, xi), size in zip(groups, sizes, strict=True):
            # Candidates above every other entity; others by relaxed recurrency.
            scores = xi * 1e-3
            scores[candidates] = 1.0 + probability[offset:offset + size]
            offset += size
            found = np.asarray(answers)
            for answer in answers:
                others = found[found != answer]
                ranking.add(*ranking_metrics(scores, answer, np.unique(others)))
        ranking.seconds = time.perf_counter() - started
        return ranking
