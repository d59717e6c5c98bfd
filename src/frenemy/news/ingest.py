"""Ingest: reads news inputs into documents, codes them and stores them in committed batches."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from frenemy.coding.coder import CodedDocument, Coder, CoderOptions
from frenemy.errors import InputIssue, exit_code
from frenemy.model import Document
from frenemy.news.dedup import Clusterer, DedupOptions
from frenemy.news.readers import FieldNames, read_documents
from frenemy.news.workers import WorkerOptions, code_on_cluster
from frenemy.store import Store

__all__ = ["IngestOptions", "IngestResult", "BatchReport", "ingest"]


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
    fields: FieldNames = field(default_factory=FieldNames)
    dedup: DedupOptions | None = field(default_factory=DedupOptions)  # None: no clustering
    workers: WorkerOptions | None = None  # code on a Dask cluster instead of in-process
    batch_size: int = 16  # documents per committed transaction
    coder: CoderOptions = field(default_factory=CoderOptions)
    on_batch: Callable[[BatchReport], None] | None = None
    glob: str = "*"  # which files of a directory input are read ("*.html", "2023-*")
    # Feeds fetched by URL: entries whose links are stored are not fetched again (watch).
    skip_stored_urls: bool = False


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
        return exit_code(self.issues, self.documents_read)


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


def _fresh(batches: Iterable[list[Document]], store: Store,
           result: IngestResult) -> Iterator[list[Document]]:
    """Each batch without the documents already stored (or seen earlier in this run)."""
    seen: set[str] = set()
    for batch in batches:
        result.documents_read += len(batch)
        known = store.known_documents([d.doc_id for d in batch]) | seen
        fresh = []
        for document in batch:
            if document.doc_id in known:
                result.documents_skipped += 1
            else:
                known.add(document.doc_id)
                fresh.append(document)
        seen |= {d.doc_id for d in fresh}
        yield fresh


def _coded(fresh_batches: Iterable[list[Document]],
           options: IngestOptions) -> Iterator[list[CodedDocument]]:
    """Coded batches, in input order: in this process, or on a Dask cluster."""
    if options.workers is None:
        coder: Coder | None = None
        for fresh in fresh_batches:
            if fresh:
                coder = coder or Coder(options.coder)
                yield list(coder.code_documents(fresh))
            else:
                yield []
        return
    documents = (d for fresh in fresh_batches for d in fresh)  # read while the cluster codes
    pending: list[CodedDocument] = []
    for coded in code_on_cluster(documents, options.coder, options.workers, options.dedup):
        pending.append(coded)
        if len(pending) >= options.batch_size:
            yield pending
            pending = []
    if pending:
        yield pending


def ingest(inputs: Iterable[str], store: Store, options: IngestOptions | None = None
           ) -> IngestResult:
    """Read, code and store inputs. Each batch is one transaction; stored documents are
    skipped, so re-running after a crash finishes the rest and re-ingesting changes nothing.
    With ``options.workers`` the coding runs on a Dask cluster; storing stays here, in input
    order, so the database ends the same either way."""
    options = options or IngestOptions()
    inputs = list(inputs)
    run_id = store.start_run("ingest", inputs)
    result = IngestResult(run_id)
    clusterer = Clusterer(options.dedup, store.clusters()) if options.dedup else None
    flushed = 0

    def stored_urls(urls: list[str]) -> set[str]:
        found = store.known_urls(urls)
        result.documents_read += len(found)
        result.documents_skipped += len(found)
        return found

    batches = _batches(read_documents(inputs, options.date, options.fields, options.glob,
                                      stored_urls if options.skip_stored_urls else None),
                       options.batch_size,
                       result.issues)
    for coded in _coded(_fresh(batches, store, result), options):
        if coded:
            clusters = ({c.document.doc_id: clusterer.assign(c.document.doc_id, c.document.text,
                                                             c.signature)
                         for c in coded} if clusterer else None)
            added, events = store.add_coded(coded, clusters)
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
