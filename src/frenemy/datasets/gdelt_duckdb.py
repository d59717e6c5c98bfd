"""GDELT in DuckDB: event and mentions files read by read_csv and mapped to events in SQL."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from frenemy.datasets.duckdb_files import Member
from frenemy.datasets.duckdb_import import ROWS, Plan, SqlFormat, import_with_duckdb
from frenemy.datasets.duckdb_sql import (
    event_columns,
    py_float,
    py_int,
    py_strip,
    side_country,
    sql_hash,
    yyyymmdd,
)
from frenemy.datasets.gdelt import gdelt_lines, read_gdelt_line
from frenemy.datasets.rows import ImportResult
from frenemy.store import Store

__all__ = ["GDELT", "import_gdelt"]

EVENT_WIDTHS = (57, 58, 61)  # GDELT 1.0 historical, 1.0 daily, 2.0
MENTION_WIDTHS = (15, 16)


def _events(width: int) -> tuple[dict[str, str], str]:
    geo = 8 if width == 61 else 7
    action = 5 + 20 + 10 + 2 * geo  # the ActionGeo block
    lat, lat_sure = py_float(f"r.c{action + geo - 3}", "location_lat")
    lon, lon_sure = py_float(f"r.c{action + geo - 2}", "location_lon")
    goldstein, goldstein_sure = py_float("r.c30", "goldstein")
    counts = [py_int(f"r.c{i}", "1") for i in (31, 32, 33)]
    sure = [lat_sure, lon_sure, goldstein_sure] + [c[1] for c in counts]
    parse = {
        "event_id": sql_hash("'gdelt'", "coalesce(r.c0, '')"), "date": yyyymmdd("r.c1"),
        "source": "r.c5", "source_name": "r.c6", "source_country": "r.c7",
        "target": "r.c15", "target_name": "r.c16", "target_country": "r.c17",
        "code": "r.c26", "goldstein": goldstein, "location_name": f"r.c{action + 1}",
        "fips": f"r.c{action + 2}", "location_lat": lat, "location_lon": lon,
        "num_mentions": counts[0][0], "num_sources": counts[1][0],
        "num_articles": counts[2][0],
        "ok": f'"date" IS NOT NULL AND {" AND ".join(sure)}',
    }
    select = event_columns({
        "event_id": "r.event_id", "date": "r.date", "source": "r.source",
        "source_name": "r.source_name",
        "source_country": side_country("r.source", "r.source_country"),
        "target": "r.target", "target_name": "r.target_name",
        "target_country": side_country("r.target", "r.target_country"),
        "goldstein": "coalesce(r.goldstein, t.goldstein)", "location_name": "r.location_name",
        "location_country": "f.code", "location_lat": "r.location_lat",
        "location_lon": "r.location_lon", "dataset": "'gdelt'",
        "num_mentions": "r.num_mentions", "num_sources": "r.num_sources",
        "num_articles": "r.num_articles",
    })
    return parse, (f"SELECT {select}, r.line, r.ok AND t.code IS NOT NULL AS ok FROM {ROWS} r "
                   "LEFT JOIN frenemy_cameo t ON t.raw = r.code "
                   "LEFT JOIN frenemy_fips f ON f.fips = r.fips")


def _mentions() -> dict[str, str]:
    """GlobalEventID, EventTimeDate, MentionTimeDate, MentionType, MentionSourceName,
    MentionIdentifier, SentenceID, ...: the article is identified by its URL or citation."""
    event, identifier = py_strip("r.c0"), py_strip("r.c5")
    sentence, sentence_sure = py_int("r.c6", "0")
    return {
        "event_id": sql_hash(chr(39) + "gdelt" + chr(39), event),
        "doc_id": sql_hash(chr(39) + "gdelt-mention" + chr(39), identifier),
        "url": identifier, "outlet": f"nullif({py_strip('r.c4')}, '')",
        "published": yyyymmdd("r.c2"),
        "sentence_index": f"CASE WHEN {sentence} > 0 THEN {sentence} - 1 END",
        "ok": f"regexp_matches({event}, '^[0-9]+$') AND {identifier} <> '' AND "
              f"published IS NOT NULL AND {sentence_sure}",
    }


def _plan(member: Member) -> Plan | None:
    """Which GDELT layout the file has, from the fields of its first non-blank line."""
    first = member.first_line(non_blank=True)
    width = first.count("\t") + 1 if first is not None else 0
    reader = partial(read_gdelt_line, member.name)
    if width in EVENT_WIDTHS:
        return Plan(width, 0, *_events(width), reader)
    if width in MENTION_WIDTHS:
        return Plan(width, 0, _mentions(), f"SELECT * FROM {ROWS}", reader, mentions=True)
    return None


GDELT = SqlFormat(plan=_plan, lines=gdelt_lines)


def import_gdelt(paths: list[Path], store: Store, result: ImportResult) -> None:
    """Import GDELT event and mentions files, each read by DuckDB and mapped in SQL, counting
    into the import's result."""
    import_with_duckdb(paths, store, GDELT, result)
