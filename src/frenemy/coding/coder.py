"""The lexicon coder: CoderOptions, Coder, code_text, code_documents, and its document loop."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from frenemy.coding.assembly import EventAssembler
from frenemy.coding.context import dateline_end, document_context
from frenemy.coding.dates import DateContext
from frenemy.coding.gazetteer import ActorOptions, gazetteer
from frenemy.coding.lexicon import lexicon
from frenemy.coding.nlp import load_model, parse
from frenemy.coding.plugins import SentenceCoderSource
from frenemy.model import Document, Event, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["CoderOptions", "CodedDocument", "Coder", "code_text", "code_documents"]


@dataclass
class CoderOptions:
    """Options of the coding stage."""

    model: str | None = None  # a spaCy package name; default: the best installed one
    actors: ActorOptions = field(default_factory=ActorOptions)
    dataset: str = "frenemy"
    batch_size: int = 32
    require_target: bool = False  # CAMEO allows events without a target ("Iran held drills")
    include_irrealis: bool = False  # emit negated and hypothetical events, flagged (`--all`)
    unknown_actors: bool = False  # code events whose source is unknown as "---" (evaluation)
    # Another coder, such as a user's PETRARCH dictionaries (petrarch.DictionaryOptions):
    # code with it instead of (or, with its `builtin` flag, in addition to) frenemy's lexicon.
    dictionaries: SentenceCoderSource | None = None


@dataclass
class CodedDocument:
    document: Document
    sentences: list[Sentence]
    events: list[Event]
    signature: bytes | None = None  # MinHash of the text, when a worker computed it


class Coder:
    """Codes documents: parse, find actors and event patterns, resolve dates and places."""

    def __init__(self, options: CoderOptions | None = None) -> None:
        self.options = options or CoderOptions()
        self.nlp = load_model(self.options.model)
        self.gazetteer = gazetteer(self.nlp, self.options.actors)
        self.lexicon = lexicon()
        self.plugin = (self.options.dictionaries.load()
                       if self.options.dictionaries else None)
        self.assembler = EventAssembler(self.options, self.lexicon)

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
        # Headlines are parsed apart: they are no sentence of the text (offsets stay true).
        headlines = {id(d): h for d in documents if (h := _headline(d))}
        titles = dict(zip(headlines, parse(list(headlines.values()), self.options.batch_size),
                          strict=True))
        for document, doc in zip(documents, parse(texts, self.options.batch_size), strict=True):
            yield self._code_doc(document, doc, titles.get(id(document)))

    def _code_doc(self, document: Document, doc: Doc, title: Doc | None = None
                  ) -> CodedDocument:
        actors = self.gazetteer.annotate(doc, document.published)
        title_actors = (self.gazetteer.annotate(title, document.published)
                        if title is not None else None)
        actors.forget_names_before(dateline_end(actors.text))
        context = document_context(doc, actors, title_actors)
        actors.home = context.country
        actors.introduce_people()
        dates = DateContext(document.published, document.date_precision)
        sentences: list[Sentence] = []
        events: dict[str, Event] = {}
        plugin = self.plugin
        builtin = self.options.dictionaries is None or self.options.dictionaries.builtin
        # a story-level discard ("+TYPHOON") silences the dictionaries for the whole text
        if plugin is not None and plugin.silences(doc):
            plugin = None
        for index, span in enumerate(doc.sents):
            sentences.append(Sentence(document.doc_id, index, span.start_char, span.end_char,
                                      span.text))
            found = []
            if builtin:
                found = list(self.assembler.code_sentence(document, index, span, actors, dates))
            if plugin is not None:
                found += plugin.events(document, index, span, actors, dates,
                                       self.options.dataset)
            # A bare statement (010) only when nothing more specific was said.
            if any(e.code != "010" for e in found):
                found = [e for e in found if e.code != "010"]
            # One event per dyad and code in a sentence: "reiterated that Libya must hand
            # over" is one demand, though both verbs say it.
            unique: dict[tuple[str | None, str | None, str], Event] = {}
            for event in found:
                unique.setdefault((event.source, event.target, event.code), event)
            found = list(unique.values())
            for event in found:
                events.setdefault(event.event_id, event)
        if title is not None and title_actors is not None and builtin:
            # The headline usually restates the story: only what the body does not say counts.
            title_actors.home = actors.home
            title_actors.people.update(actors.people)
            title_actors.role_country.update(actors.role_country)
            title_actors.unnamed_seen.update(actors.unnamed_seen)  # the same protests
            said = {_dyad_root(e) for e in events.values()}
            headline = [e for span in title.sents
                        for e in self.assembler.code_sentence(document, -1, span, title_actors,
                                                              dates)
                        if _dyad_root(e) not in said and e.code != "010"]
            if headline:
                sentences.insert(0, Sentence(document.doc_id, -1, 0, 0, title.text))
                for event in headline:
                    events.setdefault(event.event_id, event)
        return CodedDocument(document, sentences, list(events.values()))


def _dyad_root(event: Event) -> tuple[str | None, str | None, str]:
    """What a headline event must add to the body's: its sides' countries and root."""
    return (event.source_country or event.source, event.target_country or event.target,
            event.root)


def _headline(document: Document) -> str | None:
    """The title to code with the text, unless the text already opens with it."""
    title = (document.title or "").strip()
    if not title or document.text.startswith(title):
        return None
    return title


def code_documents(documents: Iterable[Document],
                   options: CoderOptions | None = None) -> Iterator[CodedDocument]:
    """Code documents: each comes back with its sentences and events."""
    yield from Coder(options).code_documents(documents)


def code_text(text: str, published: date | None = None,
              options: CoderOptions | None = None) -> list[Event]:
    """Code one text and return its events (the quickest way in from a notebook)."""
    coded = next(code_documents([Document(text=text, published=published)], options))
    return coded.events
