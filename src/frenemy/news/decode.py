"""Decode: bytes to text, HTML to a document, dates of documents, and language detection."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from frenemy.coding.dates import DOCUMENT_DATE_FORMATS, parse_document_date
from frenemy.errors import InputError
from frenemy.model import Document

__all__ = ["decode_bytes", "detect_language", "document_date", "html_document"]


def decode_bytes(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 when it is, else the encoding charset-normalizer detects."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name} looks binary", "Give text, HTML, JSONL, CSV or feed files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # English text with a few stray high bytes is Windows-1252 (or Latin-1) nearly always;
        # detectors guess wildly on so little evidence.
        if sum(b < 0x80 for b in data) >= 0.9 * len(data):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:
                pass
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{name} is not text in any encoding frenemy recognises "
                             f"(byte {exc.start})", "Convert it to UTF-8") from exc
        return str(best)


def document_date(raw: object, default_date: date | None) -> tuple[date | None, str]:
    """A document's date and its precision from its own date field, else the default date;
    an InputError when the field holds something that is no date frenemy reads."""
    if not raw or not str(raw).strip():
        return default_date, "day"
    found = parse_document_date(raw)
    if found is None:
        raise InputError(f"date {raw!r} is not a date frenemy reads ({DOCUMENT_DATE_FORMATS})",
                         "")
    return found


def html_document(html: str, origin: str, default_date: date | None) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no article text found in the HTML", "")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    published, precision = document_date(data.get("date"), default_date)
    return Document(text=text, published=published, date_precision=precision,
                    title=data.get("title"), url=data.get("url"), outlet=data.get("sitename"),
                    source_id=Path(origin).name, origin=origin)


@cache
def _language_identifier() -> Any:
    import py3langid.langid as langid

    model = langid.MODEL_DIR / langid.MODEL_FILE
    return langid.LanguageIdentifier.from_modelpath(model, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of a text's language, offline; short or unclear texts count as English."""
    if len(text) < 60:
        return "en"
    language, probability = _language_identifier().classify(text[:1000])
    return str(language) if probability >= 0.8 else "en"
