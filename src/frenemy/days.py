"""Day sums: events per country pair and day, which relations read instead of the events."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import duckdb

from frenemy.taxonomy import countries

__all__ = ["DAYS_MIGRATION", "SUMS", "count_events", "days_source", "first_dates",
           "sync_days"]

# Every relation measure (dyad series, status, alerts, network, coverage) is a sum of these
# over days, so a table of them per (source country, target country, day) answers it from a
# few million rows however many events there are. Undated events are summed under a NULL day.
SUMS = ("events", "verbal_cooperation", "material_cooperation", "verbal_conflict",
        "material_conflict", "goldstein")
_KEY = "source_country, target_country, date"
_AGGREGATES = ("count(*), count(*) FILTER (quad_class = 1), count(*) FILTER (quad_class = 2), "
               "count(*) FILTER (quad_class = 3), count(*) FILTER (quad_class = 4), "
               # Decimal, as the relations sum Goldstein scores: exact, so that sums of day
               # sums equal the sums of the events, and sum / count equals avg() bit for bit.
               "sum(goldstein::DECIMAL(18, 3))")


def _sum_events(where: str = "") -> str:
    return (f"SELECT {_KEY}, {_AGGREGATES} FROM events{where} GROUP BY {_KEY}")


DAYS_MIGRATION = f"""
    CREATE TABLE event_days (
        source_country VARCHAR, target_country VARCHAR, date DATE, events BIGINT NOT NULL,
        verbal_cooperation BIGINT NOT NULL, material_cooperation BIGINT NOT NULL,
        verbal_conflict BIGINT NOT NULL, material_conflict BIGINT NOT NULL,
        goldstein DECIMAL(38, 3) NOT NULL
    );
    INSERT INTO event_days {_sum_events()} ORDER BY {_KEY};
    -- DuckDB filters events by date and country with its zone maps, never with these ART
    -- indexes (EXPLAIN shows sequential scans): they only slowed inserts and held memory.
    DROP INDEX IF EXISTS events_date;
    DROP INDEX IF EXISTS events_source_country;
    DROP INDEX IF EXISTS events_target_country;
"""
_STALE = "frenemy_stale_days"


def days_source(conn: duckdb.DuckDBPyConnection) -> str:
    """What to read the day sums from: the table when it accounts for every event; otherwise
    (a database changed by another program and opened read-only, a Parquet lake) the same
    sums computed from the events, slower but the same answers."""
    found = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'event_days' "
        "AND table_schema = 'main' AND table_catalog = current_database()").fetchone()
    if found and found[0] and _in_step(conn):
        return "event_days"
    return f"({_sum_events()}) AS event_days({', '.join([_KEY, *SUMS])})"


def _in_step(conn: duckdb.DuckDBPyConnection) -> bool:
    row = conn.execute("SELECT (SELECT count(*) FROM events) = "
                       "(SELECT coalesce(sum(events), 0) FROM event_days)").fetchone()
    return bool(row and row[0])


def sync_days(conn: duckdb.DuckDBPyConnection) -> None:
    """Bring the day sums up to the events, inside the caller's transaction: the days whose
    number of events changed (events added or deleted, by frenemy or not) are summed again
    from their events. Costs one count while nothing changed. Changing events in place (an
    UPDATE of their countries, dates or codes) is not seen: rebuild the table after one."""
    if _in_step(conn):
        return
    conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_STALE} AS SELECT coalesce(e.date, d.date) AS date "
        "FROM (SELECT date, count(*) AS n FROM events GROUP BY date) e FULL JOIN "
        "(SELECT date, sum(events) AS n FROM event_days GROUP BY date) d "
        "ON e.date IS NOT DISTINCT FROM d.date WHERE e.n IS DISTINCT FROM d.n")
    stale = (f"(date IN (SELECT date FROM {_STALE}) OR (date IS NULL AND EXISTS "
             f"(SELECT 1 FROM {_STALE} WHERE date IS NULL)))")
    conn.execute(f"DELETE FROM event_days WHERE {stale}")
    # In the order of a pair's days, so that DuckDB reads few row groups for one dyad.
    conn.execute(f"INSERT INTO event_days {_sum_events(f' WHERE {stale}')} ORDER BY {_KEY}")
    conn.execute(f"DROP TABLE {_STALE}")


def _filters(query: Any) -> tuple[str, list[Any]] | None:
    """An event query's condition on the day sums, when it filters only by countries and
    dates (a dyad of two countries, a country, since, until); None otherwise."""
    plain = {"dyad", "country", "since", "until", "limit", "offset"}
    if any(getattr(query, f.name) != f.default for f in dataclasses.fields(query)
           if f.name not in plain) or (query.dyad is None and query.country is None):
        return None
    clauses, params = [], []
    if query.dyad is not None:
        a, b = (code.upper() for code in query.dyad)
        if a not in countries() or b not in countries():
            return None  # actor codes match by prefix: only the events know
        clauses.append("((source_country = ? AND target_country = ?) OR "
                       "(source_country = ? AND target_country = ?))")
        params += [a, b, b, a]
    if query.country is not None:
        clauses.append("(source_country = ? OR target_country = ?)")
        params += [query.country.upper()] * 2
    for bound, op in ((query.since, ">="), (query.until, "<=")):
        if bound is not None:
            clauses.append(f"date {op} ?")
            params.append(bound)
    return " AND ".join(clauses), params


def count_events(conn: duckdb.DuckDBPyConnection, query: Any) -> int | None:
    """How many events match an event query, from the day sums; None when they cannot say."""
    where = _filters(query)
    if where is None or days_source(conn) != "event_days":
        return None
    row = conn.execute(f"SELECT coalesce(sum(events), 0) FROM event_days WHERE {where[0]}",
                       where[1]).fetchone()
    return int(row[0]) if row else 0


def first_dates(conn: duckdb.DuckDBPyConnection, query: Any) -> tuple[date, date] | None:
    """The days that hold a page of an event query's events (oldest first, as the store
    lists them): its first day with events and the day its page ends, so that the events
    are read from those days only; None when the day sums cannot say."""
    where = _filters(query)
    if where is None or query.limit is None or days_source(conn) != "event_days":
        return None
    row = conn.execute(
        f"SELECT min(date), min(date) FILTER (seen >= ?) FROM (SELECT date, sum(sum(events)) "
        f"OVER (ORDER BY date) AS seen FROM event_days WHERE {where[0]} AND date IS NOT NULL "
        "GROUP BY date)", [query.offset + query.limit, *where[1]]).fetchone()
    if not row or row[1] is None:
        return None  # the page reaches the undated events, listed last
    return row[0], row[1]
