from datetime import date

import pytest

from frenemy.dates import parse_iso_date, resolve_date

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
