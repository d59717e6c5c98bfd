from pathlib import Path

import pytest

from frenemy.coding.gazetteer import ActorOptions, gazetteer, load_user_actors
from frenemy.coding.nlp import load_model
from frenemy.errors import ConfigError


def _actor(text: str, word: str, options: ActorOptions | None = None):
    nlp = load_model()
    doc = nlp(text)
    actors = gazetteer(nlp, options).annotate(doc)
    head = next(t for t in doc if t.text == word)
    return actors.resolve(head)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Iranian soldiers crossed the river.", "soldiers", "IRNMIL"),
        ("The Azeri security service made a statement.", "service", "AZESPY"),
        ("Armenia's Prime Minister spoke.", "Minister", "ARMGOV"),
        ("Iranian police detained him.", "police", "IRNCOP"),
        ("An Azerbaijani court ruled.", "court", "AZEJUD"),
        ("Baku responded.", "Baku", "AZE"),
        ("The U.S responded.", "U.S", "USA"),  # a common typo for "U.S."
        ("The Kremlin responded.", "Kremlin", "RUS"),
        ("The IRGC responded.", "IRGC", "IRNMIL"),
        ("NATO responded.", "NATO", "IGONAT"),
        # a soldier of a country serving under an alliance or the UN is his country's
        ("A Dutch NATO soldier was wounded.", "soldier", "NLDMIL"),
        ("NATO soldiers were wounded.", "soldiers", "IGONAT"),
        # members of the European Parliament are the EU's
        ("Three MEPs visited Kyiv.", "MEPs", "IGOEU"),
        ("Several European lawmakers visited Kyiv.", "lawmakers", "IGOEU"),
        ("The CSTO responded.", "CSTO", "IGOCST"),
        ("Hezbollah responded.", "Hezbollah", "LBNHEZ"),
        ("Protesters in Tehran responded.", "Protesters", "IRNOPP"),
        ("President Ilham Aliyev of Azerbaijan spoke.", "Aliyev", "AZEGOV"),
        ("Foreign Minister Hossein Amirabdollahian of Iran spoke.", "Amirabdollahian", "IRNGOV"),
        ("The citizens of Azerbaijan voted.", "citizens", "AZECVL"),
        ("A group of prominent Liberians wrote.", "group", "LBRCVL"),
        ("Members of parliament from Kenya spoke.", "Members", "KENLEG"),
        ("Afghan rebel leaders spoke.", "leaders", "AFGREB"),
        ("Iranian-backed militias attacked.", "militias", "REB"),
        ("Soviet aircraft attacked.", "aircraft", "SUNMIL"),
        ("Judge Alejandro Rivera ruled.", "Rivera", "JUD"),
        ("Secretary-General Boutros Boutros-Ghali spoke.", "Ghali", "IGOUNO"),
        ("The Kurdistan Workers\u2019 Party spoke.", "Party", "TURPKK"),
    ],
)
def test_noun_phrases_to_actor_codes(text, word, code):
    actor = _actor(text, word)
    assert actor is not None and actor.code == code


def test_longest_name_wins():
    assert _actor("South Korea responded.", "Korea").code == "KOR"


def test_place_in_a_phrase_does_not_name_the_actor():
    actor = _actor("Azerbaijan's embassy in Tehran was closed.", "embassy")
    assert actor.code == "AZEGOV"


def test_bare_surname_resolves_from_earlier_mention():
    nlp = load_model()
    doc = nlp("Iranian President Ebrahim Raisi arrived. Later Raisi spoke to reporters.")
    actors = gazetteer(nlp).annotate(doc)
    heads = [t for t in doc if t.text == "Raisi"]
    assert actors.resolve(heads[0]).code == "IRNGOV"
    assert actors.resolve(heads[1]).code == "IRNGOV"


def test_an_arabic_surnames_article_is_no_given_name():
    # The parser writes "Al-Assad" as "Al", "-", "Assad": "Al" is no given name that would
    # rule Bashar al-Assad out.
    assert _actor("Al-Assad met the envoy in Damascus on Monday.", "Assad").code == "SYRGOV"
    assert _actor("El-Sisi spoke in Cairo on Monday.", "Sisi").code == "EGYGOV"


def test_a_surname_titled_with_another_office_is_no_leader():
    # Manuel Marrero is Cuba's premier; "Judge Marrero" is a judge.
    actor = _actor("Judge Marrero dismissed the lawsuit on Thursday.", "Marrero")
    assert actor is None or not actor.code.startswith("CUB")
    assert _actor("Prime Minister Marrero spoke in Havana.", "Marrero").code.startswith("CUB")


def test_unknown_phrases_are_not_actors():
    assert _actor("The weather was fine.", "weather") is None


def test_user_actor_file_adds_and_overrides(tmp_path: Path):
    path = tmp_path / "actors.csv"
    path.write_text("name,code\nGazprom,RUSBUS\nBaku,AZEGOV\n", encoding="utf-8")
    options = ActorOptions(extra_actors=load_user_actors(path))
    assert _actor("Gazprom cut supplies.", "Gazprom", options).code == "RUSBUS"
    assert _actor("Baku responded.", "Baku", options).code == "AZEGOV"


def test_user_actor_yaml(tmp_path: Path):
    path = tmp_path / "actors.yaml"
    path.write_text("- {name: Gazprom, code: RUSBUS}\n", encoding="utf-8")
    assert load_user_actors(path)[0][:2] == ("Gazprom", "RUSBUS")


def test_bad_user_actor_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "actors.csv"
    path.write_text("name,code\nGazprom,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs a name and a code"):
        load_user_actors(path)
