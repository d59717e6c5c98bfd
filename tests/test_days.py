"""The day sums (frenemy.days) are the sums of the events after ingest, imports, deletions and
re-imports, and the relations read from them answer exactly as from the events."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from frenemy import EventQuery, open_store
from frenemy.analysis.alerts import alerts
from frenemy.analysis.network import NetworkOptions, network
from frenemy.analysis.relations import RelationOptions, dyad_series
from frenemy.analysis.status import status
from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.days import DAYS_MIGRATION, days_source
from frenemy.schema import MIGRATIONS, SCHEMA_VERSION
from frenemy.store import Store
from frenemy.web import dashboard

from .conftest import ROOT, _event, shared_path

POLECAT = ROOT / "tests" / "data" / "polecat_sample.txt"
SUMMED = ("SELECT source_country, target_country, date, count(*), "
          + ", ".join(f"count(*) FILTER (quad_class = {q})" for q in (1, 2, 3, 4))
          + ", sum(goldstein::DECIMAL(18, 3)) FROM events GROUP BY ALL ORDER BY ALL")


def _table(store: Store) -> list[tuple[Any, ...]]:
    return store.sql("SELECT * FROM event_days ORDER BY ALL")


def assert_in_step(store: Store) -> None:
    assert _table(store) == store.sql(SUMMED)
    assert days_source(store.conn) == "event_days"


def test_ingest_sums_every_event(demo_db: Path):
    with open_store(demo_db, read_only=True) as store:
        assert store.count("events") > 50
        assert_in_step(store)


def test_imports_deletions_and_reimports_keep_the_sums(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    with open_store(db) as store:
        import_events([POLECAT], store, ImportOptions(format="polecat"))
        assert_in_step(store)
        whole = _table(store)
        import_events([POLECAT], store, ImportOptions(format="polecat"))
        assert _table(store) == whole
        first = store.sql("SELECT min(date) FROM events")[0][0]
    # Another program deletes the events of the first day.
    other = duckdb.connect(str(db))
    other.execute("DELETE FROM events WHERE date = ?", [first])
    other.close()
    with open_store(db, read_only=True) as store:  # read-only: the events answer
        assert days_source(store.conn) != "event_days"
        assert store.count_events(EventQuery(country="ARM")) == store.sql(
            "SELECT count(*) FROM events WHERE 'ARM' IN (source_country, target_country)")[0][0]
    with open_store(db) as store:  # writable: the sums catch up
        assert_in_step(store)
        assert _table(store) != whole
        import_events([POLECAT], store, ImportOptions(format="polecat"))
        assert_in_step(store)
        assert _table(store) == whole


def test_migration_sums_the_events_already_stored(tmp_path: Path):
    db = tmp_path / "old.duckdb"
    with open_store(db) as store:
        import_events([POLECAT], store, ImportOptions(format="polecat"))
        whole = _table(store)
    # The database as the schema before the day sums left it (ART indexes included).
    old = duckdb.connect(str(db))
    old.execute("DROP TABLE event_days; CREATE INDEX events_date ON events(date); "
                "DELETE FROM schema_version WHERE version >= ?",
                [MIGRATIONS.index(DAYS_MIGRATION) + 1])
    old.close()
    with open_store(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert_in_step(store)
        assert _table(store) == whole
        assert not store.sql("SELECT * FROM duckdb_indexes() WHERE table_name = 'events'")


def test_gdelt_import_in_sql_keeps_the_sums(tmp_path: Path):
    path = shared_path("data", "formats", "gdelt2_events_export_20180326044500_300rows.tsv")
    with open_store(tmp_path / "g.duckdb") as store:
        import_events([path], store, ImportOptions(format="gdelt", engine="duckdb"))
        assert store.count("events") > 200
        assert_in_step(store)


def test_undated_events_are_summed_under_no_day(tmp_path: Path):
    day = date(2023, 3, 1)
    events = [_event(1, day, "IRN", "AZE", "fight"), _event(2, day, "AZE", "IRN", "aid")]
    undated = _event(3, day, "IRNGOV", "AZE", "accuse")
    undated.date = None
    with open_store(tmp_path / "u.duckdb") as store:
        store.add_events([*events, undated])
        assert_in_step(store)
        assert store.count_events(EventQuery(dyad=("IRN", "AZE"))) == 3
        assert [p.events for p in dyad_series(store, "IRN", "AZE")] == [2]
        listed = store.events(EventQuery(dyad=("IRN", "AZE"), limit=2, offset=1))
        dated = sorted(e.event_id for e in events)
        assert [e["event_id"] for e in listed] == [dated[1], undated.event_id]


_PLACES = "['IRN', 'AZE', 'ARM', 'TUR', 'RUS', 'UNK']"  # UNK: no country


def _generate(store: Store, events: int) -> None:
    """Events drawn from hashes of their number: six countries and a few without one, some
    undated, a burst of fighting for alerts."""
    quads = [("040", 1, 1.0), ("070", 2, 7.4), ("112", 3, -2.0), ("190", 4, -10.0)]
    with store.transaction("generated events", "generate again"):
        store.conn.execute(f"""
            INSERT INTO events (event_id, date, source, source_country, target, target_country,
                                code, root, quad_class, goldstein, dataset)
            SELECT 'g' || n, CASE WHEN n % 97 = 0 THEN NULL ELSE
                       DATE '2021-01-01' + (hash(n) // 36 % 730)::INTEGER END,
                   s || 'GOV', nullif(s, 'UNK'), t, nullif(t, 'UNK'), q.code, left(q.code, 2),
                   q.quad, q.goldstein + (hash(n) // 105120 % 7) / 10, 'gen'
            FROM (SELECT n, {_PLACES}[1 + (hash(n) % 6)::INTEGER] AS s,
                         {_PLACES}[1 + (hash(n) // 6 % 6)::INTEGER] AS t,
                         1 + (hash(n) // 26280 % 3 + (hash(n) % 6 + hash(n) // 6 % 6) % 2)::INTEGER
                             AS k FROM range({events}) r(n))
            JOIN (SELECT unnest(?) AS code, unnest(?) AS quad, unnest(?) AS goldstein,
                         generate_subscripts(?, 1) AS k) q USING (k)""",
            [[c for c, _, _ in quads], [q for _, q, _ in quads], [g for _, _, g in quads],
             [c for c, _, _ in quads]])
    burst = date(2022, 6, 6)
    store.add_events([_event(n, burst + timedelta(days=n % 14), "IRNMIL", "AZE", "fight")
                      for n in range(40)])


def _answers(store: Store) -> dict[str, Any]:
    view = dashboard.ViewOptions()
    window = dashboard.ViewOptions(since=date(2022, 1, 1), until=date(2022, 12, 31), by="week",
                                   events=EventQuery(limit=7, offset=30))
    return {
        "series": [asdict(p) for by in ("day", "week", "year") for p in dyad_series(
            store, "IRN", "AZE", RelationOptions(by=by))],
        "directed": [asdict(p) for p in dyad_series(store, "AZE", "IRN", RelationOptions(
            directed=True, since=date(2021, 5, 3), until=date(2022, 2, 1)))],
        "status": [asdict(s) for s in status(store, RelationOptions(by="quarter"))],
        "status month": [asdict(s) for s in status(store, RelationOptions(
            by="month", since=date(2021, 7, 1)))],
        "alerts": [a.to_dict() for a in alerts(store)],
        "network": network(store, NetworkOptions(min_events=1)).to_dict(),
        "overview": dashboard.overview(store, view),
        "dyad page": dashboard.dyad_detail(store, "IRN", "AZE", view),
        "dyad window": dashboard.dyad_detail(store, "ARM", "TUR", window),
        "counts": [store.count_events(q) for q in (
            EventQuery(dyad=("IRN", "AZE")), EventQuery(country="RUS", until=date(2021, 3, 1)))],
    }


def test_relations_from_the_sums_equal_those_from_the_events(tmp_path: Path):
    db = tmp_path / "g.duckdb"
    with open_store(db) as store:
        _generate(store, 30_000)
        assert_in_step(store)
        summed = _answers(store)
        assert summed["alerts"] and summed["status"] and summed["network"]["edges"]
        # The page of a dyad's events read from its days only is the page of all its events.
        for offset in (0, 500, 1_600):
            quick = store.events(EventQuery(dyad=("ARM", "TUR"), limit=20, offset=offset))
            full = store.events(EventQuery(dyad=("ARM", "TUR"), dataset="gen", limit=20,
                                           offset=offset))
            assert quick == full and len(quick) == 20
    other = duckdb.connect(str(db))
    other.execute("DELETE FROM event_days WHERE date < DATE '2022-01-01'")
    other.close()
    with open_store(db, read_only=True) as store:
        assert days_source(store.conn) != "event_days"
        assert _answers(store) == summed
