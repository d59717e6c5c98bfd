"""The event data model: documents, sentences and CAMEO/PLOVER-coded events with provenance."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

__all__ = ["Document", "Sentence", "Event", "EVENT_FIELDS", "normalize_text", "content_hash"]

_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def normalize_text(text: str) -> str:
    """Unicode NFC, unified whitespace: the form that is hashed and stored."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def content_hash(*parts: object, length: int = 16) -> str:
    """A stable hex digest of the parts: same input and version, same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


@dataclass
class Document:
    """One news article. ``doc_id`` is the hash of its normalised text."""

    text: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    language: str = "en"
    source_id: str | None = None  # the input's own id or file name
    origin: str | None = None  # file (and line) it came from, for error reports
    doc_id: str = field(default="")
    date_precision: str = "day"  # how much of ``published`` is known: day, month or year

    def __post_init__(self) -> None:
        self.text = normalize_text(self.text)
        if not self.doc_id:
            self.doc_id = content_hash(self.text)


@dataclass
class Sentence:
    doc_id: str
    sentence_index: int
    start_char: int
    end_char: int
    text: str


@dataclass
class Event:
    """A coded event: who did what to whom, when and where, traceable to its sentence."""

    event_id: str
    doc_id: str
    sentence_index: int
    date: date | None
    date_precision: str | None  # day | month | year
    source: str | None
    source_name: str | None
    source_country: str | None
    target: str | None
    target_name: str | None
    target_country: str | None
    code: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str | None
    plover_mode: str | None
    location_name: str | None = None
    location_country: str | None = None
    location_lat: float | None = None
    location_lon: float | None = None
    source_start: int | None = None
    source_end: int | None = None
    target_start: int | None = None
    target_end: int | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    trigger: str | None = None
    pattern: str | None = None  # id of the lexicon pattern that fired, e.g. "verb:urge"
    negated: bool = False  # only emitted when asked for (`--all`)
    hypothetical: bool = False  # modal, conditional or speculative; likewise
    confidence: float = 1.0
    # The side's country was inferred (from the clause's place, an earlier mention of the same
    # kind, or the document's home country), not named with the actor.
    source_inferred: bool = False
    target_inferred: bool = False
    coder_version: str = ""
    dataset: str = "frenemy"
    num_mentions: int = 1
    num_sources: int = 1
    num_articles: int = 1
    # How deep the trigger sits in the parse (0 = the sentence's root): ranks a sentence's
    # events; not stored.
    depth: int = field(default=0, compare=False, metadata={"transient": True})

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in EVENT_FIELDS}
        data["date"] = self.date.isoformat() if self.date else None
        return data


EVENT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Event) if not f.metadata.get("transient"))
