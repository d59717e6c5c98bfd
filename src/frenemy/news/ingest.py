"""Ingest: reads news inputs into documents, codes them and stores them in committed batches."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from frenemy.coding.coder import CodedDocument, Coder, CoderOptions
from frenemy.coding.dates import DOCUMENT_DATE_FORMATS, parse_document_date
from frenemy.errors import InputError, InputIssue, exit_code
from frenemy.model import Document
from frenemy.news.dedup import Clusterer, DedupOptions
from frenemy.news.fetch import article_text, is_url, url_units
from frenemy.news.workers import WorkerOptions, code_on_cluster
from frenemy.store import Store

__all__ = ["IngestOptions", "IngestResult", "InputIssue", "BatchReport", "FieldNames",
           "read_documents", "detect_language", "ingest", "exit_code", "SUPPORTED_SUFFIXES"]


@dataclass(frozen=True)
class BatchReport:
    documents_done: int
    documents_added: int
    sentences: int
    events: int


@dataclass(frozen=True)
class FieldNames:
    """Which fields of JSONL, CSV and TSV rows hold what."""

    text: str = "text"
    date: str = "date"
    id: str = "id"
    title: str = "title"
    url: str = "url"
    outlet: str = "outlet"


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


def _units(path: Path) -> Iterator[tuple[str, str, bytes]]:
    """(display name, inner file name, bytes) of a file, a .gz file or a .zip's members."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".gz":
        import gzip

        try:
            yield str(path), path.stem, gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path} is not a valid gzip file ({exc})", "") from exc
        return
    if suffix == ".zip":
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                for member in sorted(archive.namelist()):
                    if not member.endswith("/"):
                        yield f"{path}!{member}", member, archive.read(member)
        except zipfile.BadZipFile as exc:
            raise InputError(f"{path} is not a valid zip file ({exc})", "") from exc
        return
    yield str(path), path.name, data


_TEXT_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".csv", ".tsv", ".rss", ".atom", ".xml")
SUPPORTED_SUFFIXES = (*_TEXT_SUFFIXES, ".gz", ".zip")


def _document_date(raw: object, default_date: date | None) -> tuple[date | None, str]:
    """A document's date and its precision from its own date field, else the default date;
    an InputError when the field holds something that is no date frenemy reads."""
    if not raw or not str(raw).strip():
        return default_date, "day"
    found = parse_document_date(raw)
    if found is None:
        raise InputError(f"date {raw!r} is not a date frenemy reads ({DOCUMENT_DATE_FORMATS})",
                         "")
    return found


_SURROGATE = re.compile("[\ud800-\udfff]")


def _clean(value: Any) -> Any:
    """Text as UTF-8 can hold it: JSON's escapes can spell half an emoji (a lone surrogate),
    which no database stores; it becomes U+FFFD, as an undecodable byte does."""
    return _SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value


def _from_record(record: dict[str, Any], origin: str, number: int, default_date: date | None,
                 fields: FieldNames) -> Document:
    text = record.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"no {fields.text} field", "")
    published, precision = _document_date(record.get(fields.date), default_date)
    identifier = _clean(record.get(fields.id))
    return Document(text=_clean(text), published=published, date_precision=precision,
                    title=_clean(record.get(fields.title)) or None,
                    url=_clean(record.get(fields.url)) or None,
                    outlet=_clean(record.get(fields.outlet) or record.get("source")) or None,
                    source_id=str(identifier) if identifier else f"{Path(origin).name}:{number}",
                    origin=f"{origin}:{number}")


def _jsonl(content: str, origin: str, default_date: date | None,
           fields: FieldNames) -> Iterator[Document | InputIssue]:
    # Lines end at \n only: str.splitlines() would also cut at U+2028 or U+0085, which
    # JSON strings may hold unescaped.
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError("a line must hold a JSON object", "")
            yield _from_record(record, origin, number, default_date, fields)
        except json.JSONDecodeError as exc:
            yield InputIssue(origin, number, f"not valid JSON ({exc.msg})")
        except InputError as exc:
            yield InputIssue(origin, number, exc.message)


def _table(content: str, origin: str, delimiter: str, default_date: date | None,
           fields: FieldNames) -> Iterator[Document | InputIssue]:
    import csv
    import io

    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    if reader.fieldnames is None or fields.text not in reader.fieldnames:
        yield InputIssue(origin, 1, f"no {fields.text!r} column (columns: "
                         f"{', '.join(reader.fieldnames or [])}); name it with --text-field")
        return
    try:
        for row in reader:
            number = reader.line_num
            try:
                yield _from_record(dict(row), origin, number, default_date, fields)
            except InputError as exc:
                yield InputIssue(origin, number, exc.message)
    except csv.Error as exc:
        yield InputIssue(origin, reader.line_num, f"malformed row ({exc})")


def _feed(content: str, origin: str, default_date: date | None) -> Iterator[Document | InputIssue]:
    import feedparser

    parsed = feedparser.parse(content)
    if not parsed.entries:
        yield InputIssue(origin, None, "no feed entries (not an RSS or Atom feed?)")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        body = " ".join(part.get("value", "") for part in entry.get("content", [])) or (
            entry.get("summary", ""))
        text = _html_text(body) if "<" in body else body
        raw = entry.get("published") or entry.get("updated")
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        try:
            published, precision = _document_date(raw, default_date)
        except InputError as exc:
            if not stamp:  # neither frenemy nor feedparser reads it
                yield InputIssue(origin, number, exc.message)
                continue
            # feedparser reads more of the world's feed dates, in UTC
            published, precision = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday), "day"
        if not text.strip():
            yield InputIssue(origin, number, "feed entry without text")
            continue
        yield Document(text=text, published=published, date_precision=precision,
                       title=entry.get("title"),
                       url=entry.get("link"), outlet=parsed.feed.get("title"),
                       source_id=entry.get("id") or entry.get("link") or f"{origin}:{number}",
                       origin=f"{origin}:{number}")


def _petrarch(content: str, origin: str, default_date: date | None
              ) -> Iterator[Document | InputIssue]:
    """PETRARCH's input XML: one document per <Sentence date=".." id=".."><Text>."""
    from frenemy.petrarch.formats import parse_petrarch_xml

    sentences, _ = parse_petrarch_xml(content)
    if not sentences:
        yield InputIssue(origin, None, "no <Sentence> with a <Text> in this PETRARCH file")
    raw_dates = _petrarch_dates(content)
    if len(raw_dates) != len(sentences):  # cannot happen; then PETRARCH's own reading
        raw_dates = [s.date.isoformat() if s.date else None for s in sentences]
    for sentence, raw in zip(sentences, raw_dates, strict=True):
        if not sentence.text:
            yield InputIssue(f"{origin}:{sentence.id}", None, "sentence without text")
            continue
        try:
            published, precision = _document_date(raw, default_date)
        except InputError as exc:
            yield InputIssue(f"{origin}:{sentence.id}", None, exc.message)
            continue
        yield Document(text=sentence.text, published=published, date_precision=precision,
                       outlet=sentence.source, source_id=sentence.id,
                       origin=f"{origin}:{sentence.id}")


def _petrarch_dates(content: str) -> list[str | None]:
    """The date attribute of each <Sentence> of a PETRARCH file as written (YYYYMMDD or
    YYMMDD by the format, but users' files have other forms), in the order
    parse_petrarch_xml reads them."""
    content = re.sub(r"<!--.*?-->", "", content, flags=re.S)
    found = []
    for block in re.finditer(r"<Sentence\b([^>]*)>(.*?)</Sentence>", content, re.S):
        attributes = dict(re.findall(r'(\w+)\s*=\s*"([^"]*)"', block.group(1)))
        raw = (attributes.get("date") or "").strip()
        if re.fullmatch(r"\d{6}", raw):  # YYMMDD, read as PETRARCH does: 00-30 are 20YY
            raw = ("20" if int(raw[:2]) <= 30 else "19") + raw
        found.append(raw or None)
    return found


def _html_text(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html) or re.sub(r"<[^>]+>", " ", html)


def html_document(html: str, origin: str, default_date: date | None) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None:
        raise InputError(f"{origin}: no article text found in the HTML", "")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = data.get("text") or ""
    published, precision = _document_date(data.get("date"), default_date)
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


def _expand_inputs(inputs: Iterable[str], glob: str = "*") -> Iterator[str]:
    for item in inputs:
        path = Path(item)
        if item != "-" and not is_url(item) and path.is_dir():
            for child in sorted(path.rglob(glob)):
                if child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield str(child)
        else:
            yield item


def _parse_unit(display: str, inner: str, content: str, default_date: date | None,
                fields: FieldNames) -> Iterator[Document | InputIssue]:
    suffix = Path(inner).suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(content, display, default_date, fields)
    elif suffix in {".csv", ".tsv"}:
        yield from _table(content, display, "\t" if suffix == ".tsv" else ",", default_date,
                          fields)
    elif suffix == ".xml" and re.search(r"<Sentences?\b", content[:20000]):
        yield from _petrarch(content, display, default_date)
    elif suffix in {".rss", ".atom", ".xml"}:
        yield from _feed(content, display, default_date)
    elif suffix in {".html", ".htm"}:
        yield html_document(content, display, default_date)
    else:
        name = "stdin" if display == "stdin" else Path(inner).name
        yield Document(text=content, published=default_date, source_id=name, origin=display)


def read_documents(inputs: Iterable[str], default_date: date | None = None,
                   fields: FieldNames | None = None, glob: str = "*"
                   ) -> Iterator[Document | InputIssue]:
    """Documents from files (.txt .html .jsonl .csv .tsv .rss .atom, also inside .gz and
    .zip), directories (their files matching ``glob``, recursively), http(s) URLs or ``-``
    (stdin); problems, non-English documents included, come back as InputIssue."""
    fields = fields or FieldNames()
    for item in _expand_inputs(inputs, glob):
        if item == "-":
            units: Iterable[tuple[str, str, bytes]] = [("stdin", "stdin.txt",
                                                        sys.stdin.buffer.read())]
        elif is_url(item):
            try:
                units = list(url_units(item))
            except InputError as exc:
                yield InputIssue(item, None, exc.message)
                continue
        else:
            path = Path(item)
            if not path.exists():
                yield InputIssue(item, None, "no such file")
                continue
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield InputIssue(item, None, f"unsupported file type {path.suffix or '(none)'}; "
                                 f"frenemy reads {', '.join(SUPPORTED_SUFFIXES)}")
                continue
            try:
                units = list(_units(path))
            except (InputError, OSError) as exc:
                yield InputIssue(item, None, str(exc))
                continue
        for display, inner, data in units:
            if Path(inner).suffix.lower() not in _TEXT_SUFFIXES and inner != "stdin.txt":
                yield InputIssue(display, None, f"unsupported file type in archive: {inner}")
                continue
            try:
                content = decode_bytes(data, display)
                produced = list(_parse_unit(display, inner, content, default_date, fields))
            except InputError as exc:
                yield InputIssue(display, None, exc.message)
                continue
            if is_url(display):
                for document in produced:
                    if isinstance(document, Document) and not document.url:
                        document.url = display
                if inner.endswith(".xml"):
                    produced = [_with_article(d) for d in produced]
            for document in produced:
                if isinstance(document, InputIssue):
                    yield document
                elif not document.text:
                    yield InputIssue(document.origin or display, None, "empty document")
                else:
                    language = detect_language(document.text)
                    if language != "en":
                        yield InputIssue(document.origin or display, None,
                                         f"language {language}, not English")
                        continue
                    document.language = language
                    yield document


def _with_article(item: Document | InputIssue) -> Document | InputIssue:
    """A fetched feed's entry with the full text of the article it links to; the entry's own
    summary when the page cannot be read."""
    if isinstance(item, InputIssue) or not item.url or not is_url(item.url):
        return item
    try:
        text, published = article_text(item.url)
    except InputError:
        return item
    if len(text) <= len(item.text):
        return item
    # A new document: its id is the hash of its (now full) text.
    return dataclasses.replace(item, text=text, published=item.published or published,
                               doc_id="")


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
    batches = _batches(read_documents(inputs, options.date, options.fields, options.glob),
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
