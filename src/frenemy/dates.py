"""Dates: resolves date expressions in a sentence against the document's publication date."""

from __future__ import annotations

import re
from datetime import date, timedelta

__all__ = ["resolve_date", "parse_iso_date"]

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
