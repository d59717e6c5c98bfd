"""Importers: event datasets analysts already have (GDELT, ICEWS, POLECAT, ICEWS TKG)."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from frenemy.datasets.duckdb_import import SqlFormat, import_with_duckdb
from frenemy.datasets.gdelt import Mention, read_gdelt
from frenemy.datasets.gdelt_duckdb import GDELT
from frenemy.datasets.icews import read_icews, read_icews_tkg
from frenemy.datasets.icews_duckdb import ICEWS, ICEWS_TKG
from frenemy.datasets.polecat import read_polecat
from frenemy.datasets.polecat_duckdb import POLECAT
from frenemy.datasets.rows import BATCH, ImportResult, store_rows
from frenemy.errors import InputError, InputIssue
from frenemy.model import Event
from frenemy.store import Store

__all__ = ["IMPORT_FORMATS", "ImportOptions", "ImportResult", "import_events", "read_events"]


IMPORT_FORMATS = ("gdelt", "icews", "polecat", "icews-tkg")


@dataclass
class ImportOptions:
    """Options of an import: the format, how many rows the row reader stores per
    transaction, and the engine: "duckdb" reads each file with DuckDB and maps its rows in
    SQL (one transaction per file; the rows it cannot take go to the row reader); "python"
    reads every row with the row reader."""

    format: str
    batch_size: int = BATCH
    on_batch: Callable[[int], None] | None = None
    engine: str = "duckdb"


_READERS: dict[str, Callable[[Path], Iterator[Event | Mention | InputIssue]]] = {
    "gdelt": read_gdelt,
    "icews": read_icews,
    "polecat": read_polecat,
    "icews-tkg": read_icews_tkg,
}
_SQL: dict[str, SqlFormat] = {"gdelt": GDELT, "icews": ICEWS, "polecat": POLECAT,
                             "icews-tkg": ICEWS_TKG}


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
    if options.engine == "duckdb" and options.format in _SQL:
        import_with_duckdb(paths, store, _SQL[options.format], result, options.batch_size,
                           options.on_batch)
    else:
        store_rows(store, read_events(options.format, paths), result, options.batch_size,
                   options.on_batch)
    if not result.rows_read and not result.issues:
        result.issues.append(InputIssue("(input)", None, "no events found"))
    store.add_errors(run, [(i.file, i.line, i.reason) for i in result.issues])
    store.finish_run(run, read=result.rows_read, added=0, skipped=result.events_skipped,
                     events=result.events_added, errors=len(result.issues),
                     status={0: "ok", 2: "partial", 1: "failed"}[result.exit_code])
    return result
