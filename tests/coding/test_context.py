"""Document context: home countries from datelines, headlines and places; inferred actors."""

from datetime import date

import pytest

from frenemy.coding.coder import Coder, CoderOptions
from frenemy.coding.context import dateline
from frenemy.model import Document


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder(CoderOptions())


@pytest.mark.parametrize(("text", "country"), [
    ("YEREVAN, Armenia (AP) \u2014 Troops clashed overnight.", "ARM"),
    ("BISHKEK (Reuters) - Protesters gathered.", "KGZ"),
    ("KABUL \u2014 A bomb exploded.", "AFG"),
    ("Talks resumed - the envoy said.", None),
    ("Iran - and its neighbours - met.", None),
])
def test_dateline(text: str, country: str | None):
    assert dateline(text) == country


def _events(coder: Coder, text: str, title: str | None = None):
    document = Document(text=text, title=title, published=date(2010, 4, 7))
    return next(coder.code_documents([document])).events


def test_bare_roles_take_the_home_country_and_are_marked(coder: Coder):
    events = _events(coder, "BISHKEK, Kyrgyzstan (AP) \u2014 Police arrested dozens of "
                     "demonstrators on Wednesday.")
    arrest = next(e for e in events if e.root == "17")
    assert (arrest.source_country, arrest.target_country) == ("KGZ", "KGZ")
    assert arrest.source_inferred and arrest.target_inferred
    named = _events(coder, "Kyrgyz police arrested dozens of Kyrgyz demonstrators.")
    plain = next(e for e in named if e.root == "17")
    assert not plain.source_inferred and not plain.target_inferred
    assert plain.confidence > arrest.confidence


def test_an_earlier_mention_of_the_role_wins_over_the_home(coder: Coder):
    text = ("Georgian police surrounded the building in Baku. Later the police detained "
            "three activists.")
    detained = [e for e in _events(coder, text) if e.trigger == "detained"]
    assert detained and detained[0].source_country == "GEO"


def test_protest_against_the_own_government(coder: Coder):
    events = _events(coder, "Thousands of Bolivians protested in La Paz on Monday.")
    protest = next(e for e in events if e.root == "14")
    assert (protest.source_country, protest.target_country) == ("BOL", "BOL")
    assert protest.target_inferred


def test_unnamed_attackers_of_named_victims(coder: Coder):
    events = _events(coder, "BANGKOK (Reuters) - Five Thai soldiers were killed in the south "
                     "on Monday.")
    killing = next(e for e in events if e.root == "18")
    assert (killing.source_country, killing.target_country) == ("THA", "THA")
    assert killing.source_inferred


def test_headline_coded_once_with_the_body(coder: Coder):
    title = "Azerbaijan accuses Iran of meddling"
    body = "Azerbaijan accused Iran of meddling in its affairs on Sunday."
    events = _events(coder, body, title)
    accusations = [e for e in events if e.root == "11"]
    assert len(accusations) == 1 and accusations[0].sentence_index == 0
    only_title = _events(coder, "The talks went on.", title)
    assert [(e.source, e.target, e.root, e.sentence_index) for e in only_title] == [
        ("AZE", "IRN", "11", -1)]


def test_protests_named_without_their_protesters(coder: Coder):
    text = ("Seven people were killed in anti-U.S. protests in Afghanistan. Demonstrations "
            "have been reported in at least twelve Afghan cities. More demonstrations "
            "followed in Kabul.")
    protests = [(e.source_country, e.target_country) for e in _events(coder, text)
                if e.root == "14"]
    assert ("AFG", "USA") in protests  # "anti-X": aimed at X
    # the later mentions name no target: they are the same anti-U.S. protests again
    assert protests.count(("AFG", "AFG")) == 0


def test_a_ban_on_protests_is_no_protest(coder: Coder):
    events = _events(coder, "BISHKEK, Kyrgyzstan (AP) \u2014 The government banned protests.")
    assert not [e for e in events if e.root == "14"]


def test_one_country_named_once_is_no_home(coder: Coder):
    events = _events(coder, "Congress is asking Obama to help Iran.")
    assert all(e.source_country != "IRN" for e in events)
