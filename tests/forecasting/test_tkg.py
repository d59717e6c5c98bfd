"""Next-event forecasting: the protocol's arithmetic, both models on small graphs, ICEWS14."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest

from frenemy.errors import InputError
from frenemy.forecasting.evaluation import forecast_eval
from frenemy.forecasting.forecaster import Forecaster
from frenemy.forecasting.tkg import (
    Ranking,
    Recurrency,
    evaluate,
    load_tkg,
    ranking_metrics,
)

from ..conftest import frenemy, shared_path


def write_tkg(folder: Path, quads: dict[str, list[tuple[int, int, int, int]]],
              entities: int, relations: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entity2id.txt").write_text("".join(f"E{n}\t{n}\n" for n in range(entities)))
    (folder / "relation2id.txt").write_text("".join(f"R{n}\t{n}\n" for n in range(relations)))
    for split, rows in quads.items():
        # Times in hours, as the RE-Net files have them: loading turns them into days.
        (folder / f"{split}.txt").write_text("".join(f"{s}\t{r}\t{o}\t{24 * t}\t0\n"
                                                     for s, r, o, t in rows))
    return folder


def synthetic(seed: int = 3) -> dict[str, list[tuple[int, int, int, int]]]:
    """Pairs that repeat their relation (with a habit of r0 before r1) among noise."""
    rng = random.Random(seed)
    rows = []
    pairs = [(rng.randrange(40), rng.randrange(40)) for _ in range(30)]
    for day in range(90):
        for s, o in pairs:
            if s != o and rng.random() < 0.3:
                rows.append((s, 0, o, day))
                if rng.random() < 0.5:
                    rows.append((s, 1, o, day + 1))
        for _ in range(10):
            rows.append((rng.randrange(40), rng.randrange(3), rng.randrange(40), day))
    rows = sorted(set(rows), key=lambda q: (q[3], q))
    return {"train": [q for q in rows if q[3] < 60], "valid": [q for q in rows if 60 <= q[3] < 75],
            "test": [q for q in rows if q[3] >= 75]}


def test_ties_count_as_the_expected_rank():
    ranking = Ranking()
    ranking.add(0, 0)  # alone on top
    ranking.add(0, 1)  # tied with one other: rank 1 or 2
    ranking.add(2, 0)
    assert ranking.reciprocal == pytest.approx([1.0, 0.75, 1 / 3])
    assert ranking.hits[1] == pytest.approx([1.0, 0.5, 0.0])
    assert ranking.hits[3] == pytest.approx([1.0, 1.0, 1.0])
    ranking.add(5, 9)  # ranks 6..15 equally likely
    assert ranking.reciprocal[-1] == pytest.approx(sum(1 / k for k in range(6, 16)) / 10)
    assert ranking.hits[10][-1] == pytest.approx(5 / 10)


def test_the_time_aware_filter_removes_other_answers():
    scores = np.array([0.9, 0.8, 0.8, 0.1, 0.0])
    assert ranking_metrics(scores, 2, np.array([], dtype=int)) == (1, 1)
    assert ranking_metrics(scores, 2, np.array([0, 1])) == (0, 0)
    assert ranking_metrics(scores, 4, np.array([0])) == (3, 0)


def test_recurrency_predicts_what_happens_every_day(tmp_path: Path):
    daily = [(0, 0, 1, day) for day in range(10)] + [(2, 1, 3, day) for day in range(0, 10, 3)]
    folder = write_tkg(tmp_path / "tiny", {"train": daily[:8], "valid": [(0, 0, 1, 10)],
                                          "test": [(0, 0, 1, 11)]}, 4, 2)
    data = load_tkg(folder)
    assert data.splits["test"].tolist() == [[0, 0, 1, 11]]  # hours became days
    model = Recurrency()
    model.fit(data)
    result = evaluate(model, data).summary()
    assert result["queries"] == 2 and result["mrr"] == 100.0  # both directions


def test_both_models_beat_chance_and_the_learned_one_the_baseline(tmp_path: Path):
    data = load_tkg(write_tkg(tmp_path / "synthetic", synthetic(), 40, 3))
    baseline = Recurrency()
    baseline.fit(data)
    recurrency = evaluate(baseline, data).summary()
    learned = Forecaster()
    learned.fit(data)
    ours = learned.evaluate(data).summary()
    assert recurrency["queries"] == ours["queries"] == 2 * len(data.splits["test"])
    assert recurrency["mrr"] > 20 and ours["mrr"] >= recurrency["mrr"] - 1


def test_bad_dataset_folders_are_input_errors(tmp_path: Path):
    with pytest.raises(InputError, match="lacks"):
        load_tkg(tmp_path)
    with pytest.raises(InputError, match="unknown model"):
        forecast_eval(tmp_path, "oracle")


def test_cli_prints_the_metrics_as_json(tmp_path: Path):
    folder = write_tkg(tmp_path / "synthetic", synthetic(), 40, 3)
    result = frenemy("forecast-eval", "--dataset", str(folder), "--model", "recurrency",
                     "--json")
    assert result.returncode == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert set(metrics) == {"mrr", "hits1", "hits3", "hits10", "seconds"}
    assert 0 < metrics["hits1"] <= metrics["hits3"] <= metrics["hits10"] <= 100
    missing = frenemy("forecast-eval", "--dataset", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert missing.stderr.splitlines()[-1].startswith("Error: ")
    assert "Traceback" not in missing.stderr


def test_icews14_reproduces_the_baseline_and_beats_tlogic():
    folder = shared_path("data", "tkg", "ICEWS14")
    baseline = forecast_eval(folder, "recurrency")
    assert abs(baseline["mrr"] - 37.4) <= 0.5, baseline  # Gastinger et al., IJCAI 2024
    ours = forecast_eval(folder, "frenemy")
    assert ours["mrr"] >= 42.5, ours  # TLogic, re-evaluated by Gastinger et al. 2023


def test_cli_forecast_for_a_dyad(demo_db: Path):
    result = frenemy("forecast", "IRN", "AZE", "--db", str(demo_db), "--horizon", "3m",
                     "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["dyad"] == "AZE-IRN" and 0 <= answer["probability"] <= 1
    assert answer["horizon"] == "3m" and answer["next_events"] and answer["drivers"]
    text = frenemy("forecast", "IRN", "AZE", "--db", str(demo_db))
    assert text.returncode == 0 and "P(material conflict within 1m" in text.stdout
    bad = frenemy("forecast", "IRN", "AZE", "--db", str(demo_db), "--horizon", "2y")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: unknown horizon")
