"""Both import engines on the same files: the DuckDB one must store what the row reader does."""

from __future__ import annotations

import math
from pathlib import Path

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, ImportResult, import_events

TABLES = {
    "events": "SELECT * FROM events ORDER BY event_id",
    "documents": "SELECT * FROM documents ORDER BY doc_id",
    "event_mentions": "SELECT * FROM event_mentions ORDER BY ALL",
    "actors": "SELECT * FROM actors ORDER BY ALL",
    "ingest_errors": "SELECT file, line, reason FROM ingest_errors ORDER BY ALL",
}


def import_tables(fmt: str, paths: list[Path], db: Path,
                  engine: str = "duckdb") -> tuple[ImportResult, dict]:
    """Import into the database; the result and every table it fills."""
    with open_store(db) as store:
        result = import_events(paths, store, ImportOptions(format=fmt, engine=engine))
        return result, {name: [tuple(_comparable(v) for v in row) for row in store.sql(query)]
                        for name, query in TABLES.items()}


def _comparable(value: object) -> object:
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


def same_both_ways(fmt: str, paths: list[Path], tmp_path: Path) -> tuple[ImportResult, dict]:
    """Import with each engine into its own database: the same tables and counts."""
    old, old_tables = import_tables(fmt, paths, tmp_path / "python.duckdb", "python")
    new, new_tables = import_tables(fmt, paths, tmp_path / "duckdb.duckdb", "duckdb")
    for name in TABLES:
        assert new_tables[name] == old_tables[name], name
    assert (new.rows_read, new.events_added, new.events_skipped, new.mentions_added,
            new.issues, new.exit_code) == (old.rows_read, old.events_added, old.events_skipped,
                                           old.mentions_added, old.issues, old.exit_code)
    return new, new_tables


def reimport_adds_nothing(fmt: str, paths: list[Path], tmp_path: Path,
                          first: ImportResult, tables: dict) -> None:
    """Importing the same files again into the DuckDB engine's database changes nothing:
    every event read is one already stored."""
    again, again_tables = import_tables(fmt, paths, tmp_path / "duckdb.duckdb")
    assert again_tables == tables | {"ingest_errors": again_tables["ingest_errors"]}
    assert (again.events_added, again.mentions_added) == (0, 0)
    assert again.events_skipped == first.events_added + first.events_skipped
    assert again.issues == first.issues
