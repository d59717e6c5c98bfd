"""Phrases: PETRARCH dictionary phrases matched against spaCy tokens (stems, split words)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.petrarch.formats import Phrase

__all__ = ["STEM_ENDING", "PhraseIndex", "word_at", "match_phrase"]

# A stem matches a word that adds at most this many letters ("ERIADOR" -> "Eriadorian"),
# so the stem "THE AU" does not swallow "the Australian".
STEM_ENDING = 3


class PhraseIndex:
    """Phrases by first word, longest first, matched against tokens (a hyphenated word may
    be split into several tokens by the parser)."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Phrase, object]]] = {}

    def add(self, phrase: Phrase, payload: object) -> None:
        if phrase.words:
            # the parser splits AL-QAEDA into "Al", "-", "Qaeda": index it under AL too
            first = re.split(r"(?<=.)[-'.]", phrase.words[0])[0]
            self._by_first.setdefault(first, []).append((phrase, payload))

    def finish(self) -> None:
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0].words))

    def match(self, tokens: list[Token], at: int) -> tuple[int, object] | None:
        """(end, payload) of the longest phrase starting at tokens[at], or None."""
        first = tokens[at].text.upper()
        keys = [first] + [first[:n] for n in range(len(first) - 1, 1, -1)
                          if len(first) - n <= STEM_ENDING]
        best: tuple[int, object] | None = None
        for key in keys:
            for phrase, payload in self._by_first.get(key, ()):
                end = match_phrase(phrase, tokens, at)
                if end is not None and (best is None or end > best[0]):
                    best = (end, payload)
        return best


def word_at(word: str, stem: bool, tokens: list[Token], at: int) -> int | None:
    """The index after ``word`` if it starts at tokens[at] (joining tokens written without
    spaces, so AL-QAEDA matches "Al", "-", "Qaeda")."""
    text = ""
    for index in range(at, min(at + 5, len(tokens))):
        token = tokens[index]
        text += token.text.upper()
        if text == word or (index == at and token.lemma_.upper() == word) or (
                stem and index == at and text.startswith(word)
                and len(text) - len(word) <= STEM_ENDING):
            return index + 1
        if not word.startswith(text) or token.whitespace_:
            return None
    return None


def match_phrase(phrase: Phrase, tokens: list[Token], at: int) -> int | None:
    position = at
    for number, word in enumerate(phrase.words):
        if position >= len(tokens):
            return None
        last = number == len(phrase.words) - 1
        after = word_at(word, last and not phrase.exact, tokens, position)
        if after is None:
            return None
        position = after
    return position
