"""Finding and indexing a user's PETRARCH dictionaries (fixtures in our words)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.petrarch.dictionaries import Dictionaries
from frenemy.petrarch.dictionary_coder import DictionaryOptions

FIXTURES = Path(__file__).parents[1] / "data" / "petrarch"


def test_directory_finds_each_dictionary():
    files = DictionaryOptions(directory=FIXTURES).resolved()
    assert files.verbs == FIXTURES / "verbs.txt"
    assert files.actors == (FIXTURES / "actors.txt",)
    assert files.agents == FIXTURES / "agents.txt"
    assert files.discards == FIXTURES / "discards.txt"
    with pytest.raises(InputError):
        DictionaryOptions(directory=FIXTURES / "verbs.txt").resolved()


def test_loading_reports_unreadable_lines_and_needs_verbs(tmp_path: Path):
    actors = tmp_path / "actors.txt"
    actors.write_text("ZENDA [ZEN]\nGRAUSTARK [GRS 1895]\n")
    loaded = Dictionaries.load(DictionaryOptions(verbs=FIXTURES / "verbs.txt",
                                                 actors=(actors,)))
    assert loaded.issues == [f"{actors}:2: '1895' is not a date"]
    assert len(loaded.actors) == 1 and loaded.negations == {}
    with pytest.raises(InputError, match="no verb dictionary"):
        Dictionaries.load(DictionaryOptions(actors=(actors,)))
