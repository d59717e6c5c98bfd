"""POLECAT in DuckDB: POLECAT event files read by read_csv and mapped to events in SQL."""

from __future__ import annotations

from functools import partial

from frenemy.datasets.actors_duckdb import POLECAT_ACTORS, map_polecat_actors, role_table
from frenemy.datasets.duckdb_files import Member
from frenemy.datasets.duckdb_import import ROWS, Plan, SqlFormat
from frenemy.datasets.duckdb_sql import (
    event_columns,
    iso_date,
    py_float,
    py_strip,
    safe,
    sql_hash,
)
from frenemy.datasets.polecat import polecat_reader
from frenemy.datasets.rows import headed_lines, tsv
from frenemy.errors import InputIssue
from frenemy.store import Store

__all__ = ["POLECAT"]


def _plan(member: Member) -> Plan | None:
    header = member.first_line()
    reader = polecat_reader(member.name, header) if header is not None else None
    if reader is None or isinstance(reader, InputIssue):
        return None  # the row reader reports the header
    names = [name.strip() for name in tsv(header or "")]
    column = {name: f"r.c{index}" for index, name in enumerate(names)}  # the last of a name

    def get(name: str) -> str:
        return column.get(name, "NULL")

    event_type = f"upper({py_strip(get('Event Type'))})"
    mode = f"lower({py_strip(get('Event Mode'))})"
    day = iso_date(f"substr({py_strip(get('Event Date'))}, 1, 10)")
    fields = [(get("Actor Name"), get("Actor Country"), get("Primary Actor Sector")),
              (get("Recipient Name"), get("Recipient Country"), get("Primary Recipient Sector"))]
    lat, lat_sure = py_float(get("Latitude"), "location_lat")
    lon, lon_sure = py_float(get("Longitude"), "location_lon")
    parse = {
        "event_id": sql_hash("'polecat'", py_strip(get("Event ID"))), "date": day,
        "type": event_type, "mode": f"CASE WHEN {mode} IN ('none', 'nan') THEN '' ELSE {mode} END",
        "location_name": f"nullif({py_strip(get('Placename'))}, '')",
        "place": f"upper({py_strip(get('Country'))})", "location_lat": lat, "location_lon": lon,
        "ok": " AND ".join(['"date" IS NOT NULL', lat_sure, lon_sure,
                            safe(get("Event Type"), get("Event Mode"), get("Country"))]),
    }
    values = {
        "event_id": "r.event_id", "date": "r.date", "plover_type": "r.type",
        "plover_mode": "nullif(r.mode, '')", "location_name": "r.location_name",
        "location_country": "place.code", "location_lat": "r.location_lat",
        "location_lon": "r.location_lon", "dataset": "'polecat'",
    }
    joins, sides = "", []
    for (name, country, sector), side in zip(fields, ("source", "target"), strict=True):
        alias = side[0] + "a"
        parse |= {f"{side}_raw": f"coalesce({name}, '')",
                  f"{side}_name": f"nullif({py_strip(name)}, '')",
                  f"{side}_country": f"coalesce({country}, '')",
                  f"{side}_sector": f"coalesce({sector}, '')"}
        sides.append((f"r.{side}_raw", f"r.{side}_country", f"r.{side}_sector"))
        values |= {side: f"{alias}.code", f"{side}_name": f"r.{side}_name",
                   f"{side}_country": f"{alias}.country"}
        joins += (f"LEFT JOIN {POLECAT_ACTORS} {alias} ON {alias}.name_raw = r.{side}_raw AND "
                  f"{alias}.country_raw = r.{side}_country AND "
                  f"{alias}.sector_raw = r.{side}_sector ")
    select = (f"SELECT {event_columns(values)}, r.line, r.ok AND t.code IS NOT NULL AND "
              f"coalesce(sa.safe AND ta.safe, false) AS ok FROM {ROWS} r "
              "LEFT JOIN frenemy_plover p ON p.type = r.type AND p.mode = r.mode "
              "LEFT JOIN frenemy_plover g ON g.type = r.type AND g.mode = '' "
              "LEFT JOIN frenemy_cameo t ON t.raw = coalesce(p.code, g.code) "
              "LEFT JOIN frenemy_iso3 place ON place.iso3 = r.place " + joins)

    def prepare(store: Store) -> bool:
        map_polecat_actors(store, sides)
        return True

    return Plan(len(names), 1, parse, select, reader, prepare=prepare)


POLECAT = SqlFormat(plan=_plan, lines=partial(headed_lines, reader_for=polecat_reader),
                    tables=role_table)
