"""The dictionary coder: tiny PETRARCH dictionaries in our words, coded over spaCy's parse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frenemy.coding.coder import CoderOptions, code_text
from frenemy.coding.nlp import load_model
from frenemy.petrarch.dictionaries import Dictionaries
from frenemy.petrarch.dictionary_coder import DictionaryOptions
from frenemy.petrarch.patterns import code_sentence

FIXTURES = Path(__file__).parents[1] / "data" / "petrarch"
TREATY_DAY = date(1895, 3, 1)


@pytest.fixture(scope="module")
def dictionaries() -> Dictionaries:
    return Dictionaries.load(DictionaryOptions(directory=FIXTURES))


def coded(text: str, dictionaries: Dictionaries, day: date | None = TREATY_DAY,
          require_dyad: bool = True) -> list[tuple[str, str | None, str]]:
    doc = load_model()(text)
    return sorted((e.source, e.target, e.code) for span in doc.sents
                  for e in code_sentence(span, dictionaries, day, require_dyad))


def test_pattern_with_synonym_set_and_target_marker(dictionaries):
    assert coded("Ruritania signed a concordat with Graustark.", dictionaries) == [
        ("RUR", "GRS", "057")]
    # the block's own code when no pattern matches, and `---` codes nothing
    assert coded("Ruritania signed the letter for Graustark.", dictionaries) == [
        ("RUR", "GRS", "057")]
    assert coded("Ruritania signed a petition to Graustark.", dictionaries) == []


def test_agents_compose_with_their_country(dictionaries):
    assert coded("The Ruritanian army attacked Zenda with cannon.", dictionaries) == [
        ("RURMIL", "ZEN", "194")]
    assert coded("A Ruritanian army colonel attacked Zenda.", dictionaries) == [
        ("RURMIL", "ZEN", "190")]
    # each agent code once
    assert coded("Ruritanian army soldiers attacked Zenda.", dictionaries) == [
        ("RURMIL", "ZEN", "190")]
    # REL~ goes before the country
    assert coded("The Graustark church council condemned Zenda.", dictionaries) == [
        ("RELGRS", "ZEN", "111")]


def test_dated_roles_follow_the_sentence_date(dictionaries):
    text = "Rudolf Rassendyll condemned Black Michael."
    assert coded(text, dictionaries, date(1895, 6, 1)) == [("RURGOV", "RURREB", "111")]
    assert coded(text, dictionaries, date(1899, 6, 1)) == [("RURELI", "RURREB", "111")]


def test_paired_codes_and_compound_subjects(dictionaries):
    assert coded("Zenda visited Graustark.", dictionaries) == [
        ("GRS", "ZEN", "043"), ("ZEN", "GRS", "042")]
    # `% *`: a compound subject meets itself
    assert coded("Ruritania and Graustark met on Friday.", dictionaries) == [
        ("GRS", "RUR", "046"), ("RUR", "GRS", "046")]
    # `[:173]` codes only the event back
    assert coded("Zenda appeared before Graustark.", dictionaries) == [("GRS", "ZEN", "173")]
    assert coded("Ruritania and Zenda condemned Graustark.", dictionaries) == [
        ("RUR", "GRS", "111"), ("ZEN", "GRS", "111")]


def test_passive_and_negation(dictionaries):
    assert coded("Zenda was condemned by Graustark.", dictionaries) == [("GRS", "ZEN", "111")]
    # negated: what the ontology says the negation is, else nothing
    assert coded("Graustark did not condemn Zenda.", dictionaries) == [("GRS", "ZEN", "051")]
    assert coded("Graustark never attacked Zenda.", dictionaries) == []
    without = Dictionaries.load(DictionaryOptions(verbs=FIXTURES / "verbs.txt",
                                                  actors=(FIXTURES / "actors.txt",)))
    assert coded("Graustark did not condemn Zenda.", without) == []


def test_pre_verb_words_belong_to_the_subject(tmp_path):
    verbs = tmp_path / "verbs.txt"
    verbs.write_text("--- ATTACK [190] ---\nATTACK\n- ARMY * [193]\n- STRONGLY * [111]\n")
    rules = Dictionaries.load(DictionaryOptions(verbs=verbs, actors=(FIXTURES / "actors.txt",),
                                                agents=FIXTURES / "agents.txt"))
    assert coded("The Ruritanian army attacked Zenda.", rules) == [("RURMIL", "ZEN", "193")]
    assert coded("Ruritania strongly attacked Zenda.", rules) == [("RUR", "ZEN", "190")]
    assert coded("The army said Ruritania attacked Zenda.", rules) == [("RUR", "ZEN", "190")]


def test_verb_forms(dictionaries):
    assert coded("Zenda condemns Graustark.", dictionaries) == [("ZEN", "GRS", "111")]
    assert coded("Zenda condemnes Graustark.", dictionaries) == []  # a misspelt ending


def test_discards_and_require_dyad(dictionaries):
    assert coded("Ruritania condemned Zenda at the chess tournament.", dictionaries) == []
    assert coded("Ruritania condemned the plan.", dictionaries) == []
    assert coded("Ruritania condemned the plan.", dictionaries, require_dyad=False) == [
        ("RUR", None, "111")]


def test_the_coder_uses_dictionaries_instead_of_or_with_its_lexicon():
    text = "Ruritania signed a pact with Graustark. Iran condemned Israel on Monday."
    only = CoderOptions(dictionaries=DictionaryOptions(directory=FIXTURES))
    events = code_text(text, TREATY_DAY, only)
    assert [(e.source, e.target, e.code, e.pattern) for e in events] == [
        ("RUR", "GRS", "057", "dict:SIGN:15")]
    assert events[0].trigger == "signed" and events[0].root == "05"
    both = CoderOptions(dictionaries=DictionaryOptions(directory=FIXTURES, builtin=True))
    codes = {(e.source, e.target, e.code) for e in code_text(text, TREATY_DAY, both)}
    assert ("RUR", "GRS", "057") in codes and ("IRN", "ISR", "111") in codes


def test_story_discards_silence_the_whole_text():
    options = CoderOptions(dictionaries=DictionaryOptions(directory=FIXTURES))
    story = "Ruritania signed a pact with Graustark. The operetta opened in Zenda."
    assert code_text(story, TREATY_DAY, options) == []
    sentence = ("Ruritania signed a pact with Graustark. Zenda condemned Graustark at the "
                "chess tournament.")
    assert [(e.source, e.code) for e in code_text(sentence, TREATY_DAY, options)] == [
        ("RUR", "057")]
