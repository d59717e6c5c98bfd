"""People: the known leaders by full name and by surname, for telling whom a name means."""

from __future__ import annotations

from functools import cache

from frenemy.taxonomy import Leader, leaders

__all__ = ["leaders_by_name", "leaders_by_surname"]


@cache
def leaders_by_name() -> dict[str, tuple[Leader, ...]]:
    table: dict[str, list[Leader]] = {}
    for leader in leaders():
        for name in dict.fromkeys(n.lower() for n in (leader.name, *leader.aliases)):
            if " " in name:  # one word is a surname: leaders_by_surname decides on those
                table.setdefault(name, []).append(leader)
    return {k: tuple(v) for k, v in table.items()}


# Surnames too common, or too often ordinary words, to identify a leader on their own; the
# longer list, and the surnames that several countries' leaders share, is a data file
# (data/common_surnames.csv, written by tools/build_leaders.py).
_AMBIGUOUS_SURNAMES = {"may", "cohen", "khan", "lee", "kim", "sharif", "aoun", "abbas",
                       "salman", "katz", "ahmed", "sen", "francis", "hussain", "abdullah",
                       "hasina", "wajed", "brown", "major", "rice", "straw",
                       "baird", "bishop", "shah", "gul", "minh", "suharto"}


@cache
def _common_surnames() -> frozenset[str]:
    from importlib import resources

    data = resources.files("frenemy.coding").joinpath("data", "common_surnames.csv")
    text = data.read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()[1:] if line.strip())


@cache
def leaders_by_surname() -> dict[str, tuple[Leader, ...]]:
    from dataclasses import replace

    stop = _AMBIGUOUS_SURNAMES | _common_surnames()
    table: dict[str, list[Leader]] = {}
    for leader in leaders():
        names = (leader.name, *leader.aliases)
        surnames = [replace(leader, name=n).surname.lower() for n in names]
        # "al-Maliki": the parser splits the hyphen, so "Maliki" must find him too.
        surnames += [s.split("-", 1)[1] for s in surnames if s.split("-", 1)[0] in _ARTICLES]
        for surname in dict.fromkeys(surnames):
            if surname not in stop:
                table.setdefault(surname, []).append(leader)
    return {k: tuple(v) for k, v in table.items()}


_ARTICLES = {"al", "el", "ad", "as", "ash", "at", "az", "ul"}
