"""DuckDB imports: files read by read_csv, mapped to events in SQL, one transaction per file."""

from __future__ import annotations

import gzip
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from frenemy.datasets.duckdb_files import Member, members, read_csv
from frenemy.datasets.duckdb_sql import load_tables, taxonomy_tables
from frenemy.datasets.rows import BATCH, ImportResult, LineReader, store_rows
from frenemy.errors import InputIssue
from frenemy.model import EVENT_FIELDS
from frenemy.store import Store

__all__ = ["ROWS", "Plan", "SqlFormat", "import_with_duckdb"]

ROWS = "frenemy_rows"  # the file's rows as Plan.parse reads them, and their line numbers
_RAW, _GAPS = "frenemy_raw", "frenemy_gaps"
_REJECTS, _SCANS = "frenemy_rejects", "frenemy_reject_scans"


@dataclass
class Plan:
    """How DuckDB reads one file and SQL maps its rows. As DuckDB reads the file, ``parse``
    (name -> SQL of the fields r.c0, r.c1, ...; no joins, so that the rows keep their order)
    gives the columns of ROWS, which also has each row's ``line``. ``select`` reads ROWS (as
    r, with the joins it needs) and gives the event columns (for mentions: event_id,
    doc_id, url, outlet, published, sentence_index), ``line``, and ``ok``: whether SQL is
    sure the row reader would make that event of the row. The rows not ok, and those DuckDB
    rejects, go to ``reader``. ``check``, if given, reads ROWS more cheaply than ``select``
    (fewer joins) for each row's ``line``, the same ``ok``, and an ``event_id`` equal where
    the ids are (their parts, say)."""

    width: int  # fields of a row
    skip: int  # header lines
    parse: dict[str, str]
    select: str
    reader: LineReader
    mentions: bool = False
    # Per-file tables for select, from ROWS; False: SQL cannot map this file.
    prepare: Callable[[Store], bool] | None = None
    check: str | None = None


@dataclass(frozen=True)
class SqlFormat:
    """A format the DuckDB import reads: the tables its SQL needs for a whole import (name
    -> column -> values, as load_tables takes them), the plan of a file (None: the row
    reader reads the whole file, e.g. a header not of this format, which it then reports),
    and the row reader of a whole file."""

    plan: Callable[[Member], Plan | None]
    lines: Callable[[str, list[str]], Iterable[Any]]
    tables: Callable[[], dict[str, dict[str, Any]]] | None = None


@dataclass
class _Tables:
    """The tables an import's SQL joins, built in Python while DuckDB reads the first file
    and loaded into the store's connection once, before its rows are mapped."""

    store: Store
    fmt: SqlFormat
    loaded: bool = False

    def build(self) -> dict[str, dict[str, Any]]:
        return {**taxonomy_tables(), **(self.fmt.tables() if self.fmt.tables else {})}

    def load(self) -> None:
        if not self.loaded:
            load_tables(self.store, self.build())
            self.loaded = True


def import_with_duckdb(paths: list[Path], store: Store, fmt: SqlFormat, result: ImportResult,
                       batch_size: int = BATCH,
                       on_batch: Callable[[int], None] | None = None) -> None:
    """Import files of one format, each read by DuckDB and mapped in SQL (rows it cannot
    take by the row reader), counting into the import's result."""
    tables = _Tables(store, fmt)
    # DuckDB's own progress bar would draw over the command's.
    printing = store.conn.execute("SELECT current_setting('enable_progress_bar_print')"
                                  ).fetchall()[0][0]
    store.conn.execute("SET enable_progress_bar_print = false")
    try:
        for path in paths:
            if not path.exists():
                result.issues.append(InputIssue(str(path), None, "no such file"))
                continue
            try:
                with members(path) as files:
                    for member in files:
                        _import_member(store, fmt, member, result, batch_size, tables)
                        if on_batch:
                            on_batch(result.rows_read)
            except (OSError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile) as exc:
                result.issues.append(InputIssue(str(path), None, f"cannot read ({exc})"))
    finally:
        store.conn.execute(f"SET enable_progress_bar_print = {bool(printing)}")


def _import_member(store: Store, fmt: SqlFormat, member: Member, result: ImportResult,
                   batch_size: int, tables: _Tables) -> None:
    plan = None if member.scanned and member.odd else fmt.plan(member)
    if plan is None or not _import_sql(store, member, plan, result, batch_size, tables):
        lines = member.text_lines()
        result.lines_reread += len(lines)
        store_rows(store, fmt.lines(member.name, lines), result, batch_size)


def _import_sql(store: Store, member: Member, plan: Plan, result: ImportResult,
                batch_size: int, tables: _Tables) -> bool:
    """The file read by DuckDB, its events stored in one transaction, the rest re-read;
    False (nothing stored) if DuckDB cannot read it line for line as the row reader does."""
    conn = store.conn
    try:
        columns = ", ".join(f"{sql} AS {name}" for name, sql in plan.parse.items())
        parse = (f"CREATE OR REPLACE TEMP TABLE {_RAW} AS SELECT {columns} FROM "
                 + read_csv(member.path, plan.width, plan.skip, _REJECTS, _SCANS) + " r")
        # DuckDB reads the file on its threads while Python counts its lines and builds the
        # tables (execute lets go of the GIL); a file with odd lines is then read again by
        # the row reader.
        with ThreadPoolExecutor(1) as pool:
            parsed = pool.submit(conn.execute, parse)
            member.scan()
            tables.build()
            try:
                parsed.result()
            except duckdb.Error as exc:
                if member.odd or isinstance(exc, duckdb.InvalidInputException):
                    return False  # a line break DuckDB does not take
                raise
        if member.odd:
            return False
        tables.load()
        rejected = {int(r[0]) for r in conn.execute(
            f"SELECT DISTINCT line FROM {_REJECTS}").fetchall()}
        rows = _count(store, f"SELECT count(*) FROM {_RAW}")
        gaps = sorted(set(range(1, plan.skip + 1)) | rejected)
        if rows + len(gaps) != member.lines:  # DuckDB passed over empty lines
            gaps = sorted(set(gaps) | set(member.blank()))
            if rows + len(gaps) != member.lines:
                return False  # and over other lines
        _number_rows(store, gaps, plan.skip)
        if plan.prepare and not plan.prepare(store):
            return False
        bad, repeats = _check(store, plan)
        valid = rows - len(bad)
        result.rows_read += valid
        if plan.mentions:
            with store.transaction("mentions", "stored mentions are skipped"):
                result.mentions_added += _insert_mentions(store, plan.select)
        else:
            added = _insert_events(store, plan.select, repeats)
            result.events_added += added
            result.events_skipped += valid - added
    finally:
        conn.execute(f"DROP VIEW IF EXISTS {ROWS}; DROP TABLE IF EXISTS {_RAW}; "
                     f"DROP TABLE IF EXISTS {_GAPS}; DROP TABLE IF EXISTS {_REJECTS}; "
                     f"DROP TABLE IF EXISTS {_SCANS}")
    result.lines_reread += len(rejected | bad)
    store_rows(store, _reread(member, rejected | bad, plan.reader), result, batch_size)
    return True


def _check(store: Store, plan: Plan) -> tuple[set[int], bool]:
    """The lines of the rows SQL is not sure of, and whether an event id repeats among the
    others. The mapping is not kept: it is worked out again as the rows are stored, which
    costs less."""
    if plan.mentions:
        repeats = "false"
    else:
        # Ids hashed to 64 bits count faster; two that collide only cost the dedupe a sort.
        repeats = "count(*) FILTER (WHERE ok) > count(DISTINCT hash(event_id)) FILTER (WHERE ok)"
    bad, repeated = store.conn.execute(
        f"SELECT list(line) FILTER (WHERE NOT ok), {repeats} "
        f"FROM ({plan.check or plan.select})").fetchall()[0]
    return set(bad or []), bool(repeated)


def _reread(member: Member, numbers: set[int], reader: LineReader) -> Iterator[Any]:
    for number, line in member.lines_at(numbers):
        item = reader(number, line)
        if item is not None:
            yield item


def _number_rows(store: Store, gaps: list[int], skip: int) -> None:
    """ROWS: the raw rows with their line numbers. DuckDB keeps the file's order, and the
    lines it gives no row (header, empty lines, rejected rows) are the gaps: the k-th row
    (from 0) is on line k + 1 + the number of gaps g_i (i from 1) with g_i - i <= k."""
    if gaps == list(range(1, skip + 1)):
        store.conn.execute(f"CREATE OR REPLACE TEMP VIEW {ROWS} AS "
                           f"SELECT *, rowid + {1 + skip} AS line FROM {_RAW}")
        return
    starts: dict[int, int] = {}
    for index, gap in enumerate(gaps, start=1):
        starts[gap - index] = index
    load_tables(store, {_GAPS: {"start": ("BIGINT", list(starts)),
                               "gaps": ("BIGINT", list(starts.values()))}})
    store.conn.execute(
        f"CREATE OR REPLACE TEMP VIEW {ROWS} AS SELECT r.* EXCLUDE (k), "
        f"r.k + 1 + coalesce(g.gaps, 0) AS line FROM (SELECT rowid AS k, * FROM {_RAW}) r "
        f"ASOF LEFT JOIN {_GAPS} g ON r.k >= g.start")


def _count(store: Store, statement: str) -> int:
    rows = store.conn.execute(statement).fetchall()
    return int(rows[0][0]) if rows else 0


def _insert_events(store: Store, select: str, repeats: bool) -> int:
    """In one transaction, the rows SQL maps that are not stored yet into events (an id the
    file repeats: its first row), and their actors into actors. The events table has no
    key (schema v10): the ids are kept unique here."""
    names = ", ".join(EVENT_FIELDS)
    last = _count(store, "SELECT coalesce(max(rowid), -1) FROM events")
    insert = (f"INSERT INTO events ({names}) SELECT {names} FROM ({select}) s WHERE ok AND "
              "NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)")
    if repeats:
        insert += " QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY line) = 1"
    with store.transaction("events", "stored events are skipped"):
        store.conn.execute(insert)
        # The rows just stored come after every row there was (rowid): how many, and their
        # actors, are read from them rather than mapped once more.
        added, sources, targets = store.conn.execute(
            "SELECT count(*), list(DISTINCT source), list(DISTINCT target) FROM events "
            f"WHERE rowid > {last}").fetchall()[0]
        store.add_actor_codes(c for c in (sources or []) + (targets or []) if c)
    return int(added)


def _insert_mentions(store: Store, select: str) -> int:
    """Each article of the mapped rows as a document without text (as its first row has
    it), and each row as a link between event and article."""
    before = _count(store, "SELECT count(*) FROM event_mentions")
    store.conn.execute(
        "INSERT OR IGNORE INTO documents (doc_id, source_id, url, title, published, outlet, "
        "language, text, date_precision) SELECT doc_id, first(url ORDER BY line), "
        "first(url ORDER BY line), NULL, first(published ORDER BY line), "
        "first(outlet ORDER BY line), NULL, '', 'day' "
        f"FROM ({select}) WHERE ok GROUP BY doc_id")
    store.conn.execute(
        "INSERT OR IGNORE INTO event_mentions SELECT DISTINCT event_id, doc_id, sentence_index "
        f"FROM ({select}) WHERE ok")
    return _count(store, "SELECT count(*) FROM event_mentions") - before
