"""frenemy: news to CAMEO/PLOVER event data, and who is friend and who is foe."""

from __future__ import annotations

__version__ = "0.1.0"

from .coder import CodedDocument, CoderOptions, code_documents, code_text  # noqa: E402
from .errors import (  # noqa: E402
    ConfigError,
    FrenemyError,
    InputError,
    ModelError,
    StoreError,
)
from .ingest import IngestOptions, IngestResult, ingest, read_documents  # noqa: E402
from .model import Document, Event, Sentence  # noqa: E402
from .store import EventQuery, Store, open_store  # noqa: E402

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
