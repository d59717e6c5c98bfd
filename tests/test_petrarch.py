"""Readers of PETRARCH dictionaries: tiny files in our words, and the real ones in ../shared."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.petrarch import Phrase, read_actors, read_agents, read_discards

from .conftest import shared_path

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
