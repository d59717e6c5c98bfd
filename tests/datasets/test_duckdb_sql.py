import itertools
import re
import unicodedata
from datetime import date

import duckdb
import pytest

from frenemy.datasets.duckdb_sql import (
    SAFE,
    WHITESPACE,
    iso_date,
    py_float,
    py_int,
    py_split,
    py_strip,
)
from frenemy.datasets.icews import fold
from frenemy.datasets.rows import parse_float, parse_int


def test_whitespace_is_what_python_strips():
    assert WHITESPACE == "".join(c for c in map(chr, range(0x110000)) if c.isspace())


FOLDED = "'a' || lower(strip_accents(c)) || 'b'"  # as actors_duckdb folds a name


def test_safe_characters_fold_lower_upper_and_are_words_as_in_python():
    conn = duckdb.connect()
    chars = [chr(i) for i in range(1, 0x3000) if not 0xD800 <= i <= 0xDFFF]
    rows = conn.execute(
        "SELECT c, lower('A' || c || 'b'), upper('a' || c || 'B'), "
        f"{py_strip(FOLDED)}, "
        "regexp_full_match(c, '[\\pL\\pN_]') FROM (SELECT unnest(?) AS c) "
        f"WHERE regexp_full_match(c, '{SAFE}')", [chars]).fetchall()
    assert len(rows) > 800
    for char, lower, upper, folded, word in rows:
        assert lower == f"A{char}b".lower(), hex(ord(char))
        assert upper == f"a{char}B".upper(), hex(ord(char))
        assert word == bool(re.match(r"\w", char)), hex(ord(char))
        if not char.isspace():
            assert folded == fold(f"a{char}b"), hex(ord(char))
    outside = {char for char in chars if unicodedata.normalize("NFKD", char) != char
               and not unicodedata.combining(unicodedata.normalize("NFKD", char)[-1])}
    assert not outside & {r[0] for r in rows}  # no compatibility forms (ligatures, ...)


def test_split_and_strip_are_pythons():
    conn = duckdb.connect()
    for text in ["", "  a  b\u3000c\xa0", "\x1fone\x1c", "x"]:
        stripped = conn.execute(f"SELECT {py_strip('v')} FROM (SELECT ?::VARCHAR AS v)",
                                [text]).fetchall()[0][0]
        assert stripped == text.strip()
        words = conn.execute(f"SELECT {py_split('v')} FROM (SELECT ?::VARCHAR AS v)",
                             [stripped]).fetchall()[0][0]
        assert words == text.split()


@pytest.mark.parametrize("text", [
    "1.5", " 1.5 ", "-2", "+3.", ".5", "1e5", "1E-3", "1e400", "NA", "abc", "  ", "1,5",
    "0x10", "inf", "-Infinity", "nan", "1_0", "١٢", "1.5\x1f", "\t2", "e", "--1", "1..2"])
def test_numbers_sql_is_sure_of_are_read_as_python_reads_them(text: str):
    conn = duckdb.connect()
    value, sure = py_float("v")
    number, number_sure = py_int("v", "7")
    got = conn.execute(f"SELECT {value}, {sure}, {number}, {number_sure} "
                       "FROM (SELECT ?::VARCHAR AS v)", [text]).fetchall()[0]
    if got[1]:
        assert got[0] == parse_float(text) or (got[0] != got[0] and text.lower() == "nan")
    if got[3]:
        assert got[2] == parse_int(text, 7)
    if text in {"1.5", " 1.5 ", "-2", "+3.", ".5", "1e5", "NA", "abc", "  ", "1,5"}:
        assert got[1] and got[3]  # numbers as files write them are read in SQL


def test_every_short_string_sql_reads_as_a_number_is_pythons_number():
    # DuckDB's cast is the reader (no regular expression): any string of up to two ASCII
    # characters, and numbers as files write them cut short, signs doubled, spaced.
    strings = ["".join(p) for n in (1, 2) for p in itertools.product(map(chr, range(1, 128)),
                                                                     repeat=n)]
    strings += ["".join(p) for p in itertools.product(" 09.+-eE", repeat=4)]
    strings += ["+-1", "-+1", "--1", "++1", "1e+-5", "+-.5e3", "1_000", "0x1A", "١٢", "1e400"]
    value, sure = py_float("v")
    rows = duckdb.connect().execute(f"SELECT v, {value}, {sure} FROM (SELECT unnest(?) AS v)",
                                    [strings]).fetchall()
    read = [(text, number) for text, number, is_sure in rows if is_sure]
    assert len(read) > len(strings) // 2
    for text, number in read:
        assert number == parse_float(text), repr(text)


def test_dates_sql_reads_are_pythons_and_it_reads_every_written_yyyy_mm_dd():
    years, months = ["0000", "0001", "0999", "1900", "2000", "2018", "9999", "10000", "+018"], [
        "00", "01", "02", "12", "13", "6"]
    days = ["00", "01", "28", "29", "30", "31", "32", "1"]
    strings = [f"{y}{sep}{m}{sep}{d}{end}" for y in years for m in months for d in days
               for sep in ("-", "/", "") for end in ("", " ", "T00:00")]
    strings += [" 2018-06-01", "-001-01-01", "2018-W01-1", "epoch", "infinity", "",
                "２０１８-06-01"]
    rows = duckdb.connect().execute(f"SELECT v, {iso_date('v')} FROM (SELECT unnest(?) AS v)",
                                    [strings]).fetchall()
    for text, day in rows:
        try:
            expected = date.fromisoformat(text)
        except ValueError:
            expected = None
        if day is not None:
            assert day == expected, text
        else:  # SQL reads every date written YYYY-MM-DD that Python reads
            assert not (expected and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)), text
