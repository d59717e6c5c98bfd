"""Ingest: reads news inputs into documents, codes them and stores them in committed batches."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .coder import Coder, CoderOptions
from .dates import parse_iso_date
from .errors import InputError
from .model import Document
from .store import Store

__all__ = ["IngestOptions", "IngestResult", "InputIssue", "BatchReport", "read_documents",
           "ingest", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class InputIssue:
    """An input that could not be used: where it is and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class BatchReport:
    documents_done: int
    documents_added: int
    sentences: int
    events: int


@dataclass
class IngestOptions:
    """Options of the ingest stage."""

    date: date | None = None  # publication date for inputs that carry none
    batch_size: int = 16  # documents per committed transaction
    coder: CoderOptions = field(default_factory=CoderOptions)
    on_batch: Callable[[BatchReport], None] | None = None


@dataclass
class IngestResult:
    run_id: str
    documents_read: int = 0
    documents_added: int = 0
    documents_skipped: int = 0  # already in the store
    sentences: int = 0
    events_added: int = 0
    issues: list[InputIssue] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0: everything went in; 2: some inputs were skipped; 1: nothing could be read."""
        if not self.issues:
            return 0
        return 2 if self.documents_read else 1


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} looks binary", "Give text, HTML or JSONL files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path} is not UTF-8 text (byte {exc.start})",
                         "Convert it to UTF-8") from exc


def _from_html(html: str, origin: str, default_date: date | None) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no article text found in the HTML", "")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    return Document(text=text, published=parse_iso_date(data.get("date")) or default_date,
                    title=data.get("title"), url=data.get("url"), outlet=data.get("sitename"),
                    source_id=Path(origin).name, origin=origin)


def _from_json_line(line: str, origin: str, number: int, default_date: date | None) -> Document:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg})", "") from exc
    if not isinstance(record, dict):
        raise InputError("a line must hold a JSON object", "")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text field", "")
    raw_date = record.get("date")
    published = parse_iso_date(raw_date) if raw_date else default_date
    if raw_date and published is None:
        raise InputError(f"date {raw_date!r} is not YYYY-MM-DD", "")
    return Document(text=text, published=published, title=record.get("title"),
                    url=record.get("url"), outlet=record.get("outlet") or record.get("source"),
                    source_id=str(record.get("id") or f"{Path(origin).name}:{number}"),
                    origin=f"{origin}:{number}")


def _expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield str(child)
        else:
            yield item


def read_documents(inputs: Iterable[str], default_date: date | None = None
                   ) -> Iterator[Document | InputIssue]:
    """Documents from files, directories or ``-`` (stdin); problems come back as InputIssue."""
    for item in _expand_inputs(inputs):
        if item == "-":
            text = sys.stdin.read()
            if text.strip():
                yield Document(text=text, published=default_date, source_id="stdin",
                               origin="stdin")
            else:
                yield InputIssue("stdin", None, "empty input")
            continue
        path = Path(item)
        suffix = path.suffix.lower()
        if not path.exists():
            yield InputIssue(item, None, "no such file")
            continue
        if suffix not in SUPPORTED_SUFFIXES:
            yield InputIssue(item, None, f"unsupported file type {suffix or '(none)'}; "
                             f"frenemy reads {', '.join(SUPPORTED_SUFFIXES)}")
            continue
        try:
            content = _read_text(path)
        except (InputError, OSError) as exc:
            yield InputIssue(item, None, str(exc))
            continue
        if suffix == ".jsonl":
            for number, line in enumerate(content.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    yield _from_json_line(line, item, number, default_date)
                except InputError as exc:
                    yield InputIssue(item, number, exc.message)
            continue
        try:
            if suffix in {".html", ".htm"}:
                document = _from_html(content, item, default_date)
            else:
                document = Document(text=content, published=default_date,
                                    source_id=path.name, origin=item)
        except InputError as exc:
            yield InputIssue(item, None, exc.message)
            continue
        if not document.text:
            yield InputIssue(item, None, "empty document")
            continue
        yield document


def _batches(items: Iterable[Document | InputIssue], size: int,
             issues: list[InputIssue]) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        if isinstance(item, InputIssue):
            issues.append(item)
            continue
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _flush_issues(store: Store, run_id: str, issues: list[InputIssue], done: int) -> None:
    """Record new input problems as they happen, so a killed run keeps its report."""
    store.add_errors(run_id, [(i.file, i.line, i.reason) for i in issues[done:]])


def ingest(inputs: Iterable[str], store: Store, options: IngestOptions | None = None
           ) -> IngestResult:
    """Read, code and store inputs. Each batch is one transaction; stored documents are
    skipped, so re-running after a crash finishes the rest and re-ingesting changes nothing."""
    options = options or IngestOptions()
    inputs = list(inputs)
    run_id = store.start_run("ingest", inputs)
    result = IngestResult(run_id)
    coder: Coder | None = None
    seen_in_run: set[str] = set()
    flushed = 0
    for batch in _batches(read_documents(inputs, options.date), options.batch_size,
                          result.issues):
        result.documents_read += len(batch)
        known = store.known_documents([d.doc_id for d in batch]) | seen_in_run
        fresh = []
        for document in batch:
            if document.doc_id in known:
                result.documents_skipped += 1
            else:
                known.add(document.doc_id)
                fresh.append(document)
        seen_in_run |= {d.doc_id for d in fresh}
        if fresh:
            coder = coder or Coder(options.coder)
            coded = list(coder.code_documents(fresh))
            added, events = store.add_coded(coded)
            result.documents_added += added
            result.events_added += events
            result.sentences += sum(len(c.sentences) for c in coded)
        _flush_issues(store, run_id, result.issues, flushed)
        flushed = len(result.issues)
        if options.on_batch:
            options.on_batch(BatchReport(result.documents_read, result.documents_added,
                                         result.sentences, result.events_added))
    if not result.documents_read and not result.issues:
        result.issues.append(InputIssue(", ".join(inputs) or "(no input)", None,
                                        "no documents found"))
    _flush_issues(store, run_id, result.issues, flushed)
    status = {0: "ok", 2: "partial", 1: "failed"}[result.exit_code]
    store.finish_run(run_id, read=result.documents_read, added=result.documents_added,
                     skipped=result.documents_skipped, events=result.events_added,
                     errors=len(result.issues), status=status)
    return result
