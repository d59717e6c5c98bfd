"""GDELT in DuckDB: event and mentions files read by read_csv and mapped to events in SQL."""

from __future__ import annotations

import gzip
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from frenemy.datasets.gdelt import Mention, read_gdelt_line
from frenemy.datasets.rows import cameo_code
from frenemy.errors import InputIssue
from frenemy.model import EVENT_FIELDS, Event
from frenemy.store import Store
from frenemy.taxonomy import cameo_codes, countries, country_by_fips, plover_for

if TYPE_CHECKING:
    from frenemy.datasets.importers import ImportResult

__all__ = ["import_gdelt"]

EVENT_WIDTHS = (57, 58, 61)  # GDELT 1.0 historical, 1.0 daily, 2.0
MENTION_WIDTHS = (15, 16)
_RAW, _STAGED, _REJECTS, _SCANS = ("frenemy_gdelt_raw", "frenemy_gdelt_staged",
                                   "frenemy_gdelt_rejects", "frenemy_gdelt_reject_scans")
_INT = r"^\s*[+-]?[0-9]+\s*$"  # what Python's int() takes (bar underscores)


# -- the taxonomy as tables --------------------------------------------------------------
@cache
def _code_aliases() -> list[tuple[str, str]]:
    """(written, CAMEO code) for every way a code may be written: itself, and without its
    leading zeros ("40" for "040"), resolved as rows.cameo_code resolves them."""
    written = {code[k:] for code in cameo_codes() for k in range(len(code))
               if set(code[:k]) <= {"0"}}
    aliases = []
    for raw in sorted(w for w in written if w):
        try:
            aliases.append((raw, cameo_code(raw)))
        except ValueError:
            continue
    return aliases


def _load_taxonomy(store: Store) -> None:
    """The CAMEO codes (with PLOVER), FIPS and country codes as temporary tables."""
    import pyarrow as pa

    cameo = [(raw, code, cameo_codes()[code], plover_for(code))
             for raw, code in _code_aliases()]
    tables = {
        "frenemy_cameo": {
            "raw": [c[0] for c in cameo], "code": [c[1] for c in cameo],
            "root": [c[2].root for c in cameo],
            "quad_class": pa.array([c[2].quad_class for c in cameo], pa.int8()),
            "goldstein": [c[2].goldstein for c in cameo],
            "plover_type": pa.array([c[3][0] for c in cameo], pa.string()),
            "plover_mode": pa.array([c[3][1] for c in cameo], pa.string())},
        "frenemy_fips": {"fips": list(country_by_fips()),
                         "code": [c.code for c in country_by_fips().values()]},
        "frenemy_countries": {"code": [c for c in countries() if len(c) == 3]},
    }
    for name, columns in tables.items():
        store.conn.register("frenemy_taxonomy_rows", pa.table(columns))
        try:
            store.conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS "
                               "SELECT * FROM frenemy_taxonomy_rows")
        finally:
            store.conn.unregister("frenemy_taxonomy_rows")


# -- files -------------------------------------------------------------------------------
@contextmanager
def _members(path: Path) -> Iterator[Iterator[tuple[str, Path]]]:
    """(name to report, file DuckDB reads) of a plain, .gz or .zip file; a .zip's members
    are extracted to a temporary folder, one at a time."""
    if path.suffix.lower() != ".zip":
        yield iter([(str(path), path)])
        return
    with tempfile.TemporaryDirectory(prefix="frenemy-gdelt-") as folder, \
            zipfile.ZipFile(path) as archive:
        def extract() -> Iterator[tuple[str, Path]]:
            for index, name in enumerate(archive.namelist()):
                if name.endswith("/"):
                    continue
                target = Path(folder) / f"member{index}"
                with archive.open(name) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink, 1 << 20)
                yield f"{path}!{name}", target
                target.unlink()
        yield extract()


def _gz(path: Path, original: Path) -> bool:
    return original.suffix.lower() == ".gz" and path == original


def _lines(path: Path, gz: bool) -> list[str]:
    """The file's lines as the Python reader sees them (for reporting rows DuckDB rejected)."""
    data = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
    return data.decode("utf-8", errors="replace").splitlines()


def _width(path: Path, gz: bool) -> int:
    """Fields of the file's first non-blank line: which GDELT layout the file has."""
    with (gzip.open(path, "rb") if gz else path.open("rb")) as handle:
        for raw in handle:
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if line.strip():
                return line.count("\t") + 1
    return 0


# -- SQL ---------------------------------------------------------------------------------
def _read_csv(path: Path, width: int, gz: bool) -> str:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (f"read_csv('{str(path).replace(chr(39), chr(39) * 2)}', columns = {columns}, "
            "delim = '\t', quote = '', escape = '', header = false, auto_detect = false, "
            "strict_mode = true, null_padding = false, "
            f"compression = '{'gzip' if gz else 'none'}', store_rejects = true, "
            f"rejects_table = '{_REJECTS}', rejects_scan = '{_SCANS}')")


def _float(column: str) -> str:
    return f"CASE WHEN {column} = 'NA' THEN NULL ELSE TRY_CAST({column} AS DOUBLE) END"


def _int(column: str, default: str) -> str:
    return (f"CASE WHEN regexp_matches({column}, '{_INT}') "
            f"THEN TRY_CAST(trim({column}) AS INTEGER) ELSE {default} END")


def _hash(*parts: str) -> str:
    """content_hash(...) in SQL: the first 16 hex digits of sha256 of the parts joined by
    the unit separator."""
    return f"substr(sha256({' || chr(31) || '.join(parts)}), 1, 16)"


def _date(column: str) -> str:
    """_gdelt_date in SQL: the first eight characters as YYYYMMDD (NULL if not a date)."""
    return (f"CASE WHEN regexp_matches({column}, '^[0-9]{{8}}') AND "
            f"substr({column}, 1, 4) <> '0000' THEN "
            f"CAST(try_strptime(substr({column}, 1, 8), '%Y%m%d') AS DATE) END")


def _country(code: str, given: str) -> str:
    """A side's country: GDELT's own, else the code's first three letters if a country."""
    return (f"coalesce({given}, CASE WHEN substr({code}, 1, 3) IN "
            f"(SELECT code FROM frenemy_countries) THEN substr({code}, 1, 3) END)")


def _stage_events(source: str, width: int) -> str:
    geo = 8 if width == 61 else 7
    action = 5 + 20 + 10 + 2 * geo
    lat, lon, place, fips = (f"r.c{action + geo - 3}", f"r.c{action + geo - 2}",
                             f"r.c{action + 1}", f"r.c{action + 2}")
    values = {
        "event_id": _hash("'gdelt'", "coalesce(r.c0, '')"),
        "doc_id": "NULL", "sentence_index": "NULL", "date": _date("r.c1"),
        "date_precision": "'day'", "source": "r.c5", "source_name": "r.c6",
        "source_country": _country("r.c5", "r.c7"), "target": "r.c15", "target_name": "r.c16",
        "target_country": _country("r.c15", "r.c17"), "code": "t.code", "root": "t.root",
        "quad_class": "t.quad_class", "goldstein": f"coalesce({_float('r.c30')}, t.goldstein)",
        "plover_type": "t.plover_type", "plover_mode": "t.plover_mode",
        "location_name": place, "location_country": "f.code",
        "location_lat": _float(lat), "location_lon": _float(lon),
        "negated": "false", "hypothetical": "false", "confidence": "1.0",
        "source_inferred": "false", "target_inferred": "false", "coder_version": "''",
        "dataset": "'gdelt'", "num_mentions": _int("r.c31", "1"),
        "num_sources": _int("r.c32", "1"), "num_articles": _int("r.c33", "1"),
    }
    select = ", ".join(f"{values.get(name, 'NULL')} AS {name}" for name in EVENT_FIELDS)
    return (f"CREATE OR REPLACE TEMP TABLE {_STAGED} AS SELECT {select}, r.c0 AS raw_id "
            f"FROM {source} r "
            "LEFT JOIN frenemy_cameo t ON t.raw = trim(r.c26, ' \t\n\r\x0b\x0c') "
            f"LEFT JOIN frenemy_fips f ON f.fips = {fips}")


def _stage_mentions(source: str) -> str:
    event, identifier = "trim(coalesce(r.c0, ''))", "trim(coalesce(r.c5, ''))"
    sentence = _int("r.c6", "0")
    return (f"CREATE OR REPLACE TEMP TABLE {_STAGED} AS SELECT "
            f"{_hash(chr(39) + 'gdelt' + chr(39), event)} AS event_id, "
            f"{_hash(chr(39) + 'gdelt-mention' + chr(39), identifier)} AS doc_id, "
            f"{identifier} AS url, nullif(trim(coalesce(r.c4, '')), '') AS outlet, "
            f"{_date('r.c2')} AS published, "
            f"CASE WHEN {sentence} > 0 THEN {sentence} - 1 END AS sentence_index, "
            f"regexp_matches({event}, '^[0-9]+$') AND {identifier} <> '' AS ok, "
            f"r.c0 AS raw_id FROM {source} r")


# -- one file ----------------------------------------------------------------------------
def _import_file(store: Store, name: str, path: Path, gz: bool, result: ImportResult) -> None:
    width = _width(path, gz)
    if width not in EVENT_WIDTHS + MENTION_WIDTHS:
        _python_rows(name, _lines(path, gz), None, None, store, result)
        return
    conn, mentions = store.conn, width in MENTION_WIDTHS
    source = _read_csv(path, width, gz)
    conn.execute(_stage_mentions(source) if mentions else _stage_events(source, width))
    ok = "ok AND published IS NOT NULL" if mentions else "code IS NOT NULL AND date IS NOT NULL"
    rejected = {int(r[0]) for r in conn.execute(
        f"SELECT DISTINCT line FROM {_REJECTS}").fetchall()}
    conn.execute(f"DROP TABLE IF EXISTS {_REJECTS}; DROP TABLE IF EXISTS {_SCANS}")
    bad_ids = {r[0] or "" for r in conn.execute(
        f"SELECT DISTINCT raw_id FROM {_STAGED} WHERE NOT ({ok})").fetchall()}
    valid = _count(store, f"SELECT count(*) FROM {_STAGED} WHERE {ok}")
    result.rows_read += valid
    with store.transaction("events", "stored events are skipped"):
        if mentions:
            result.mentions_added += _insert_mentions(store, ok)
        else:
            added = _insert_events(store, ok)
            result.events_added += added
            result.events_skipped += valid - added
    if rejected or bad_ids:
        good_ids = {r[0] or "" for r in conn.execute(
            f"SELECT DISTINCT raw_id FROM {_STAGED} WHERE {ok} AND coalesce(raw_id, '') "
            "IN (SELECT unnest(?))", [sorted(bad_ids)]).fetchall()}
        _python_rows(name, _lines(path, gz), rejected, (bad_ids, good_ids), store, result)
    conn.execute(f"DROP TABLE IF EXISTS {_STAGED}")


def _count(store: Store, statement: str) -> int:
    row = store.conn.execute(statement).fetchone()
    return int(row[0]) if row else 0


def _insert_events(store: Store, ok: str) -> int:
    names = ", ".join(EVENT_FIELDS)
    before = _count(store, "SELECT count(*) FROM events")
    repeated = _count(store, f"SELECT count(*) - count(DISTINCT event_id) FROM {_STAGED} "
                             f"WHERE {ok}")
    verb = "INSERT OR IGNORE INTO" if repeated else "INSERT INTO"  # a file may repeat a row
    store.conn.execute(
        f"{verb} events ({names}) SELECT {names} FROM {_STAGED} s "
        f"WHERE {ok} AND NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = s.event_id)")
    codes = store.conn.execute(
        f"SELECT DISTINCT code FROM (SELECT source AS code FROM {_STAGED} WHERE {ok} "
        f"UNION SELECT target FROM {_STAGED} WHERE {ok}) WHERE code IS NOT NULL "
        "AND code NOT IN (SELECT code FROM actors)").fetchall()
    store.add_actor_codes([c[0] for c in codes])
    return _count(store, "SELECT count(*) FROM events") - before


def _insert_mentions(store: Store, ok: str) -> int:
    before = _count(store, "SELECT count(*) FROM event_mentions")
    store.conn.execute(
        "INSERT OR IGNORE INTO documents (doc_id, source_id, url, title, published, outlet, "
        "language, text, date_precision) SELECT doc_id, any_value(url), any_value(url), NULL, "
        "any_value(published), any_value(outlet), NULL, '', 'day' "
        f"FROM {_STAGED} WHERE {ok} GROUP BY doc_id")
    store.conn.execute(
        "INSERT OR IGNORE INTO event_mentions SELECT DISTINCT event_id, doc_id, sentence_index "
        f"FROM {_STAGED} WHERE {ok}")
    return _count(store, "SELECT count(*) FROM event_mentions") - before


def _python_rows(name: str, lines: list[str], numbers: set[int] | None,
                 ids: tuple[set[str], set[str]] | None, store: Store,
                 result: ImportResult) -> None:
    """The few rows DuckDB could not take (or a file not in a GDELT layout), read by the
    Python reader: its reason is reported, or the row it can read is stored."""
    events: list[Event] = []
    mentions: list[Mention] = []
    for number, line in enumerate(lines, start=1):
        raw_id = line.split("\t", 1)[0]
        from_sql = ids is not None and raw_id in ids[0]
        if numbers is not None and number not in numbers and not from_sql:
            continue
        item = read_gdelt_line(name, number, line)
        if item is None:
            continue
        if isinstance(item, InputIssue):
            result.issues.append(item)
        elif not (from_sql and ids is not None and raw_id in ids[1]):
            result.rows_read += 1
            if isinstance(item, Mention):
                mentions.append(item)
            else:
                events.append(item)
    unique = {e.event_id: e for e in events}
    added = store.add_events(list(unique.values()))
    result.events_added += added
    result.events_skipped += len(events) - added
    result.mentions_added += store.add_mentions(mentions)


def import_gdelt(paths: list[Path], store: Store, result: ImportResult) -> None:
    """Import GDELT event and mentions files, each read by DuckDB and mapped in SQL, counting
    into the import's result."""
    _load_taxonomy(store)
    for path in paths:
        if not path.exists():
            result.issues.append(InputIssue(str(path), None, "no such file"))
            continue
        try:
            with _members(path) as members:
                for name, member in members:
                    _import_file(store, name, member, _gz(member, path), result)
        except (OSError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile, duckdb.Error) as exc:
            result.issues.append(InputIssue(str(path), None, f"cannot read ({exc})"))
