"""Importers: event datasets analysts already have (GDELT, ICEWS, POLECAT, ICEWS TKG)."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from frenemy.datasets.gdelt import Mention, read_gdelt
from frenemy.datasets.gdelt_duckdb import import_gdelt
from frenemy.datasets.icews import read_icews, read_icews_tkg
from frenemy.datasets.polecat import read_polecat
from frenemy.errors import InputError, InputIssue, exit_code
from frenemy.model import Event
from frenemy.store import Store

__all__ = ["IMPORT_FORMATS", "ImportOptions", "ImportResult", "import_events", "read_events"]


IMPORT_FORMATS = ("gdelt", "icews", "polecat", "icews-tkg")
_BATCH = 2000  # rows per committed transaction


@dataclass
class ImportOptions:
    """Options of an import: the format, how many rows go in one transaction, and the
    engine: "duckdb" reads GDELT files with DuckDB and maps them in SQL (one transaction per
    file); "python" reads every format row by row."""

    format: str
    batch_size: int = _BATCH
    on_batch: Callable[[int], None] | None = None
    engine: str = "duckdb"


@dataclass
class ImportResult:
    rows_read: int = 0
    events_added: int = 0
    mentions_added: int = 0
    events_skipped: int = 0  # already stored
    issues: list[InputIssue] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code(self.issues, self.rows_read)


_READERS: dict[str, Callable[[Path], Iterator[Event | Mention | InputIssue]]] = {
    "gdelt": read_gdelt,
    "icews": read_icews,
    "polecat": read_polecat,
    "icews-tkg": read_icews_tkg,
}


def read_events(fmt: str, paths: Iterable[Path]) -> Iterator[Event | Mention | InputIssue]:
    """Events (and, for GDELT, mentions) from files in one of IMPORT_FORMATS; unusable rows
    come back as InputIssue."""
    if fmt not in _READERS:
        raise InputError(f"unknown import format {fmt!r}", f"Use one of {', '.join(_READERS)}")
    for path in paths:
        if not path.exists():
            yield InputIssue(str(path), None, "no such file")
            continue
        try:
            yield from _READERS[fmt](path)
        except (OSError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile) as exc:
            yield InputIssue(str(path), None, f"cannot read ({exc})")


def import_events(paths: Iterable[Path], store: Store, options: ImportOptions) -> ImportResult:
    """Import event files into the store in committed batches; re-importing adds nothing."""
    paths = list(paths)
    run = store.start_run(f"import {options.format}", [str(p) for p in paths])
    result = ImportResult()
    if options.format == "gdelt" and options.engine == "duckdb":
        import_gdelt(paths, store, result)
        if options.on_batch:
            options.on_batch(result.rows_read)
    else:
        _import_rows(paths, store, options, result)
    if not result.rows_read and not result.issues:
        result.issues.append(InputIssue("(input)", None, "no events found"))
    store.add_errors(run, [(i.file, i.line, i.reason) for i in result.issues])
    store.finish_run(run, read=result.rows_read, added=0, skipped=result.events_skipped,
                     events=result.events_added, errors=len(result.issues),
                     status={0: "ok", 2: "partial", 1: "failed"}[result.exit_code])
    return result


def _import_rows(paths: list[Path], store: Store, options: ImportOptions,
                 result: ImportResult) -> None:
    """The row-by-row import: each reader's events, stored in committed batches."""
    batch: list[Event] = []
    mentions: list[Mention] = []
    for item in read_events(options.format, paths):
        if isinstance(item, InputIssue):
            result.issues.append(item)
            continue
        result.rows_read += 1
        if isinstance(item, Mention):
            mentions.append(item)
        else:
            batch.append(item)
        if len(batch) + len(mentions) >= options.batch_size:
            _flush(store, batch, mentions, result, options)
            batch, mentions = [], []
    if batch or mentions:
        _flush(store, batch, mentions, result, options)


def _flush(store: Store, batch: list[Event], mentions: list[Mention], result: ImportResult,
           options: ImportOptions) -> None:
    unique = {e.event_id: e for e in batch}  # a file may repeat a row
    added = store.add_events(list(unique.values()))
    result.events_added += added
    result.events_skipped += len(batch) - added
    result.mentions_added += store.add_mentions(mentions)
    if options.on_batch:
        options.on_batch(result.rows_read)

