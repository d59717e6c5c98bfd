"""Readers of PETRARCH dictionaries: tiny files in our words, and the real ones in ../shared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.petrarch.formats import (
    Phrase,
    parse_petrarch_xml,
    read_actors,
    read_agents,
    read_discards,
    read_negations,
    read_verbs,
    regular_forms,
)

from ..conftest import shared_path

ACTORS = """<!-- a header as the validation suites write it -->
# a comment
RUritania_  [RUR]
+RURITANIAN
+STRELSAU_ # its capital
RUDOLF_ELPHBERG_
+KING_RUDOLF
\t[RURELI 500101-990101]
\t[RURGOV >990102]
\t[RURELI]
BLACK_ELPHBERGS [RURREB <971231]
"""

AGENTS = """!OFFICER! = GENERAL, COLONEL
PRESIDENT [~GOV] # head of state
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]
POLICE_AGENCY {} [~COP]
ARMY_!OFFICER! [~MIL]
PRO-GOVERNMENT_MILITIA [PRO~]
BROKEN_LINE [~ENV}
"""


def test_actors_with_synonyms_and_dated_roles(tmp_path: Path):
    path = tmp_path / "actors.txt"
    path.write_text(ACTORS)
    country, king, rebels = read_actors(path)
    assert country.phrases == [Phrase(("RURITANIA",), True), Phrase(("RURITANIAN",), False),
                               Phrase(("STRELSAU",), True)]
    assert country.code_on(None) == "RUR"
    assert [r.code for r in king.roles] == ["RURELI", "RURGOV", "RURELI"]
    assert king.code_on(date(1980, 5, 1)) == "RURELI"
    assert king.code_on(date(2003, 5, 1)) == "RURGOV"
    assert rebels.roles[0].end == date(1997, 12, 31) and rebels.roles[0].start is None


def test_agents_plurals_substitutions_and_sides(tmp_path: Path):
    path = tmp_path / "agents.txt"
    path.write_text(AGENTS)
    issues: list[str] = []
    agents = {a.phrases[0].words: a for a in read_agents(path, issues)}
    assert issues == [f"{path}:7: an agent without a [~CODE]"]
    assert agents[("PRESIDENT",)].code == "GOV" and agents[("PRESIDENT",)].after_country
    assert [p.words for p in agents[("ATTORNEY", "GENERAL")].phrases] == [
        ("ATTORNEY", "GENERAL"), ("ATTORNEYS", "GENERAL")]
    assert [p.words for p in agents[("POLICE", "AGENCY")].phrases] == [
        ("POLICE", "AGENCY"), ("POLICE", "AGENCIES")]
    assert [p.words for p in agents[("ARMY", "GENERAL")].phrases] == [
        ("ARMY", "GENERAL"), ("ARMY", "COLONEL")]
    militia = agents[("PRO-GOVERNMENT", "MILITIA")]
    assert militia.code == "PRO" and not militia.after_country
    with pytest.raises(InputError, match=":7: an agent without"):
        read_agents(path)


def test_discards_mark_whole_stories(tmp_path: Path):
    path = tmp_path / "discards.txt"
    path.write_text("# sports pages\n+WORLD_CUP # the whole story\nYEARS LATER\n")
    cup, later = read_discards(path)
    assert cup.whole_story and cup.phrase.words == ("WORLD", "CUP")
    assert not later.whole_story and later.phrase.words == ("YEARS", "LATER")


def test_bad_dates_are_reported_with_their_line(tmp_path: Path):
    path = tmp_path / "actors.txt"
    path.write_text("RURITANIA [RUR]\nZENDA [RURZND 9008223-991231]\nHENTZAU [RURREB]\n")
    issues: list[str] = []
    assert [e.phrases[0].words for e in read_actors(path, issues)] == [("RURITANIA",),
                                                                       ("HENTZAU",)]
    assert issues == [f"{path}:2: '9008223' is not a date"]
    with pytest.raises(InputError, match="not a date"):
        read_actors(path)


def test_phoenix_dictionaries_load_with_their_typos_reported():
    folder = shared_path("data", "petrarch2_dictionaries")
    issues: list[str] = []
    actors = read_actors(folder / "Phoenix.Countries.actors.txt", issues)
    assert len(actors) > 15_000 and 0 < len(issues) < 20
    karzai = next(a for a in actors if a.phrases[0].words == ("HAMID", "KARZAI"))
    assert karzai.code_on(date(2005, 1, 1)) == "AFGGOV"
    agents = read_agents(folder / "Phoenix.agents.txt", issues)
    assert len(agents) > 2000
    assert sum(d.whole_story for d in read_discards(folder / "Phoenix.discards.txt")) > 10


FIXTURES = Path(__file__).parents[1] / "data" / "petrarch"


def test_verbs_synonym_sets_blocks_and_patterns():
    verbs = read_verbs(FIXTURES / "verbs.txt")
    assert [p.words for p in verbs.synsets["&ARMS"]] == [("CANNON",), ("MUSKET",), ("SWORD",)]
    assert verbs.synsets["&ARMS"][2].exact
    index = verbs.index()
    assert index[("SIGNED",)][1] == "057" and index[("OPEN", "FIRE")][0].name == "ATTACK"
    assert index[("DENOUNCE",)][1] == "1121"  # a verb's own code wins over its block's
    sign = index[("SIGN",)][0]
    first, discard = sign.patterns
    assert first.after == ("&TREATYLIKE", "(WITH +)") and first.code == "057"
    assert discard.code == "---"
    assert index[("MEET",)][0].patterns[0].before == ("%",)


def test_regular_forms_are_generated_as_petrarch_does():
    assert regular_forms("STAGE") == ["STAGES", "STAGED", "STAGING"]
    assert regular_forms("CARRY") == ["CARRIES", "CARRIED", "CARRYING"]
    assert "STOPPED" in regular_forms("STOP") and "PASSES" in regular_forms("PASS")
    index = read_verbs(FIXTURES / "verbs.txt").index()
    assert index[("VISITED",)][0].name == "VISIT"
    assert index[("OPENED", "FIRE")][0].name == "ATTACK"  # listed, and generated alike


def test_verbs_report_unreadable_lines(tmp_path: Path):
    path = tmp_path / "verbs.txt"
    path.write_text("--- HOLD [040] ---\nHOLD\n- * TALKS\n- TALKS [036]\n- * (WITH) [###]\n")
    issues: list[str] = []
    verbs = read_verbs(path, issues)
    assert issues == [f"{path}:3: a pattern without a [CODE]",
                      f"{path}:4: a pattern without `*` for the verb"]
    assert [p.code for p in verbs.verbs[0].patterns] == ["###"]  # `#` inside a code is kept
    with pytest.raises(InputError):
        read_verbs(path)


def test_petrarch_xml_is_read_although_not_well_formed():
    sentences, environment = parse_petrarch_xml((FIXTURES / "suite.xml").read_text())
    assert environment["Verbfile"] == "verbs.txt"
    assert [s.id for s in sentences] == ["BASIC-01", "BASIC-02", "AGENT-01", "AGENT-02",
                                         "AGENT-03", "AGENT-04", "BASIC-03", "LEGACY-01"]
    assert environment["Include"] == "BASIC AGENT"
    assert sentences[6].no_events and not sentences[0].no_events
    assert sentences[0].date == date(1895, 3, 1)
    assert sentences[1].text == "Zenda visited Graustark & stayed a week."
    assert sentences[1].expected == [("ZEN", "GRS", "042"), ("GRS", "ZEN", "043")]
    assert sentences[0].config == {} and sentences[2].config == {"require_dyad": "false"}
    assert not sentences[3].evaluate


def test_negations_from_the_coding_ontology():
    assert read_negations(FIXTURES / "ontology.txt") == {"111": "051"}
    negations = read_negations(shared_path("data", "suites", "ud_petrarch_2_02",
                                           "PETR_Validate_Internal_Coding_Ontology_1_01.txt"))
    assert negations["110"] == "050" and negations["170"] == "057"
    assert "122" not in negations  # masked with 0x300: "these do not code"


def test_real_verb_dictionaries_read():
    issues: list[str] = []
    verbs = read_verbs(shared_path("data", "petrarch2_dictionaries", "CAMEO.2.0.txt"), issues)
    assert issues == []
    assert len(verbs.verbs) == 397 and sum(len(v.patterns) for v in verbs.verbs) == 4668
    suite = read_verbs(shared_path("data", "suites", "ud_petrarch_2_02",
                                   "PETR_Validate_verbs_2_02.txt"))
    assert len(suite.synsets) == 30 and ("CORDON", "OFF") in suite.index()
