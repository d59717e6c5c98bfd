from datetime import UTC, date, datetime

import pytest

from frenemy.coding.dates import DateContext, parse_document_date, parse_iso_date, resolve_date

FRIDAY = date(2023, 1, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Monday", (date(2023, 1, 23), "day")),
        ("on Friday", (date(2023, 1, 27), "day")),
        ("last Friday", (date(2023, 1, 20), "day")),
        ("yesterday", (date(2023, 1, 26), "day")),
        ("today", (FRIDAY, "day")),
        ("in October 2022", (date(2022, 10, 1), "month")),
        ("on 3 October 2022", (date(2022, 10, 3), "day")),
        ("October 3, 2022", (date(2022, 10, 3), "day")),
        ("on December 30", (date(2022, 12, 30), "day")),  # no year: the most recent one
        ("on January 2", (date(2023, 1, 2), "day")),
        ("in 2021", (date(2021, 1, 1), "year")),
        ("last month", (date(2022, 12, 1), "month")),
        ("last year", (date(2022, 1, 1), "year")),
        ("2022-11-20", (date(2022, 11, 20), "day")),
    ],
)
def test_resolve_date(text, expected):
    assert resolve_date(text, FRIDAY) == expected


def test_relative_dates_need_a_reference():
    assert resolve_date("on Monday", None) is None
    assert resolve_date("in October 2022", None) == (date(2022, 10, 1), "month")


def test_nonsense_is_not_a_date():
    assert resolve_date("the coming months", FRIDAY) is None
    assert resolve_date("on 31 February 2023", FRIDAY) is None


def test_parse_iso_date():
    assert parse_iso_date("2023-01-27") == FRIDAY
    assert parse_iso_date("2023-01-27T10:00:00Z") == FRIDAY
    assert parse_iso_date("27/01/2023") is None
    assert parse_iso_date(None) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-03-03", (date(2022, 3, 3), "day")),
        ("2023-08", (date(2023, 8, 1), "month")),
        ("2023-8", (date(2023, 8, 1), "month")),
        ("2023", (date(2023, 1, 1), "year")),
        (2023, (date(2023, 1, 1), "year")),
        (" 2023 ", (date(2023, 1, 1), "year")),
        ("20220303", (date(2022, 3, 3), "day")),
        (20220303, (date(2022, 3, 3), "day")),
        ("2022/03/03", (date(2022, 3, 3), "day")),
        ("March 3, 2022", (date(2022, 3, 3), "day")),
        ("March 3 2022", (date(2022, 3, 3), "day")),
        ("Mar. 3, 2022", (date(2022, 3, 3), "day")),
        ("3 March 2022", (date(2022, 3, 3), "day")),
        ("3rd of March 2022", (date(2022, 3, 3), "day")),
        ("03-Mar-2022", (date(2022, 3, 3), "day")),
        ("Thursday, March 3, 2022", (date(2022, 3, 3), "day")),
        ("March 2022", (date(2022, 3, 1), "month")),
        ("Sept. 2022", (date(2022, 9, 1), "month")),
        ("Tue, 03 Mar 2022 10:00:00 +0000", (date(2022, 3, 3), "day")),
        ("Thu, 03 Mar 2022 10:00:00 GMT", (date(2022, 3, 3), "day")),
        ("3 Mar 2022 10:00 EST", (date(2022, 3, 3), "day")),
        ("2022-03-03T10:00:00Z", (date(2022, 3, 3), "day")),
        ("2022-03-03T10:00:00+02:00", (date(2022, 3, 3), "day")),
        ("2022-03-03T23:30:00-05:00", (date(2022, 3, 3), "day")),  # its own day, not UTC's
        ("2022-03-03T10:00:00.123456789Z", (date(2022, 3, 3), "day")),
        ("2022-03-03 10:00:00 UTC", (date(2022, 3, 3), "day")),
        ("20220303T100000Z", (date(2022, 3, 3), "day")),
        (1646301600, (date(2022, 3, 3), "day")),  # seconds since 1970, in UTC
        ("1646301600", (date(2022, 3, 3), "day")),
        (1646301600.5, (date(2022, 3, 3), "day")),
        (1646301600123, (date(2022, 3, 3), "day")),  # milliseconds
        (date(2022, 3, 3), (date(2022, 3, 3), "day")),
        (datetime(2022, 3, 3, 23, 0, tzinfo=UTC), (date(2022, 3, 3), "day")),
    ],
)
def test_parse_document_date(value, expected):
    assert parse_document_date(value) == expected


@pytest.mark.parametrize("value", [
    None, "", "  ", True, 0, "0", "12345", "121108",  # YYMMDD or YYYYMM? not guessed
    "27/01/2023", "03/04/2022", "2023-02-30", "31 February 2023", "2023-13", "2023-08-15x",
    "2022-03-03 hello", "March 2022 or so", "soon", "last week", float("nan"), float("inf"),
    "1e9", [2023], {"year": 2023}, "-1646301600",
])
def test_unreadable_document_dates(value):
    assert parse_document_date(value) is None


def test_a_month_or_year_publication_date_dates_events_to_it():
    context = DateContext(date(2023, 8, 1), "month")
    assert context.resolve(None, []) == (date(2023, 8, 1), "month")
    assert context.reference is None  # "on Monday" cannot be read against August
    assert DateContext(FRIDAY).resolve(None, []) == (FRIDAY, "day")
