"""Export: writes stored events as CSV, JSON lines, Parquet or GDELT 2.0's event layout."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from frenemy.errors import InputError, StoreError
from frenemy.model import EVENT_FIELDS
from frenemy.store import EventQuery, Store, sql_path
from frenemy.taxonomy import countries, gdelt_quad_class, split_actor_code

__all__ = ["ExportOptions", "export_events", "FORMATS", "GDELT_COLUMNS", "gdelt_row",
           "petrarch_row"]

FORMATS = ("csv", "jsonl", "parquet", "gdelt", "petrarch")

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO), "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61


@dataclass
class ExportOptions:
    """Options of an export: the format, the output file and which events."""

    format: str
    output: Path
    query: EventQuery | None = None


def _actor_fields(code: str | None, name: str | None) -> list[Any]:
    if not code:
        return [""] * len(_ACTOR)
    country, role_codes = split_actor_code(code)
    known_group = role_codes[0] if role_codes and not country and len(code) > 3 else ""
    types = [r for r in role_codes if r != known_group][:3]
    types += [""] * (3 - len(types))
    return [code, (name or "").upper(), country or "", known_group, "", "", "", *types]


def _geo_fields(event: dict[str, Any]) -> list[Any]:
    if not event.get("location_name"):
        return [0, "", "", "", "", "", "", ""]
    country = countries().get(event.get("location_country") or "")
    fips = country.fips if country else ""
    is_country = country is not None and event["location_name"] == country.name
    lat, lon = event.get("location_lat"), event.get("location_lon")
    return [1 if is_country else 4, event["location_name"], fips, fips, "",
            "" if lat is None else lat, "" if lon is None else lon, ""]


def _fraction(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return round(day.year + (day - start).days / length, 4)


def gdelt_row(event: dict[str, Any], url: str | None, added: str) -> list[Any]:
    """One event as GDELT 2.0's 61 fields (tab-separated on output)."""
    day: date | None = event.get("date")
    code = event["code"]
    geo = _geo_fields(event)
    return [
        int(event["event_id"][:13], 16),  # a stable integer id from the content hash
        day.strftime("%Y%m%d") if day else "",
        day.strftime("%Y%m") if day else "",
        day.year if day else "",
        _fraction(day) if day else "",
        *_actor_fields(event.get("source"), event.get("source_name")),
        *_actor_fields(event.get("target"), event.get("target_name")),
        1 if event.get("sentence_index") == 0 else 0,
        code, code[:3], event["root"], gdelt_quad_class(event["root"]), event["goldstein"],
        event.get("num_mentions") or 1, event.get("num_sources") or 1,
        event.get("num_articles") or 1, "",
        *geo, *geo, *geo,
        added, url or "",
    ]


def petrarch_row(event: dict[str, Any], document: tuple[str | None, str | None, str | None]
                 ) -> list[Any]:
    """PETRARCH-2's tab-separated output: date, source, target, code, issues, sentence ids,
    [url,] news source. ``document`` is (source_id, url, outlet). A sentence's id is the
    document's own id (a PETRARCH input sentence keeps its id), with `_N` after the first."""
    source_id, url, outlet = document
    ids = source_id or event["doc_id"]
    if event["sentence_index"]:
        ids = f"{ids}_{event['sentence_index']}"
    day = event["date"].strftime("%Y%m%d") if event["date"] else ""
    row = [day, event["source"] or "---", event["target"] or "---", event["code"], "", ids]
    return row + ([url] if url else []) + [outlet or "NULL"]


def _clean(value: Any) -> str:
    # GDELT and PETRARCH files are tab- and newline-delimited: neither may be in a field.
    return str(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _write_tabbed(rows: Iterable[list[Any]], output: Path) -> int:
    count = 0
    with output.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write("\t".join(_clean(v) for v in row) + "\n")
            count += 1
    return count


def export_events(store: Store, options: ExportOptions) -> int:
    """Write the matching events to ``options.output``; returns the number written."""
    if options.format not in FORMATS:
        raise InputError(f"unknown export format {options.format!r}",
                         f"Use one of {', '.join(FORMATS)}")
    query = options.query or EventQuery()
    output = options.output
    if options.format == "gdelt":
        events = store.events(query)
        urls = dict(store.sql("SELECT doc_id, url FROM documents WHERE url IS NOT NULL"))
        added = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        return _write_tabbed((gdelt_row(e, urls.get(e["doc_id"]), added) for e in events), output)
    if options.format == "petrarch":
        documents = {row[0]: row[1:] for row in store.sql(
            "SELECT doc_id, source_id, url, outlet FROM documents")}
        return _write_tabbed((petrarch_row(e, documents.get(e["doc_id"], (None, None, None)))
                             for e in store.events(query)), output)
    where, params = query.where()
    select = (f"SELECT {', '.join('e.' + f for f in EVENT_FIELDS)} FROM events e{where} "
              "ORDER BY e.date NULLS LAST, e.doc_id, e.sentence_index, e.trigger_start, e.event_id")
    copy_format = {"csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON",
                   "parquet": "FORMAT PARQUET"}[options.format]
    try:
        count_row = store.conn.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()
        store.conn.execute(f"COPY ({select}) TO '{sql_path(output)}' ({copy_format})", params)
    except duckdb.Error as exc:
        raise StoreError(f"cannot write {output} ({exc})", "Check the output path") from exc
    return int(count_row[0]) if count_row else 0
