"""Actors: noun phrases to CAMEO actor codes (countries, roles, organisations, people)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from frenemy.coding.clauses import clause_subject_spans
from frenemy.coding.people import group_like, leader_candidates, one_person
from frenemy.taxonomy import countries

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from frenemy.coding.gazetteer import Entry, Gazetteer

__all__ = ["Actor", "DocumentActors"]

# Children that belong to the actor's own noun phrase. Prepositional phrases other than
# "of" (and "in" for role-only phrases) name places and times, not the actor.
_NP_DEPS = {"det", "amod", "compound", "poss", "nmod", "appos", "flat", "nummod", "case",
            "quantmod", "nn", "prep", "pobj", "punct", "cc", "conj", "npadvmod"}
_PRONOUNS = {"it", "they", "he", "she", "its", "their", "his", "her", "we"}
_OBJECT_PRONOUNS, _RECENT = {"him", "them"}, 50  # "sanctioned him": not the subject
_BORDER_NOUNS = {"border", "frontier", "boundary"}
_PLACE_NOUNS = {"part", "city", "town", "village", "region", "area", "province", "territory",
                "capital", "camp", "outskirts", "centre", "center", "district", "suburb", "state",
                "coast", "port", "border", "south", "north", "east", "west", "heart", "country"}
_SPONSORED = {"backed", "linked", "allied", "affiliated", "aligned", "inspired", "supported",
              "sponsored", "funded", "armed", "trained", "friendly"}
_GENERIC_HEADS = {"leader", "official", "spokesman", "spokeswoman", "spokesperson", "commander",
                  "chief", "head", "representative", "negotiator", "envoy"}
_CROWDS = {"dozens", "hundreds", "thousands", "millions", "scores", "tens"}
_COLLECTIVE_NOUNS = {"deployment", "group", "member", "dozen", "dozens", "hundred", "hundreds",
                     "thousand", "thousands", "million", "millions", "score", "scores", "tens",
                     "crowd", "band", "team", "contingent", "batch", "patch", "unit", "number",
                     "delegation", "some", "many", "most", "all", "one", "several", "few",
                     "representative", "supporter", "faction", "wing", "alliance"}
_PAIR_NOUNS = {"country", "nation", "side", "neighbour", "neighbor", "government", "state"}
_ANAPHORIC_NOUNS = {"country", "nation", "state", "republic", "government", "side", "capital"}


@dataclass(frozen=True)
class Actor:
    code: str
    name: str
    country: str | None
    role: str | None
    start: int  # character offsets in the document
    end: int
    # The country was not named with the actor but inferred from its clause's place, an
    # earlier mention of the same kind, or the document's home country.
    inferred: bool = False


@dataclass
class _Mention:
    start: int  # token indices
    end: int
    entry: Entry


@dataclass
class DocumentActors:
    """Actor lookups for one parsed document, with the document's memory of names."""

    gazetteer: Gazetteer
    doc: Doc
    published: date | None = None
    names_at: dict[int, _Mention] = field(default_factory=dict)
    role_at: dict[int, tuple[int, int, str]] = field(default_factory=dict)
    people: dict[str, Actor] = field(default_factory=dict)
    last_actor: Actor | None = None
    last_subject: Actor | None = None
    last_person: Actor | None = None  # the last subject that is one person: "he"
    last_actor_group: bool = False  # named as a country, body or group (people.group_like)
    last_subject_group: bool = False
    last_group: list[Actor] = field(default_factory=list)
    # The country last named with each role: "Kyrgyz police ... police" is Kyrgyz again.
    role_country: dict[str, str] = field(default_factory=dict)
    home: str | None = None  # the document's home country (frenemy.coding.context)
    last_act: Actor | None = None  # who did the last hostile act reported (coder)
    recent: list[Actor] = field(default_factory=list)  # actors resolved, in text order
    # (country, root, target country) of events whose actor no text named, once a document
    unnamed_seen: set[tuple[str | None, str, str | None]] = field(default_factory=set)
    _role_mentions: dict[str, list[tuple[int, str]]] | None = None
    _dates: list[Span] | None = None

    def __post_init__(self) -> None:
        self.text = self.doc.text  # Doc.text rebuilds the string on every access
        vocab_strings = self.gazetteer.vocab.strings
        spans = [(s, e, vocab_strings[m]) for m, s, e in self.gazetteer.names(self.doc)]
        spans += [(s, e, vocab_strings[m]) for m, s, e in self.gazetteer.names_any_case(self.doc)
                  if not self.doc[s].is_title or self.doc[s].is_sent_start]
        # Longest match wins: "South Korea" over "Korea", "Islamic Republic of Iran" over "Iran".
        for start, end, key in sorted(spans, key=lambda t: (-(t[1] - t[0]), t[0])):
            if any(i in self.names_at for i in range(start, end)):
                continue
            mention = _Mention(start, end, self.gazetteer.entries[key])
            self.names_at.update(dict.fromkeys(range(start, end), mention))
        role_spans = [(s, e, vocab_strings[m][2:])
                      for m, s, e in self.gazetteer.role_nouns(self.doc)]
        for start, end, phrase in sorted(role_spans, key=lambda t: (-(t[1] - t[0]), t[0])):
            if any(i in self.role_at for i in range(start, end)):
                continue
            self.role_at.update(dict.fromkeys(
                range(start, end), (start, end, self.gazetteer.role_by_phrase[phrase])))

    def introduce_people(self) -> None:
        """Meet, before coding, the people the text introduces ("Carrie Lam, the chief
        executive of Hong Kong, announced..."), so that a later "Lam" is her even when the
        sentence that introduced her coded no event."""
        for entity in self.doc.ents:
            if entity.label_ == "PERSON" and entity.root.text not in self.people:
                self._resolve(entity.root)

    def forget_names_before(self, offset: int) -> None:
        """Drop the names before a character offset: a dateline ("KABUL, Afghanistan (AP)
        —") says where the story was filed, it names no actor."""
        for index in [i for i in self.names_at if self.doc[i].idx < offset]:
            del self.names_at[index]

    def date_entities(self) -> list[Span]:
        """The document's DATE entities, read once."""
        if self._dates is None:
            self._dates = [e for e in self.doc.ents if e.label_ == "DATE"]
        return self._dates

    def role_country_before(self, role: str, offset: int) -> str | None:
        """The country named with the same role nearest before a character offset: "Kyrgyz
        police ... the police" are Kyrgyz again."""
        if self._role_mentions is None:
            self._role_mentions = self._countries_with_roles()
        found = None
        for start, country in self._role_mentions.get(role, ()):
            if start >= offset:
                break
            found = country
        return found or self.role_country.get(role)

    def _countries_with_roles(self) -> dict[str, list[tuple[int, str]]]:
        """Role nouns with a country or people right before them ("Georgian police",
        "Iraq's army"), by role, in text order."""
        found: dict[str, list[tuple[int, str]]] = {}
        for start, _end, role in sorted(set(self.role_at.values())):
            before = start - 1
            while before >= 0 and self.doc[before].lower_ in {"'s", "’s", "the"}:
                before -= 1
            mention = self.names_at.get(before) if before >= 0 else None
            if mention is not None and mention.entry.kind in {"adjective", "country"} and (
                    mention.entry.country):
                found.setdefault(role, []).append((self.doc[start].idx, mention.entry.country))
        return found

    # -- noun phrases -------------------------------------------------------------------
    def phrase_tokens(self, head: Token, allow_in: bool = False,
                      allow_of: bool = True) -> list[Token]:
        """The tokens of the actor phrase headed by ``head`` ("troops with the Malian army")."""
        preps = set(("of",) * allow_of + ("in", "from", "at", "with") * allow_in)
        preps |= {"for"} if head.lower_.startswith("spokes") else set()  # "spokesman for X"
        tokens = [head]
        for child in head.children:
            if child.dep_ in {"conj", "cc"} or child.dep_ not in _NP_DEPS or (
                    child.dep_ == "prep" and child.lower_ not in preps):
                continue
            tokens.extend(self.phrase_tokens(child, allow_in, allow_of))
        return sorted(tokens, key=lambda t: t.i)

    def resolve_all(self, head: Token, as_subject: bool = False) -> list[Actor]:
        """Actors of a phrase; "Turkish and Armenian envoys" names two, one per country."""
        if (as_subject and head.pos_ == "PRON") or head.lower_ == "both" or (
            head.lemma_.lower() in {"country", "nation", "side", "neighbour", "neighbor",
                                    "leader"}
            and any(c.lower_ in {"two", "both"} for c in head.children)
        ):
            group = self._group_anaphor(head)
            if group:
                return group
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None and owner.lemma_.lower() in _PAIR_NOUNS and any(
                c.lower_ in {"two", "both"} for c in owner.children):
            # "the two countries' foreign ministers": one each, in the last group named.
            role = self._role(head, {head.i})
            group = self._group_anaphor(owner)
            if group and role:
                return [Actor(a.country + role, a.name, a.country, role, a.start, a.end)
                        for a in group if a.country]
        actor = self.resolve(head)
        if as_subject and actor is not None:
            self.last_subject, self.last_subject_group = actor, self.last_actor_group
            self.last_person = actor if one_person(head) and actor.role else self.last_person
        if actor is None or actor.country is None or actor.role is None:
            return [actor] if actor else []
        modifiers = [t for t in head.children if t.dep_ in {"amod", "nmod", "compound"}]
        adjectives = [m for m in self._mentions(t.i for t in modifiers)
                      if m.entry.kind in {"adjective", "country"}]
        extra = [m for t in modifiers
                 for c in t.conjuncts if (m := self.names_at.get(c.i)) is not None
                 and m.entry.kind in {"adjective", "country"}]
        countries_named = []
        for mention in adjectives + extra:
            if mention.entry.country and mention.entry.country not in countries_named:
                countries_named.append(mention.entry.country)
        if len(countries_named) < 2:
            return [actor, *self._nested_conjuncts(head, actor)]
        return [Actor(c + actor.role, actor.name, c, actor.role, actor.start, actor.end)
                for c in countries_named]

    def _nested_conjuncts(self, head: Token, first: Actor) -> list[Actor]:
        """Actors coordinated inside the phrase: the parser often hangs "US President Trump
        and Turkish President Erdogan" on the last name, the first name's "and" inside."""
        found: list[Actor] = []
        inner = {c: t.head.lower_ == "of" for t in self.phrase_tokens(head) if t.i != head.i
                 for c in t.conjuncts if c.i > t.i and c.pos_ in {"PROPN", "NOUN"}}
        for conjunct, of_phrase in inner.items():
            actor = self._resolve(conjunct)
            if actor is not None and actor.role is None and of_phrase:  # "leaders of X and Y"
                actor = replace(actor, code=actor.code + (first.role or ""), role=first.role)
            if actor is not None and actor.country and actor.role and (
                    actor.country not in {first.country, *(a.country for a in found)}):
                found.append(actor)
        return found

    def remember_group(self, group: list[Actor]) -> None:
        if len({a.code for a in group}) > 1:
            self.last_group = group

    def _group_anaphor(self, head: Token) -> list[Actor]:
        """"they", "both", "the two countries": the last group of subjects; "it", "he",
        "she": the last subject."""
        if head.lower_ in {"they", "both"} or head.pos_ == "NOUN":
            if self.last_group:
                return [Actor(a.code, a.name, a.country, a.role, head.idx,
                              head.idx + len(head.text)) for a in self.last_group]
            if head.pos_ == "NOUN":  # "the two countries": the last two countries named
                named: list[str] = []
                for index in sorted((i for i in self.names_at if i < head.i), reverse=True):
                    entry = self.names_at[index].entry
                    if entry.kind in {"country", "adjective", "capital"} and entry.country and (
                            entry.country not in named):
                        named.append(entry.country)
                    if len(named) == 2:
                        return [self.country_actor(c, head) for c in reversed(named)]
        if head.lower_ in {"it", "he", "she", "they"} and self.last_subject is not None:
            memory = (self.last_person if head.lower_ in {"he", "she"} and self.last_person
                      else self.last_subject)
            if head.lower_ in {"he", "she"} and (memory.role is None or (
                    memory is self.last_subject and self.last_subject_group)):
                return []  # "he" is no country, body or group
            return [Actor(memory.code, memory.name, memory.country, memory.role, head.idx,
                          head.idx + len(head.text))]
        return []

    def country_actor(self, country: str, at: Token) -> Actor:
        return Actor(country, countries()[country].name, country, None, at.idx,
                     at.idx + len(at.text))

    def resolve(self, head: Token) -> Actor | None:
        """The actor named by the noun phrase headed by ``head``, or None."""
        actor = self._resolve(head)
        if actor is not None:
            self.last_actor = actor
            self.last_actor_group = group_like(head, head.i in self.names_at)
            if not actor.inferred:
                self.recent.append(actor)
                del self.recent[:-_RECENT]
            if actor.country and actor.role and not actor.inferred:
                self.role_country[actor.role] = actor.country
        return actor

    def _resolve(self, head: Token) -> Actor | None:
        if head.lemma_.lower() in _BORDER_NOUNS:
            # "troops on the border with Ukraine": the country across it.
            across = [o for c in head.children if c.dep_ == "prep" and c.lower_ == "with"
                      for o in c.children if o.dep_ == "pobj"]
            actor = self._resolve(across[0]) if across else None
            if actor is not None and actor.country:
                return actor
        if head.lower_ in _PRONOUNS and head.pos_ == "PRON":
            return self._anaphor(head)
        if head.lower_ in _OBJECT_PRONOUNS and head.pos_ == "PRON":
            return self._object_anaphor(head)
        member = self._members_of(head)
        if member is None and head.lower_ in _CROWDS and head.dep_ in {"nsubj", "ROOT"}:
            # "Thousands protested in Baku": a crowd of people, of the place.
            return self._actor("CVL", None, "CVL", [head])
        if member is not None:
            # "thousands of Nigerians", "members of parliament from Kenya": the members.
            actor = self._resolve(member)
            if actor is not None:
                if actor.country is None and actor.role is not None:
                    place = self._mentions({t.i for t in self.phrase_tokens(head, True)})
                    home = place[0].entry.country if place else None
                    if home:
                        return Actor(home + actor.role, actor.name, home, actor.role,
                                     actor.start, actor.end)
                return actor
        tokens = self.phrase_tokens(head)
        token_ids = {t.i for t in tokens}
        role = self._role(head, token_ids)
        head_mention = self.names_at.get(head.i)
        if head_mention is not None and role is not None:
            hit = self.role_at.get(head.i)
            if hit is not None and hit[0] < head_mention.end and head_mention.start < hit[1]:
                role = None  # "the United States" is a country, not a "state" role
        if role is None and head_mention is None and head.lemma_.lower() not in (
                _PLACE_NOUNS | _GENERIC_HEADS):
            # Without a role noun, "the withdrawal of Russian troops" is not Russia itself;
            # but "part of Syria's second city" is a place in Syria.
            token_ids = {t.i for t in self.phrase_tokens(head, allow_of=False)}
        mentions = self._mentions(token_ids)
        if head_mention is not None and head_mention.entry.kind in {"org", "user"}:
            entry = head_mention.entry
            return self._actor(entry.code, entry.country, entry.role, tokens)
        country: str | None = None
        if head_mention is not None:
            country = head_mention.entry.country
            if head_mention.entry.kind == "adjective" and role is None:
                role = "CVL"  # "the Iranians" are people of Iran, not its state
        else:
            for mention in mentions:
                if mention.entry.kind == "org" and (country is None or role != "MIL"):
                    return self._actor(mention.entry.code, mention.entry.country,
                                       mention.entry.role, tokens)
                if country is None:
                    country = mention.entry.country
        if country is None and role is not None and any(
            t.dep_ == "poss" and t.lower_ in _PRONOUNS for t in tokens
        ):
            # "its diplomats": the possessor is the actor last named.
            memory = self._anaphor(head)
            country = memory.country if memory is not None else None
        if country is None and role is not None:
            # "protesters in Tehran", "dissidents from Egypt": a place in the phrase.
            for mention in self._mentions({t.i for t in self.phrase_tokens(head, True)}):
                country = mention.entry.country
                break
        if head.ent_type_ == "PERSON" and country is None:
            # "Qasem Soleimani, head of Iran's Quds Force": the description says whose.
            for child in head.children:
                described = self._resolve(child) if child.dep_ == "appos" else None
                if described is not None and described.country:
                    actor = self._actor(described.code, described.country, described.role,
                                        [t for t in tokens if t.i <= head.i])
                    self.people[head.text] = actor
                    return actor
        unknown_name = (head.pos_ == "PROPN" or head.is_title) and role is None and (
            country is None)
        if head.ent_type_ == "PERSON" or unknown_name:
            return self._person(head, tokens, country, role)
        if country is None and role is None:
            if head.lemma_.lower() in _ANAPHORIC_NOUNS and any(
                t.lower_ in {"the", "this", "that"} for t in head.lefts
            ):
                return self._anaphor(head)
            return None
        if country is None and role is not None and head.lemma_.lower() in _ANAPHORIC_NOUNS:
            memory = self._anaphor(head)
            if memory is not None and memory.country:
                country = memory.country
        return self._actor((country or "") + (role or ""), country, role, tokens)

    @staticmethod
    def _members_of(head: Token) -> Token | None:
        """The ``of`` complement of a collective or quantity noun ("a group of X")."""
        if head.lemma_.lower() not in _COLLECTIVE_NOUNS and not head.like_num:
            return None
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return None

    def _person(self, head: Token, tokens: list[Token], country: str | None,
                role: str | None) -> Actor | None:
        surname = head.text
        if country is not None and role is None:
            # "Israel Katz": a name that holds a country's name may be a known leader's.
            leader = self._leader(head, tokens)
            if leader is not None and leader.country == country:
                self.people[surname] = leader
                return leader
        if country is not None:
            actor = self._actor((country or "") + (role or ""), country, role, tokens)
            if head.pos_ == "PROPN":
                # "Kyrgyz President Kurmanbek Bakiyev", "Hong Kong's Carrie Lam": the whole
                # document's "Bakiyev" and "Lam" from now on.
                self.people[surname] = actor
            return actor
        known = self.people.get(surname)
        if known is not None:
            return Actor(known.code, known.name, known.country, known.role,
                         head.idx, head.idx + len(head.text))
        leader = self._leader(head, tokens)
        if leader is not None:
            self.people[surname] = leader
            return leader
        if role is not None:  # "Judge Alejandro Rivera": a judge, of a country not named
            return self._actor(role, None, role, tokens)
        return None

    def _leader(self, head: Token, tokens: list[Token]) -> Actor | None:
        """A known leader by full name, or by surname when the parser saw a person."""
        names = [t for t in tokens if t.pos_ == "PROPN" and t.i <= head.i]
        candidates = leader_candidates(head, names, self.role_at.keys(), self.published,
                                       {m.entry.country for m in self.names_at.values()})
        if not candidates:
            return None
        day = self.published
        if day is None:
            chosen, role = max(candidates, key=lambda x: x.start), None
        else:
            current = [x for x in candidates if x.in_office(day)]
            if current:
                chosen, role = current[0], None
            else:
                # Out of office at the time: a former leader is an elite, not the state.
                chosen = min(candidates, key=lambda x: abs((x.start - day).days))
                role = "ELI" if chosen.role else None
        code = chosen.actor + (role or chosen.role)
        country = chosen.actor if chosen.actor in countries() else None
        start = names[0].idx if names else head.idx
        end = head.idx + len(head.text)
        return Actor(code, self.text[start:end], country, role or chosen.role or None,
                     start, end)

    def _anaphor(self, head: Token) -> Actor | None:
        memory = self.last_actor
        if head.lower_ in {"he", "she", "his", "her"} and memory and self.last_actor_group:
            memory = self.last_person  # "his": a person (or no one), not the body last named
            if memory is None:
                return None
        elif memory is None:
            # Nothing resolved yet ("NATO confirmed it would..."): the last name before.
            before = [m for i, m in self.names_at.items() if i < head.i
                      and m.entry.kind in {"country", "org", "capital", "user"}]
            if not before:
                return None
            last = max(before, key=lambda m: m.start)
            return Actor(last.entry.code, self.doc[last.start].text, last.entry.country,
                         last.entry.role, head.idx, head.idx + len(head.text))
        return Actor(memory.code, memory.name, memory.country, memory.role,
                     head.idx, head.idx + len(head.text))

    def _object_anaphor(self, head: Token) -> Actor | None:
        """"levied sanctions against him": the last actor named before who is not the
        clause's own subject (that would be "himself")."""
        spans = clause_subject_spans(head)
        for actor in reversed(self.recent):
            if actor.start >= head.idx or any(a <= actor.start < b for a, b in spans):
                continue
            # The nearest actor is no state's, or "him" is no country: no one.
            return None if actor.country is None or head.lower_ == "him" and (
                actor.role is None) else replace(actor, start=head.idx,
                                                  end=head.idx + len(head.text))
        return None

    def _role(self, head: Token, token_ids: set[int]) -> str | None:
        found = self.role_at.get(head.i)
        if found is not None:
            if head.lemma_.lower() in _GENERIC_HEADS:
                # "rebel leaders", "union officials": the group they lead is the role.
                for child in head.children:
                    hit = self.role_at.get(child.i)
                    if child.dep_ in {"amod", "compound"} and hit is not None and (
                            hit[1] <= found[0]):
                        return hit[2]
            return found[2]
        if head.pos_ != "PROPN":
            return None
        # A title before a person's name: "Foreign Minister Hossein Amirabdollahian".
        for i in sorted(token_ids):
            hit = self.role_at.get(i)
            if hit is not None and self.doc[i].dep_ in {"compound", "appos", "nmod", "amod"}:
                return hit[2]
        return None

    def _mentions(self, token_ids: Iterable[int]) -> list[_Mention]:
        seen: list[_Mention] = []
        for i in sorted(token_ids):
            mention = self.names_at.get(i)
            if mention is not None and mention not in seen and not self._sponsor(mention):
                seen.append(mention)
        return seen

    def _sponsor(self, mention: _Mention) -> bool:
        """"Iranian-backed militias", "al-Qaeda-linked rebels": a sponsor, not the actor."""
        after = mention.end
        return (after + 1 < len(self.doc) and self.doc[after].text == "-"
                and self.doc[after + 1].lower_ in _SPONSORED)

    def _actor(self, code: str, country: str | None, role: str | None,
               tokens: list[Token]) -> Actor:
        core = [t for t in tokens if t.dep_ not in {"det", "punct", "case"}] or tokens
        start, end = core[0].idx, core[-1].idx + len(core[-1].text)
        return Actor(code, self.text[start:end], country, role, start, end)

