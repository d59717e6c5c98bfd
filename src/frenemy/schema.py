"""Schema: the database's tables, their migrations (SCHEMA_VERSION) and the rows they take."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from frenemy.days import DAYS_MIGRATION
from frenemy.model import EVENT_FIELDS
from frenemy.taxonomy import countries

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "DOCUMENT_COLUMNS", "SENTENCE_COLUMNS",
           "arrow_column", "with_countries"]

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
    # v7: the files a download (GDELT by date) imported, so that a re-run skips them.
    """
    CREATE TABLE imported_files (
        source VARCHAR NOT NULL, name VARCHAR NOT NULL, md5 VARCHAR, bytes BIGINT,
        rows_read INTEGER, events_added INTEGER, mentions_added INTEGER, run_id VARCHAR,
        imported TIMESTAMP, PRIMARY KEY (source, name)
    );
    """,
    # v8: the day sums the relations read (frenemy.days), summed from the events stored.
    DAYS_MIGRATION,
)
SCHEMA_VERSION = len(MIGRATIONS)
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

