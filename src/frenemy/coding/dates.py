"""Dates: reads documents' dates as users have them, and resolves date expressions in a
sentence against the document's publication date."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["resolve_date", "parse_iso_date", "parse_document_date", "DateContext",
           "DOCUMENT_DATE_FORMATS"]

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


DOCUMENT_DATE_FORMATS = ("YYYY-MM-DD, YYYY-MM, YYYY, YYYYMMDD, 3 March 2022, March 3, 2022, "
                         "March 2022, ISO 8601 with time and zone, RFC 822 (feeds), "
                         "seconds since 1970")
_NUMBER = re.compile(r"^\d+(?:\.\d*)?$")
_YMD = re.compile(r"^(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})"
                  r"(?:(?P=sep)(?P<day>\d{1,2}))?(?P<rest>.*)$", re.S)
_TIME = re.compile(r"^(?:[T ]|,?\s+(?:at\s+)?)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
                   r"\s*(?:[ap]\.?m\.?)?"  # then a zone: Z, an offset or a name (EST)
                   r"\s*(?:Z|UTC|GMT|(?-i:[A-Z]{2,5})|[+-]\d{2}(?::?\d{2})?)?$", re.I)
_WEEKDAY_PREFIX = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.I)
_TEXT_DAY_MONTH_YEAR = re.compile(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?" + _MONTH
                                  + r",?[\s-]+(?P<year>\d{4})(?P<rest>.*)$", re.I | re.S)
_TEXT_MONTH_DAY_YEAR = re.compile(r"^" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+"
                                  r"(?P<year>\d{4})(?P<rest>.*)$", re.I | re.S)
_TEXT_MONTH_YEAR = re.compile(r"^" + _MONTH + r",?\s+(?P<year>\d{4})$", re.I)


def parse_document_date(value: object) -> tuple[date, str] | None:
    """A document's date as users have it, and its precision: the first day of the period
    it names and ``"day"``, ``"month"`` or ``"year"``; None when it is no date frenemy reads.

    Read: ``2022-03-03`` (also with ``/`` or ``.``), ``2022-03``, ``2022``, ``20220303``,
    ``3 March 2022``, ``March 3, 2022``, ``March 2022``, ISO 8601 with time and zone
    (``2022-03-03T10:00:00Z``, ``+02:00``), RFC 822 as feeds write it (``Tue, 03 Mar 2022
    10:00:00 +0000``) and seconds since 1970 (from 1973 on, nine digits or more; thirteen or
    more are milliseconds), as a number or as text. A timestamp's day is the day it names in
    its own time zone (what the article printed); seconds since 1970 are read in UTC.
    Ambiguous forms (``03/04/2022``: March or April?) are not read.
    """
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    text = " ".join(str(value).split())  # a number reads as its digits would
    if not text:
        return None
    if _NUMBER.match(text):
        return _number(text)
    if re.match(r"^\d{8}T\d", text):  # ISO 8601's basic form: 20220303T100000Z
        try:
            return datetime.fromisoformat(text).date(), "day"
        except ValueError:
            return None
    match = _YMD.match(text)
    if match:
        return _year_month_day(match)
    text = _WEEKDAY_PREFIX.sub("", text)
    for pattern in (_TEXT_DAY_MONTH_YEAR, _TEXT_MONTH_DAY_YEAR):
        match = pattern.match(text)
        if match:
            if match["rest"] and not _TIME.match(match["rest"]):
                return None
            found = _safe(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
            return (found, "day") if found else None
    match = _TEXT_MONTH_YEAR.match(text)
    if match:
        found = _safe(int(match["year"]), _MONTHS[match["month"].lower()])
        return (found, "month") if found else None
    return None


def _number(text: str) -> tuple[date, str] | None:
    """A date written as digits: a year, YYYYMMDD, or seconds (milliseconds) since 1970."""
    digits = text.split(".")[0]
    if len(digits) == 4 and "." not in text and digits != "0000":
        return date(int(digits), 1, 1), "year"
    if len(digits) == 8 and "." not in text:
        found = _safe(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        return (found, "day") if found else None
    if len(digits) < 9:  # before March 1973 as seconds: a typo or a placeholder, not a date
        return None
    return _epoch(float(text))


def _epoch(seconds: float) -> tuple[date, str] | None:
    if abs(seconds) >= 1e11:  # 13 digits and more: milliseconds (JavaScript's Date.now())
        seconds /= 1000
    if abs(seconds) < 1e8:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC).date(), "day"
    except (OverflowError, OSError, ValueError):
        return None


def _year_month_day(match: re.Match[str]) -> tuple[date, str] | None:
    """2022-03-03, 2022-03, 2022/03/03 and ISO timestamps."""
    year, month = int(match["year"]), int(match["month"])
    rest = match["rest"]
    if match["day"] is None:
        found = _safe(year, month) if not rest else None
        return (found, "month") if found else None
    found = _safe(year, month, int(match["day"]))
    if found is None:
        return None
    if not rest:
        return found, "day"
    if match["sep"] == "-":
        try:  # the full ISO 8601 timestamp, when Python reads it: its own day, as written
            return datetime.fromisoformat(match.group(0)).date(), "day"
        except ValueError:
            pass
    return (found, "day") if _TIME.match(rest) else None


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

    def __init__(self, published: date | None, precision: str = "day") -> None:
        self.published = published
        self.precision = precision  # of the publication date: day, month or year
        # Relative phrases ("on Monday") need the day of publication.
        self.reference = published if precision == "day" else None
        self.last: tuple[date, str] | None = None

    def resolve(self, verb: Token, date_entities: list[Span]) -> tuple[date | None, str | None]:
        """The date of the clause of ``verb``, given the sentence's DATE entities."""
        for ent in date_entities:
            if not _attached(ent.root, verb):
                continue
            if _SAME_TIME.search(ent.text) and self.last is not None:
                return self.last
            found = resolve_date(ent.text, self.reference) or _dateparser(ent.text,
                                                                          self.reference)
            if found:
                self.last = found
                return found
        return (self.published, self.precision) if self.published else (None, None)


def _attached(token: Token, verb: Token) -> bool:
    """Is the date phrase part of this verb's clause (not of another clause)?"""
    for _ in range(3):
        if token.head.i == token.i:
            return False
        token = token.head
        if token.i == verb.i:
            return True
        if token.pos_ in {"VERB", "AUX"}:
            return False
    return False
