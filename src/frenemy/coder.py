"""Coder: finds CAMEO events in parsed sentences with the project's verb-pattern lexicon."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from . import __version__
from .actors import Actor, ActorOptions, DocumentActors, gazetteer
from .dates import resolve_date
from .model import Document, Event, Sentence, content_hash
from .nlp import load_model, parse
from .places import locate
from .taxonomy import cameo, plover_for

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["CoderOptions", "CodedDocument", "Coder", "code_text", "code_documents",
           "CODER_VERSION"]

CODER_VERSION = f"frenemy-coder-{__version__}"

_MODALS = {"may", "might", "could", "would", "should", "can", "must"}
_SUBJECTS = {"nsubj"}
_OBJECTS = {"dobj", "dative", "attr"}
_JOINT_ROOTS = {"03", "04", "05", "06"}


@dataclass
class CoderOptions:
    """Options of the coding stage."""

    model: str | None = None  # a spaCy package name; default: the best installed one
    actors: ActorOptions = field(default_factory=ActorOptions)
    dataset: str = "frenemy"
    batch_size: int = 32
    require_target: bool = False  # CAMEO allows events without a target ("Iran held drills")


@dataclass
class CodedDocument:
    document: Document
    sentences: list[Sentence]
    events: list[Event]


@dataclass(frozen=True)
class _Rule:
    code: str
    preps: frozenset[str]
    objects: bool = True  # is the direct object the target?


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, _Rule]
    nouns: dict[str, _Rule]
    light: frozenset[str]
    intent: frozenset[str]


def _rule(value: Any, default_preps: frozenset[str]) -> _Rule:
    if isinstance(value, dict):
        preps = value.get("preps")
        return _Rule(str(value["code"]), frozenset(preps) if preps is not None else default_preps,
                     bool(value.get("objects", True)))
    return _Rule(str(value), default_preps)


@cache
def lexicon() -> Lexicon:
    """The verb lexicon in data/verbs.yaml, checked against the CAMEO table."""
    text = resources.files("frenemy.data").joinpath("verbs.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    default = frozenset(raw["default_preps"])
    verbs = {k: _rule(v, default) for k, v in raw["verbs"].items()}
    nouns = {k: _rule(v, frozenset()) for k, v in raw["nouns"].items()}
    for rule in (*verbs.values(), *nouns.values()):
        cameo(rule.code)  # an unknown code in the lexicon is a bug: fail loudly
    return Lexicon(verbs, nouns, frozenset(raw["light"]), frozenset(raw["intent"]))


def _phrasal_lemma(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {particles[0]}" if particles else verb.lemma_.lower()


def _conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _subject(verb: Token) -> tuple[list[Token], bool]:
    """Subject heads of a verb, and whether the verb is passive (subject = target)."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return _conjuncts(child), False
        if child.dep_ == "nsubjpass":
            return _conjuncts(child), True
    # "X condemned and warned Y", "X began to shell Y": the subject comes from the head verb.
    if (verb.dep_ in {"conj", "xcomp"} or (verb.dep_ == "advcl" and verb.tag_ == "VBG")) and (
        verb.head.pos_ in {"VERB", "AUX"}
    ):
        return _subject(verb.head)
    return [], False


def _passive_agent(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _conjuncts(pobj)
    return []


def _prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(_conjuncts(pobj))
    return found


def _border_neighbours(head: Token) -> list[Token]:
    """'drills near the border with Azerbaijan' -> Azerbaijan."""
    found: list[Token] = []
    for token in head.subtree:
        if token.lemma_.lower() in {"border", "frontier"}:
            found.extend(_prep_objects(token, frozenset({"with"})))
    return found


def _is_irrealis(verb: Token, lex: Lexicon) -> bool:
    """Negated, modal, conditional, or an intention under another verb: not an event."""
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
            return True
        if child.dep_ == "mark" and child.lower_ in {"if", "unless"}:
            return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.intent:
        return True
    # "accused Iran of training the cells": the accusation is the event, not the training.
    return verb.dep_ == "pcomp" and verb.head.lower_ == "of"


class Coder:
    """Codes documents: parse, find actors and event patterns, resolve dates and places."""

    def __init__(self, options: CoderOptions | None = None) -> None:
        self.options = options or CoderOptions()
        self.nlp = load_model(self.options.model)
        self.gazetteer = gazetteer(self.nlp, self.options.actors)
        self.lexicon = lexicon()

    def code_documents(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Code documents in order, parsing them in batches."""
        pending: list[Document] = []
        for document in documents:
            pending.append(document)
            if len(pending) >= self.options.batch_size:
                yield from self._code_batch(pending)
                pending = []
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(self, documents: list[Document]) -> Iterator[CodedDocument]:
        texts = [d.text for d in documents]
        for document, doc in zip(documents, parse(texts, self.options.batch_size), strict=True):
            yield self._code_doc(document, doc)

    def _code_doc(self, document: Document, doc: Doc) -> CodedDocument:
        actors = self.gazetteer.annotate(doc)
        sentences: list[Sentence] = []
        events: dict[str, Event] = {}
        for index, span in enumerate(doc.sents):
            sentences.append(Sentence(document.doc_id, index, span.start_char, span.end_char,
                                      span.text))
            for event in self._code_sentence(document, index, span, actors):
                events.setdefault(event.event_id, event)
        return CodedDocument(document, sentences, list(events.values()))

    def _code_sentence(self, document: Document, index: int, span: Span,
                       actors: DocumentActors) -> Iterator[Event]:
        for token in span:
            if token.pos_ not in {"VERB", "NOUN"}:
                continue
            found = self._pattern(token)
            if found is None:
                continue
            trigger, rule, verb = found
            if _is_irrealis(verb, self.lexicon):
                continue
            subjects, passive = _subject(verb)
            targets = _prep_objects(trigger, rule.preps)
            if trigger is verb and rule.objects:
                targets = [c for c in verb.children if c.dep_ in _OBJECTS] + targets
            else:  # the parser often hangs the noun's phrase on the light verb
                targets += _prep_objects(verb, rule.preps)
            if passive:
                subjects, targets = _passive_agent(verb), subjects + targets
            if not targets and trigger.lemma_.lower() in {"drill", "exercise", "deploy", "mass",
                                                           "manoeuvre", "maneuver"}:
                targets = _border_neighbours(verb)
            when = self._date(verb, span, document.published)
            where = locate(verb, actors)
            sources = [a for s in _expand(subjects) for a in actors.resolve_all(s)]
            resolved_targets = [a for t in _expand(targets) for a in actors.resolve_all(t)]
            if where[1]:
                # "protesters rallied in Yerevan": a bare role belongs to the event's country.
                sources = [_with_country(a, where[1]) for a in sources]
                resolved_targets = [_with_country(a, where[1]) for a in resolved_targets]
            if not resolved_targets and rule.code == "054" and where[1]:
                # "opened a consulate in Kapan": the host country is the target.
                resolved_targets = [actors.country_actor(where[1], trigger)]
            if not sources:
                continue
            if not resolved_targets and len(sources) > 1 and rule.code[:2] in _JOINT_ROOTS:
                # "Turkey and Armenia held talks": a joint action is an event between them.
                yield from (
                    self._event(document, index, span, a, b, rule.code, trigger, when, where,
                                passive)
                    for i, a in enumerate(sources) for b in sources[i + 1:] if a.code != b.code
                )
                continue
            if rule.code[:2] == "17":
                # "Azerbaijan arrested 19 citizens": coercion of a bare role is domestic.
                resolved_targets = [_with_country(t, sources[0].country) for t in resolved_targets]
            if not resolved_targets:
                if self.options.require_target:
                    continue
                resolved_targets = [None]  # type: ignore[list-item]
            for source in sources:
                for target in resolved_targets:
                    if target is not None and target.code == source.code:
                        continue
                    yield self._event(document, index, span, source, target, rule.code,
                                      trigger, when, where, passive)

    def _pattern(self, token: Token) -> tuple[Token, _Rule, Token] | None:
        """(trigger, rule, governing verb) when the token starts an event pattern."""
        lex = self.lexicon
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB":
            phrasal = _phrasal_lemma(token)
            for child in token.children:  # light verb + event noun: "held talks"
                if child.dep_ == "dobj" and child.lemma_.lower() in lex.nouns and (
                    lemma in lex.light or phrasal in lex.light
                ):
                    return child, lex.nouns[child.lemma_.lower()], token
            rule = lex.verbs.get(phrasal) or lex.verbs.get(lemma)
            return (token, rule, token) if rule else None
        return None

    def _date(self, verb: Token, span: Span,
              published: date | None) -> tuple[date | None, str | None]:
        for ent in span.ents:
            if ent.label_ != "DATE":
                continue
            # Only a date attached to this verb's clause dates the event.
            if ent.root.head.i == verb.i or ent.root.head.head.i == verb.i or ent.root.head == verb:
                found = resolve_date(ent.text, published)
                if found:
                    return found
        return (published, "day") if published else (None, None)

    def _event(self, document: Document, index: int, span: Span, source: Actor,
               target: Actor | None, code: str, trigger: Token,
               when: tuple[date | None, str | None], where: tuple[Any, ...],
               passive: bool) -> Event:
        info = cameo(code)
        plover_type, plover_mode = plover_for(code)
        base = span.start_char
        trigger_start = trigger.idx - base
        event_id = content_hash(document.doc_id, index, trigger_start, source.code,
                                target.code if target else "", code)
        confidence = 0.9 if target is not None else 0.6
        if passive:
            confidence -= 0.1
        return Event(
            event_id=event_id,
            doc_id=document.doc_id,
            sentence_index=index,
            date=when[0],
            date_precision=when[1],
            source=source.code,
            source_name=source.name,
            source_country=source.country,
            target=target.code if target else None,
            target_name=target.name if target else None,
            target_country=target.country if target else None,
            code=code,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover_type=plover_type,
            plover_mode=plover_mode,
            location_name=where[0],
            location_country=where[1],
            location_lat=where[2],
            location_lon=where[3],
            source_start=source.start - base,
            source_end=source.end - base,
            target_start=(target.start - base) if target else None,
            target_end=(target.end - base) if target else None,
            trigger_start=trigger_start,
            trigger_end=trigger_start + len(trigger.text),
            trigger=trigger.text,
            confidence=round(confidence, 2),
            coder_version=CODER_VERSION,
            dataset=self.options.dataset,
        )


def _with_country(actor: Actor, country: str | None) -> Actor:
    """A bare role actor ("protesters") placed in a country; other actors unchanged."""
    if actor.country is not None or actor.role is None or country is None or (
        actor.code != actor.role
    ):
        return actor
    return Actor(country + actor.role, actor.name, country, actor.role, actor.start, actor.end)


def _expand(heads: list[Token]) -> list[Token]:
    seen: list[Token] = []
    for head in heads:
        if head not in seen:
            seen.append(head)
    return seen


def code_documents(documents: Iterable[Document],
                   options: CoderOptions | None = None) -> Iterator[CodedDocument]:
    """Code documents: each comes back with its sentences and events."""
    yield from Coder(options).code_documents(documents)


def code_text(text: str, published: date | None = None,
              options: CoderOptions | None = None) -> list[Event]:
    """Code one text and return its events (the quickest way in from a notebook)."""
    coded = next(code_documents([Document(text=text, published=published)], options))
    return coded.events
