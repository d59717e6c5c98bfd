"""Anaphora: whom a subject "they" means, the nearest plural subject named before it."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from frenemy.coding.clauses import first_conjunct

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.actors import Actor, DocumentActors

__all__ = ["subject_actors"]

_SUBJECTS = {"nsubj", "nsubjpass"}
_PLURAL_TAGS = {"NNS", "NNPS"}


def subject_actors(token: Token, actors: DocumentActors) -> list[Actor]:
    """The actors a clause's subject names. "They" is the nearest plural subject before it,
    in its sentence or the one before ("Thousands of farmers marched to the capital. They
    protested against ..."): a group named by a plural or by "X and Y"; when that subject
    names no actor, "they" names none either (no guess at an older one)."""
    if token.lower_ != "they" or token.pos_ != "PRON":
        return actors.resolve_all(token, as_subject=True)
    antecedent = _plural_subject_before(token)
    if antecedent is None:
        return actors.resolve_all(token, as_subject=True)
    found = actors.resolve_all(antecedent)
    return [replace(a, start=token.idx, end=token.idx + len(token.text))
            for a in found if a.country or a.role]


def _plural_subject_before(pronoun: Token) -> Token | None:
    doc = pronoun.doc
    sentence = pronoun.sent
    start = sentence.start
    if start > 0:
        start = doc[start - 1].sent.start
    for token in reversed(doc[start:pronoun.i]):
        if token.dep_ not in _SUBJECTS or token.pos_ == "PRON" or not _main(token.head):
            continue  # ("Iranian officials say that IAEA inspectors may come. They...")
        if token.tag_ in _PLURAL_TAGS or any(c.dep_ == "conj" for c in token.children):
            return token
    return None


def _main(verb: Token) -> bool:
    """A main clause's verb: the sentence's root or a verb joined to it by "and"."""
    return first_conjunct(verb).dep_ == "ROOT"
