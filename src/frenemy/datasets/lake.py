"""Lake: the stored events, and the documents they came from, as a hive-partitioned Parquet lake."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from frenemy.errors import InputError, StoreError
from frenemy.schema import (
    LAKE_MANIFEST,
    LAKE_TABLES,
    NULL_PARTITION,
    SCHEMA_VERSION,
    sql_path,
)
from frenemy.store import EventQuery, Store
from frenemy.version import __version__

__all__ = ["LakeOptions", "LakeExport", "PARTITIONS", "export_lake"]

PARTITIONS = ("year",)


@dataclass
class LakeOptions:
    """Options of a lake export: the folder, how events are partitioned, which events, and
    whether a lake already in the folder may be replaced."""

    output: Path
    partition: str = "year"
    query: EventQuery | None = None
    overwrite: bool = False
    on_progress: Callable[[int, int], None] | None = None  # (rows written, rows in all)


@dataclass
class LakeExport:
    """What an export wrote: rows per table, and the years the events fall in."""

    output: Path
    rows: dict[str, int]
    years: list[int | None]

    @property
    def events(self) -> int:
        return self.rows["events"]


def _selects(query: EventQuery) -> dict[str, tuple[str, list[Any]]]:
    """Each table's rows to export, as (SELECT, parameters). With filters, the events that
    match, and the mentions, documents and sentences they come from; every actor and run."""
    where, params = query.where()
    tables: dict[str, tuple[str, list[Any]]] = {
        table: (f"SELECT * FROM {table}", []) for table in LAKE_TABLES}
    tables["events"] = (f"SELECT e.* FROM events e{where}", params)
    if where:
        ids = f"SELECT e.event_id FROM events e{where}"
        docs = (f"SELECT e.doc_id FROM events e{where} UNION "
                f"SELECT doc_id FROM event_mentions WHERE event_id IN ({ids})")
        tables["event_mentions"] = (
            f"SELECT * FROM event_mentions WHERE event_id IN ({ids})", params)
        for table in ("documents", "sentences"):
            tables[table] = (f"SELECT * FROM {table} WHERE doc_id IN ({docs})", params * 2)
    return tables


def _one_year(year: int | None) -> tuple[str, list[Any]]:
    """The condition on the events of one year (a range of dates, which DuckDB's zone maps
    can skip to), or on undated events."""
    if year is None:
        return "date IS NULL", []
    return "date >= ? AND date < ?", [date(year, 1, 1), date(year + 1, 1, 1)]


def _prepare(output: Path, overwrite: bool) -> Path:
    """The staging folder next to the output, after checking the output may be written:
    a lake is written there whole, then moved into place."""
    if output.exists() and not (output.is_dir() and not any(output.iterdir())):
        is_lake = (output / LAKE_MANIFEST).is_file()
        if not is_lake:
            raise InputError(f"{output} exists and is not a frenemy Parquet lake",
                             "Choose a new or empty folder (--overwrite only replaces a lake)")
        if not overwrite:
            raise InputError(f"{output} already holds a Parquet lake",
                             "Pass --overwrite to replace it, or choose another folder")
    staging = output.with_name(output.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)  # what a killed export left
    staging.mkdir(parents=True)
    return staging


def _swap(staging: Path, output: Path) -> None:
    """The finished lake takes the output's place; a lake it replaces is removed."""
    old = output.with_name(output.name + ".replaced")
    shutil.rmtree(old, ignore_errors=True)
    if output.is_dir() and not any(output.iterdir()):
        output.rmdir()
    elif output.exists():
        output.rename(old)
    staging.rename(output)
    shutil.rmtree(old, ignore_errors=True)


@dataclass
class _Piece:
    """One Parquet file of the lake: its table (and year), its rows' query and their count."""

    table: str
    year: int | None
    select: str
    params: list[Any]
    rows: int

    @property
    def path(self) -> str:
        if self.table != "events":
            return f"{self.table}/data_0.parquet"
        return f"events/year={NULL_PARTITION if self.year is None else self.year}/data_0.parquet"


def _plan(conn: duckdb.DuckDBPyConnection, query: EventQuery) -> list[_Piece]:
    """The lake's files: the events year by year (an empty lake still has one, for its
    columns), then the other tables, each with its rows in the lake's order."""
    selects = _selects(query)
    events, params = selects.pop("events")
    counts = dict(conn.execute(f"SELECT year(e.date), count(*) FROM ({events}) e "
                               "GROUP BY ALL ORDER BY 1 NULLS LAST", params).fetchall())
    pieces = []
    for year in list(counts) or [None]:
        condition, extra = _one_year(year)
        pieces.append(_Piece("events", year, f"SELECT * FROM ({events}) e WHERE {condition} "
                             f"ORDER BY {LAKE_TABLES['events']}", params + extra,
                             counts.get(year, 0)))
    for table, (select, table_params) in selects.items():
        row = conn.execute(f"SELECT count(*) FROM ({select})", table_params).fetchone()
        pieces.append(_Piece(table, None, f"{select} ORDER BY {LAKE_TABLES[table]}",
                             table_params, int(row[0]) if row else 0))
    return pieces


def export_lake(store: Store, options: LakeOptions) -> LakeExport:
    """Write the matching events, partitioned by year (events without a date in
    year=__HIVE_DEFAULT_PARTITION__), with the mentions, documents, sentences, actors and
    runs behind them, to the folder ``options.output``, with a manifest. The lake is built in
    a staging folder and moved into place when whole, so a killed export leaves the old lake
    (or nothing) and the same database always makes the same files."""
    if options.partition not in PARTITIONS:
        raise InputError(f"cannot partition by {options.partition!r}",
                         f"Use {' or '.join(PARTITIONS)}")
    staging = _prepare(options.output, options.overwrite)
    try:
        pieces = _plan(store.conn, options.query or EventQuery())
        total, done = sum(p.rows for p in pieces), 0
        for piece in pieces:
            if options.on_progress:
                options.on_progress(done, total)
            (staging / piece.path).parent.mkdir(parents=True, exist_ok=True)
            _copy(store.conn, piece.select, piece.params, staging / piece.path)
            done += piece.rows
        if options.on_progress:
            options.on_progress(done, total)
        rows = {table: sum(p.rows for p in pieces if p.table == table) for table in LAKE_TABLES}
        years = [p.year for p in pieces if p.table == "events"]
        manifest = {"format": "frenemy Parquet lake", "frenemy": __version__,
                    "schema_version": SCHEMA_VERSION, "partition": options.partition,
                    "years": [NULL_PARTITION if y is None else y for y in years], "rows": rows}
        (staging / LAKE_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n",
                                             encoding="utf-8")
        _swap(staging, options.output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return LakeExport(output=options.output, rows=rows, years=years)


def _copy(conn: duckdb.DuckDBPyConnection, select: str, params: list[Any], path: Path) -> None:
    try:
        conn.execute(f"COPY ({select}) TO '{sql_path(path)}' (FORMAT PARQUET)", params)
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {path} ({exc})",
                         "Check the output folder and the free disk space") from exc
