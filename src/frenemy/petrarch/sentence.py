"""Sentence: a parsed sentence's actor and agent mentions, and the codes its noun phrases name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from frenemy.petrarch.formats import ActorEntry, AgentEntry, Discard

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from frenemy.petrarch.dictionaries import Dictionaries

__all__ = ["NOUN_PARTS", "Sentence", "compound", "head_of", "next_actor"]

NOUN_PARTS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "case",
                        "flat", "npadvmod", "quantmod", "advmod", "punct"})
_OWNER_PREPS = frozenset({"of", "in", "from"})  # "lawmakers in Arnor", "soldiers from Gondor"


@dataclass
class _Mention:
    start: int  # token indices within the sentence's doc
    end: int
    actor: ActorEntry | None = None
    agent: AgentEntry | None = None


class Sentence:
    """One parsed sentence with its actor and agent mentions."""

    def __init__(self, span: Span, dictionaries: Dictionaries, day: date | None) -> None:
        self.span = span
        self.tokens = list(span.doc)
        self.day = day
        self.dictionaries = dictionaries
        self.mention_of: dict[int, _Mention] = {}
        at = span.start
        while at < span.end:
            found = dictionaries.names.match(self.tokens, at)
            if found is None or found[0] > span.end:
                at += 1
                continue
            end, payload = found
            mention = _Mention(at, end)
            if isinstance(payload, ActorEntry):
                mention.actor = payload
            else:
                mention.agent = payload  # type: ignore[assignment]
            for index in range(at, end):
                self.mention_of[index] = mention
            at = end

    def discarded(self) -> Discard | None:
        for at in range(self.span.start, self.span.end):
            found = self.dictionaries.discard_index.match(self.tokens, at)
            if found:
                return found[1]  # type: ignore[return-value]
        return None

    # --- actors ------------------------------------------------------------------------

    def _core(self, head: Token) -> list[Token]:
        """The head noun and the words that modify it inside its noun phrase."""
        found = [head]
        for child in head.children:
            if child.dep_ in NOUN_PARTS:
                found.extend(self._core(child))
        return found

    def codes(self, head: Token) -> list[tuple[str, int]]:
        """The actor codes a noun phrase names: (code, token), several for "lawmakers in
        Arnor and Gondor"."""
        core = self._core(head)
        mentions: list[_Mention] = []
        for token in sorted(core, key=lambda t: t.i):
            mention = self.mention_of.get(token.i)
            if mention and mention not in mentions:
                mentions.append(mention)
        actors = [m for m in mentions if m.actor and self._code(m.actor)]
        agents = [m.agent for m in mentions if m.agent]
        if actors:
            # the first actor names the phrase ("Dagolath's minister Telemar"); modifiers
            # joined by "and" add theirs ("Eriadori and Calenardhon leaders")
            codes = [self._code(actors[0].actor)]  # type: ignore[arg-type]
            for token in core:
                if token.i != head.i and token.dep_ in ("amod", "compound", "poss"):
                    for conjunct in token.conjuncts:
                        mention = self.mention_of.get(conjunct.i)
                        if mention and mention.actor and (code := self._code(mention.actor)):
                            codes.append(code)
            return [(_compose(code, agents), head.i)  # type: ignore[arg-type]
                    for code in dict.fromkeys(codes)]
        found: list[tuple[str, int]] = []
        for child in head.children:  # "lawmakers in Arnor", "the government of Gondor"
            # "of" names an owner; "in" and "from" only for people ("lawmakers in Arnor"),
            # not for events ("an attack in Ithilen")
            if child.dep_ == "prep" and (child.lower_ == "of" or (
                    agents and child.lower_ in _OWNER_PREPS)):
                for noun in child.children:
                    if noun.dep_ == "pobj":
                        for code, at in self.group(noun):
                            found.append((_compose(code, agents), at))
        return found

    def _code(self, entry: ActorEntry) -> str | None:
        code = entry.code_on(self.day)
        return None if code in (None, "---") else code

    def group(self, head: Token) -> list[tuple[str, int]]:
        """The codes of a noun phrase and of the phrases conjoined or set beside it; a
        conjunct that names only an agent shares the actor before it ("Danish media and
        government")."""
        found = list(self.codes(head))
        mention = self.mention_of.get(head.i)
        named = bool(mention and mention.actor)
        for child in head.children:
            if child.dep_ == "appos" and found and not (
                    named or any(c.dep_ == "conj" for c in child.children)):
                continue  # "minister Calimehtar": the same person named again
            if child.dep_ in ("conj", "appos"):
                # a name set beside a name, or an apposition with conjuncts, is a list the
                # parser misread: "Arnor and the awful Gondor", "Mordor, the Shire, Arnor"
                more = self.group(child)
                if not more and found and child.dep_ == "conj":
                    more = self._shared([code for code, _ in found], child)
                found.extend(more)
        return found

    def _shared(self, codes: list[str], conjunct: Token) -> list[tuple[str, int]]:
        agents = [m.agent for t in self._core(conjunct)
                  if (m := self.mention_of.get(t.i)) and m.agent]
        if not agents:
            return []
        bases = []
        for code in codes:
            for agent in self.dictionaries.agents:  # strip the first conjunct's own agent
                if agent.after_country and code.endswith(agent.code) \
                        and len(code) > len(agent.code):
                    code = code[: -len(agent.code)]
                    break
            bases.append(code)
        return [(_compose(base, agents), conjunct.i) for base in dict.fromkeys(bases)]


def _compose(code: str, agents: list[AgentEntry]) -> str:
    """The actor's code with its agents' ("NGO~" before, "~GOV" after), each once."""
    before = [a.code for a in agents if not a.after_country and a.code not in code]
    after = [a.code for a in agents if a.after_country and a.code not in code]
    return "".join(dict.fromkeys(before)) + code + "".join(dict.fromkeys(after))


def compound(sentence: Sentence, subjects: list[Token]) -> bool:
    """Is the subject two actors or more joined by "and" ("Gondor and Osgiliath")?"""
    # ("The US, Russia, and Switzerland met": the parser may read the list as apposition)
    return any(c.dep_ in ("conj", "appos") for s in subjects for c in s.children) and len(
        {code for s in subjects for code, _ in sentence.group(s)}) > 1


def next_actor(sentence: Sentence, tokens: list[Token], start: int) -> tuple[int, int] | None:
    for position in range(start, len(tokens)):
        mention = sentence.mention_of.get(tokens[position].i)
        if mention and mention.actor:
            return position, tokens[position].i
    return None


def head_of(sentence: Sentence, index: int) -> Token:
    token = sentence.tokens[index]
    while token.dep_ in NOUN_PARTS and token.head.i != token.i and token.head.pos_ in (
            "NOUN", "PROPN", "PRON"):
        token = token.head
    return token

