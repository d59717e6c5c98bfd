"""People: the known leaders by name and surname, and whether a phrase names one person."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from frenemy.taxonomy import Leader, leaders

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["group_like", "leader_candidates", "one_person", "leaders_by_common_surname",
           "leaders_by_name", "leaders_by_surname"]


@cache
def leaders_by_name() -> dict[str, tuple[Leader, ...]]:
    table: dict[str, list[Leader]] = {}
    for leader in leaders():
        for name in dict.fromkeys(n.lower() for n in (leader.name, *leader.aliases)):
            if " " in name:  # one word is a surname: leaders_by_surname decides on those
                table.setdefault(name, []).append(leader)
    return {k: tuple(v) for k, v in table.items()}


# Articles of Arabic surnames, written apart by the parser ("Al-Assad": "Al", "-", "Assad"):
# part of the surname, no given name.
_ARTICLES = {"al", "el", "ad", "as", "ash", "an", "ar", "az", "at", "bin", "ibn"}
# Titles of offices no leader of the table holds: a surname they title is someone else's.
_OTHER_OFFICES = {"judge", "justice", "senator", "sen", "rep", "representative", "congressman",
                  "congresswoman", "mayor", "bishop", "rev", "reverend"}
# Words before a surname that are titles, not given names ("President Bush").
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "gen", "general",
               "col", "colonel", "lt", "maj", "major", "capt", "captain", "adm", "admiral",
               "sen", "senator", "rep", "gov", "governor", "sheikh", "sheik", "emir", "prince",
               "princess", "king", "queen", "president", "premier", "chancellor", "minister",
               "prime", "secretary", "ayatollah", "imam", "pope", "judge", "justice", "mayor",
               "chairman", "commander", "marshal", "field", "comrade", "mullah", "rev"}
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
def _person_nouns() -> frozenset[str]:
    from importlib import resources

    data = resources.files("frenemy.coding").joinpath("data", "person_nouns.csv")
    text = data.read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()[1:] if line.strip())


def one_person(head: Token) -> bool:
    """Whether a noun phrase's head names one person, whom "he" or "she" may stand for: a
    person's name, or a singular noun of a person (data/person_nouns.csv: "the president",
    "a spokesman"), not a country, a body or a group ("the police", "officials")."""
    return head.ent_type_ == "PERSON" or head.tag_ == "NN" and (
        head.lemma_.lower() in _person_nouns())


def group_like(head: Token, named: bool) -> bool:
    """Whether a phrase's head (named: a name of the gazetteer) names a country, a body or a
    group ("Iran", "the police", "officials"), which "he" and "she" do not stand for."""
    return head.tag_ in {"NNS", "NNPS"} or head.ent_type_ in {"ORG", "GPE", "NORP"} or (
        named and not one_person(head))


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


_SOON = 365  # days before taking office that news already names a leader by surname

# Offices whose holder a news story names by surname alone, however common the surname.
_TOP_OFFICES = {"president", "prime minister", "chancellor", "head of state",
                "head of government", "taoiseach", "secretary of state", "foreign secretary"}


@cache
def leaders_by_common_surname() -> dict[str, tuple[Leader, ...]]:
    """Heads of state and government, and chief diplomats, whose surname is too common to
    identify them alone ("Bush", "Brown", "Rice"): a caller takes one only while in office
    and when the story names the leader's country."""
    found = leaders_by_surname()
    table: dict[str, list[Leader]] = {}
    for leader in leaders():
        surname = leader.surname.lower()
        if leader.office in _TOP_OFFICES and surname not in found:
            table.setdefault(surname, []).append(leader)
    return {k: tuple(v) for k, v in table.items()}


def leader_candidates(head: Token, names: list[Token], titled: Collection[int],
                      published: date | None, named: Collection[str | None]) -> list[Leader]:
    """The leaders a name may mean: by full name, else by surname when the parser saw a
    person (``names`` are the phrase's proper nouns up to ``head``; ``titled`` the token
    indices of role nouns; ``named`` the countries the story names)."""
    full = " ".join(t.text for t in names[-4:])
    candidates = [x for x in leaders_by_name().get(full.lower(), ())]
    if not candidates and head.ent_type_ == "PERSON":
        # "Boutros Boutros-Ghali": the entity's own text keeps its hyphens.
        start = head.i
        while start > 0 and head.doc[start].ent_iob_ == "I":
            start -= 1
        person = head.doc[start:head.i + 1].text
        candidates = list(leaders_by_name().get(person.lower(), ()))
    for size in (3, 2):
        if not candidates and len(names) >= size:
            key = " ".join(t.text for t in names[-size:]).lower()
            candidates = list(leaders_by_name().get(key, ()))
    if names and names[0].lower_.rstrip(".") in _OTHER_OFFICES and not candidates:
        return []  # "Judge Marrero" is no Cuban premier: a surname titled with another office
    if not candidates and (head.ent_type_ == "PERSON" or head.is_title):
        candidates = list(leaders_by_surname().get(head.text.lower(), ()))
        if len(names) >= 2 and names[-2].i not in titled and (
                names[-2].lower_.rstrip(".") not in _HONORIFICS | _ARTICLES):
            # "Carrie Lam" is not To Lam, "the Dalai Lama" no Guinean minister Lama: a
            # given name that differs rules the surname match out ("President Bush" has
            # a title, not a given name).
            given = names[-2].text.lower()
            candidates = [x for x in candidates if any(
                given in n.lower().split() for n in (x.name, *x.aliases))]
        if published is not None:
            # A surname alone is not someone who takes office years later ("Lam" in 2019 is
            # not To Lam), though it may be someone about to ("al-Maliki named premier").
            candidates = [x for x in candidates if (x.start - published).days <= _SOON]
    if not candidates and head.ent_type_ == "PERSON" and published is not None:
        # "Bush said": a common surname, but the story's time and countries tell whom.
        titled_name = len(names) >= 2 and names[-2].i in titled  # "President Bush"
        candidates = [x for x in leaders_by_common_surname().get(head.text.lower(), ())
                      if x.in_office(published) and (x.actor in named or titled_name)]
    return candidates
