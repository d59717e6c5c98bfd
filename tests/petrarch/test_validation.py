"""PETRARCH validation suites: a tiny one in our words, and the real ones in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.petrarch.dictionary_coder import DictionaryOptions
from frenemy.petrarch.validation import read_suite, trim_commas, validate

from ..conftest import shared_path

FIXTURES = Path(__file__).parents[1] / "data" / "petrarch"


def test_suite_scores_found_and_extra_per_category():
    suite = read_suite(FIXTURES / "suite.xml")
    assert suite.dictionaries.verbs == FIXTURES / "verbs.txt"
    assert suite.include == {"BASIC", "AGENT"}
    result = validate(suite)
    assert (result.skipped, result.outside) == (1, 1)  # evaluate="false"; not in <Include>
    assert result.total.summary() == {"records": 6, "expected": 7, "found": 7, "extra": 0,
                                      "found_pct": 100.0, "extra_pct": 0.0}
    assert set(result.categories) == {"BASIC", "AGENT"}
    everything = validate(suite, all_categories=True)
    assert set(everything.categories) == {"BASIC", "AGENT", "LEGACY"}
    assert everything.categories["LEGACY"].failures[0]["coded"] == []


def test_extra_and_missing_events_are_failures(tmp_path: Path):
    text = (FIXTURES / "suite.xml").read_text().replace(
        'eventcode="057" sourcecode="RUR" targetcode="GRS"',
        'eventcode="036" sourcecode="RUR" targetcode="GRS"')
    for name in ("verbs.txt", "actors.txt", "agents.txt", "discards.txt", "ontology.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    (tmp_path / "suite.xml").write_text(text)
    result = validate(read_suite(tmp_path / "suite.xml"))
    basic = result.categories["BASIC"]
    assert (basic.found, basic.extra) == (3, 1)
    assert basic.failures[0]["id"] == "BASIC-01"
    assert basic.failures[0]["coded"] == [("RUR", "GRS", "057")]


def test_jsonl_suite_and_missing_file(tmp_path: Path):
    (tmp_path / "records.jsonl").write_text(
        '{"id": "X-1", "text": "Zenda condemned Graustark.", "date": "18950301", '
        '"events": [{"source": "ZEN", "target": "GRS", "code": "111"}], "category": "X"}\n'
        '{"id": "X-2", "text": "not scored", "events": [], "evaluate": "false"}\n'
        '{"id": "X-3", "text": "Zenda held a chess tournament.", "events": [], '
        '"noevents": true, "category": "X"}\n'
        '{"id": "X-4", "text": "Zenda condemned Ruritania.", "events": [], '
        '"noevents": true, "category": "X"}\n')
    for name in ("verbs.txt", "actors.txt", "agents.txt", "discards.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    result = validate(read_suite(tmp_path / "records.jsonl"))
    # a quiet "noevents" record is one event found; a noisy one, its events extra
    assert (result.total.expected, result.total.found, result.total.extra) == (3, 2, 1)
    assert result.skipped == 1 and result.total.summary()["extra_pct"] == 33.33
    with pytest.raises(InputError):
        read_suite(tmp_path / "nothing.xml")
    (tmp_path / "broken.jsonl").write_text('{"text": "no id"}\n')
    with pytest.raises(InputError, match="broken.jsonl:1"):
        read_suite(tmp_path / "broken.jsonl")


def test_comma_options_drop_clauses_of_the_configured_length():
    text = "Arnor signed a pact with Gondor, a senior official said on Saturday."
    assert trim_commas(text, {}) == text  # only when the suite sets them
    assert trim_commas(text, {"comma_emax": "8"}) == "Arnor signed a pact with Gondor."
    assert trim_commas(text, {"comma_emax": "6"}) == text  # bounds are exclusive
    assert trim_commas(text, {"comma_emax": "0"}) == text
    opening = "Arnor is about to restore, it seems, full ties with Gondor."
    assert trim_commas(opening, {"comma_bmin": "3", "comma_bmax": "6", "comma_min": "1",
                                 "comma_max": "4", "comma_emax": "0"}) == "full ties with Gondor."


def test_ud_petrarch_suite_meets_the_targets():
    """The issue's targets, scored as UD-PETRARCH's validation.py scores them: >= 85% of
    expected events found, <= 10 extra events per 100 records (UniversalPetrarch: 68.27%
    and 22.95%), on the categories the suite's <Include> names and on every record."""
    suite = read_suite(shared_path("data", "suites", "ud_petrarch_2_02", "records.jsonl"))
    assert suite.include is not None and "SYNSET" in suite.include
    included = validate(suite)
    assert (included.total.records, included.skipped, included.outside) == (245, 10, 19)
    everything = validate(suite, all_categories=True)
    assert everything.total.records == 264
    for result in (included, everything):
        summary = result.total.summary()
        assert summary["found_pct"] >= 85 and summary["extra_pct"] <= 10, summary


def test_petrarch_unit_suite_runs():
    result = validate(read_suite(shared_path("data", "suites", "petrarch_unit",
                                             "records.jsonl")), all_categories=True)
    assert result.total.records == 284 and result.total.found > result.total.expected / 2


def test_several_actor_files_and_files_given_over_the_suites(tmp_path: Path):
    for name in ("verbs.txt", "agents.txt", "discards.txt", "ontology.txt"):
        (tmp_path / name).write_text((FIXTURES / name).read_text())
    actors = (FIXTURES / "actors.txt").read_text().splitlines()
    (tmp_path / "first.txt").write_text("\n".join(actors[:4]) + "\n")  # Ruritania
    (tmp_path / "second.txt").write_text("\n".join(actors[4:]) + "\n")  # Zenda, ...
    (tmp_path / "suite.xml").write_text((FIXTURES / "suite.xml").read_text().replace(
        "<Actorfile>actors.txt</Actorfile>", "<Actorfile>first.txt, second.txt</Actorfile>"))
    suite = read_suite(tmp_path / "suite.xml")
    assert suite.dictionaries.actors == (tmp_path / "first.txt", tmp_path / "second.txt")
    assert validate(suite).total.found == 7
    given = DictionaryOptions(verbs=FIXTURES / "verbs.txt").resolved().over(suite.dictionaries)
    assert given.verbs == FIXTURES / "verbs.txt" and given.agents == tmp_path / "agents.txt"
    with pytest.raises(InputError, match="does not exist"):
        DictionaryOptions(agents=tmp_path / "none.txt").resolved()
