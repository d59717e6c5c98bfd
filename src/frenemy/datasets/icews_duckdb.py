"""ICEWS in DuckDB: ICEWS event files and ICEWS14/18 quadruples read by read_csv, mapped in SQL."""

from __future__ import annotations

from functools import partial

from frenemy.datasets.actors_duckdb import (
    icews_columns,
    icews_named,
    icews_side,
    icews_tables,
    map_icews_actors,
)
from frenemy.datasets.duckdb_files import Member
from frenemy.datasets.duckdb_import import ROWS, Plan, SqlFormat
from frenemy.datasets.duckdb_sql import (
    event_columns,
    iso_date,
    literal,
    py_float,
    safe,
    sql_hash,
)
from frenemy.datasets.icews import icews_reader, tkg_reader, tkg_split
from frenemy.datasets.rows import LineReader, headed_lines, tsv
from frenemy.errors import InputIssue
from frenemy.store import Store

__all__ = ["ICEWS", "ICEWS_TKG"]


# The sides of a row in ROWS: the actor's name, country and sectors as written.
_SIDES = [("r.source_name", "r.source_country", "r.source_sectors"),
          ("r.target_name", "r.target_country", "r.target_sectors")]
_KEYS = ("r.source_key", "r.target_key")


def _keyed_sides() -> list[tuple[str, str, str, str]]:
    return [(key, *side) for key, side in zip(_KEYS, _SIDES, strict=True)]


def _side_fields(fields: list[tuple[str, str, str]]) -> dict[str, str]:
    """The columns of ROWS that hold the sides, from these fields (NULL, an empty field,
    as '')."""
    return {column.removeprefix("r."): f"coalesce({field}, '')"
            for side, names in zip(_SIDES, fields, strict=True)
            for column, field in zip(side, names, strict=True)}


def _plan(reader: LineReader, width: int, parse: dict[str, str],
          values: dict[str, str], code_joins: str, event_id: str) -> Plan:
    """The plan of an ICEWS or quadruple file: parse gives ROWS the date (as written, day,
    and parsed, date), the sides (_SIDES) and ``ok``; values the rest, with the code from
    code_joins (as t). A row is ok if its parse says so, its code is known and its sides'
    texts are safe (checked once per actor, in the actor table, not per row). The check
    tells repeated ids apart by event_id (of ROWS r, equal where the ids are)."""
    # Each side's three texts hashed once, as the file is read: the actor tables are
    # grouped and joined by that key.
    parse = parse | {
        key.removeprefix("r."): f"hash({', '.join(c.removeprefix('r.') for c in side)})"
        for key, side in zip(_KEYS, _SIDES, strict=True)}
    joins = code_joins
    for (key, name, _, _), alias, side in zip(_keyed_sides(), "st", ("source", "target"),
                                              strict=True):
        code, side_country = icews_columns(alias)
        values |= {side: code, f"{side}_name": name, f"{side}_country": side_country}
        joins += icews_side(key, "r.date", alias)

    def prepare(store: Store) -> bool:
        return map_icews_actors(store, _keyed_sides(), "r.date")

    ok = "r.ok AND t.code IS NOT NULL AND coalesce(sn.safe AND tn.safe, false)"
    select = f"SELECT {event_columns(values)}, r.line, {ok} AS ok FROM {ROWS} r {joins}"
    named = "".join(icews_named(key, alias) for key, alias in zip(_KEYS, "st", strict=True))
    check = (f"SELECT r.line, {event_id} AS event_id, {ok} AS ok FROM {ROWS} r "
             f"{code_joins}{named}")
    return Plan(width, 1, parse, select, reader, prepare=prepare, check=check)


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

    day = get("Event Date")
    intensity, intensity_sure = py_float(get("Intensity"), "goldstein")
    lat, lat_sure = py_float(get("Latitude"), "location_lat")
    lon, lon_sure = py_float(get("Longitude"), "location_lon")
    # An empty field is NULL, which no WHEN takes.
    place = " ".join(f"WHEN {get(k)} NOT IN ('', 'NA') THEN {get(k)}"
                     for k in ("City", "Province", "Country"))
    parse = {
        "event_key": f"coalesce({get('Event ID')}, '')",
        "day": f"coalesce({day}, '')", "id_key": "hash(event_key, day)",
        "date": iso_date(day), "code": get("CAMEO Code"),
        **_side_fields([(get(f"{side} Name"), get(f"{side} Country"), get(f"{side} Sectors"))
                        for side in ("Source", "Target")]),
        "goldstein": intensity, "location_name": f"CASE {place} END",
        "place": f"lower(coalesce({get('Country')}, ''))", "location_lat": lat,
        "location_lon": lon,
        "ok": " AND ".join(['"date" IS NOT NULL', safe(get("Country")),
                            intensity_sure, lat_sure, lon_sure]),
    }
    values = {
        # The id's hash is worked out as the events are stored, where the cores have time
        # for it; the check tells repeated ids by their parts.
        "event_id": sql_hash("'icews'", "r.event_key || '|' || r.day"), "date": "r.date",
        "goldstein": "coalesce(r.goldstein, t.goldstein)", "location_name": "r.location_name",
        "location_country": "place.code", "location_lat": "r.location_lat",
        "location_lon": "r.location_lon", "dataset": "'icews'",
    }
    return _plan(reader, len(names), parse, values, "LEFT JOIN frenemy_cameo t ON t.raw = r.code "
                 "LEFT JOIN frenemy_country_names place ON place.name = r.place ",
                 event_id="r.id_key")


# -- the ICEWS14/ICEWS18 quadruples ------------------------------------------------------
def _relation(column: str) -> str:
    """icews.normal_name: lower case, runs of anything but letters and digits one space."""
    return f"trim(regexp_replace(lower({column}), '[^a-z0-9]+', ' ', 'g'), ' ')"


def _tkg_plan(member: Member) -> Plan | None:
    header = member.first_line()
    reader = tkg_reader(member.name, header) if header is not None else None
    if reader is None or isinstance(reader, InputIssue):
        return None
    parse = {"day": "coalesce(r.c3, '')", "date": iso_date("r.c3"),
             "relation": _relation("r.c1"),
             **_side_fields([("r.c0", "''", "''"), ("r.c2", "''", "''")]),
             "ok": f'"date" IS NOT NULL AND {safe("r.c1")}'}
    values = {"event_id": sql_hash("'icews-tkg'", f"{literal(tkg_split(member.name) + ':')} "
                                                  "|| r.line"),
              "date": "r.date", "dataset": "'icews-tkg'"}
    # Each line is its own event: no id repeats.
    return _plan(reader, len(tsv(header or "")), parse, values,
                 "LEFT JOIN frenemy_cameo_names n ON n.name = r.relation "
                 "LEFT JOIN frenemy_cameo t ON t.raw = n.code ", event_id="r.line")


ICEWS = SqlFormat(plan=_icews_plan, lines=partial(headed_lines, reader_for=icews_reader),
                  tables=icews_tables)
ICEWS_TKG = SqlFormat(plan=_tkg_plan, lines=partial(headed_lines, reader_for=tkg_reader),
                      tables=icews_tables)
