"""Document context: the countries an article is about, from its dateline, headline and places."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from frenemy.coding.places import city
from frenemy.taxonomy import countries

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frenemy.coding.actors import DocumentActors

__all__ = ["DocumentContext", "document_context", "dateline", "dateline_end"]

# "YEREVAN, Armenia (AP) —", "BISHKEK, Kyrgyzstan, March 24 (Reuters) -", "KABUL —".
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z.'\u2019 -]{1,40}?)"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.'\u2019 ]{1,40}?))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"\s*(?:\((?P<agency>[A-Za-z .&-]{2,30})\))?\s*(?:\u2014|\u2013|--| - |:)\s*")
_DATELINE_WEIGHT = 6
_TITLE_WEIGHT = 3
_LEAD_WEIGHT = 2  # the first paragraph names what the story is about
_LEAD_CHARS = 400
_MIN_HOME_WEIGHT = 4
# Kinds of names that place a story in a country ("Israeli", "Tehran", "Iran").
_PLACING_KINDS = {"country", "adjective", "capital"}


@dataclass
class DocumentContext:
    """Where a document is: its home countries, best first, with their weights."""

    home: tuple[str, ...] = ()
    weights: dict[str, int] = field(default_factory=dict)

    @property
    def country(self) -> str | None:
        """The one home country, when one clearly leads (ties name no country)."""
        if not self.home:
            return None
        if len(self.home) > 1 and self.weights[self.home[1]] == self.weights[self.home[0]]:
            return None
        return self.home[0]


def _named(actors: DocumentActors) -> dict[str, list[int]]:
    """Countries named (as a country, a people or a capital) -> where, in characters."""
    known = countries()
    found: dict[str, list[int]] = {}
    for index, mention in actors.names_at.items():
        if index != mention.start:
            continue
        country = mention.entry.country
        if mention.entry.kind in _PLACING_KINDS and country in known and (
                known[country].kind == "country"):
            found.setdefault(country, []).append(actors.doc[index].idx)
    return found


def _dateline_match(text: str) -> re.Match[str] | None:
    match = _DATELINE.match(text[:120])
    if match is None or not (match.group("city").isupper() or match.group("agency")):
        return None  # "Talks resumed - ..." is a sentence, not a dateline
    return match


def dateline_end(text: str) -> int:
    """Where the text after a dateline starts (0 without one): a dateline names no actor."""
    match = _dateline_match(text)
    return match.end() if match is not None else 0


def dateline(text: str) -> str | None:
    """The country of a dateline opening the text ("YEREVAN, Armenia (AP) —"), if any."""
    match = _dateline_match(text)
    if match is None:
        return None
    for name in (match.group("region"), match.group("city")):
        if not name:
            continue
        found = _country_named(name.strip())
        if found:
            return found
    return None


@cache
def _countries_by_name() -> dict[str, str]:
    return {name.lower(): c.code for c in countries().values() if c.kind == "country"
            for name in (c.name, *c.other_names)}


def _country_named(name: str) -> str | None:
    if name.lower() in _countries_by_name():
        return _countries_by_name()[name.lower()]
    place = city(name if not name.isupper() else name.title())
    return place[1] if place is not None else None


def document_context(doc: Doc, actors: DocumentActors,
                     title_actors: DocumentActors | None = None) -> DocumentContext:
    """Rank the countries a document is about: a dateline counts most, then the headline,
    then every country, people and capital named (the lead paragraph twice), then cities."""
    scores: Counter[str] = Counter()
    home = dateline(actors.text)
    if home:
        scores[home] += _DATELINE_WEIGHT
    for country in _named(title_actors) if title_actors is not None else ():
        scores[country] += _TITLE_WEIGHT
    for country, start in _named(actors).items():
        for offset in start:
            scores[country] += _LEAD_WEIGHT if offset < _LEAD_CHARS else 1
    for entity in doc.ents:
        if entity.label_ == "GPE" and entity.start not in actors.names_at:
            place = city(entity.text)
            if place is not None and place[1]:
                scores[place[1]] += 1
    # A country named once in a short text is no evidence of where the story is.
    ranked = [c for c in sorted(scores, key=lambda c: (-scores[c], c))
              if scores[c] >= _MIN_HOME_WEIGHT]
    return DocumentContext(tuple(ranked), dict(scores))
