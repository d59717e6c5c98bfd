"""POLECAT: reader of POLECAT event files (PLOVER-coded successor of ICEWS)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

from frenemy.datasets.icews import country_names, role_from_text
from frenemy.datasets.rows import (
    LineReader,
    dataset_event,
    headed_reader,
    parse_float,
    read_headed,
)
from frenemy.errors import InputIssue
from frenemy.model import Event
from frenemy.taxonomy import countries

__all__ = ["iso3_codes", "plover_codes", "polecat_reader", "read_polecat"]


# -- POLECAT (PLOVER-coded successor of ICEWS) -------------------------------------------
_POLECAT_NEEDS = {"Event ID", "Event Date", "Event Type", "Actor Name", "Recipient Name"}


@cache
def plover_codes() -> dict[tuple[str, str], str]:
    """CAMEO code for a PLOVER (event type, mode); mode "" is the type's general code."""
    with resources.files("frenemy.datasets").joinpath("data", "plover_cameo.csv").open(
            encoding="utf-8") as handle:
        return {(row["plover_type"], row["plover_mode"]): row["code"]
                for row in csv.DictReader(handle)}


@cache
def iso3_codes() -> dict[str, str]:
    return {c.iso3: c.code for c in countries().values() if c.iso3}


def _polecat_actor(name: str, country: str, sector: str) -> tuple[str | None, str | None]:
    """(CAMEO actor code, country): POLECAT gives ISO alpha-3 countries and sector names."""
    home = iso3_codes().get(country.strip().upper()) if country.strip() else None
    home = home or (country_names().get(name.strip().lower()) if name.strip() else None)
    role = role_from_text(sector) if sector.strip() and sector.strip() != "None" else None
    if name.strip().lower() in country_names() and role in {None, "GOV"}:
        role = None  # "Iran" as an actor is the state itself
    code = (home or "") + (role or "")
    return code or None, home


def read_polecat(path: Path) -> Iterator[Event | InputIssue]:
    return read_headed(path, polecat_reader)


def polecat_reader(member: str, header_line: str) -> LineReader | InputIssue:
    """The reader of the rows of a POLECAT file with this header (see rows.headed_reader)."""
    return headed_reader(member, header_line, "a POLECAT file", _POLECAT_NEEDS, _polecat_row,
                         strip_header=True)


def _polecat_row(row: dict[str, str]) -> Event:
    event_type = row["Event Type"].strip().upper()
    mode = row.get("Event Mode", "").strip().lower()
    mode = "" if mode in {"none", "nan"} else mode
    code = plover_codes().get((event_type, mode)) or plover_codes().get((event_type, ""))
    if code is None:
        raise ValueError(f"unknown PLOVER event type {row['Event Type']!r}")
    day = date.fromisoformat(row["Event Date"].strip()[:10])
    source, source_country = _polecat_actor(row["Actor Name"], row.get("Actor Country", ""),
                                            row.get("Primary Actor Sector", ""))
    target, target_country = _polecat_actor(row["Recipient Name"],
                                            row.get("Recipient Country", ""),
                                            row.get("Primary Recipient Sector", ""))
    place_country = iso3_codes().get(row.get("Country", "").strip().upper())
    event = dataset_event("polecat", row["Event ID"].strip(), day, code,
                          source=source, source_name=row["Actor Name"].strip() or None,
                          source_country=source_country, target=target,
                          target_name=row["Recipient Name"].strip() or None,
                          target_country=target_country,
                          location_name=(row.get("Placename") or "").strip() or None,
                          location_country=place_country,
                          location_lat=parse_float(row.get("Latitude", "")),
                          location_lon=parse_float(row.get("Longitude", "")))
    # Keep POLECAT's own PLOVER coding; the CAMEO code is the nearest equivalent.
    event.plover_type, event.plover_mode = event_type, mode or None
    return event
