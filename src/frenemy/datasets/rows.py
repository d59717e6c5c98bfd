"""Rows of event files: lines of plain, .gz and .zip files, TSV fields and the Event a row makes."""

from __future__ import annotations

import csv
import gzip
import io
import math
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frenemy.errors import InputIssue, exit_code
from frenemy.model import Event, content_hash
from frenemy.store import Store
from frenemy.taxonomy import cameo, cameo_codes, plover_for

__all__ = ["BATCH", "ImportResult", "LineReader", "ReaderFor", "cameo_code", "dataset_event",
           "headed_lines", "headed_reader", "open_lines", "parse_float", "parse_int",
           "read_headed", "store_rows", "tsv"]

# What one line of a file gives (its 1-based number and text): an event (or, for GDELT, a
# mention), an issue, or None for a line to pass over. The DuckDB imports re-read the lines
# DuckDB could not take with the same functions.
LineReader = Callable[[int, str], Any]
# The LineReader of a file with a header, from the file's name and header line, or the issue
# that the header is not the format's.
ReaderFor = Callable[[str, str], "LineReader | InputIssue"]


# -- reading files -----------------------------------------------------------------------
def open_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(member name, lines) of a plain, .gz or .zip file."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith("/"):
                    text = archive.read(name).decode("utf-8", errors="replace")
                    yield f"{path}!{name}", text.splitlines()
        return
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    yield str(path), data.decode("utf-8", errors="replace").splitlines()


def tsv(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_float(value: str) -> float | None:
    """A number, or None for an empty, NA, unreadable or non-finite one ("nan", "inf")."""
    try:
        number = float(value) if value not in ("", "NA") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def parse_int(value: str, default: int = 1) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def cameo_code(raw: str) -> str:
    """A CAMEO code as a string with its zeros ("40" written by a spreadsheet is "040")."""
    code = raw.strip()
    if code in cameo_codes():
        return code
    for candidate in (code.zfill(3), code.zfill(4)):
        if candidate in cameo_codes():
            return candidate
    raise ValueError(f"unknown CAMEO code {raw!r}")


def dataset_event(dataset: str, native_id: str, day: date | None, code: str,
                  **fields: Any) -> Event:
    info = cameo(code)
    plover_type, plover_mode = plover_for(code)
    values: dict[str, Any] = {
        "event_id": content_hash(dataset, native_id),
        "doc_id": None, "sentence_index": None, "date": day,
        "date_precision": "day" if day else None,
        "source": None, "source_name": None, "source_country": None,
        "target": None, "target_name": None, "target_country": None,
        "code": code, "root": info.root, "quad_class": info.quad_class,
        "goldstein": info.goldstein, "plover_type": plover_type, "plover_mode": plover_mode,
        "confidence": 1.0, "coder_version": "", "dataset": dataset,
    }
    values.update({k: v for k, v in fields.items() if v is not None})
    return Event(**values)


def headed_reader(member: str, header_line: str, kind: str, needed: set[str],
                  to_event: Callable[[dict[str, str]], Event],
                  strip_header: bool = False) -> LineReader | InputIssue:
    """The reader of the rows of a tab-separated file with this header (ICEWS, POLECAT), by
    column name; a header without the needed columns is an issue (line 1)."""
    header = [h.strip() if strip_header else h for h in tsv(header_line)]
    if not needed <= set(header):
        return InputIssue(member, 1, f"not {kind}: missing columns "
                          + ", ".join(sorted(needed - set(header))))

    def read(number: int, line: str) -> Event | InputIssue | None:
        if not line.strip():
            return None
        try:
            return to_event(dict(zip(header, tsv(line), strict=False)))
        except (ValueError, KeyError) as exc:
            return InputIssue(member, number, str(exc))
    return read


def headed_lines(member: str, lines: list[str], reader_for: ReaderFor) -> Iterator[Any]:
    """What the lines of one file whose first line is its header give (events, issues): a
    header the reader does not take is one issue for the whole file."""
    if not lines:
        return
    reader = reader_for(member, lines[0])
    if isinstance(reader, InputIssue):
        yield reader
        return
    for number, line in enumerate(lines[1:], start=2):
        item = reader(number, line)
        if item is not None:
            yield item


def read_headed(path: Path, reader_for: ReaderFor) -> Iterator[Any]:
    """Rows of files with a header (ICEWS, POLECAT, the TKG quadruples), each member of an
    archive on its own; each row that fails is reported and skipped."""
    for member, lines in open_lines(path):
        yield from headed_lines(member, lines, reader_for)


# -- storing what the row readers give ---------------------------------------------------
BATCH = 2000  # rows per committed transaction


@dataclass
class ImportResult:
    rows_read: int = 0
    events_added: int = 0
    mentions_added: int = 0
    events_skipped: int = 0  # already stored
    issues: list[InputIssue] = field(default_factory=list)
    # Lines the DuckDB import gave the row reader: rows DuckDB rejected or the SQL was not
    # sure of, and whole files DuckDB cannot read line for line as the row reader does.
    lines_reread: int = 0

    @property
    def exit_code(self) -> int:
        return exit_code(self.issues, self.rows_read)


def store_rows(store: Store, items: Iterable[Any], result: ImportResult, batch_size: int = BATCH,
               on_batch: Callable[[int], None] | None = None) -> None:
    """Store what a row reader gives (events, GDELT mentions, issues) in committed batches,
    counting into the import's result."""
    events: list[Event] = []
    mentions: list[Any] = []
    for item in items:
        if isinstance(item, InputIssue):
            result.issues.append(item)
            continue
        result.rows_read += 1
        (events if isinstance(item, Event) else mentions).append(item)
        if len(events) + len(mentions) >= batch_size:
            _flush(store, events, mentions, result, on_batch)
            events, mentions = [], []
    if events or mentions:
        _flush(store, events, mentions, result, on_batch)


def _flush(store: Store, events: list[Event], mentions: list[Any], result: ImportResult,
           on_batch: Callable[[int], None] | None) -> None:
    added = store.add_events(events)  # a repeated id: its first row, as in the DuckDB import
    result.events_added += added
    result.events_skipped += len(events) - added
    result.mentions_added += store.add_mentions(mentions)
    if on_batch:
        on_batch(result.rows_read)
