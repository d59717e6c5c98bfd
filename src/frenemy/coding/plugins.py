"""The interface another coder (a user's PETRARCH dictionaries) plugs into the lexicon coder by."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from frenemy.coding.actors import DocumentActors
    from frenemy.coding.dates import DateContext
    from frenemy.model import Document, Event

__all__ = ["SentenceCoder", "SentenceCoderSource"]


class SentenceCoder(Protocol):
    """A loaded coder that adds its events to each sentence the lexicon coder reads."""

    def silences(self, doc: Doc) -> bool:
        """Does this coder rule the whole text out (a story-level discard)?"""
        ...

    def events(self, document: Document, index: int, span: Span, actors: DocumentActors,
               dates: DateContext, dataset: str) -> list[Event]:
        """The events of one sentence, dated and placed like the lexicon coder's."""
        ...


class SentenceCoderSource(Protocol):
    """Options that load a SentenceCoder. Kept small and picklable: Dask workers load their
    own copy from it."""

    @property
    def builtin(self) -> bool:
        """Also code with frenemy's own lexicon, not only with this coder."""
        ...

    def load(self) -> SentenceCoder:
        ...
