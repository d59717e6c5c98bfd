"""ICEWS in DuckDB: ICEWS event files and ICEWS14/18 quadruples read by read_csv, mapped in SQL."""

from __future__ import annotations

from functools import partial

from frenemy.datasets.actors_duckdb import (
    icews_columns,
    icews_side,
    load_icews_tables,
    map_icews_actors,
)
from frenemy.datasets.duckdb_files import Member
from frenemy.datasets.duckdb_import import ROWS, Plan, SqlFormat
from frenemy.datasets.duckdb_sql import (
    event_columns,
    iso_date,
    literal,
    py_float,
    py_strip,
    safe,
    side_country,
    sql_hash,
)
from frenemy.datasets.icews import icews_reader, tkg_reader, tkg_split
from frenemy.datasets.rows import LineReader, headed_lines, tsv
from frenemy.errors import InputIssue
from frenemy.store import Store

__all__ = ["ICEWS", "ICEWS_TKG"]


def _actors(sides: list[tuple[str, str, str]], day: str
            ) -> tuple[dict[str, str], list[str], str]:
    """The event's source and target columns, whether SQL is sure of them, and the joins
    that give them (from the tables map_icews_actors makes)."""
    values: dict[str, str] = {}
    sure, joins = [], ""
    for (name, country_name, sectors), alias, side in zip(sides, "st", ("source", "target"),
                                                           strict=True):
        code, country, side_safe = icews_columns(alias)
        values |= {side: code, f"{side}_name": f"coalesce({name}, '')",
                   f"{side}_country": side_country(code, country)}
        sure.append(side_safe)
        joins += icews_side(name, country_name, sectors, day, alias)
    return values, sure, joins


def _plan(reader: LineReader, width: int, values: dict[str, str],
          sure: list[str], joins: str, sides: list[tuple[str, str, str]], day: str) -> Plan:
    def prepare(store: Store) -> None:
        map_icews_actors(store, sides, day)

    return Plan(width, 1, f"SELECT {event_columns(values)}, r.line, {' AND '.join(sure)} "
                          f"AS ok FROM {ROWS} r {joins}", reader, prepare=prepare)


# -- ICEWS event files -------------------------------------------------------------------
def _icews_plan(member: Member) -> Plan | None:
    header = member.first_line()
    reader = icews_reader(member.name, header) if header is not None else None
    if reader is None or isinstance(reader, InputIssue):
        return None  # the row reader reports the header
    names = tsv(header or "")
    column = {name: f"r.c{index}" for index, name in enumerate(names)}  # the last of a name

    def get(name: str) -> str:
        return column.get(name, "NULL")

    day = iso_date(get("Event Date"))
    sides = [(get("Source Name"), get("Source Country"), get("Source Sectors")),
             (get("Target Name"), get("Target Country"), get("Target Sectors"))]
    intensity, intensity_sure = py_float(get("Intensity"))
    lat, lat_sure = py_float(get("Latitude"))
    lon, lon_sure = py_float(get("Longitude"))
    actors, actors_sure, joins = _actors(sides, day)
    place = " ".join(f"WHEN coalesce({get(k)}, '') NOT IN ('', 'NA') THEN {get(k)}"
                     for k in ("City", "Province", "Country"))
    values = {
        "event_id": sql_hash("'icews'", f"coalesce({get('Event ID')}, '') || '|' || "
                                        f"coalesce({get('Event Date')}, '')"),
        "date": day, **actors, "goldstein": f"coalesce({intensity}, t.goldstein)",
        "location_name": f"CASE {place} END", "location_country": "place.code",
        "location_lat": lat, "location_lon": lon, "dataset": "'icews'",
    }
    sure = [f"{day} IS NOT NULL", "t.code IS NOT NULL", safe(get("Country")), intensity_sure,
            lat_sure, lon_sure, *actors_sure]
    joins = (f"LEFT JOIN frenemy_cameo t ON t.raw = {py_strip(get('CAMEO Code'))} "
             "LEFT JOIN frenemy_country_names place ON place.name = "
             f"lower(coalesce({get('Country')}, '')) {joins}")
    return _plan(reader, len(names), values, sure, joins, sides, day)


# -- the ICEWS14/ICEWS18 quadruples ------------------------------------------------------
def _relation(column: str) -> str:
    """icews.normal_name: lower case, runs of anything but letters and digits one space."""
    return f"trim(regexp_replace(lower({column}), '[^a-z0-9]+', ' ', 'g'), ' ')"


def _tkg_plan(member: Member) -> Plan | None:
    header = member.first_line()
    reader = tkg_reader(member.name, header) if header is not None else None
    if reader is None or isinstance(reader, InputIssue):
        return None
    day = iso_date("r.c3")
    sides = [("r.c0", "''", "''"), ("r.c2", "''", "''")]
    actors, actors_sure, joins = _actors(sides, day)
    values = {"event_id": sql_hash("'icews-tkg'", f"{literal(tkg_split(member.name) + ':')} "
                                                  "|| r.line"),
              "date": day, **actors, "dataset": "'icews-tkg'"}
    sure = [f"{day} IS NOT NULL", "t.code IS NOT NULL", safe("r.c1"), *actors_sure]
    joins = (f"LEFT JOIN frenemy_cameo_names n ON n.name = {_relation('r.c1')} "
             f"LEFT JOIN frenemy_cameo t ON t.raw = n.code {joins}")
    return _plan(reader, len(tsv(header or "")), values, sure, joins, sides, day)


ICEWS = SqlFormat(plan=_icews_plan, lines=partial(headed_lines, reader_for=icews_reader),
                  tables=load_icews_tables)
ICEWS_TKG = SqlFormat(plan=_tkg_plan, lines=partial(headed_lines, reader_for=tkg_reader),
                      tables=load_icews_tables)
