"""Taxonomies shipped as package data: CAMEO event codes, the CAMEO->PLOVER map, actor codes."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

__all__ = [
    "CameoCode",
    "Country",
    "Role",
    "Organization",
    "cameo_codes",
    "cameo",
    "plover_for",
    "countries",
    "roles",
    "organizations",
    "country_by_fips",
    "split_actor_code",
    "QUAD_CLASS_NAMES",
    "gdelt_quad_class",
    "Leader",
    "leaders",
]

QUAD_CLASS_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def gdelt_quad_class(root: str) -> int:
    """QuadClass as GDELT's own files assign it (roots 06-09 material cooperation,
    10-14 verbal conflict), which differs from frenemy's ``quad_class`` for roots 09 and 14."""
    number = int(root)
    return 1 if number <= 5 else 2 if number <= 9 else 3 if number <= 14 else 4


@dataclass(frozen=True)
class CameoCode:
    code: str
    level: int
    root: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    kind: str  # "country" or "region"
    other_names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital: str
    metonyms: tuple[str, ...]
    iso2: str
    iso3: str
    fips: str
    capital_lat: float | None
    capital_lon: float | None


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    kind: str
    nouns: tuple[str, ...]


@dataclass(frozen=True)
class Organization:
    code: str
    name: str
    country: str
    role: str
    aliases: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("frenemy.data").joinpath(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """All 312 CAMEO event codes keyed by code (a string: leading zeros matter)."""
    return {
        row["code"]: CameoCode(
            code=row["code"],
            level=int(row["level"]),
            root=row["root"],
            name=row["name"],
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
        )
        for row in _rows("cameo_codes.csv")
    }


def cameo(code: str) -> CameoCode:
    """Look up one CAMEO code; raises KeyError for an unknown code."""
    return cameo_codes()[code]


@cache
def _plover_map() -> dict[str, tuple[str, str]]:
    mapping: dict[str, tuple[str, str]] = {}
    for row in _rows("cameo_plover.csv"):
        mapping.setdefault(row["code"], (row["plover_type"], row["plover_mode"]))
    return mapping


def plover_for(code: str) -> tuple[str | None, str | None]:
    """PLOVER (event type, mode) for a CAMEO code, falling back to its parent codes.

    Mode is None where PLOVER defines none for the code.
    """
    mapping = _plover_map()
    candidate = code
    while candidate:
        if candidate in mapping:
            event_type, mode = mapping[candidate]
            return event_type, (mode or None)
        # 0231 -> 023 -> 02: CAMEO's parent is the code minus its last digit (roots are 2 digits).
        candidate = candidate[:-1] if len(candidate) > 2 else ""
    return None, None


def _float(value: str) -> float | None:
    return float(value) if value else None


@cache
def countries() -> dict[str, Country]:
    """CAMEO country (and region) codes with ISO, FIPS 10-4, names, demonyms and capitals."""
    return {
        row["code"]: Country(
            code=row["code"],
            name=row["name"],
            kind=row["kind"],
            other_names=_split(row["other_names"]),
            adjectives=_split(row["adjectives"]),
            capital=row["capital"],
            metonyms=_split(row["metonyms"]),
            iso2=row["iso2"],
            iso3=row["iso3"],
            fips=row["fips"],
            capital_lat=_float(row["capital_lat"]),
            capital_lon=_float(row["capital_lon"]),
        )
        for row in _rows("countries.csv")
    }


@cache
def country_by_fips() -> dict[str, Country]:
    """Countries keyed by FIPS 10-4 code, the code GDELT uses in its geography fields."""
    return {c.fips: c for c in countries().values() if c.fips and c.kind == "country"}


@cache
def roles() -> dict[str, Role]:
    """CAMEO role/type codes (GOV, MIL, COP, ...) with the nouns that signal them."""
    return {
        row["code"]: Role(row["code"], row["name"], row["kind"], _split(row["nouns"]))
        for row in _rows("roles.csv")
    }


@cache
def organizations() -> dict[str, Organization]:
    """International organisations and well-known non-state groups, keyed by actor code."""
    orgs: dict[str, Organization] = {}
    for row in _rows("organizations.csv"):
        org = Organization(row["code"], row["name"], row["country"], row["role"],
                           _split(row["aliases"]))
        # Several names may share one code (IRGC and Wagner are IRNMIL / RUSMIL).
        if org.code in orgs:
            org = Organization(org.code, orgs[org.code].name, org.country, org.role,
                               orgs[org.code].aliases + org.aliases)
        orgs[org.code] = org
    return orgs


@dataclass(frozen=True)
class Leader:
    """A head of state or government, foreign minister or group leader, with the term."""

    name: str
    actor: str  # CAMEO country (or organisation) code
    role: str  # role code; empty for an organisation's own leader
    start: date
    end: date | None
    office: str
    aliases: tuple[str, ...] = ()  # other spellings of the name ("Kurmanbek Bakiev")

    @property
    def code(self) -> str:
        return self.actor + self.role

    @property
    def surname(self) -> str:
        parts = [p for p in self.name.split() if p not in {"Jr.", "II", "III", "King"}]
        return parts[-1] if parts else self.name

    def in_office(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@cache
def leaders() -> tuple[Leader, ...]:
    """Heads of state and government, foreign and defence ministers of the UN members since
    1990, and leaders of organisations and armed groups (data/leaders.csv, built by
    tools/build_leaders.py)."""
    return tuple(
        Leader(row["name"], row["country"], row["role"], date.fromisoformat(row["start"]),
               date.fromisoformat(row["end"]) if row["end"] else None, row["office"],
               tuple(a for a in (row.get("aliases") or "").split("|") if a))
        for row in _rows("leaders.csv")
    )


def split_actor_code(code: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Split an actor code such as ``IRNMIL`` into its country (``IRN``) and role codes."""
    if not code:
        return None, ()
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = parts[0] if parts[0] in countries() else None
    return country, tuple(p for p in (parts[1:] if country else parts) if p)
