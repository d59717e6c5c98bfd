"""Next-event queries over the stored events."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.forecasting.prediction import NextEventQuery, predict_next

from ..conftest import event_store, frenemy


def plan() -> list[tuple[date, str, str, str, int]]:
    rows = []
    for day in range(60):
        when = date(2022, 1, 1) + timedelta(days=day)
        rows.append((when, "IRN", "AZE", "accuse" if day % 2 else "fight", 1))
        rows.append((when, "TUR", "AZE", "consult", 1))
        if day % 5 == 0:
            rows.append((when, "RUS", "ARM", "aid", 1))
    return rows


def test_each_missing_part_is_ranked(tmp_path: Path):
    with event_store(tmp_path, plan()) as store:
        targets = predict_next(store, NextEventQuery(source="IRN", code="112"))
        sources = predict_next(store, NextEventQuery(code="040", target="AZE"))
        kinds = predict_next(store, NextEventQuery(source="IRN", target="AZE"))
    assert targets["answers"][0]["country"] == "AZE"
    assert sources["answers"][0]["country"] == "TUR"
    assert [k["code"] for k in kinds["answers"][:2]] in (["112", "190"], ["190", "112"])
    assert targets["day"] == "2022-03-02"  # the day after the last event


def test_queries_need_exactly_two_known_parts(tmp_path: Path):
    with event_store(tmp_path, plan()) as store:
        with pytest.raises(InputError, match="exactly two"):
            predict_next(store, NextEventQuery(source="IRN"))
        with pytest.raises(InputError, match="no country"):
            predict_next(store, NextEventQuery(source="XXX", code="112"))


def test_cli_predict(demo_db: Path):
    result = frenemy("predict", "--source", "IRN", "--target", "AZE", "--db", str(demo_db),
                     "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answers"] and {"code", "name", "score"} <= set(answer["answers"][0])
    text = frenemy("predict", "--code", "190", "--target", "AZE", "--db", str(demo_db))
    assert text.returncode == 0 and text.stdout.startswith("(?, 190, AZE) on ")
