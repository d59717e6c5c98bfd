"""Readers: news files, archives, URLs and stdin (JSONL, CSV, text, HTML, feeds, PETRARCH XML)."""

from __future__ import annotations

import dataclasses
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from frenemy.errors import InputError, InputIssue
from frenemy.model import Document
from frenemy.news.decode import decode_bytes, detect_language, document_date, html_document
from frenemy.news.fetch import article_text, is_url, url_units

__all__ = ["FieldNames", "SUPPORTED_SUFFIXES", "read_documents"]


@dataclass(frozen=True)
class FieldNames:
    """Which fields of JSONL, CSV and TSV rows hold what."""

    text: str = "text"
    date: str = "date"
    id: str = "id"
    title: str = "title"
    url: str = "url"
    outlet: str = "outlet"


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
    published, precision = document_date(record.get(fields.date), default_date)
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
            published, precision = document_date(raw, default_date)
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
            published, precision = document_date(raw, default_date)
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
                   fields: FieldNames | None = None, glob: str = "*",
                   stored_urls: Callable[[list[str]], set[str]] | None = None
                   ) -> Iterator[Document | InputIssue]:
    """Documents from files (.txt .html .jsonl .csv .tsv .rss .atom, also inside .gz and
    .zip), directories (their files matching ``glob``, recursively), http(s) URLs or ``-``
    (stdin); problems, non-English documents included, come back as InputIssue. With
    ``stored_urls`` (links -> those already stored), the entries of a feed fetched by URL
    whose links are stored are left out before their articles are fetched."""
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
                    if stored_urls is not None:
                        produced = _unstored(produced, stored_urls)
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


def _unstored(items: list[Document | InputIssue],
              stored_urls: Callable[[list[str]], set[str]]) -> list[Document | InputIssue]:
    """The feed's entries but those whose links are already stored."""
    stored = stored_urls(sorted({i.url for i in items if isinstance(i, Document) and i.url}))
    return [i for i in items if isinstance(i, InputIssue) or i.url not in stored]


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
