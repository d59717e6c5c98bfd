"""Property-based tests: the coder never raises and always returns valid events."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frenemy import code_text
from frenemy.taxonomy import cameo_codes, countries

DAY = date(2023, 1, 27)
WORDS = ["Iran", "Azerbaijan", "attacked", "met", "the", "embassy", "in", "Tehran", "not",
         "may", "and", "said", "police", "arrested", "on", "Monday", "talks", "held", ",",
         ".", "Baku", "accused", "of", "would", "<b>", "&amp;", "\u200b", "Ünïcödé", "🙂"]


def _check(events) -> None:
    codes, known = cameo_codes(), countries()
    for event in events:
        assert event.code in codes and event.root == codes[event.code].root
        assert event.quad_class in {1, 2, 3, 4}
        for country in (event.source_country, event.target_country, event.location_country):
            assert country is None or country in known
        assert event.date is None or isinstance(event.date, date)
        assert event.date_precision in {None, "day", "month", "year"}
        assert event.trigger_start is not None and event.trigger_end is not None
        assert 0 <= event.trigger_start < event.trigger_end


FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text: str):
    _check(code_text(text, DAY))


@FAST
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
       st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))))
def test_sentence_like_word_salad_gives_valid_events(text: str, published: date | None):
    _check(code_text(text, published))


def test_empty_and_blank_input():
    assert code_text("", DAY) == []
    assert code_text(" \n\t ", None) == []


def test_html_junk():
    junk = ("<html><script>alert(1)</script><div onerror='x'>Iran attacked Azerbaijan"
            "</div>&nbsp;&#x41;<!-- comment -->" * 20)
    _check(code_text(junk, DAY))


def test_one_megabyte_single_line():
    line = ("Iran condemned Azerbaijan and Baku accused Tehran of espionage " * 16_000)[:1_000_000]
    assert len(line) == 1_000_000 and "\n" not in line
    events = code_text(line, DAY)
    _check(events)
    assert events
