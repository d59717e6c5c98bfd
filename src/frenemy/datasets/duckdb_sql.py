"""SQL of the DuckDB imports: the row readers' parsing and string functions; taxonomy tables."""

from __future__ import annotations

from functools import cache
from typing import Any

from frenemy.datasets.icews import code_by_name, country_names
from frenemy.datasets.polecat import iso3_codes, plover_codes
from frenemy.datasets.rows import cameo_code
from frenemy.model import EVENT_FIELDS
from frenemy.store import Store
from frenemy.taxonomy import cameo_codes, countries, country_by_fips, plover_for

__all__ = ["SAFE", "SPACE", "WHITESPACE", "event_columns", "iso_date", "literal", "load_tables",
           "py_float", "py_int", "py_split", "py_strip", "safe", "side_country", "sql_hash",
           "taxonomy_tables",
           "yyyymmdd"]

# What Python's str.strip() and str.split() take for white space (str.isspace).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"
# Characters on which DuckDB's lower, upper, strip_accents and \pL/\pN agree with Python's
# str.lower, str.upper, NFKD-without-combining-marks and \w (tests/datasets test it char by
# char): ASCII, Latin letters with their accents and common punctuation, without the
# ligatures, superscripts and compatibility forms NFKD rewrites. A value with any other
# character (or white space other than ASCII's) is not mapped in SQL: its row goes to the
# Python reader.
SAFE = ("[\\x00-\\x7f\\x{a1}-\\x{a7}\\x{a9}\\x{ab}-\\x{ae}\\x{b0}\\x{b1}\\x{b6}\\x{b7}\\x{bb}"
        "\\x{bf}-\\x{de}\\x{e0}-\\x{12f}\\x{131}\\x{134}-\\x{13e}\\x{141}-\\x{148}"
        "\\x{14a}-\\x{17e}\\x{180}-\\x{1c3}\\x{1cd}-\\x{1ef}\\x{1f4}-\\x{24f}\\x{1e00}-\\x{1e95}"
        "\\x{1e9c}-\\x{1eff}\\x{2010}\\x{2012}-\\x{2016}\\x{2018}-\\x{2023}\\x{2027}"
        "\\x{2030}-\\x{2032}\\x{2035}\\x{2038}-\\x{203b}\\x{203d}\\x{203f}-\\x{2046}"
        "\\x{204a}-\\x{2056}\\x{2058}-\\x{205e}]")
# An imported event's columns as rows.dataset_event sets them, for a CAMEO code joined as t.
_IMPORTED = {
    "doc_id": "NULL", "sentence_index": "NULL", "date_precision": "'day'", "code": "t.code",
    "root": "t.root", "quad_class": "t.quad_class", "goldstein": "t.goldstein",
    "plover_type": "t.plover_type", "plover_mode": "t.plover_mode", "negated": "false",
    "hypothetical": "false", "confidence": "1.0", "source_inferred": "false",
    "target_inferred": "false", "coder_version": "''", "num_mentions": "1",
    "num_sources": "1", "num_articles": "1",
}
_INT = r"^ *[+-]?[0-9]+ *$"
_ASCII_SPACE = r" \t\n\x0b\x0c\r\x1c-\x1f"  # in a character class


# -- Python's functions in SQL -----------------------------------------------------------
def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def event_columns(values: dict[str, str]) -> str:
    """The SELECT list of an imported event's columns: these values, the rest as
    rows.dataset_event sets them (the CAMEO code's from the table joined as t)."""
    values = {**_IMPORTED, **values}
    return ", ".join(f"{values.get(name, 'NULL')} AS {name}" for name in EVENT_FIELDS)


def py_strip(column: str) -> str:
    """str.strip() of a column (NULL, an empty field, as ''). DuckDB's trim of so many
    characters is slow: only values that begin or end with white space are trimmed."""
    value = f"coalesce({column}, '')"
    return (f"CASE WHEN regexp_matches({value}, '^{SPACE}|{SPACE}$') "
            f"THEN trim({value}, {literal(WHITESPACE)}) ELSE {value} END")


def py_split(column: str) -> str:
    """str.split() of an already stripped column: its words, [] for ''."""
    return (f"CASE WHEN {column} = '' THEN []::VARCHAR[] "
            f"ELSE regexp_split_to_array({column}, '{SPACE}+') END")


def safe(*columns: str) -> str:
    """Whether every column holds only characters whose SQL string functions are Python's
    (at once for ASCII, as most are)."""
    return " AND ".join(f"CASE WHEN strlen(coalesce({c}, '')) = length(coalesce({c}, '')) "
                        f"THEN true ELSE regexp_full_match({c}, '{SAFE}*') END" for c in columns)


def _foreign(column: str, allowed: str) -> str:
    """Whether the column holds an ASCII character that is not one of these."""
    return f"regexp_matches({column}, '[^{allowed}{_ASCII_SPACE}\\-\\x{{80}}-\\x{{10ffff}}]')"


def py_float(column: str, name: str | None = None) -> tuple[str, str]:
    """rows.parse_float in SQL: (the value, whether SQL is sure Python reads the same). A
    number as files write it is read in SQL; so is text Python cannot read as a number (no
    digits, or a character no number has); the rest (underscores, "inf", other digits) is
    left to Python. With the name the value is selected as, the check reads it (an earlier
    column of the same SELECT). DuckDB's cast reads what Python reads, but for a sign after
    a "+" ("+-1"; tests/datasets/test_duckdb_sql.py tries every short string): no regular
    expression per value, which cost a tenth of an ICEWS import's parse."""
    value = (f"CASE WHEN NOT contains({column}, '+-') AND isfinite(TRY_CAST({column} AS DOUBLE)) "
             f"THEN TRY_CAST({column} AS DOUBLE) END")  # "1e400" is no number, as in Python
    read = f"{name} IS NOT NULL" if name else f"({value}) IS NOT NULL"
    sure = (f"CASE WHEN {column} IS NULL OR {read} THEN true ELSE "
            f"{_foreign(column, '0-9+._eEinfatyINFATY')} OR NOT "
            f"regexp_matches(lower({column}), '[0-9]|[^\\x00-\\x7f]|inf|nan') END")
    return value, sure


def py_int(column: str, default: str) -> tuple[str, str]:
    """rows.parse_int in SQL: (the value or the default, whether SQL is sure)."""
    number = f"TRY_CAST(trim({column}) AS INTEGER)"
    value = f"CASE WHEN regexp_matches({column}, '{_INT}') THEN {number} ELSE {default} END"
    sure = (f"CASE WHEN {column} IS NULL THEN true WHEN regexp_matches({column}, '{_INT}') "
            f"THEN {number} IS NOT NULL ELSE {_foreign(column, '0-9+_')} "
            f"OR NOT regexp_matches({column}, '[0-9]|[^\\x00-\\x7f]') END")
    return value, sure


def sql_hash(*parts: str) -> str:
    """model.content_hash(...) in SQL: the first 16 hex digits of sha256 of the parts joined
    by the unit separator."""
    return f"substr(sha256({' || chr(31) || '.join(parts)}), 1, 16)"


def yyyymmdd(column: str) -> str:
    """A GDELT date in SQL: the first eight characters as YYYYMMDD (NULL if not a date, or
    not written so that SQL is sure of it)."""
    return (f"CASE WHEN regexp_matches({column}, '^[0-9]{{8}}') AND "
            f"substr({column}, 1, 4) <> '0000' THEN "
            f"CAST(try_strptime(substr({column}, 1, 8), '%Y%m%d') AS DATE) END")


def iso_date(column: str) -> str:
    """date.fromisoformat in SQL for YYYY-MM-DD (NULL for any other way of writing a date,
    which the Python reader then reads). DuckDB's cast takes more ways of writing a date
    ("2018-6-1", "10000-01-01"): only a value DuckDB writes back as it was is taken, which
    costs less than a regular expression per row."""
    day = f"TRY_CAST({column} AS DATE)"
    return (f"CASE WHEN length({column}) = 10 AND NOT starts_with({column}, '0000') AND "
            f"CAST({day} AS VARCHAR) = {column} THEN {day} END")


def side_country(code: str, given: str) -> str:
    """A side's country as the store fills it (schema.with_countries): the one given, else
    the code's first three letters if they are a country."""
    return (f"coalesce(nullif({given}, ''), CASE WHEN substr({code}, 1, 3) IN "
            f"(SELECT code FROM frenemy_countries) THEN substr({code}, 1, 3) END)")


# -- the taxonomy as tables --------------------------------------------------------------
@cache
def _code_aliases() -> list[tuple[str, str]]:
    """(written, CAMEO code) for every way a code may be written: itself, and without its
    leading zeros ("40" for "040"), resolved as rows.cameo_code resolves them."""
    written = {code[k:] for code in cameo_codes() for k in range(len(code))
               if set(code[:k]) <= {"0"}}
    aliases = []
    for raw in sorted(w for w in written if w):
        try:
            aliases.append((raw, cameo_code(raw)))
        except ValueError:
            continue
    return aliases


@cache
def taxonomy_tables() -> dict[str, dict[str, Any]]:
    """The taxonomy's tables every import's SQL joins: CAMEO codes (as written), FIPS and
    ISO codes, country names, PLOVER."""
    cameo = [(raw, code, cameo_codes()[code], plover_for(code))
             for raw, code in _code_aliases()]
    plover = sorted(plover_codes().items())
    return {
        "frenemy_cameo": {
            "raw": [c[0] for c in cameo], "code": [c[1] for c in cameo],
            "root": [c[2].root for c in cameo],
            "quad_class": ("TINYINT", [c[2].quad_class for c in cameo]),
            "goldstein": ("DOUBLE", [c[2].goldstein for c in cameo]),
            "plover_type": ("VARCHAR", [c[3][0] for c in cameo]),
            "plover_mode": ("VARCHAR", [c[3][1] for c in cameo])},
        "frenemy_fips": {"fips": list(country_by_fips()),
                         "code": [c.code for c in country_by_fips().values()]},
        "frenemy_countries": {"code": [c for c in countries() if len(c) == 3]},
        "frenemy_country_names": {"name": list(country_names()),
                                  "code": list(country_names().values())},
        "frenemy_iso3": {"iso3": list(iso3_codes()), "code": list(iso3_codes().values())},
        "frenemy_cameo_names": {"name": list(code_by_name()),
                                "code": list(code_by_name().values())},
        "frenemy_plover": {"type": [k[0] for k, _ in plover], "mode": [k[1] for k, _ in plover],
                           "code": [v for _, v in plover]},
    }


def load_tables(store: Store, tables: dict[str, dict[str, Any]] | None = None) -> None:
    """The taxonomy (or the tables given: name -> column -> values, or (SQL type, values))
    as temporary tables of the store's connection."""
    for name, columns in (tables or taxonomy_tables()).items():
        select = ", ".join(
            f"unnest(?::{value[0]}[]) AS {column}" if isinstance(value, tuple)
            else f"unnest(?) AS {column}" for column, value in columns.items())
        store.conn.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {select}",
                           [v[1] if isinstance(v, tuple) else v for v in columns.values()])
