"""POLECAT in DuckDB: POLECAT event files read by read_csv and mapped to events in SQL."""

from __future__ import annotations

from functools import partial

from frenemy.datasets.actors_duckdb import POLECAT_ACTORS, load_role_table, map_polecat_actors
from frenemy.datasets.duckdb_files import Member
from frenemy.datasets.duckdb_import import ROWS, Plan, SqlFormat
from frenemy.datasets.duckdb_sql import (
    event_columns,
    iso_date,
    py_float,
    py_strip,
    safe,
    side_country,
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
    mode = f"CASE WHEN {mode} IN ('none', 'nan') THEN '' ELSE {mode} END"
    day = iso_date(f"substr({py_strip(get('Event Date'))}, 1, 10)")
    sides = [(get("Actor Name"), get("Actor Country"), get("Primary Actor Sector")),
             (get("Recipient Name"), get("Recipient Country"), get("Primary Recipient Sector"))]
    lat, lat_sure = py_float(get("Latitude"))
    lon, lon_sure = py_float(get("Longitude"))
    values = {
        "event_id": sql_hash("'polecat'", py_strip(get("Event ID"))), "date": day,
        "plover_type": event_type, "plover_mode": f"nullif({mode}, '')",
        "location_name": f"nullif({py_strip(get('Placename'))}, '')",
        "location_country": "place.code", "location_lat": lat, "location_lon": lon,
        "dataset": "'polecat'",
    }
    joins = ""
    for (name, country, sector), alias, side in zip(sides, ("sa", "ta"), ("source", "target"),
                                                     strict=True):
        values |= {side: f"{alias}.code", f"{side}_name": f"nullif({py_strip(name)}, '')",
                   f"{side}_country": side_country(f"{alias}.code", f"{alias}.country")}
        joins += (f"LEFT JOIN {POLECAT_ACTORS} {alias} ON {alias}.name_raw = "
                  f"coalesce({name}, '') AND {alias}.country_raw = coalesce({country}, '') "
                  f"AND {alias}.sector_raw = coalesce({sector}, '') ")
    sure = [f"{day} IS NOT NULL", "t.code IS NOT NULL", "coalesce(sa.safe AND ta.safe, false)",
            safe(get("Event Type"), get("Event Mode"), get("Country")), lat_sure, lon_sure]
    select = (f"SELECT {event_columns(values)}, r.line, {' AND '.join(sure)} AS ok "
              f"FROM {ROWS} r "
              f"LEFT JOIN frenemy_plover p ON p.type = {event_type} AND p.mode = {mode} "
              f"LEFT JOIN frenemy_plover g ON g.type = {event_type} AND g.mode = '' "
              "LEFT JOIN frenemy_cameo t ON t.raw = coalesce(p.code, g.code) "
              f"LEFT JOIN frenemy_iso3 place ON place.iso3 = upper({py_strip(get('Country'))}) "
              + joins)

    def prepare(store: Store) -> None:
        map_polecat_actors(store, sides)

    return Plan(len(names), 1, select, reader, prepare=prepare)


POLECAT = SqlFormat(plan=_plan, lines=partial(headed_lines, reader_for=polecat_reader),
                    tables=load_role_table)
