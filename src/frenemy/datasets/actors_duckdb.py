"""Actors in DuckDB: ICEWS and POLECAT actors mapped to CAMEO codes in SQL against actor tables."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from frenemy.datasets.duckdb_import import ROWS
from frenemy.datasets.duckdb_sql import (
    SPACE,
    py_split,
    py_strip,
    safe,
    side_country,
)
from frenemy.datasets.icews import (
    adjective_countries,
    leader_codes,
    organisation_codes,
    sector_roles,
)
from frenemy.store import Store
from frenemy.taxonomy import roles, split_actor_code

__all__ = ["POLECAT_ACTORS", "icews_columns", "icews_named", "icews_side", "icews_tables",
           "role_table", "map_icews_actors", "map_polecat_actors"]

ICEWS_ACTORS, POLECAT_ACTORS = "frenemy_actor_named", "frenemy_polecat_actors"
DATED = "frenemy_actor_dated"  # (name, date as written): a leader's code, by the terms
_TRIPLES, _TEXTS, _ROLES, _KEYS = ("frenemy_actor_triples", "frenemy_actor_texts",
                                   "frenemy_text_roles", "frenemy_actor_keys")
_WORD = r"[\pL\pN_]"  # Python's \w
_PAREN = r"^(.*?)\s*\(([^()]*)\)\s*$"  # icews._PAREN, \s to be spelled out below


# -- the actor tables --------------------------------------------------------------------
@cache
def role_table() -> dict[str, dict[str, Any]]:
    """The table map_polecat_actors needs, for a whole import: the patterns a role is read
    from (icews.role_from_text), sector words, then each role's nouns as whole words, in
    their order."""
    patterns = [(pattern, role, False) for pattern, role in sector_roles()]
    patterns += [(noun, role.code, True) for role in roles().values() for noun in role.nouns
                 if noun]
    return {"frenemy_roles": {
        "seq": list(range(len(patterns))), "pattern": [p[0] for p in patterns],
        "role": [p[1] for p in patterns], "whole": [p[2] for p in patterns],
        # Whether the pattern begins and ends with a word character (\w), for \b.
        "first_word": [bool(re.match(r"\w", p[0][0])) for p in patterns],
        "last_word": [bool(re.match(r"\w", p[0][-1])) for p in patterns]}}


@cache
def icews_tables() -> dict[str, dict[str, Any]]:
    """The tables map_icews_actors needs, for a whole import: leaders by name key with their
    terms, organisations and nationality adjectives by folded name, and the role patterns."""
    leaders = [(key, seq, leader) for key, terms in leader_codes().items()
               for seq, leader in enumerate(terms)]
    organisations = organisation_codes()
    return {
        "frenemy_leaders": {
            "key": [k for k, _, _ in leaders], "seq": [s for _, s, _ in leaders],
            "code": [lead.code for _, _, lead in leaders],
            "code_country": ("VARCHAR", [split_actor_code(lead.code)[0]
                                         for _, _, lead in leaders]),
            "actor_country": ("VARCHAR", [split_actor_code(lead.actor)[0]
                                          for _, _, lead in leaders]),
            "start": ("DATE", [lead.start for _, _, lead in leaders]),
            "stop": ("DATE", [lead.end for _, _, lead in leaders])},
        "frenemy_orgs": {"key": list(organisations),
                         "code": [v[0] for v in organisations.values()],
                         "country": ("VARCHAR", [v[1] for v in organisations.values()])},
        "frenemy_adjectives": {"key": list(adjective_countries()),
                               "code": list(adjective_countries().values())},
        **role_table(),
    }


def _fold(column: str) -> str:
    """icews.fold: lower case without accents, stripped."""
    return py_strip(f"lower(strip_accents({column}))")


def _text_roles(store: Store, texts: str) -> None:
    """_ROLES: icews.role_from_text of each text the query gives: the first sector pattern
    in it, else the first role noun in it as a whole word."""
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TEXTS} AS SELECT text, lower(text) AS lowered "
        f"FROM (SELECT DISTINCT text FROM ({texts}))")
    # The patterns each text holds, then, of those few, the nouns it holds as whole words:
    # rf"\b{noun}\b" holds where the noun is written with a change between word and other
    # characters (or the text's ends) at its edges.
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROLES} AS SELECT t.text, t.lowered, p.* "
        f"FROM {_TEXTS} t JOIN frenemy_roles p ON contains(t.lowered, p.pattern)")
    word = f"regexp_full_match(substr(lowered, {{}}, 1), '{_WORD}')"
    at = "substr(lowered, i, length(pattern)) = pattern"
    before = f"(i > 1 AND {word.format('i - 1')}) <> first_word"
    after = f"(i + length(pattern) <= length(lowered) AND {word.format('i + length(pattern)')})"
    whole = (f"len(list_filter(range(1, length(lowered) - length(pattern) + 2), lambda i: "
             f"{at} AND {before} AND {after} <> last_word)) > 0")
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_ROLES} AS SELECT text, first(role ORDER BY seq) "
        f"AS role FROM {_ROLES} WHERE NOT whole OR {whole} GROUP BY text")


def _triples(store: Store, sides: list[tuple[str, str, str]]) -> None:
    union = " UNION ".join(
        f"SELECT DISTINCT coalesce({a}, '') AS a, coalesce({b}, '') AS b, "
        f"coalesce({c}, '') AS c FROM {ROWS} r" for a, b, c in sides)
    store.conn.execute(f"CREATE OR REPLACE TEMP TABLE {_TRIPLES} AS {union}")


# -- ICEWS -------------------------------------------------------------------------------
def _keyed_triples(store: Store, sides: list[tuple[str, str, str, str]]) -> bool:
    """_TRIPLES of ICEWS sides (key, name, country, sectors: columns of ROWS r, the key the
    parse's hash of the other three). Grouping by the key is cheaper than by three texts;
    False if two triples share a key (a 64-bit hash's collision), which the caller does not
    map in SQL."""
    per_side = " UNION ALL ".join(
        f"SELECT {k} AS key, min({a}) AS a, max({a}) AS a2, min({b}) AS b, max({b}) AS b2, "
        f"min({c}) AS c, max({c}) AS c2 FROM {ROWS} r GROUP BY {k}" for k, a, b, c in sides)
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_TRIPLES} AS SELECT *, {safe('a', 'b', 'c')} AS safe "
        "FROM (SELECT key, min(a) AS a, min(b) AS b, min(c) AS c, "
        "max(a2) = min(a) AND max(b2) = min(b) AND max(c2) = min(c) AS single "
        f"FROM ({per_side}) GROUP BY key)")
    return not store.conn.execute(f"SELECT count(*) FROM {_TRIPLES} WHERE NOT single"
                                  ).fetchall()[0][0]


def map_icews_actors(store: Store, sides: list[tuple[str, str, str, str]], date: str) -> bool:
    """ICEWS_ACTORS: icews._icews_named_actor of every (name, country, sectors) of the
    file's sides (key, name, country, sectors: columns of ROWS r), by key, with ``safe``:
    whether SQL's string functions read its texts as Python's do (duckdb_sql.safe; once per
    actor, not per row; a row with a side not safe is left to the row reader); DATED: the
    leader code of every (key, date) whose name is a leader's (icews._icews_actor). False
    (nothing mapped) if two sides' keys collide."""
    if not _keyed_triples(store, sides):
        return False
    paren = _PAREN.replace(r"\s", SPACE)
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE frenemy_actor_parts AS SELECT *, "
        f"CASE WHEN len(words) >= 2 THEN {_fold('words[1]')} END AS first_word, "
        "array_to_string(words[2:], ' ') AS rest FROM ("
        f"SELECT *, {_fold('name')} AS folded, {py_split('name')} AS words, "
        f"lower(name) AS lowered, regexp_full_match(name, '{paren}') AS paren, "
        f"regexp_extract(name, '{paren}', 1) AS paren_name, "
        f"regexp_extract(name, '{paren}', 2) AS paren_country FROM ("
        f"SELECT key, a AS name_raw, b AS country_raw, c AS sectors_raw, safe, "
        f"{py_strip('a')} AS name FROM {_TRIPLES}))")
    # Roles of the texts a name's role is read from: the words after a nationality, the
    # name before a country in brackets, the sectors.
    _text_roles(store, "SELECT rest AS text FROM frenemy_actor_parts c "
                       "WHERE first_word IN (SELECT key FROM frenemy_adjectives) UNION "
                       "SELECT paren_name FROM frenemy_actor_parts WHERE paren UNION "
                       "SELECT sectors_raw FROM frenemy_actor_parts")
    cases = [  # (when, code, country), in icews._icews_named_actor's order
        ("c.name IN ('', 'NA')", "NULL", "NULL"),
        ("o.code IS NOT NULL", "o.code", "nullif(o.country, '')"),
        ("adj.code IS NOT NULL", "adj.code || coalesce(rest.role, 'CVL')", "adj.code"),
        ("c.paren", "coalesce(cn.code, pc.code, '') || coalesce(pn.role, sect.role, 'CVL')",
         "coalesce(cn.code, pc.code)"),
        ("own.code IS NOT NULL", "own.code", "own.code"),
        ("cn.code IS NOT NULL OR (c.sectors_raw NOT IN ('', 'NA') AND sect.role IS NOT NULL)",
         "coalesce(cn.code, '') || CASE WHEN c.sectors_raw NOT IN ('', 'NA') "
         "THEN coalesce(sect.role, '') ELSE '' END", "cn.code"),
    ]
    code = "CASE " + " ".join(f"WHEN {w} THEN {c}" for w, c, _ in cases) + " END"
    country = "CASE " + " ".join(f"WHEN {w} THEN {c}" for w, _, c in cases) + " END"
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {ICEWS_ACTORS} AS SELECT c.key, c.name_raw, c.country_raw, "
        f"c.sectors_raw, c.safe, {code} AS code, {side_country(code, country)} AS country "
        "FROM frenemy_actor_parts c "
        "LEFT JOIN frenemy_country_names cn ON c.country_raw <> '' "
        f"AND cn.name = lower({py_strip('c.country_raw')}) "
        "LEFT JOIN frenemy_orgs o ON o.key = c.folded "
        "LEFT JOIN frenemy_adjectives adj ON adj.key = c.first_word "
        "LEFT JOIN frenemy_country_names pc ON c.paren AND pc.name = lower(c.paren_country) "
        "LEFT JOIN frenemy_country_names own ON own.name = c.lowered "
        f"LEFT JOIN {_ROLES} rest ON rest.text = c.rest "
        f"LEFT JOIN {_ROLES} pn ON pn.text = c.paren_name "
        f"LEFT JOIN {_ROLES} sect ON sect.text = c.sectors_raw")
    _leaders(store, [side[0] for side in sides], date)
    store.conn.execute(f"DROP TABLE {_TRIPLES}; DROP TABLE {_TEXTS}; DROP TABLE {_ROLES}; "
                       "DROP TABLE frenemy_actor_parts")
    return True


def _leaders(store: Store, keys: list[str], date: str) -> None:
    """DATED: for a side whose name's folded form or first-and-last-name key is a leader's,
    by its key (a column of ROWS r) and the row's date: the first leader in office that
    day, else the elite of the country of the leader whose term began nearest that day (if
    a country's); the first name key that decides wins."""
    words = py_split(py_strip("replace(folded, '-', ' ')"))
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {_KEYS} AS SELECT * FROM ("
        "SELECT key, folded AS k1, CASE WHEN len(w) >= 2 THEN w[1] || ' ' || "
        "w[-1] WHEN len(w) = 1 THEN w[1] ELSE '' END AS k2 FROM ("
        f"SELECT key, folded, {words} AS w FROM frenemy_actor_parts "
        "WHERE name NOT IN ('', 'NA'))) "
        "WHERE k1 IN (SELECT key FROM frenemy_leaders) OR k2 IN (SELECT key FROM frenemy_leaders)")
    pairs = " UNION ".join(f"SELECT DISTINCT {key} AS key, {date} AS day FROM {ROWS} r WHERE "
                           f"{key} IN (SELECT key FROM {_KEYS}) AND {date} IS NOT NULL"
                           for key in keys)
    in_office = "FILTER (WHERE l.start <= p.day AND (l.stop IS NULL OR p.day <= l.stop))"
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {DATED} AS "
        f"SELECT key, day, code, {side_country('code', 'country')} AS country FROM ("
        "SELECT key, day, first(CASE WHEN office IS NOT NULL THEN office "
        "ELSE near || 'ELI' END ORDER BY which) AS code, "
        "first(CASE WHEN office IS NOT NULL THEN office_country ELSE near END "
        "ORDER BY which) AS country FROM ("
        "SELECT p.key, p.day, w.which, "
        f"first(l.code ORDER BY l.seq) {in_office} AS office, "
        f"first(l.code_country ORDER BY l.seq) {in_office} AS office_country, "
        "first(l.actor_country ORDER BY abs(l.start - p.day), l.seq) AS near "
        f"FROM (SELECT s.key, s.day, k.k1, k.k2 FROM ({pairs}) s "
        f"JOIN {_KEYS} k USING (key)) p "
        "CROSS JOIN (VALUES (1), (2)) w(which) "
        "JOIN frenemy_leaders l ON l.key = CASE w.which WHEN 1 THEN p.k1 ELSE p.k2 END "
        "GROUP BY ALL) WHERE office IS NOT NULL OR near IS NOT NULL GROUP BY key, day)")
    store.conn.execute(f"DROP TABLE {_KEYS}")


def icews_named(key: str, alias: str) -> str:
    """The join that gives a side of a row (its key, a column of ROWS r) its named actor,
    as {alias}n (with ``safe``)."""
    return f"LEFT JOIN {ICEWS_ACTORS} {alias}n ON {alias}n.key = {key} "


def icews_side(key: str, date: str, alias: str) -> str:
    """The joins that give a side of a row (its key and the row's date, columns of ROWS r)
    its actor (icews_columns)."""
    return (icews_named(key, alias)
            + f"LEFT JOIN {DATED} {alias}d ON {alias}d.key = {key} AND {alias}d.day = {date} ")


def icews_columns(alias: str) -> tuple[str, str]:
    """(code, country) of a side joined by icews_side (the country as the store fills it:
    schema.with_countries)."""
    decided = f"{alias}d.key IS NOT NULL"
    return (f"CASE WHEN {decided} THEN {alias}d.code ELSE {alias}n.code END",
            f"CASE WHEN {decided} THEN {alias}d.country ELSE {alias}n.country END")


# -- POLECAT -----------------------------------------------------------------------------
def map_polecat_actors(store: Store, sides: list[tuple[str, str, str]]) -> None:
    """POLECAT_ACTORS: polecat._polecat_actor of every (name, country, sector) of the file's
    sides: the ISO country (else the country named) and the sector's role."""
    _triples(store, sides)
    _text_roles(store, f"SELECT c AS text FROM {_TRIPLES}")
    name, country, sector = py_strip("t.a"), py_strip("t.b"), py_strip("t.c")
    home = (f"coalesce(CASE WHEN {country} <> '' THEN iso.code END, "
            f"CASE WHEN {name} <> '' THEN cn.code END)")
    role = f"CASE WHEN {sector} NOT IN ('', 'None') THEN r.role END"
    store.conn.execute(
        f"CREATE OR REPLACE TEMP TABLE {POLECAT_ACTORS} AS SELECT * EXCLUDE (home), "
        f"{side_country('code', 'home')} AS country FROM (SELECT t.a AS name_raw, "
        f"t.b AS country_raw, t.c AS sector_raw, {safe('t.a', 't.b', 't.c')} AS safe, "
        f"nullif(coalesce({home}, '') || coalesce(CASE WHEN cn.code IS NOT NULL AND "
        f"coalesce({role}, 'GOV') = 'GOV' THEN NULL ELSE {role} END, ''), '') AS code, "
        f"{home} AS home FROM {_TRIPLES} t "
        f"LEFT JOIN frenemy_iso3 iso ON iso.iso3 = upper({country}) "
        f"LEFT JOIN frenemy_country_names cn ON cn.name = lower({name}) "
        f"LEFT JOIN {_ROLES} r ON r.text = t.c)")
    store.conn.execute(f"DROP TABLE {_TRIPLES}; DROP TABLE {_TEXTS}; DROP TABLE {_ROLES}")
