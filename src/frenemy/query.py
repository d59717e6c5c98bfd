"""Event filters: what `frenemy events`, the API and exports select, as SQL over events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from frenemy.taxonomy import countries

__all__ = ["EventQuery"]


@dataclass
class EventQuery:
    """Filters for events. Actor codes match by prefix (IRNMIL matches IRNMILNAV); country
    codes match either side's country (IRN matches IRNMIL and Iran's president)."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None  # undirected
    root: str | None = None
    code: str | None = None
    quad_class: int | None = None
    since: date | None = None
    until: date | None = None
    dataset: str | None = None
    country: str | None = None  # either side's country
    text: str | None = None  # words in the event's sentence or its actors' names
    event_id: str | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            source, target = _side("source", self.actor), _side("target", self.actor)
            clauses.append(f"({source} OR {target})")
            params += [self.actor.upper()] * 2
        if self.dyad:
            a, b = self.dyad[0].upper(), self.dyad[1].upper()
            clauses.append(f"(({_side('source', a)} AND {_side('target', b)})"
                           f" OR ({_side('source', b)} AND {_side('target', a)}))")
            params += [a, b, b, a]
        if self.root:
            clauses.append("e.root = ?")
            params.append(self.root.zfill(2))
        if self.code:
            clauses.append("starts_with(e.code, ?)")
            params.append(self.code)
        if self.quad_class:
            clauses.append("e.quad_class = ?")
            params.append(self.quad_class)
        if self.since:
            clauses.append("e.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append("e.date <= ?")
            params.append(self.until)
        if self.dataset:
            clauses.append("e.dataset = ?")
            params.append(self.dataset)
        if self.country:
            clauses.append("(e.source_country = ? OR e.target_country = ?)")
            params += [self.country.upper()] * 2
        if self.event_id is not None:
            clauses.append("e.event_id = ?")
            params.append(self.event_id)
        if self.doc_id is not None:
            clauses.append("e.doc_id = ?")
            params.append(self.doc_id)
        if self.text:
            # strpos, not LIKE: the user's % and _ are plain characters.
            needle = self.text.lower()
            clauses.append(
                "(strpos(lower(coalesce(e.source_name, '')), ?) > 0"
                " OR strpos(lower(coalesce(e.target_name, '')), ?) > 0"
                " OR (e.doc_id, e.sentence_index) IN (SELECT doc_id, sentence_index FROM"
                " sentences WHERE strpos(lower(text), ?) > 0))")
            params += [needle] * 3
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _side(column: str, code: str) -> str:
    """An actor code matches by prefix (IRNMIL matches IRNMILNAV); a country code (IRN)
    matches the side's country, as in relations."""
    code = code.upper()
    if len(code) == 3 and code in countries():
        return f"e.{column}_country = ?"
    return f"starts_with(e.{column}, ?)"
