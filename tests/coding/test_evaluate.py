import json
from pathlib import Path

import pytest

from frenemy import InputError
from frenemy.coding.evaluate import SUITES, evaluate

from ..conftest import ROOT, frenemy, shared_path

REGRESSION = ROOT / "tests" / "data" / "regression.jsonl"


def test_regression_suite_is_big_and_covers_every_root():
    records = [json.loads(line) for line in REGRESSION.read_text().splitlines()]
    assert len(records) >= 150
    roots = {event[1][:2] for record in records for event in record["events"]}
    assert {f"{n:02d}" for n in range(2, 21)} <= roots
    assert sum(1 for r in records if not r["events"]) >= 5  # negation, hypotheticals


def test_regression_precision_and_recall():
    result = evaluate("regression", REGRESSION)
    assert result.measures["precision"] >= 0.9, result.details
    assert result.measures["recall"] >= 0.8, result.details


@pytest.mark.parametrize("suite", ["cameo-manual", "petrarch2-gsr", "plover-gsr"])
def test_peer_suites_run_and_report_measures(suite: str):
    path = shared_path(*SUITES[suite][1])
    result = evaluate(suite, path)
    assert result.records > 50
    assert result.measures and all(0 <= v <= 1 for v in result.measures.values())


def test_unknown_suite_and_missing_file(tmp_path: Path):
    with pytest.raises(InputError, match="unknown suite"):
        evaluate("nope")
    with pytest.raises(InputError, match="no suite file"):
        evaluate("regression", tmp_path / "missing.jsonl")


def test_cli_evaluate_json():
    result = frenemy("evaluate", "regression", "--file", str(REGRESSION), "--json")
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)
    assert report["suite"] == "regression" and report["records"] >= 150
    assert set(report["measures"]) == {"precision", "recall"}


def test_a_bad_suite_line_is_reported_with_file_and_line(tmp_path: Path):
    suite = tmp_path / "suite.jsonl"
    suite.write_text('{"text": "Iran condemned Israel.", "events": []}\n{not json\n')
    with pytest.raises(InputError, match=r"suite\.jsonl:2: not JSON"):
        evaluate("regression", suite)
