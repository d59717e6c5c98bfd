"""The Parquet lake: its layout, what it holds, re-exports, and the store read from it."""

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from frenemy import EventQuery, InputError, StoreError, open_store
from frenemy.datasets.lake import LakeOptions, export_lake
from frenemy.schema import LAKE_MANIFEST, LAKE_SINCE, LAKE_TABLES, NULL_PARTITION
from frenemy.store import Store

from ..conftest import dump_tables, mixed_events


@pytest.fixture
def db(demo_db: Path, tmp_path: Path) -> Path:
    """The demo's coded news plus imported events, some of them without a date."""
    path = tmp_path / "mixed.duckdb"
    shutil.copy(demo_db, path)
    with open_store(path) as store:
        store.add_events(mixed_events(300))
    return path


def _export(db: Path, output: Path, **options: object) -> object:
    with open_store(db, read_only=True) as store:
        return export_lake(store, LakeOptions(output=output, **options))  # type: ignore[arg-type]


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_events_are_partitioned_by_year_and_undated_ones_kept(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    result = _export(db, lake)
    folders = sorted(p.name for p in (lake / "events").iterdir())
    assert folders == ["year=2020", "year=2021", "year=2022", "year=2023",
                       f"year={NULL_PARTITION}"]
    conn = duckdb.connect()
    by_year = dict(conn.execute(
        "SELECT year, count(*) FROM read_parquet(?, hive_partitioning = true) GROUP BY year",
        [str(lake / "events" / "*" / "*.parquet")]).fetchall())
    stored = duckdb.connect(str(db), read_only=True)
    assert by_year == dict(stored.execute(
        "SELECT year(date), count(*) FROM events GROUP BY ALL").fetchall())
    assert by_year[None] > 0  # undated events: the year Hive's readers see as NULL
    manifest = json.loads((lake / LAKE_MANIFEST).read_text())
    assert manifest["rows"]["events"] == result.events == sum(by_year.values())  # type: ignore[attr-defined]
    assert manifest["years"][-1] == NULL_PARTITION


def test_the_lake_read_as_a_store_holds_the_same_rows(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    _export(db, lake)
    tables = tuple(LAKE_TABLES)
    with Store(lake, read_only=True) as store:
        from_lake = {t: sorted(store.sql(f"SELECT * FROM {t}"), key=repr) for t in tables}
        columns = store.sql("SELECT column_name, data_type FROM information_schema.columns "
                            "WHERE table_name = 'events' ORDER BY ordinal_position")
    assert from_lake == dump_tables(db, tables)
    stored = duckdb.connect(str(db), read_only=True)
    assert columns == stored.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'events' ORDER BY ordinal_position").fetchall()
    in_memory = Store.in_memory(lake)  # what a server reads: events in memory, sorted
    try:
        assert in_memory.count("events") == len(from_lake["events"])
        assert in_memory.events(EventQuery(dyad=("IRN", "AZE"))) == Store(
            db, read_only=True).events(EventQuery(dyad=("IRN", "AZE")))
    finally:
        in_memory.close()


def test_reexport_refuses_and_overwrite_replaces_with_the_same_files(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    _export(db, lake)
    first = _files(lake)
    with pytest.raises(InputError, match="already holds a Parquet lake") as refused:
        _export(db, lake)
    assert "--overwrite" in str(refused.value)
    assert _files(lake) == first
    _export(db, lake, overwrite=True)
    assert _files(lake) == first  # nothing duplicated; the same database, the same bytes
    assert not any(p.name.startswith("lake.") for p in tmp_path.iterdir())
    with Store(lake, read_only=True) as store:
        assert store.count("events") == len(dump_tables(db, ("events",))["events"])


def test_overwrite_never_replaces_what_is_not_a_lake(db: Path, tmp_path: Path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(InputError, match="is not a frenemy Parquet lake"):
        _export(db, folder, overwrite=True)
    assert (folder / "notes.txt").read_text() == "keep me"
    empty = tmp_path / "empty"
    empty.mkdir()
    _export(db, empty)  # an empty folder is fine
    assert (empty / LAKE_MANIFEST).is_file()


def test_an_interrupted_export_keeps_the_old_lake(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    _export(db, lake, query=EventQuery(dyad=("IRN", "AZE")))
    before = _files(lake)

    def interrupt(done: int, total: int) -> None:
        if done:  # some files written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _export(db, lake, overwrite=True, on_progress=interrupt)
    assert _files(lake) == before
    (tmp_path / "lake.partial").mkdir()  # what a killed export leaves
    (tmp_path / "lake.partial" / "junk").write_text("x")
    _export(db, lake, overwrite=True)
    assert not (tmp_path / "lake.partial").exists()
    with Store(lake, read_only=True) as store:
        assert store.count("events") > len(before)


def test_a_filtered_lake_keeps_the_documents_behind_its_events(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    result = _export(db, lake, query=EventQuery(dyad=("IRN", "AZE")))
    with Store(lake, read_only=True) as store, Store(db, read_only=True) as stored:
        events = store.events()
        assert events == stored.events(EventQuery(dyad=("IRN", "AZE")))
        assert len(events) == result.events > 0  # type: ignore[attr-defined]
        docs = {e["doc_id"] for e in events if e["doc_id"]}
        assert {d for (d,) in store.sql("SELECT doc_id FROM documents")} == docs
        assert store.sql("SELECT count(*) FROM sentences") == stored.sql(
            "SELECT count(*) FROM sentences WHERE doc_id IN (SELECT unnest(?))", [sorted(docs)])
        assert all(e["sentence"] for e in store.events(with_sentence=True) if e["doc_id"])
        mentioned = {m for (m,) in store.sql("SELECT event_id FROM event_mentions")}
        assert mentioned <= {e["event_id"] for e in events}


def test_an_empty_database_makes_an_empty_lake(tmp_path: Path):
    with open_store(tmp_path / "empty.duckdb"):
        pass
    lake = tmp_path / "lake"
    assert _export(tmp_path / "empty.duckdb", lake).events == 0  # type: ignore[attr-defined]
    with Store(lake, read_only=True) as store:
        assert store.count("events") == 0 and store.events() == []


def test_a_lake_is_read_only_and_other_folders_are_not_databases(db: Path, tmp_path: Path):
    lake = tmp_path / "lake"
    _export(db, lake)
    with pytest.raises(StoreError) as refused:
        Store(lake)
    assert str(refused.value).startswith(f"{lake} is a Parquet lake, which is read-only. ")
    with pytest.raises(StoreError, match="not a frenemy Parquet lake"):
        Store(tmp_path, read_only=True)
    manifest = json.loads((lake / LAKE_MANIFEST).read_text())
    (lake / LAKE_MANIFEST).write_text(json.dumps({**manifest, "schema_version": 1}))
    with pytest.raises(StoreError, match="schema version 1"):
        Store(lake, read_only=True)
    # A lake from a version whose tables have the same columns (since LAKE_SINCE) reads.
    (lake / LAKE_MANIFEST).write_text(json.dumps({**manifest, "schema_version": LAKE_SINCE}))
    with Store(lake, read_only=True) as lake_store, open_store(db) as store:
        assert lake_store.count("events") == store.count("events") > 0


def test_partition_must_be_a_year(db: Path, tmp_path: Path):
    with pytest.raises(InputError, match="cannot partition by 'month'"):
        _export(db, tmp_path / "lake", partition="month")
    assert not list(tmp_path.glob("lake*"))
