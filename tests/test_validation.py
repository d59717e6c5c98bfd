"""PETRARCH validation suites: a tiny one in our words, and the real ones in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.validation import read_suite, trim_commas, validate

from .conftest import shared_path

FIXTURES = Path(__file__).parent / "data" / "petrarch"


def test_suite_scores_found_and_extra_per_category():
    suite = read_suite(FIXTURES / "suite.xml")
    assert suite.dictionaries.verbs == FIXTURES / "verbs.txt"
    result = validate(suite)
    assert result.skipped == 1  # evaluate="false"
    assert result.total.summary() == {"records": 4, "expected": 5, "found": 5, "extra": 0,
                                      "found_pct": 100.0, "extra_pct": 0.0}
    assert set(result.categories) == {"BASIC", "AGENT"}


def test_extra_and_missing_events_are_failures(tmp_path: Path):
    text = (FIXTURES / "suite.xml").read_text().replace(
        'eventcode="057" sourcecode="RUR" targetcode="GRS"',
        'eventcode="036" sourcecode="RUR" targetcode="GRS"')
    for name in ("verbs.txt", "actors.txt", "agents.txt", "discards.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    (tmp_path / "suite.xml").write_text(text)
    result = validate(read_suite(tmp_path / "suite.xml"))
    basic = result.categories["BASIC"]
    assert (basic.found, basic.extra) == (2, 1)
    assert basic.failures[0]["id"] == "BASIC-01"
    assert basic.failures[0]["coded"] == [("RUR", "GRS", "057")]


def test_jsonl_suite_and_missing_file(tmp_path: Path):
    (tmp_path / "records.jsonl").write_text(
        '{"id": "X-1", "text": "Zenda condemned Graustark.", "date": "18950301", '
        '"events": [{"source": "ZEN", "target": "GRS", "code": "111"}], "category": "X"}\n'
        '{"id": "X-2", "text": "not scored", "events": [], "evaluate": "false"}\n')
    for name in ("verbs.txt", "actors.txt", "agents.txt", "discards.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    result = validate(read_suite(tmp_path / "records.jsonl"))
    assert (result.total.found, result.total.extra, result.skipped) == (1, 0, 1)
    with pytest.raises(InputError):
        read_suite(tmp_path / "nothing.xml")
    (tmp_path / "broken.jsonl").write_text('{"text": "no id"}\n')
    with pytest.raises(InputError, match="broken.jsonl:1"):
        read_suite(tmp_path / "broken.jsonl")


def test_comma_options_drop_clauses_of_the_configured_length():
    text = "Arnor signed a pact with Gondor, a senior official said on Saturday."
    assert trim_commas(text, {}) == text  # only when the suite sets them
    assert trim_commas(text, {"comma_emax": "8"}) == "Arnor signed a pact with Gondor."
    assert trim_commas(text, {"comma_emax": "0"}) == text


def test_ud_petrarch_suite():
    """Measured 81.82% found, 18.45% extra (`frenemy validate` on this file); the floor
    guards against regressions."""
    result = validate(read_suite(shared_path("data", "suites", "ud_petrarch_2_02",
                                             "records.jsonl")))
    summary = result.total.summary()
    assert summary["records"] == 264 and summary["expected"] == 308
    assert summary["found_pct"] >= 80 and summary["extra_pct"] <= 20


def test_petrarch_unit_suite_runs():
    result = validate(read_suite(shared_path("data", "suites", "petrarch_unit",
                                             "records.jsonl")))
    assert result.total.records == 284 and result.total.found > result.total.expected / 2
