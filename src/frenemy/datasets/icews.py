"""ICEWS: readers of ICEWS event files and of the ICEWS temporal knowledge graph benchmarks."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from frenemy.datasets.rows import (
    LineReader,
    cameo_code,
    dataset_event,
    headed_reader,
    parse_float,
    read_headed,
    tsv,
)
from frenemy.errors import InputIssue
from frenemy.model import Event
from frenemy.taxonomy import (
    cameo_codes,
    countries,
    leaders,
    organizations,
    roles,
    split_actor_code,
)

__all__ = ["adjective_countries", "code_by_name", "country_names", "fold", "icews_reader",
           "leader_codes", "name_key", "normal_name", "organisation_codes", "read_icews",
           "read_icews_tkg", "role_from_text", "sector_roles", "tkg_reader", "tkg_split"]


# -- ICEWS -------------------------------------------------------------------------------
@cache
def country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in countries().values():
        if country.kind != "country" or len(country.code) != 3:
            continue
        for name in (country.name, *country.other_names):
            names.setdefault(name.lower(), country.code)
    extra = {"occupied palestinian territory": "PSE", "russian federation": "RUS",
             "united states": "USA", "united kingdom": "GBR", "north korea": "PRK",
             "south korea": "KOR", "democratic republic of congo": "COD",
             "republic of congo": "COG", "congo": "COG",  # ICEWS's "Congo" is Brazzaville
             "ivory coast": "CIV", "cote d'ivoire": "CIV",
             "burma": "MMR", "vatican city": "VAT", "kosovo": "KSV", "taiwan": "TWN",
             "iran": "IRN", "syria": "SYR", "venezuela": "VEN", "bolivia": "BOL",
             "tanzania": "TZA", "vietnam": "VNM", "laos": "LAO", "moldova": "MDA",
             "macedonia": "MKD", "czech republic": "CZE", "swaziland": "SWZ"}
    names.update(extra)
    return names


@cache
def sector_roles() -> list[tuple[str, str]]:
    with resources.files("frenemy.datasets").joinpath("data", "icews_sectors.csv").open(
            encoding="utf-8") as handle:
        return [(row["pattern"], row["role"]) for row in csv.DictReader(handle)]


def role_from_text(text: str) -> str | None:
    lowered = text.lower()
    for pattern, role_code in sector_roles():  # ordered: the specific before the general
        if pattern in lowered:
            return role_code
    for role in roles().values():
        for noun in role.nouns:
            if re.search(rf"\b{re.escape(noun)}\b", lowered):
                return role.code
    return None


_PAREN = re.compile(r"^(?P<name>.*?)\s*\((?P<country>[^()]*)\)\s*$")


def fold(text: str) -> str:
    """Lower case without accents: "François" -> "francois"."""
    if text.isascii():  # most names; NFKD changes no ASCII text
        return text.lower().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def name_key(name: str) -> str:
    """First and last name: ICEWS writes "Sergey Viktorovich Lavrov", the table "Sergey
    Lavrov"."""
    parts = fold(name).replace("-", " ").split()
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else (parts[0] if parts else "")


@cache
def leader_codes() -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = {}
    for leader in leaders():
        for key in {fold(leader.name), name_key(leader.name)}:
            table.setdefault(key, []).append(leader)
    return table


@cache
def organisation_codes() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for org in organizations().values():
        for alias in (org.name, *org.aliases):
            table.setdefault(fold(alias), (org.code, org.country or None))
    return table


@cache
def adjective_countries() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in countries().values():
        if country.kind == "country" and len(country.code) == 3:
            for adjective in country.adjectives:
                table.setdefault(fold(adjective), country.code)
    return table


def _icews_actor(name: str, country_name: str, sectors: str,
                 day: date | None) -> tuple[str | None, str | None]:
    """(actor code, country) for an ICEWS actor: "Police (India)", "Iran", "Vladimir Putin"."""
    name = name.strip()
    if not name or name == "NA":
        return None, None
    for key in (fold(name), name_key(name)):
        terms = leader_codes().get(key, [])
        for leader in terms:
            if day is None or leader.in_office(day):
                return leader.code, split_actor_code(leader.code)[0]
        if terms and day is not None:
            # Out of office then: of the country's elite, as the coder has it.
            nearest = min(terms, key=lambda t: abs((t.start - day).days))
            country = split_actor_code(nearest.actor)[0]
            if country:
                return country + "ELI", country
    return _icews_named_actor(name, country_name, sectors)


@cache
def _icews_named_actor(name: str, country_name: str, sectors: str
                       ) -> tuple[str | None, str | None]:
    """The date-independent part of the mapping, cached: ICEWS repeats its actors."""
    country = country_names().get(country_name.strip().lower()) if country_name else None
    organisation = organisation_codes().get(fold(name))
    if organisation is not None:  # "North Atlantic Treaty Organization", "Boko Haram"
        return organisation
    words = name.split()
    if len(words) >= 2 and fold(words[0]) in adjective_countries():
        # "Israeli Defense Forces": the adjective's country, the rest's role.
        home = adjective_countries()[fold(words[0])]
        return home + (role_from_text(" ".join(words[1:])) or "CVL"), home
    match = _PAREN.match(name)
    if match:
        country = country or country_names().get(match["country"].lower())
        named_role = role_from_text(match["name"]) or role_from_text(sectors) or "CVL"
        return ((country or "") + named_role) or None, country
    if name.lower() in country_names():
        code = country_names()[name.lower()]
        return code, code
    role = role_from_text(sectors) if sectors and sectors != "NA" else None
    if country or role:
        return (country or "") + (role or ""), country
    return None, None


_ICEWS_NEEDS = {"Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name"}


def read_icews(path: Path) -> Iterator[Event | InputIssue]:
    return read_headed(path, icews_reader)


def icews_reader(member: str, header_line: str) -> LineReader | InputIssue:
    """The reader of the rows of an ICEWS file with this header (see rows.headed_reader)."""
    return headed_reader(member, header_line, "an ICEWS file", _ICEWS_NEEDS, _icews_row)


def _icews_row(row: dict[str, str]) -> Event:
    day = date.fromisoformat(row["Event Date"])
    code = cameo_code(row["CAMEO Code"])
    source, source_country = _icews_actor(row["Source Name"], row.get("Source Country", ""),
                                          row.get("Source Sectors", ""), day)
    target, target_country = _icews_actor(row["Target Name"], row.get("Target Country", ""),
                                          row.get("Target Sectors", ""), day)
    place = country_names().get(row.get("Country", "").lower())
    return dataset_event(
        "icews", f"{row['Event ID']}|{row['Event Date']}", day, code,
        source=source, source_name=row["Source Name"], source_country=source_country,
        target=target, target_name=row["Target Name"], target_country=target_country,
        goldstein=parse_float(row.get("Intensity", "")),
        location_name=next((row[k] for k in ("City", "Province", "Country")
                            if row.get(k) not in (None, "", "NA")), None),
        location_country=place,
        location_lat=parse_float(row.get("Latitude", "")),
        location_lon=parse_float(row.get("Longitude", "")),
    )


# -- ICEWS temporal knowledge graph benchmarks --------------------------------------------
def normal_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@cache
def _relation_code(relation: str) -> str | None:
    return code_by_name().get(normal_name(relation))


@cache
def code_by_name() -> dict[str, str]:
    """CAMEO code by its (normalised) name; the most specific code wins a shared name."""
    table: dict[str, str] = {}
    for code in sorted(cameo_codes().values(), key=lambda c: -c.level):
        table.setdefault(normal_name(code.name), code.code)
    return table


def tkg_split(member: str) -> str:
    """The file's folder and name ("ICEWS14/train_names.tsv"): with the line number, the
    native id of its quadruples."""
    return f"{Path(member).parent.name}/{Path(member).name}"


def tkg_reader(member: str, header_line: str) -> LineReader | InputIssue:
    """The reader of the quadruples of a *_names.tsv file with this header."""
    header = [h.strip().lower() for h in tsv(header_line)]
    if header[:4] != ["subject", "relation", "object", "date"]:
        return InputIssue(member, 1, "not a *_names.tsv quadruple file (subject, relation, "
                          "object, date)")
    split = tkg_split(member)

    def read(number: int, line: str) -> Event | InputIssue | None:
        if not line.strip():
            return None
        fields = tsv(line)
        try:
            subject, relation, obj, raw_date = fields[:4]
            day = date.fromisoformat(raw_date)
            code = _relation_code(relation)
            if code is None:
                raise ValueError(f"relation {relation!r} is not a CAMEO event name")
            source, source_country = _icews_actor(subject, "", "", day)
            target, target_country = _icews_actor(obj, "", "", day)
            return dataset_event("icews-tkg", f"{split}:{number}", day, code,
                                 source=source, source_name=subject,
                                 source_country=source_country, target=target,
                                 target_name=obj, target_country=target_country)
        except (ValueError, IndexError) as exc:
            return InputIssue(member, number, str(exc))
    return read


def read_icews_tkg(path: Path) -> Iterator[Event | InputIssue]:
    return read_headed(path, tkg_reader)
