"""Schema: the database's tables, their migrations (SCHEMA_VERSION), the rows they take, and
the same tables as a read-only Parquet lake."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from frenemy.days import DAYS_MIGRATION
from frenemy.errors import StoreError
from frenemy.model import EVENT_FIELDS
from frenemy.taxonomy import countries

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "DOCUMENT_COLUMNS", "SENTENCE_COLUMNS",
           "arrow_column", "with_countries", "sql_path", "EVENTS_ORDER", "LAKE_MANIFEST",
           "LAKE_TABLES", "LAKE_SINCE", "NULL_PARTITION", "lake_manifest", "lake_files",
           "open_lake"]

_EVENT_COLUMNS = """
    event_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR,
    sentence_index INTEGER,
    date DATE,
    date_precision VARCHAR,
    source VARCHAR,
    source_name VARCHAR,
    source_country VARCHAR,
    target VARCHAR,
    target_name VARCHAR,
    target_country VARCHAR,
    code VARCHAR NOT NULL,
    root VARCHAR NOT NULL,
    quad_class TINYINT NOT NULL,
    goldstein DOUBLE NOT NULL,
    plover_type VARCHAR,
    plover_mode VARCHAR,
    location_name VARCHAR,
    location_country VARCHAR,
    location_lat DOUBLE,
    location_lon DOUBLE,
    source_start INTEGER,
    source_end INTEGER,
    target_start INTEGER,
    target_end INTEGER,
    trigger_start INTEGER,
    trigger_end INTEGER,
    trigger VARCHAR,
    confidence DOUBLE,
    coder_version VARCHAR,
    dataset VARCHAR NOT NULL,
    num_mentions INTEGER,
    num_sources INTEGER,
    num_articles INTEGER
"""


def _copy_events(copy: str, event_id: str) -> str:
    """A migration that copies the events, in their order, into a new table whose event_id
    is declared so (DuckDB alters neither a key nor a column's compression)."""
    columns = _EVENT_COLUMNS.replace("PRIMARY KEY", event_id)
    return f"""
    CREATE TABLE {copy} ({columns},
        pattern VARCHAR, negated BOOLEAN DEFAULT false, hypothetical BOOLEAN DEFAULT false,
        source_inferred BOOLEAN DEFAULT false, target_inferred BOOLEAN DEFAULT false);
    INSERT INTO {copy} BY NAME SELECT * FROM events;
    DROP TABLE events;
    ALTER TABLE {copy} RENAME TO events;
    """


# Each entry migrates the schema from version i to i + 1; never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    f"""
    CREATE TABLE documents (
        doc_id VARCHAR PRIMARY KEY, source_id VARCHAR, url VARCHAR, title VARCHAR,
        published DATE, outlet VARCHAR, language VARCHAR, text VARCHAR NOT NULL
    );
    CREATE TABLE sentences (
        doc_id VARCHAR NOT NULL, sentence_index INTEGER NOT NULL, start_char INTEGER,
        end_char INTEGER, text VARCHAR, PRIMARY KEY (doc_id, sentence_index)
    );
    CREATE TABLE events ({_EVENT_COLUMNS});
    CREATE TABLE actors (
        code VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR, roles VARCHAR
    );
    CREATE TABLE ingest_runs (
        run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, command VARCHAR,
        inputs VARCHAR, documents_read INTEGER, documents_added INTEGER,
        documents_skipped INTEGER, events_added INTEGER, errors INTEGER, status VARCHAR
    );
    CREATE TABLE ingest_errors (
        run_id VARCHAR, file VARCHAR, line INTEGER, reason VARCHAR
    );
    CREATE INDEX events_date ON events(date);
    CREATE INDEX events_source_country ON events(source_country);
    CREATE INDEX events_target_country ON events(target_country);
    """,
    """
    ALTER TABLE events ADD COLUMN pattern VARCHAR;
    ALTER TABLE events ADD COLUMN negated BOOLEAN DEFAULT false;
    ALTER TABLE events ADD COLUMN hypothetical BOOLEAN DEFAULT false;
    """,
    """
    CREATE TABLE document_clusters (
        doc_id VARCHAR PRIMARY KEY, cluster_id VARCHAR NOT NULL, signature BLOB
    );
    CREATE TABLE event_mentions (
        event_id VARCHAR NOT NULL, doc_id VARCHAR NOT NULL, sentence_index INTEGER,
        PRIMARY KEY (event_id, doc_id, sentence_index)
    );
    CREATE INDEX document_clusters_cluster ON document_clusters(cluster_id);
    """,
    # v4: every event's side carries its country when its code starts with one, so that
    # relations read a plain column instead of working the country out per row.
    "".join(
        f"UPDATE events SET {side}_country = CASE WHEN substr({side}, 1, 3) IN "
        f"({', '.join(repr(c) for c in sorted(countries()) if len(c) == 3)}) "
        f"THEN substr({side}, 1, 3) END WHERE coalesce({side}_country, '') = '';"
        for side in ("source", "target")),
    # v5: a document's date may be known to the month or the year only ("2023-08").
    """
    ALTER TABLE documents ADD COLUMN date_precision VARCHAR;
    UPDATE documents SET date_precision = 'day' WHERE published IS NOT NULL;
    """,
    # v6: whether a side's country was inferred (clause's place, earlier mention, home).
    """
    ALTER TABLE events ADD COLUMN source_inferred BOOLEAN DEFAULT false;
    ALTER TABLE events ADD COLUMN target_inferred BOOLEAN DEFAULT false;
    """,
    # v7: the files a download (GDELT by date, a watch's GDELT update) imported, so that a
    # re-run skips them.
    """
    CREATE TABLE imported_files (
        source VARCHAR NOT NULL, name VARCHAR NOT NULL, md5 VARCHAR, bytes BIGINT,
        rows_read INTEGER, events_added INTEGER, mentions_added INTEGER, run_id VARCHAR,
        imported TIMESTAMP, PRIMARY KEY (source, name)
    );
    """,
    # v8: the alerts `frenemy watch` announced (pending: the webhook has not taken them yet).
    """
    CREATE TABLE announced_alerts (
        alert_key VARCHAR PRIMARY KEY, dyad VARCHAR NOT NULL, start DATE, "end" DATE,
        level VARCHAR, score DOUBLE, announced TIMESTAMP, pending BOOLEAN DEFAULT false
    );
    """,
    # v9: the day sums the relations read (frenemy.days), summed from the events stored.
    DAYS_MIGRATION,
    # v10: events without the primary key. Its index made storing an event cost twice what
    # the rest did (a million imported rows: 1.8 s of 6.3) and held memory at GDELT scale;
    # the writers keep ids unique themselves (Store._insert_events, the DuckDB imports).
    # DuckDB cannot drop a key, so the table is copied, in its order.
    _copy_events("events_v10", "NOT NULL"),
    # v11: event ids compressed by zstd. Unique hashes are what DuckDB's default string
    # compression spends longest on, for little: storing an import's ids took over twice as
    # long, for a database about a tenth smaller (benchmarks/import_speed.py prints its size).
    _copy_events("events_v11", "USING COMPRESSION zstd NOT NULL"),
)
SCHEMA_VERSION = len(MIGRATIONS)
# The version at which the lake's tables last changed their columns (v6: the events'
# inferred sides): a lake exported at any version since reads the same.
LAKE_SINCE = 6
_SOURCE, _SOURCE_COUNTRY, _TARGET, _TARGET_COUNTRY = (
    EVENT_FIELDS.index(f) for f in ("source", "source_country", "target", "target_country"))
DOCUMENT_COLUMNS = ("doc_id", "source_id", "url", "title", "published", "outlet", "language",
                    "text", "date_precision")
SENTENCE_COLUMNS = ("doc_id", "sentence_index", "start_char", "end_char", "text")


_ARROW_TYPES = {"VARCHAR": "string", "INTEGER": "int32", "BIGINT": "int64", "TINYINT": "int8",
                "SMALLINT": "int16", "DOUBLE": "float64", "FLOAT": "float32", "BOOLEAN": "bool_",
                "DATE": "date32", "BLOB": "binary"}


def arrow_column(values: Sequence[Any], duckdb_type: str) -> Any:
    """One column of rows as an Arrow array of the column's own type. A value Arrow cannot
    take as that type (a number written as text) sends the column as text, which DuckDB
    casts on insert as it would a bound parameter."""
    import pyarrow as pa

    kind = _ARROW_TYPES.get(duckdb_type)
    if kind is not None:
        try:
            return pa.array(values, type=getattr(pa, kind)())
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError):
            pass
    return pa.array([None if v is None else v if isinstance(v, str) else str(v)
                     for v in values], type=pa.string())


def with_countries(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """The row with each side's country filled from its code (IRNMIL: IRN) where empty."""
    values = None
    for code, country in ((_SOURCE, _SOURCE_COUNTRY), (_TARGET, _TARGET_COUNTRY)):
        if not row[country]:
            prefix = (row[code] or "")[:3]
            found = prefix if len(prefix) == 3 and prefix in countries() else None
            if found != row[country]:
                values = values or list(row)
                values[country] = found
    return tuple(values) if values else row



def sql_path(path: Path) -> str:
    """A path inside an SQL string literal: COPY and ATTACH cannot bind it as a parameter,
    so quotes are doubled and the path stays a path."""
    return str(path).replace("'", "''")


# -- the tables as a Parquet lake ----------------------------------------------------------
# `frenemy export --format parquet --partition year DIR` writes DIR/frenemy-lake.json and one
# folder per table: events/year=YYYY/data_0.parquet (undated events under Hive's folder for
# NULL keys), the others TABLE/data_0.parquet. Rows are sorted as below, so the same database
# always makes the same files, and a dyad's events sit in few row groups.
LAKE_MANIFEST = "frenemy-lake.json"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
EVENTS_ORDER = "source_country, target_country, date, event_id"
LAKE_TABLES: dict[str, str] = {  # table -> the order of its rows
    "events": EVENTS_ORDER, "event_mentions": "event_id, doc_id, sentence_index",
    "documents": "doc_id", "sentences": "doc_id, sentence_index", "actors": "code",
    "ingest_runs": "started, run_id", "ingest_errors": "run_id, file, line, reason",
}
_LAKE_HINT = "Pass a DuckDB file, or a folder written by `frenemy export --partition year`"


def lake_manifest(lake: Path) -> dict[str, Any]:
    """What a lake's manifest says (schema version, partition, rows per table); an error for
    a folder that is not a lake."""
    try:
        manifest = json.loads((lake / LAKE_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{lake} is a folder but not a frenemy Parquet lake (it has no "
                         f"readable {LAKE_MANIFEST})", _LAKE_HINT) from exc
    if not isinstance(manifest, dict):
        raise StoreError(f"{lake}/{LAKE_MANIFEST} is not a frenemy lake manifest", _LAKE_HINT)
    return manifest


def lake_files(lake: Path, table: str) -> list[Path]:
    """A lake table's Parquet files: the events' under their year folders."""
    return sorted((lake / table).glob("year=*/*.parquet" if table == "events" else "*.parquet"))


def open_lake(lake: Path, writable: bool = False,
              events_in_memory: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB whose tables are views over a lake's Parquet files, read where they
    are, never copied; ``events_in_memory`` reads the events into memory instead, sorted by
    country (a server answering many dyad queries wants them so). A lake is read-only."""
    manifest = lake_manifest(lake)
    if writable:
        raise StoreError(f"{lake} is a Parquet lake, which is read-only",
                         "Write to a DuckDB file (--db FILE.duckdb), then export it again "
                         "with `frenemy export --format parquet --partition year --overwrite`")
    version = manifest.get("schema_version")
    if not isinstance(version, int) or not LAKE_SINCE <= version <= SCHEMA_VERSION:
        raise StoreError(f"the lake {lake} has schema version {version}, this frenemy reads "
                         f"{LAKE_SINCE} to {SCHEMA_VERSION}",
                         "Export it again from its database with this frenemy")
    sources: dict[str, str] = {}
    for table in LAKE_TABLES:
        files = lake_files(lake, table)
        if not files:
            raise StoreError(f"the lake {lake} has no Parquet files for {table}",
                             "Export it again (--overwrite)")
        sources[table] = ("read_parquet([" + ", ".join(f"'{sql_path(f)}'" for f in files)
                          + "], hive_partitioning = false)")
    conn = duckdb.connect()
    try:
        for table, source in sources.items():
            if table == "events" and events_in_memory:
                conn.execute(f"CREATE TABLE events AS SELECT * FROM {source} "
                             f"ORDER BY {EVENTS_ORDER}")
            else:
                conn.execute(f'CREATE VIEW "{table}" AS SELECT * FROM {source}')
        conn.execute(f"CREATE VIEW schema_version AS SELECT {SCHEMA_VERSION} AS version, "
                     "NULL::TIMESTAMP AS applied")
    except duckdb.Error as exc:
        conn.close()
        raise StoreError(f"cannot read the Parquet lake {lake} ({exc})",
                         "Check its files, or export it again (--overwrite)") from exc
    return conn
