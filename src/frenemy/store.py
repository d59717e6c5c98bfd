"""Store: the DuckDB database of documents, sentences, events, actors and ingest runs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from frenemy import days
from frenemy.errors import StoreError
from frenemy.model import EVENT_FIELDS
from frenemy.query import EventQuery
from frenemy.schema import (
    DOCUMENT_COLUMNS,
    EVENTS_ORDER,
    MIGRATIONS,
    SCHEMA_VERSION,
    SENTENCE_COLUMNS,
    arrow_column,
    open_lake,
    sql_path,
    with_countries,
)
from frenemy.taxonomy import countries, roles, split_actor_code

__all__ = ["Store", "EventQuery", "open_store", "default_db_path", "sql_path"]

_STAGING = "frenemy_staged_rows"  # the Arrow table being inserted, as DuckDB sees it


def default_db_path() -> Path:
    """``$FRENEMY_DB`` if set, else ``frenemy.duckdb`` in the working directory."""
    return Path(os.environ.get("FRENEMY_DB") or "frenemy.duckdb")


_EVENT_ID = EVENT_FIELDS.index("event_id")


class Store:
    """A frenemy database: a DuckDB file, or a Parquet lake's folder (read-only). Use as a
    context manager, or call ``close()``."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        # Answers kept between queries; only for data that never change (a read-only server).
        self.memo: dict[Any, Any] | None = None
        self.types: dict[str, dict[str, str]] = {}  # table -> column -> DuckDB type
        if read_only and not self.path.exists():
            raise StoreError(f"no database at {self.path}",
                             "Create one with `frenemy ingest` or `frenemy demo`, or pass --db")
        if self.path.is_dir():  # a Parquet lake: views over its files, never written
            self.conn = open_lake(self.path, writable=not read_only)
            return
        try:
            self.conn = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the database {self.path} ({exc})",
                             "Check the path, and that no other process is writing to it") from exc
        if not read_only:
            self.migrate()
        elif self.schema_version() != SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema version {self.schema_version()}, "
                             f"this frenemy expects {SCHEMA_VERSION}",
                             "Open it once with `frenemy ingest` to migrate it")

    @classmethod
    def in_memory(cls, path: str | Path) -> Store:
        """A read-only copy of the database whose events live in memory, sorted by their
        countries so that a dyad's queries read only the row groups that hold it (what a
        server answering many dyad queries wants); the other tables are read from the file
        (or the Parquet lake)."""
        view = cls.__new__(cls)
        view.path, view.memo, view.types = Path(path), {}, {}
        if view.path.is_dir():
            view.conn = open_lake(view.path, events_in_memory=True)
            return view
        with cls(path, read_only=True) as stored:  # checks the file and its schema
            tables = [t for (t,) in stored.sql(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
                " AND table_type = 'BASE TABLE'")]
        view.conn = duckdb.connect()
        try:
            view.conn.execute(f"ATTACH '{sql_path(view.path)}' AS stored (READ_ONLY)")
            for table in tables:
                if table == "events":
                    view.conn.execute("CREATE TABLE events AS SELECT * FROM stored.events "
                                      f"ORDER BY {EVENTS_ORDER}")
                else:
                    view.conn.execute(f'CREATE VIEW "{table}" AS SELECT * FROM stored."{table}"')
        except duckdb.Error as exc:
            view.conn.close()
            raise StoreError(f"cannot copy {path} into memory ({exc})",
                             "Serve it from the file (--no-memory)") from exc
        return view

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- schema ---------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        if not exists or not exists[0]:
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_VERSION, one migration per transaction."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                          "(version INTEGER, applied TIMESTAMP)")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} was written by a newer frenemy "
                             f"(schema {current} > {SCHEMA_VERSION})", "Upgrade frenemy")
        for version in range(current, SCHEMA_VERSION):
            self.conn.execute("BEGIN TRANSACTION")
            self.conn.execute(MIGRATIONS[version])
            self.conn.execute("INSERT INTO schema_version VALUES (?, ?)",
                              [version + 1, datetime.now(UTC).replace(tzinfo=None)])
            self.conn.execute("COMMIT")
        with self.transaction("day sums", "the events are summed again"):
            pass  # the day sums catch up with events another program added or deleted

    # -- writing --------------------------------------------------------------------------
    def known_documents(self, doc_ids: Sequence[str]) -> set[str]:
        return self._known("doc_id", doc_ids)

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """The URLs of stored articles (not of GDELT's textless mentions) among these."""
        return self._known("url", urls, " AND text <> ''")

    def _known(self, column: str, values: Sequence[str], condition: str = "") -> set[str]:
        if not values:
            return set()
        return {r[0] for r in self.conn.execute(f"SELECT DISTINCT {column} FROM documents WHERE "
                                                f"{column} IN (SELECT unnest(?)){condition}",
                                                [list(values)]).fetchall()}

    def clusters(self) -> list[tuple[str, str, bytes]]:
        """(doc_id, cluster_id, MinHash signature) of every stored document."""
        return [(d, c, bytes(s)) for d, c, s in self.conn.execute(
            "SELECT doc_id, cluster_id, signature FROM document_clusters ORDER BY doc_id"
        ).fetchall()]

    def add_coded(self, coded: Iterable[Any],
                  clusters: dict[str, tuple[str, bytes]] | None = None) -> tuple[int, int]:
        """Store coded documents (document, sentences, events) in one transaction.

        Documents already stored are skipped, so a re-run changes nothing. With ``clusters``
        (doc_id -> (cluster id, signature)), an event that an earlier article of the same
        cluster already reported (same source, target, code and date) is not stored again:
        the article becomes one more mention of it, and its num_articles / num_sources grow.
        Returns (documents added, events added).
        """
        batch = list(coded)
        known = self.known_documents([c.document.doc_id for c in batch])
        documents: list[tuple[Any, ...]] = []
        sentences: list[tuple[Any, ...]] = []
        for item in batch:
            doc = item.document
            if doc.doc_id in known:
                continue
            known.add(doc.doc_id)
            documents.append((doc.doc_id, doc.source_id, doc.url, doc.title, doc.published,
                              doc.outlet, doc.language, doc.text,
                              doc.date_precision if doc.published else None))
            sentences += [(s.doc_id, s.sentence_index, s.start_char, s.end_char, s.text)
                          for s in item.sentences]
        if not documents:
            return 0, 0
        fresh_ids = {d[0] for d in documents}
        with self.transaction("documents", "stored documents are skipped"):
            self._copy_rows("documents", DOCUMENT_COLUMNS, documents)
            self._copy_rows("sentences", SENTENCE_COLUMNS, sentences)
            events, mentions = self._cluster_events(
                [item for item in batch if item.document.doc_id in fresh_ids], clusters or {})
            self._insert_events(events)
            self._copy_rows("event_mentions", ("event_id", "doc_id", "sentence_index"),
                            mentions, ignore=True)
            self._update_mention_counts({m[0] for m in mentions})
            self._add_actors(events)
        return len(documents), len(events)

    def _cluster_events(self, items: list[Any], clusters: dict[str, tuple[str, bytes]]
                        ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """New event rows and mention rows; repeated reports of a cluster's events become
        mentions of the event first stored."""
        events: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        seen: dict[tuple[Any, ...], str] = {}  # (cluster, source, target, code, date) -> id
        joined = sorted({clusters[i.document.doc_id][0] for i in items
                         if i.document.doc_id in clusters
                         and clusters[i.document.doc_id][0] != i.document.doc_id})
        if joined:  # the events earlier articles of these clusters already reported
            for row in self.conn.execute(
                "SELECT c.cluster_id, e.source, e.target, e.code, e.date, e.event_id "
                "FROM events e JOIN event_mentions m ON m.event_id = e.event_id "
                "JOIN document_clusters c ON c.doc_id = m.doc_id "
                "WHERE c.cluster_id IN (SELECT unnest(?)) ORDER BY e.event_id", [joined],
            ).fetchall():
                seen.setdefault(tuple(row[:5]), row[5])
        cluster_rows = [(i.document.doc_id, *clusters[i.document.doc_id]) for i in items
                        if i.document.doc_id in clusters]
        self._insert("INSERT INTO document_clusters", cluster_rows, chunk=64)
        for item in items:
            doc_id = item.document.doc_id
            cluster = clusters.get(doc_id, (doc_id, b""))[0]
            for event in item.events:
                key = (cluster, event.source, event.target, event.code, event.date)
                known = seen.get(key) if cluster != doc_id else None
                if known is None:
                    events.append(tuple(getattr(event, f) for f in EVENT_FIELDS))
                    known = event.event_id
                    seen.setdefault(key, known)
                mentions.append((known, doc_id, event.sentence_index))
        return events, mentions

    def _update_mention_counts(self, event_ids: set[str]) -> None:
        if not event_ids:
            return
        self.conn.execute(
            """
            UPDATE events SET num_mentions = m.mentions, num_articles = m.articles,
                              num_sources = m.sources
            FROM (SELECT em.event_id, count(*) AS mentions,
                         count(DISTINCT em.doc_id) AS articles,
                         count(DISTINCT coalesce(d.outlet, em.doc_id)) AS sources
                  FROM event_mentions em JOIN documents d ON d.doc_id = em.doc_id
                  WHERE em.event_id IN (SELECT unnest(?)) GROUP BY em.event_id) m
            WHERE events.event_id = m.event_id
            """, [sorted(event_ids)])

    def add_events(self, events: Sequence[Any]) -> int:
        """Store events that came without documents (imports) in one transaction; events
        already stored are skipped. Returns how many were added."""
        if not events:
            return 0
        ids = [e.event_id for e in events]
        known = {r[0] for r in self.conn.execute(
            "SELECT event_id FROM events WHERE event_id IN (SELECT unnest(?))", [ids]).fetchall()}
        rows = [tuple(getattr(e, f) for f in EVENT_FIELDS) for e in events
                if e.event_id not in known]
        if not rows:
            return 0
        with self.transaction("events", "stored events are skipped"):
            added = self._insert_events(rows)
            self._add_actors(rows)
        return added

    def add_mentions(self, mentions: Sequence[Any]) -> int:
        """Link imported events to the articles that reported them (GDELT's mentions): each
        article is stored as a document without text; links already stored are skipped.
        Returns how many links were added."""
        if not mentions:
            return 0
        documents = {m.doc_id: (m.doc_id, m.url, m.url, None, m.published, m.outlet, None, "",
                                "day" if m.published else None)
                     for m in mentions}
        links = sorted({(m.event_id, m.doc_id, m.sentence_index) for m in mentions},
                       key=lambda link: (link[0], link[1], link[2] if link[2] is not None else -1))
        before = self.conn.execute("SELECT count(*) FROM event_mentions").fetchone()
        with self.transaction("mentions", "stored mentions are skipped"):
            self._insert("INSERT OR IGNORE INTO documents (" + ", ".join(DOCUMENT_COLUMNS)
                         + ")", list(documents.values()))
            self._insert("INSERT OR IGNORE INTO event_mentions", links)
        after = self.conn.execute("SELECT count(*) FROM event_mentions").fetchone()
        return int(after[0] - before[0]) if after and before else 0

    @contextmanager
    def transaction(self, what: str, why_rerun: str) -> Iterator[None]:
        """One batch, all or nothing: a failure rolls back and says how to go on."""
        self.conn.execute("BEGIN TRANSACTION")
        try:
            yield
            days.sync_days(self.conn)
            self.conn.execute("COMMIT")
        except duckdb.Error as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"could not store a batch of {what} ({exc})",
                             f"Re-run the same command: {why_rerun}") from exc
        except BaseException:
            self.conn.execute("ROLLBACK")  # nothing of the batch stays, whatever went wrong
            raise

    def _insert_events(self, rows: Sequence[tuple[Any, ...]]) -> int:
        """New events, the first of each id; returns how many. The events table has no key
        (schema v10): the callers leave out ids already stored (fresh documents' events carry
        the document's id; imports look theirs up)."""
        first: dict[str, tuple[Any, ...]] = {}
        for row in rows:
            first.setdefault(row[_EVENT_ID], row)
        self._copy_rows("events", EVENT_FIELDS, [with_countries(r) for r in first.values()])
        return len(first)

    def _copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]],
                   ignore: bool = False) -> None:
        """Insert rows. Neither way parses the values, so no text can break them: a few rows
        are bound as parameters; from a few dozen on, an Arrow table typed as the table's
        columns goes in as it is, some ten times faster than binding thousands of values."""
        names = ", ".join(columns)
        verb = "INSERT OR IGNORE INTO" if ignore else "INSERT INTO"
        if len(rows) < 32:  # measured: below this, binding is the faster of the two
            self._insert(f"{verb} {table} ({names})", rows)
            return
        import pyarrow as pa

        types = self._column_types(table)
        arrays = [arrow_column(values, types[name])
                  for name, values in zip(columns, zip(*rows, strict=True), strict=True)]
        staged = pa.Table.from_arrays(arrays, names=list(columns))
        self.conn.register(_STAGING, staged)
        try:
            self.conn.execute(f"{verb} {table} ({names}) SELECT {names} FROM {_STAGING}")
        finally:
            self.conn.unregister(_STAGING)

    def _column_types(self, table: str) -> dict[str, str]:
        """Column name -> DuckDB type of one of the database's tables."""
        if table not in self.types:
            self.types[table] = dict(self.conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = 'main' AND table_name = ?", [table]).fetchall())
        return self.types[table]

    def _insert(self, statement: str, rows: Sequence[tuple[Any, ...]], chunk: int = 256) -> None:
        """Multi-row INSERT ... VALUES: DuckDB's executemany goes row by row and is slow."""
        if not rows:
            return
        width = len(rows[0])
        row_marks = "(" + ", ".join("?" * width) + ")"
        for start in range(0, len(rows), chunk):
            part = rows[start : start + chunk]
            self.conn.execute(f"{statement} VALUES " + ", ".join([row_marks] * len(part)),
                              [value for row in part for value in row])

    def _add_actors(self, events: list[tuple[Any, ...]]) -> None:
        source_at, target_at = EVENT_FIELDS.index("source"), EVENT_FIELDS.index("target")
        self.add_actor_codes({e[source_at] for e in events if e[source_at]}
                             | {e[target_at] for e in events if e[target_at]})

    def add_actor_codes(self, codes: Iterable[str]) -> None:
        """Store actor codes not stored yet, named from their country and roles."""
        rows = []
        for code in sorted(set(codes)):
            country, role_codes = split_actor_code(code)
            parts = [countries()[country].name] if country else []
            parts += [roles()[r].name if r in roles() else r for r in role_codes]
            rows.append((code, " ".join(parts) or code, country, ",".join(role_codes) or None))
        self._insert("INSERT OR IGNORE INTO actors", rows)

    def start_run(self, command: str, inputs: Sequence[str]) -> str:
        run_id = uuid.uuid4().hex[:16]
        self.conn.execute(
            "INSERT INTO ingest_runs (run_id, started, command, inputs, status) "
            "VALUES (?, ?, ?, ?, 'running')",
            [run_id, datetime.now(UTC).replace(tzinfo=None), command, "\n".join(inputs)],
        )
        return run_id

    def add_errors(self, run_id: str, errors: Iterable[tuple[str, int | None, str]]) -> None:
        rows = [(run_id, file, line, reason) for file, line, reason in errors]
        if rows:
            self.conn.executemany("INSERT INTO ingest_errors VALUES (?, ?, ?, ?)", rows)

    def finish_run(self, run_id: str, *, read: int, added: int, skipped: int, events: int,
                   errors: int, status: str) -> None:
        self.conn.execute(
            "UPDATE ingest_runs SET finished = ?, documents_read = ?, documents_added = ?, "
            "documents_skipped = ?, events_added = ?, errors = ?, status = ? WHERE run_id = ?",
            [datetime.now(UTC).replace(tzinfo=None), read, added, skipped, events,
             errors, status, run_id],
        )

    # -- reading --------------------------------------------------------------------------
    def count(self, table: str) -> int:
        if table not in {"documents", "sentences", "events", "actors", "ingest_runs",
                         "ingest_errors"}:
            raise StoreError(f"unknown table {table}", "Use one of frenemy's tables")
        row = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    def count_events(self, query: EventQuery | None = None) -> int:
        """How many events match the query, whatever its limit."""
        query = query or EventQuery()
        if (summed := days.count_events(self.conn, query)) is not None:
            return summed
        where, params = query.where()
        row = self.conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()
        return int(row[0]) if row else 0

    def cursor(self) -> Store:
        """The same database through a new connection, for one thread (a web request)."""
        view = Store.__new__(Store)
        view.path, view.memo, view.types = self.path, self.memo, self.types
        view.conn = self.conn.cursor()
        return view

    def events(self, query: EventQuery | None = None, with_sentence: bool = False
               ) -> list[dict[str, Any]]:
        """Events matching the query, oldest first, as dicts of the event fields."""
        query = query or EventQuery()
        where, params = query.where()
        if (page := days.first_dates(self.conn, query)) is not None:  # read only its days
            where, params = f"{where} AND e.date BETWEEN ? AND ?", [*params, *page]
        columns = ", ".join(f"e.{f}" for f in EVENT_FIELDS)
        order = (" ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.trigger_start,"
                 " e.event_id")
        sql = f"SELECT {columns} FROM events e{where}{order}"
        if query.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, query.limit, query.offset]
        if with_sentence:
            # The page first, then its sentences: joining every match would cost more.
            sql = (f"SELECT {columns}, s.text AS sentence FROM ({sql}) e LEFT JOIN sentences s"
                   f" ON s.doc_id = e.doc_id AND s.sentence_index = e.sentence_index{order}")
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def sql(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run a read query (used by reports); parameters are always bound, never pasted."""
        return self.conn.execute(statement, list(params)).fetchall()


def open_store(path: str | Path | None = None, read_only: bool = False) -> Store:
    """Open (and create or migrate, unless read-only) a frenemy database."""
    return Store(path, read_only=read_only)
