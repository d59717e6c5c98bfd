"""Gazetteer: phrase matchers for every actor name the project knows, and the user's actors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from frenemy.coding.actors import DocumentActors
from frenemy.coding.places import city
from frenemy.errors import ConfigError
from frenemy.taxonomy import countries, organizations, roles

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["ActorOptions", "Entry", "Gazetteer", "gazetteer", "load_user_actors"]


@dataclass
class ActorOptions:
    """Options of the actor stage: extra actor definitions from the user's file."""

    extra_actors: tuple[tuple[str, str, str | None, str | None], ...] = ()  # (name, code, ...)


@dataclass(frozen=True)
class Entry:
    code: str
    country: str | None
    role: str | None
    kind: str  # country | adjective | capital | org | user


def load_user_actors(path: Path) -> tuple[tuple[str, str, str | None, str | None], ...]:
    """Read a user's actor file (CSV with name,code[,country,role] or YAML list of those)."""
    try:
        if path.suffix.lower() in {".yaml", ".yml"}:
            import yaml

            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        else:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read actor file {path} ({exc})",
                          "Give a CSV or YAML file with name and code columns") from exc
    result = []
    for number, row in enumerate(rows, start=2):
        if not isinstance(row, dict) or not row.get("name") or not row.get("code"):
            raise ConfigError(f"{path}:{number}: an actor needs a name and a code",
                              "Add both fields to every row")
        code = str(row["code"]).upper()
        result.append((str(row["name"]), code, row.get("country") or code[:3] or None,
                       row.get("role") or None))
    return tuple(result)


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun if noun.endswith("s") else noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


class Gazetteer:
    """Phrase matchers for every actor name the project knows, built once per model."""

    def __init__(self, nlp: Language, options: ActorOptions | None = None) -> None:
        from spacy.matcher import PhraseMatcher

        self.entries: dict[str, Entry] = {}
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Long names also match in any case ("iSrael", "tunisian"); acronyms only as written.
        self.names_any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_nouns = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.role_by_phrase: dict[str, str] = {}
        names: dict[str, Entry] = {}
        for country in countries().values():
            kind = "country" if country.kind == "country" else "region"
            if kind == "region" and city(country.name) is not None:
                continue  # CAMEO's region BAG is Baghdad, a city of Iraq, to news readers
            for name in (country.name, *country.other_names):
                names.setdefault(name, Entry(country.code, country.code, None, kind))
            for adjective in country.adjectives:
                names.setdefault(adjective, Entry(country.code, country.code, None, "adjective"))
                if adjective.endswith(("an", "i")):
                    # "Liberians", "Israelis": the people of the country.
                    names.setdefault(adjective + "s",
                                     Entry(country.code, country.code, None, "adjective"))
            for metonym in (country.capital, *country.metonyms):
                if metonym:
                    names.setdefault(metonym, Entry(country.code, country.code, None, "capital"))
        for org in organizations().values():
            for alias in org.aliases:
                names[alias] = Entry(org.code, org.country or None, org.role, "org")
        for name, code, home, role_code in (options.extra_actors if options else ()):
            names[name] = Entry(code, home, role_code, "user")
        for name, entry in list(names.items()):
            if "'" in name:  # news prints "Workers’ Party" with a typographic apostrophe
                names.setdefault(name.replace("'", "\u2019"), entry)
        for name, entry in names.items():
            key = f"N:{name}"
            self.entries[key] = entry
            self.names.add(key, [nlp.make_doc(name)])
            if len(name) >= 5 and not name.isupper():
                self.names_any_case.add(key, [nlp.make_doc(name)])
        for role_entry in roles().values():
            for noun in role_entry.nouns:
                # Plurals come for free: "envoy" also matches "envoys".
                for form in (noun.lower(), _plural(noun.lower())):
                    self.role_by_phrase.setdefault(form, role_entry.code)
        for noun in self.role_by_phrase:
            self.role_nouns.add(f"R:{noun}", [nlp.make_doc(noun)])
        self.vocab = nlp.vocab

    def annotate(self, doc: Doc, published: date | None = None) -> DocumentActors:
        return DocumentActors(self, doc, published)


@cache
def _gazetteer_for(nlp: Language) -> Gazetteer:
    return Gazetteer(nlp)


def gazetteer(nlp: Language, options: ActorOptions | None = None) -> Gazetteer:
    """The gazetteer for a model: cached for the defaults, built anew for user actors."""
    if options is None or not options.extra_actors:
        return _gazetteer_for(nlp)
    return Gazetteer(nlp, options)
