"""Importers: event datasets analysts already have (GDELT, ICEWS, POLECAT, ICEWS TKG)."""

from __future__ import annotations

import csv
import gzip
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from frenemy.errors import InputError, InputIssue, exit_code
from frenemy.model import Event, content_hash
from frenemy.store import Store
from frenemy.taxonomy import (
    cameo,
    cameo_codes,
    countries,
    country_by_fips,
    leaders,
    organizations,
    plover_for,
    roles,
    split_actor_code,
)

__all__ = ["IMPORT_FORMATS", "ImportOptions", "ImportResult", "Mention", "import_events",
           "read_events"]

IMPORT_FORMATS = ("gdelt", "icews", "polecat", "icews-tkg")
_BATCH = 2000  # rows per committed transaction


@dataclass
class ImportOptions:
    """Options of an import: the format and how many rows go in one transaction."""

    format: str
    batch_size: int = _BATCH
    on_batch: Callable[[int], None] | None = None


@dataclass(frozen=True)
class Mention:
    """An article that reported an imported event (a GDELT 2.0 mentions row)."""

    event_id: str
    doc_id: str
    url: str
    outlet: str | None
    published: date | None
    sentence_index: int | None


@dataclass
class ImportResult:
    rows_read: int = 0
    events_added: int = 0
    mentions_added: int = 0
    events_skipped: int = 0  # already stored
    issues: list[InputIssue] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code(self.issues, self.rows_read)


# -- reading files -----------------------------------------------------------------------
def _open_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(member name, lines) of a plain, .gz or .zip file."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith("/"):
                    text = archive.read(name).decode("utf-8", errors="replace")
                    yield f"{path}!{name}", text.splitlines()
        return
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    yield str(path), data.decode("utf-8", errors="replace").splitlines()


def _tsv(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))


def _float(value: str) -> float | None:
    try:
        return float(value) if value not in ("", "NA") else None
    except ValueError:
        return None


def _int(value: str, default: int = 1) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def _code(raw: str) -> str:
    """A CAMEO code as a string with its zeros ("40" written by a spreadsheet is "040")."""
    code = raw.strip()
    if code in cameo_codes():
        return code
    for candidate in (code.zfill(3), code.zfill(4)):
        if candidate in cameo_codes():
            return candidate
    raise ValueError(f"unknown CAMEO code {raw!r}")


def _event(dataset: str, native_id: str, day: date | None, code: str, **fields: Any) -> Event:
    info = cameo(code)
    plover_type, plover_mode = plover_for(code)
    values: dict[str, Any] = {
        "event_id": content_hash(dataset, native_id),
        "doc_id": None, "sentence_index": None, "date": day,
        "date_precision": "day" if day else None,
        "source": None, "source_name": None, "source_country": None,
        "target": None, "target_name": None, "target_country": None,
        "code": code, "root": info.root, "quad_class": info.quad_class,
        "goldstein": info.goldstein, "plover_type": plover_type, "plover_mode": plover_mode,
        "confidence": 1.0, "coder_version": "", "dataset": dataset,
    }
    values.update({k: v for k, v in fields.items() if v is not None})
    return Event(**values)


# -- GDELT -------------------------------------------------------------------------------
def _gdelt_date(value: str) -> date:
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _gdelt_row(fields: list[str]) -> Event:
    width = len(fields)
    if width not in (57, 58, 61):
        raise ValueError(f"{width} columns; GDELT events have 57, 58 or 61")
    geo = 8 if width == 61 else 7
    action = 5 + 20 + 10 + 2 * geo  # ActionGeo block
    actor = [fields[5:15], fields[15:25]]
    code = _code(fields[26])
    lat, lon = _float(fields[action + geo - 3]), _float(fields[action + geo - 2])
    fips = fields[action + 2]
    country = country_by_fips().get(fips)
    return _event(
        "gdelt", fields[0], _gdelt_date(fields[1]), code,
        source=actor[0][0] or None, source_name=actor[0][1] or None,
        source_country=actor[0][2] or None,
        target=actor[1][0] or None, target_name=actor[1][1] or None,
        target_country=actor[1][2] or None,
        goldstein=_float(fields[30]),
        num_mentions=_int(fields[31]), num_sources=_int(fields[32]),
        num_articles=_int(fields[33]),
        location_name=fields[action + 1] or None,
        location_country=country.code if country else None,
        location_lat=lat, location_lon=lon,
    )


def _gdelt_mention(fields: list[str]) -> Mention:
    """GlobalEventID, EventTimeDate, MentionTimeDate, MentionType, MentionSourceName,
    MentionIdentifier, SentenceID, ...: the article is identified by its URL or citation."""
    event_id, identifier = fields[0].strip(), fields[5].strip()
    if not event_id.isdigit() or not identifier:
        raise ValueError("a GDELT mentions row needs GlobalEventID and MentionIdentifier")
    sentence = _int(fields[6], default=0)
    return Mention(content_hash("gdelt", event_id), content_hash("gdelt-mention", identifier),
                   identifier, fields[4].strip() or None, _gdelt_date(fields[2]),
                   sentence - 1 if sentence > 0 else None)  # GDELT counts sentences from 1


def _read_gdelt(path: Path) -> Iterator[Event | Mention | InputIssue]:
    for member, lines in _open_lines(path):
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            fields = _tsv(line)
            try:
                yield _gdelt_mention(fields) if len(fields) in (15, 16) else _gdelt_row(fields)
            except (ValueError, IndexError) as exc:
                yield InputIssue(member, number, str(exc))


# -- ICEWS -------------------------------------------------------------------------------
@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in countries().values():
        if country.kind != "country" or len(country.code) != 3:
            continue
        for name in (country.name, *country.other_names):
            names.setdefault(name.lower(), country.code)
    extra = {"occupied palestinian territory": "PSE", "russian federation": "RUS",
             "united states": "USA", "united kingdom": "GBR", "north korea": "PRK",
             "south korea": "KOR", "democratic republic of congo": "COD",
             "republic of congo": "COG", "ivory coast": "CIV", "cote d'ivoire": "CIV",
             "burma": "MMR", "vatican city": "VAT", "kosovo": "KSV", "taiwan": "TWN",
             "iran": "IRN", "syria": "SYR", "venezuela": "VEN", "bolivia": "BOL",
             "tanzania": "TZA", "vietnam": "VNM", "laos": "LAO", "moldova": "MDA",
             "macedonia": "MKD", "czech republic": "CZE", "swaziland": "SWZ"}
    names.update(extra)
    return names


@cache
def _sector_roles() -> list[tuple[str, str]]:
    with resources.files("frenemy.datasets").joinpath("data", "icews_sectors.csv").open(
            encoding="utf-8") as handle:
        return [(row["pattern"], row["role"]) for row in csv.DictReader(handle)]


def _role_from_text(text: str) -> str | None:
    lowered = text.lower()
    for pattern, role_code in _sector_roles():  # ordered: the specific before the general
        if pattern in lowered:
            return role_code
    for role in roles().values():
        for noun in role.nouns:
            if re.search(rf"\b{re.escape(noun)}\b", lowered):
                return role.code
    return None


_PAREN = re.compile(r"^(?P<name>.*?)\s*\((?P<country>[^()]*)\)\s*$")


def _fold(text: str) -> str:
    """Lower case without accents: "François" -> "francois"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def _name_key(name: str) -> str:
    """First and last name: ICEWS writes "Sergey Viktorovich Lavrov", the table "Sergey
    Lavrov"."""
    parts = _fold(name).replace("-", " ").split()
    return f"{parts[0]} {parts[-1]}" if len(parts) >= 2 else (parts[0] if parts else "")


@cache
def _leader_codes() -> dict[str, list[Any]]:
    table: dict[str, list[Any]] = {}
    for leader in leaders():
        for key in {_fold(leader.name), _name_key(leader.name)}:
            table.setdefault(key, []).append(leader)
    return table


@cache
def _organisation_codes() -> dict[str, tuple[str, str | None]]:
    table: dict[str, tuple[str, str | None]] = {}
    for org in organizations().values():
        for alias in (org.name, *org.aliases):
            table.setdefault(_fold(alias), (org.code, org.country or None))
    return table


@cache
def _adjective_countries() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in countries().values():
        if country.kind == "country" and len(country.code) == 3:
            for adjective in country.adjectives:
                table.setdefault(_fold(adjective), country.code)
    return table


def _icews_actor(name: str, country_name: str, sectors: str,
                 day: date | None) -> tuple[str | None, str | None]:
    """(actor code, country) for an ICEWS actor: "Police (India)", "Iran", "Vladimir Putin"."""
    name = name.strip()
    if not name or name == "NA":
        return None, None
    for key in (_fold(name), _name_key(name)):
        terms = _leader_codes().get(key, [])
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
    country = _country_names().get(country_name.strip().lower()) if country_name else None
    organisation = _organisation_codes().get(_fold(name))
    if organisation is not None:  # "North Atlantic Treaty Organization", "Boko Haram"
        return organisation
    words = name.split()
    if len(words) >= 2 and _fold(words[0]) in _adjective_countries():
        # "Israeli Defense Forces": the adjective's country, the rest's role.
        home = _adjective_countries()[_fold(words[0])]
        return home + (_role_from_text(" ".join(words[1:])) or "CVL"), home
    match = _PAREN.match(name)
    if match:
        country = country or _country_names().get(match["country"].lower())
        named_role = _role_from_text(match["name"]) or _role_from_text(sectors) or "CVL"
        return ((country or "") + named_role) or None, country
    if name.lower() in _country_names():
        code = _country_names()[name.lower()]
        return code, code
    role = _role_from_text(sectors) if sectors and sectors != "NA" else None
    if country or role:
        return (country or "") + (role or ""), country
    return None, None


def _read_headed(path: Path, kind: str, needed: set[str],
                 to_event: Callable[[dict[str, str]], Event],
                 strip_header: bool = False) -> Iterator[Event | InputIssue]:
    """Rows of tab-separated files with a header (ICEWS, POLECAT), read by column name; a
    file without the needed columns, and each row that fails, is reported and skipped."""
    for member, lines in _open_lines(path):
        if not lines:
            continue
        header = [h.strip() if strip_header else h for h in _tsv(lines[0])]
        if not needed <= set(header):
            yield InputIssue(member, 1, f"not {kind}: missing columns "
                             + ", ".join(sorted(needed - set(header))))
            continue
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            try:
                yield to_event(dict(zip(header, _tsv(line), strict=False)))
            except (ValueError, KeyError) as exc:
                yield InputIssue(member, number, str(exc))


_ICEWS_NEEDS = {"Event ID", "Event Date", "Source Name", "CAMEO Code", "Target Name"}


def _read_icews(path: Path) -> Iterator[Event | InputIssue]:
    return _read_headed(path, "an ICEWS file", _ICEWS_NEEDS, _icews_row)


def _icews_row(row: dict[str, str]) -> Event:
    day = date.fromisoformat(row["Event Date"])
    code = _code(row["CAMEO Code"])
    source, source_country = _icews_actor(row["Source Name"], row.get("Source Country", ""),
                                          row.get("Source Sectors", ""), day)
    target, target_country = _icews_actor(row["Target Name"], row.get("Target Country", ""),
                                          row.get("Target Sectors", ""), day)
    place = _country_names().get(row.get("Country", "").lower())
    return _event(
        "icews", f"{row['Event ID']}|{row['Event Date']}", day, code,
        source=source, source_name=row["Source Name"], source_country=source_country,
        target=target, target_name=row["Target Name"], target_country=target_country,
        goldstein=_float(row.get("Intensity", "")),
        location_name=next((row[k] for k in ("City", "Province", "Country")
                            if row.get(k) not in (None, "", "NA")), None),
        location_country=place,
        location_lat=_float(row.get("Latitude", "")),
        location_lon=_float(row.get("Longitude", "")),
    )


# -- ICEWS temporal knowledge graph benchmarks --------------------------------------------
def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@cache
def _relation_code(relation: str) -> str | None:
    return _code_by_name().get(_normal(relation))


@cache
def _code_by_name() -> dict[str, str]:
    """CAMEO code by its (normalised) name; the most specific code wins a shared name."""
    table: dict[str, str] = {}
    for code in sorted(cameo_codes().values(), key=lambda c: -c.level):
        table.setdefault(_normal(code.name), code.code)
    return table


def _read_icews_tkg(path: Path) -> Iterator[Event | InputIssue]:
    for member, lines in _open_lines(path):
        if not lines:
            continue
        header = [h.strip().lower() for h in _tsv(lines[0])]
        if header[:4] != ["subject", "relation", "object", "date"]:
            yield InputIssue(member, 1, "not a *_names.tsv quadruple file (subject, relation, "
                             "object, date)")
            continue
        split = f"{Path(member).parent.name}/{Path(member).name}"
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            fields = _tsv(line)
            try:
                subject, relation, obj, raw_date = fields[:4]
                day = date.fromisoformat(raw_date)
                code = _relation_code(relation)
                if code is None:
                    raise ValueError(f"relation {relation!r} is not a CAMEO event name")
                source, source_country = _icews_actor(subject, "", "", day)
                target, target_country = _icews_actor(obj, "", "", day)
                yield _event("icews-tkg", f"{split}:{number}", day, code, source=source,
                             source_name=subject, source_country=source_country,
                             target=target, target_name=obj, target_country=target_country)
            except (ValueError, IndexError) as exc:
                yield InputIssue(member, number, str(exc))


# -- POLECAT (PLOVER-coded successor of ICEWS) -------------------------------------------
_POLECAT_NEEDS = {"Event ID", "Event Date", "Event Type", "Actor Name", "Recipient Name"}


@cache
def _plover_codes() -> dict[tuple[str, str], str]:
    """CAMEO code for a PLOVER (event type, mode); mode "" is the type's general code."""
    with resources.files("frenemy.datasets").joinpath("data", "plover_cameo.csv").open(
            encoding="utf-8") as handle:
        return {(row["plover_type"], row["plover_mode"]): row["code"]
                for row in csv.DictReader(handle)}


@cache
def _iso3_codes() -> dict[str, str]:
    return {c.iso3: c.code for c in countries().values() if c.iso3}


def _polecat_actor(name: str, country: str, sector: str) -> tuple[str | None, str | None]:
    """(CAMEO actor code, country): POLECAT gives ISO alpha-3 countries and sector names."""
    home = _iso3_codes().get(country.strip().upper()) if country.strip() else None
    home = home or (_country_names().get(name.strip().lower()) if name.strip() else None)
    role = _role_from_text(sector) if sector.strip() and sector.strip() != "None" else None
    if name.strip().lower() in _country_names() and role in {None, "GOV"}:
        role = None  # "Iran" as an actor is the state itself
    code = (home or "") + (role or "")
    return code or None, home


def _read_polecat(path: Path) -> Iterator[Event | InputIssue]:
    return _read_headed(path, "a POLECAT file", _POLECAT_NEEDS, _polecat_row, strip_header=True)


def _polecat_row(row: dict[str, str]) -> Event:
    event_type = row["Event Type"].strip().upper()
    mode = row.get("Event Mode", "").strip().lower()
    mode = "" if mode in {"none", "nan"} else mode
    code = _plover_codes().get((event_type, mode)) or _plover_codes().get((event_type, ""))
    if code is None:
        raise ValueError(f"unknown PLOVER event type {row['Event Type']!r}")
    day = date.fromisoformat(row["Event Date"].strip()[:10])
    source, source_country = _polecat_actor(row["Actor Name"], row.get("Actor Country", ""),
                                            row.get("Primary Actor Sector", ""))
    target, target_country = _polecat_actor(row["Recipient Name"],
                                            row.get("Recipient Country", ""),
                                            row.get("Primary Recipient Sector", ""))
    place_country = _iso3_codes().get(row.get("Country", "").strip().upper())
    event = _event("polecat", row["Event ID"].strip(), day, code,
                   source=source, source_name=row["Actor Name"].strip() or None,
                   source_country=source_country, target=target,
                   target_name=row["Recipient Name"].strip() or None,
                   target_country=target_country,
                   location_name=(row.get("Placename") or "").strip() or None,
                   location_country=place_country,
                   location_lat=_float(row.get("Latitude", "")),
                   location_lon=_float(row.get("Longitude", "")))
    # Keep POLECAT's own PLOVER coding; the CAMEO code is the nearest equivalent.
    event.plover_type, event.plover_mode = event_type, mode or None
    return event


_READERS: dict[str, Callable[[Path], Iterator[Event | Mention | InputIssue]]] = {
    "gdelt": _read_gdelt,
    "icews": _read_icews,
    "polecat": _read_polecat,
    "icews-tkg": _read_icews_tkg,
}


def read_events(fmt: str, paths: Iterable[Path]) -> Iterator[Event | Mention | InputIssue]:
    """Events (and, for GDELT, mentions) from files in one of IMPORT_FORMATS; unusable rows
    come back as InputIssue."""
    if fmt not in _READERS:
        raise InputError(f"unknown import format {fmt!r}", f"Use one of {', '.join(_READERS)}")
    for path in paths:
        if not path.exists():
            yield InputIssue(str(path), None, "no such file")
            continue
        try:
            yield from _READERS[fmt](path)
        except (OSError, zipfile.BadZipFile, EOFError, gzip.BadGzipFile) as exc:
            yield InputIssue(str(path), None, f"cannot read ({exc})")


def import_events(paths: Iterable[Path], store: Store, options: ImportOptions) -> ImportResult:
    """Import event files into the store in committed batches; re-importing adds nothing."""
    paths = list(paths)
    run = store.start_run(f"import {options.format}", [str(p) for p in paths])
    result = ImportResult()
    batch: list[Event] = []
    mentions: list[Mention] = []
    for item in read_events(options.format, paths):
        if isinstance(item, InputIssue):
            result.issues.append(item)
            continue
        result.rows_read += 1
        if isinstance(item, Mention):
            mentions.append(item)
        else:
            batch.append(item)
        if len(batch) + len(mentions) >= options.batch_size:
            _flush(store, batch, mentions, result, options)
            batch, mentions = [], []
    if batch or mentions:
        _flush(store, batch, mentions, result, options)
    if not result.rows_read and not result.issues:
        result.issues.append(InputIssue("(input)", None, "no events found"))
    store.add_errors(run, [(i.file, i.line, i.reason) for i in result.issues])
    store.finish_run(run, read=result.rows_read, added=0, skipped=result.events_skipped,
                     events=result.events_added, errors=len(result.issues),
                     status={0: "ok", 2: "partial", 1: "failed"}[result.exit_code])
    return result


def _flush(store: Store, batch: list[Event], mentions: list[Mention], result: ImportResult,
           options: ImportOptions) -> None:
    unique = {e.event_id: e for e in batch}  # a file may repeat a row
    added = store.add_events(list(unique.values()))
    result.events_added += added
    result.events_skipped += len(batch) - added
    result.mentions_added += store.add_mentions(mentions)
    if options.on_batch:
        options.on_batch(result.rows_read)

