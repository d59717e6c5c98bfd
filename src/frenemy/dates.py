"""Dates: resolves date expressions in a sentence against the document's publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["resolve_date", "parse_iso_date", "DateContext"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        start=1,
    )
    for name in names
}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH
                             + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_MONTH_DAY_YEAR = re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
                             + r"(?:,?\s+(?P<year>\d{4}))?", re.I)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r"(?:\s+of)?\s+(?P<year>\d{4})\b", re.I)
_MONTH_ONLY = re.compile(r"\b(?:in|since|during|early|late|mid|last)[\s-]+" + _MONTH + r"\b", re.I)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_YEAR = re.compile(r"\b(?:in|since|during|early|late)\s+(?P<year>(?:19|20)\d{2})\b", re.I)
_WEEKDAY = re.compile(r"\b(?P<last>last\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)


def parse_iso_date(value: str | None) -> date | None:
    """A YYYY-MM-DD date (longer timestamps are cut to the day); None when absent or invalid."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _safe(year: int, month: int, day: int = 1) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, reference: date) -> int:
    """A date written without a year is the most recent one not after the reference."""
    candidate = _safe(reference.year, month, min(day, 28)) or reference
    return reference.year - 1 if candidate > reference else reference.year


def resolve_date(text: str, reference: date | None) -> tuple[date, str] | None:
    """The date a phrase refers to and its precision (day, month or year).

    Relative expressions ("on Monday", "yesterday", "last month") need the reference date
    (the document's publication date); without one only absolute dates resolve.
    """
    lowered = text.lower()
    match = _ISO.search(text)
    if match:
        found = _safe(int(match["year"]), int(match["month"]), int(match["day"]))
        if found:
            return found, "day"
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        match = pattern.search(text)
        if match:
            month, day = _MONTHS[match["month"].lower()], int(match["day"])
            if match["year"]:
                year = int(match["year"])
            elif reference:
                year = _year_for(month, day, reference)
            else:
                continue
            found = _safe(year, month, day)
            return (found, "day") if found else None  # "31 February" is no date at all
    match = _MONTH_YEAR.search(text)
    if match:
        found = _safe(int(match["year"]), _MONTHS[match["month"].lower()])
        if found:
            return found, "month"
    match = _YEAR.search(text)
    if match:
        return date(int(match["year"]), 1, 1), "year"
    if reference is None:
        return None
    if re.search(r"\byesterday\b", lowered):
        return reference - timedelta(days=1), "day"
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", lowered):
        return reference, "day"
    match = _WEEKDAY.search(text)
    if match:
        back = (reference.weekday() - _WEEKDAYS.index(match["weekday"].lower())) % 7
        if match["last"] and back == 0:
            back = 7
        return reference - timedelta(days=back), "day"
    match = _MONTH_ONLY.search(text)
    if match:
        month = _MONTHS[match["month"].lower()]
        return date(_year_for(month, 1, reference), month, 1), "month"
    if re.search(r"\blast month\b", lowered):
        first = reference.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if re.search(r"\blast year\b", lowered):
        return date(reference.year - 1, 1, 1), "year"
    return None


_SAME_TIME = re.compile(r"\b(?:same|that)\s+(?:day|week|month|time|night|morning|evening)\b",
                        re.I)


def _dateparser(text: str, reference: date | None) -> tuple[date, str] | None:
    """dateparser, past-preferring, for what the rules above do not read."""
    if reference is None or not re.search(r"[A-Za-z0-9]", text):
        return None
    from datetime import datetime

    import dateparser

    parser = dateparser.DateDataParser(languages=["en"], settings={
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime(reference.year, reference.month, reference.day),
        "RETURN_TIME_AS_PERIOD": False,
    })
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
    # A date after the report or centuries back is a misreading, not an event date.
    if found > reference or found.year < 1900:
        return None
    period = data.period or "day"
    return found, {"month": "month", "year": "year"}.get(period, "day")


class DateContext:
    """Dates the events of one document: each clause's own date, else the publication date.

    "The same week" and "that day" inherit the date last resolved in the document.
    """

    def __init__(self, published: date | None) -> None:
        self.published = published
        self.last: tuple[date, str] | None = None

    def resolve(self, verb: Token, date_entities: list[Span]) -> tuple[date | None, str | None]:
        """The date of the clause of ``verb``, given the sentence's DATE entities."""
        for ent in date_entities:
            if not _attached(ent.root, verb):
                continue
            if _SAME_TIME.search(ent.text) and self.last is not None:
                return self.last
            found = resolve_date(ent.text, self.published) or _dateparser(ent.text,
                                                                          self.published)
            if found:
                self.last = found
                return found
        return (self.published, "day") if self.published else (None, None)


def _attached(token: Token, verb: Token) -> bool:
    """Is the date phrase part of this verb's clause (not of another clause)?"""
    for _ in range(3):
        if token.head is token:
            return False
        token = token.head
        if token.i == verb.i:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            return False
    return False
