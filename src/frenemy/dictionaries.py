"""Dictionaries: a user's PETRARCH dictionaries, found, read and indexed for the coder."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .petrarch import (
    ActorEntry,
    AgentEntry,
    Discard,
    Phrase,
    VerbDictionary,
    read_actors,
    read_agents,
    read_discards,
    read_negations,
    read_verbs,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["DictionaryOptions", "Dictionaries", "STEM_ENDING", "word_at", "match_phrase"]

# A stem matches a word that adds at most this many letters ("ERIADOR" -> "Eriadorian"),
# so the stem "THE AU" does not swallow "the Australian".
STEM_ENDING = 3


@dataclass
class DictionaryOptions:
    """Which dictionaries to read: a directory holding them, or each file named."""

    directory: Path | None = None
    verbs: Path | None = None
    actors: tuple[Path, ...] = ()
    agents: Path | None = None
    discards: Path | None = None
    ontology: Path | None = None  # UD-PETRARCH's coding ontology: what a negated code becomes
    require_dyad: bool = True  # PETRARCH's option: code only events with a target
    builtin: bool = False  # also code with frenemy's own lexicon ("in addition to")

    def resolved(self) -> DictionaryOptions:
        """The files to read: those named, else the matching ones in the directory; a named
        file that does not exist is an error."""
        files = self
        if self.directory is not None:
            folder = Path(self.directory)
            if not folder.is_dir():
                raise InputError(f"{folder} is not a directory",
                                 "Pass the folder holding the PETRARCH dictionaries")
            found = sorted(p for p in folder.iterdir() if p.suffix == ".txt")

            def named(*words: str) -> list[Path]:
                return [p for p in found if any(w in p.name.lower() for w in words)]

            def first(*words: str) -> Path | None:
                return next(iter(named(*words)), None)

            files = self.over(DictionaryOptions(
                None, first("verbs", "cameo"), tuple(named("actors")), first("agents"),
                first("discards"), first("ontology", "pico")))
        for path in (files.verbs, files.agents, files.discards, files.ontology, *files.actors):
            if path is not None and not Path(path).is_file():
                raise InputError(f"{path} does not exist", "Check the dictionary's path")
        return files

    def over(self, base: DictionaryOptions) -> DictionaryOptions:
        """These files where named, the base's otherwise (its directory still to search;
        these coding options)."""
        return DictionaryOptions(base.directory, self.verbs or base.verbs,
                                 self.actors or base.actors,
                                 self.agents or base.agents, self.discards or base.discards,
                                 self.ontology or base.ontology, self.require_dyad,
                                 self.builtin)


class _PhraseIndex:
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


@dataclass
class Dictionaries:
    """A user's PETRARCH dictionaries, read and indexed for coding."""

    verbs: VerbDictionary
    actors: list[ActorEntry]
    agents: list[AgentEntry]
    discards: list[Discard]
    issues: list[str] = field(default_factory=list)  # unreadable lines, "file:line: reason"
    negations: dict[str, str] = field(default_factory=dict)  # code -> code when negated

    def __post_init__(self) -> None:
        self.verb_index = self.verbs.index()
        self.names = _PhraseIndex()
        for entry in self.actors:
            for phrase in entry.phrases:
                self.names.add(phrase, entry)
        for agent in self.agents:
            for phrase in agent.phrases:
                self.names.add(phrase, agent)
        self.names.finish()
        self.discard_index = _PhraseIndex()
        for discard in self.discards:
            self.discard_index.add(discard.phrase, discard)
        self.discard_index.finish()
        # synonym sets by the first word of each member (`&` for a nested set), each member
        # as pattern words (a trailing `_` marking an exact last word)
        self.set_index: dict[str, dict[str, list[list[str]]]] = {}
        for name, members in self.verbs.synsets.items():
            by_first = self.set_index.setdefault(name, {})
            for phrase in members:
                words = list(phrase.words)
                if not words:
                    continue
                if phrase.exact:
                    words[-1] += "_"
                key = "&" if words[0].startswith("&") else words[0].rstrip("_")
                by_first.setdefault(key, []).append(words)

    @classmethod
    def load(cls, options: DictionaryOptions) -> Dictionaries:
        files = options.resolved()
        if files.verbs is None:
            raise InputError("no verb dictionary was given",
                             "Pass --verbs FILE, or --dictionaries DIR holding one")
        issues: list[str] = []
        verbs = read_verbs(files.verbs, issues)
        actors = [entry for path in files.actors for entry in read_actors(path, issues)]
        agents = read_agents(files.agents, issues) if files.agents else []
        discards = read_discards(files.discards) if files.discards else []
        negations = read_negations(files.ontology) if files.ontology else {}
        return cls(verbs, actors, agents, discards, issues, negations)
