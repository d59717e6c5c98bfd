"""Dictionaries: a user's PETRARCH dictionaries, found, read and indexed for the coder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frenemy.errors import InputError
from frenemy.petrarch.formats import (
    ActorEntry,
    AgentEntry,
    Discard,
    VerbDictionary,
    read_actors,
    read_agents,
    read_discards,
    read_negations,
    read_verbs,
)
from frenemy.petrarch.phrases import PhraseIndex

if TYPE_CHECKING:
    from frenemy.petrarch.dictionary_coder import DictionaryOptions

__all__ = ["Dictionaries"]

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
        self.names = PhraseIndex()
        for entry in self.actors:
            for phrase in entry.phrases:
                self.names.add(phrase, entry)
        for agent in self.agents:
            for phrase in agent.phrases:
                self.names.add(phrase, agent)
        self.names.finish()
        self.discard_index = PhraseIndex()
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
