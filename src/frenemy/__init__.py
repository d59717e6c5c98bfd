"""frenemy: news to CAMEO/PLOVER event data, and who is friend and who is foe."""

from __future__ import annotations

from frenemy.coding.coder import CodedDocument, CoderOptions, code_documents, code_text  # noqa: E402
from frenemy.errors import (  # noqa: E402
    ConfigError,
    FrenemyError,
    InputError,
    ModelError,
    StoreError,
)
from frenemy.model import Document, Event, Sentence  # noqa: E402
from frenemy.news.ingest import IngestOptions, IngestResult, ingest  # noqa: E402
from frenemy.news.readers import read_documents  # noqa: E402
from frenemy.store import EventQuery, Store, open_store  # noqa: E402
from frenemy.version import __version__

__all__ = [
    "__version__",
    "CoderOptions",
    "CodedDocument",
    "ConfigError",
    "Document",
    "Event",
    "EventQuery",
    "FrenemyError",
    "IngestOptions",
    "IngestResult",
    "InputError",
    "ModelError",
    "Sentence",
    "Store",
    "StoreError",
    "code_documents",
    "code_text",
    "ingest",
    "open_store",
    "read_documents",
]
