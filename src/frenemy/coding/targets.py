"""Targets and unnamed actors: whom an act naming no target is aimed at; whose a bare role is."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from frenemy.coding.actors import Actor, DocumentActors
from frenemy.coding.clauses import SPEECH, first_conjunct, prep_objects, subject
from frenemy.coding.modality import warns_of_others
from frenemy.coding.places import Place, city, locate, worldwide
from frenemy.taxonomy import countries, split_actor_code

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["UNNAMED_NOUN_ROLES", "actors_of_thing", "actors_of_topic", "beyond_border",
           "duty_of_others", "implicit_target", "place_actor", "placed", "political_fight",
           "someone_unnamed", "speaker_country", "topic_object", "unnamed_actor",
           "unnamed_nominal", "warns_of_danger", "with_country", "worldwide_protest"]

# Protests and bombings named without their actors: done by people of the place.
UNNAMED_NOUN_ROLES = {"14": "OPP", "18": "UAF"}
# Yielding with no one named is yielding at home: "the government resigned".
_DOMESTIC_ROOTS = {"08"}
# Nouns that refer back to an act already reported: "condemned this provocative act".
_ACT_NOUNS = {"act", "action", "attack", "incident", "move", "test", "strike", "bombing",
              "killing", "violence", "operation", "invasion", "raid", "shooting", "assault",
              "crackdown", "offensive", "aggression", "incursion", "launch", "massacre",
              "drill", "exercise", "manoeuvre", "maneuver", "deployment", "buildup"}
# Verbs of violence that news also uses for words and policies: "fight corruption".
_METAPHOR_PRONE = {"fight", "battle", "combat", "tackle", "attack", "target", "hit", "strike",
                   "crush", "kill", "destroy", "wage"}
# Roles that fight with words: parties, lawmakers, elites, the press, schools, business.
_CIVIL_ROLES = {"PTY", "LEG", "ELI", "MED", "EDU", "BUS"}
# Roles that belong to no country by themselves: an unnamed "peacekeeping force" is no state's.
_STATELESS_ROLES = {"IGO", "NGO", "PKO", "IMG", "MNC", "UIS"}
# Roles that speak against their own government when they name no one else: "the opposition
# denounced the vote", "students demanded reforms".
_DOMESTIC_CRITICS = {"OPP", "PTY", "LAB", "EDU", "CVL", "REL", "HRI", "LEG", "MED", "AGR",
                     "REF", "ELI"}
# Those whose criticism of a thing is criticism of their government: "the opposition
# denounced the vote".
_OPPOSITION = {"OPP", "PTY"}
# What a state asks of its own people when it names no one: "appealed for calm".
_CALMING = {"calm", "restraint"}
_STATE_ROLES = {"GOV", "COP", "MIL", "LEG"}
# "This strike", "these protests": an act the text has already told of.
_DEMONSTRATIVES = {"this", "that", "these", "those"}
# Armed men no state commands: "terrorist plans", "militant attacks".
_IRREGULAR_ROLES = {"UAF", "REB", "INS", "CRM", "SEP"}
# Who did it, when a violent or coercive act done to someone names no one: the place's (or
# the story's) country; an unnamed killer is an armed group, an unnamed arrest the police's.
# A death toll of these was no unnamed assault: "200,000 killed in four years of fighting".
_BATTLES = {"fighting", "fight", "battle", "combat", "conflict", "war", "clash", "firefight",
            "crossfire", "hostility", "skirmish", "gunfight", "shootout"}
_UNNAMED_ACTOR_ROLES = {"17": "COP", "18": "UAF", "19": "UAF", "20": "UAF"}
# "He was convicted of fraud", "was sentenced to five years": a court found him guilty.
_UNNAMED_CODE_ROLES = {"116": "JUD"}


def _entity_at(token: Token) -> Span | None:
    """The named entity a token belongs to (walking the entity's own tokens, not doc.ents)."""
    if not token.ent_type_:
        return None
    start = token.i
    while start > 0 and token.doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    return token.doc[start:end]


def place_actor(token: Token) -> list[Actor]:
    """A city as the target of an action stands for its country ("shelled Kharkiv")."""
    if token.pos_ != "PROPN" or token.ent_type_ in {"PERSON", "NORP", "DATE"}:
        return []
    ent = _entity_at(token)
    found = city(ent.text if ent is not None else token.text)
    if found is None or found[1] is None:
        return []
    return [Actor(found[1], ent.text if ent is not None else token.text, found[1], None,
                  token.idx, token.idx + len(token.text))]


def with_country(actor: Actor, country: str | None) -> Actor:
    """A bare role actor ("protesters") placed in a country; other actors unchanged."""
    if actor.country is not None or actor.role is None or country is None or (
        actor.code != actor.role
    ) or actor.role in _STATELESS_ROLES:
        return actor
    _, roles = split_actor_code(actor.code)
    return replace(actor, code=country + "".join(roles), country=country, inferred=True)


def placed(actor: Actor, actors: DocumentActors, victims: list[Actor] | None = None
            ) -> Actor:
    """A bare role's country when its phrase and clause name none: the country last named
    with the same role ("Kyrgyz police ... the police"), else the document's home, unless
    the home is the victims' own ("militants kidnapped two Turkish engineers")."""
    if actor.country is not None or actor.role is None or actor.code != actor.role:
        return actor
    remembered = actors.role_country_before(actor.role, actor.start)
    if remembered:
        return with_country(actor, remembered)
    if any(v.country == actors.home and not v.inferred for v in victims or ()):
        return actor
    return with_country(actor, actors.home)


def _phrase_without_places(head: Token, limit: int = 200) -> list[Token]:
    """The tokens of a phrase, leaving out its place phrases ("the war in Iraq": Iraq is
    where, not who) and stopping at ``limit`` tokens (a run-on text parses as one phrase)."""
    found: list[Token] = []
    stack = [head]
    while stack and len(found) < limit:
        token = stack.pop()
        found.append(token)
        stack.extend(c for c in token.children
                     if not (c.dep_ == "prep" and c.lower_ not in {"of", "by"}))
    return sorted(found, key=lambda t: t.i)


def topic_object(verb: Token, passive: bool, code: str, source: Actor | None = None) -> bool:
    """"fight corruption", "criticised the decision": the object is a topic, not someone.
    Violence done to things ("shelled villages") still happens somewhere, to someone, and
    what a domestic critic denounces ("the opposition denounced the vote") is his state's."""
    if passive or code == "129" or code[:2] in {"11", "12"} and source is not None and (
            source.role in _OPPOSITION):
        return False  # (a veto's object is a bill: the legislature's)
    objects = [c for c in verb.children if c.dep_ == "dobj" and not c.like_num
               and c.pos_ != "PRON"]
    if code[:2] in {"17", "18", "19", "20"}:
        return bool(objects) and verb.lemma_.lower() in _METAPHOR_PRONE
    return bool(objects)


def beyond_border(resolved: list[Actor], targets: list[Token], sources: list[Actor]
                  ) -> list[Actor]:
    """"massed troops along the Israel-Gaza border": the border names both sides; the
    actor's own side is no target."""
    sides = {t.idx for target in targets for b in target.subtree
             if b.lemma_.lower() in {"border", "frontier"}
             for c in b.children if c.dep_ == "compound" for t in c.subtree}
    own = {a.country for a in sources}
    return [a for a in resolved if not (a.start in sides and a.country in own)]


def political_fight(code: str, sources: list[Actor], trigger: Token) -> bool:
    """"The parties have been battling over the budget": politicians' and papers' fights
    and attacks are words, not violence."""
    return code[:2] in {"18", "19", "20"} and bool(sources) and (
        trigger.lemma_.lower() in _METAPHOR_PRONE) and all(a.role in _CIVIL_ROLES
                                                           for a in sources)


def unnamed_actor(code: str, where: Place, actors: DocumentActors, verb: Token,
                  victims: list[Actor] | None = None) -> list[Actor]:
    """"Twelve people were killed in Baghdad": an act with no one named did happen; who did
    it belongs to the place's country (or, where no place is named, to the civilians' own,
    "sixteen Afghans were wounded", else the story's), as analysts code it."""
    role = _UNNAMED_CODE_ROLES.get(code) or _UNNAMED_ACTOR_ROLES.get(code[:2])
    victims = victims or []
    # (Violence only: an arrest or a verdict with no place named is the story's country's.)
    locals_ = {v.country for v in victims if v.role == "CVL" and not v.inferred
               and role == "UAF"}
    country = where[1] or (locals_.pop() if len(locals_) == 1 and all(
        v.role == "CVL" for v in victims) else None) or actors.home
    if role is None or country is None or country not in countries():
        return []
    during = prep_objects(verb, frozenset({"in", "during"}))
    during += [o for noun in during for o in prep_objects(noun, frozenset({"of"}))]
    if any(noun.lemma_.lower() in _BATTLES for noun in during):
        return []  # "killed in the fighting": a toll of the battle, no assault of its own
    last = actors.last_act
    if role == "UAF" and not where[1] and last is not None and last.country and (
            last.role in {None, "MIL"}) and victims and all(
            v.country and v.country != last.country for v in victims):
        # "A US strike hit a house in Laghman ... 16 civilians were killed": the strike's.
        return [_inferred_actor(last.country, last.role or "", verb.idx, verb.idx)]
    return [_inferred_actor(country, role, verb.idx, verb.idx)]


def someone_unnamed(code: str, targets: list[Token], verb: Token) -> bool:
    """"Three more were arrested", "one was sentenced": someone the text does not name (as
    an actor) was arrested or sentenced, by the place's police or courts. ("X, who had been
    arrested", a relative clause, tells of X's past, not of the place's police.)"""
    return (code[:2] == "17" and code != "170" or code == "116") and verb.dep_ != "relcl" and (
        any(t.lower_ not in {"you", "i", "we", "who", "that", "which"} for t in targets))


def implicit_target(code: str, source: Actor, where: Place, actors: DocumentActors,
                     at: Token) -> list[Actor]:
    """Whom a domestic act with no named target is aimed at: protesters and critics at their
    own government, a veto at its legislature, violence and arrests at the place (or the
    story's country)."""
    root = code[:2]
    country: str | None = None
    role = "GOV" if root in {"10", "11", "12", "13", "14"} else "CVL"
    if code == "129":  # "vetoed the ban": the bill its legislature passed
        country, role = source.country, "LEG"
    elif root == "14" or root in {"10", "11", "12", "13"} and source.role in _DOMESTIC_CRITICS | {
            "JUD"}:  # "the court found the suspension unlawful": against its government
        country = source.country
    elif root in {"17", "18", "19", "20"} or root in {"11", "12"} and (
            source.role == "IGO" and source.country is None):
        # ("the elections were condemned by the OSCE": an organisation judges the state)
        country = where[1] or actors.home
    elif root == "02" and source.role in _STATE_ROLES and _CALMING & {
            t.lemma_.lower() for t in at.subtree}:
        # "the mayor appealed for calm": to the people of his own country.
        country = source.country
        role = "CVL"
    elif root in _DOMESTIC_ROOTS and source.country == actors.home:
        # "the government resigned": at home.
        country = source.country
    if country is None or country not in countries():
        return []
    return [_inferred_actor(country, role, at.idx, at.idx + len(at.text),
                            countries()[country].name)]


def _inferred_actor(country: str, role: str, start: int, end: int, name: str = "") -> Actor:
    """An actor no phrase names, of a country the context gives ("Twelve people were
    killed in Baghdad": someone of Iraq killed Iraqis)."""
    return Actor(country + role, name, country, role, start, end, inferred=True)


def unnamed_nominal(noun: Token, code: str, governing: Token | None,
                    actors: DocumentActors) -> tuple[list[Actor], list[Actor]]:
    """Who held a protest, or set off a bomb, that the text names without its actor: the
    place's people (or the story's), and, unless the noun names a target, aimed at home."""
    if worldwide([noun, *([governing] if governing is not None else [])]):
        return [], []  # "protests around the world": in no one country
    if any(c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in noun.children):
        return [], []  # "this strike was aimed at deterring attacks": one already told of
    where = locate(governing or noun, actors, noun)
    country = where[1] or actors.home
    if country is None or country not in countries():
        return [], []
    start, end = noun.idx, noun.idx + len(noun.text)
    source = _inferred_actor(country, UNNAMED_NOUN_ROLES[code[:2]], start, end)
    return [source], [_inferred_actor(country, "GOV" if code[:2] == "14" else "CVL",
                                      start, end, countries()[country].name)]


def actors_of_topic(verb: Token, sources: list[Actor], actors: DocumentActors,
                    judging: bool) -> list[Actor]:
    """Who did the act a statement is about: a country or people named in its object
    ("the US-led invasion", "Iranian involvement", "Israel's strikes"), else, for "this
    act", "the attack", the last actor of a hostile act in the text."""
    own = {a.country for a in sources}
    # "The operation was condemned by the EU": a passive's subject is what is judged.
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    objects += prep_objects(verb, frozenset({"against", "over", "about", "for", "on"}))
    for obj in objects:
        named = _country_named_in(obj, actors, own)
        if named:
            return named
        owner = next((c for c in obj.children if c.dep_ == "poss"), None)
        if owner is not None and owner.pos_ in {"PROPN", "NOUN"} and obj.pos_ == "NOUN":
            # "declined Prime Minister Honcharuk's offer", "welcomed al-Maliki's
            # nomination", "called for the president's resignation": the person's.
            person = actors.resolve(owner)
            if person is not None and person.role and person.country is None:
                person = placed(person, actors)
            if person is not None and person.country and (person.country not in own or (
                    person.role and person.role not in {a.role for a in sources})):
                return [person]  # (the opposition against its own president too)
        if judging and actors.last_act and actors.last_act.country not in own:
            last = _last_act_at(obj, actors)
            if last:
                return last
    return []


def _country_named_in(thing: Token, actors: DocumentActors, own: set[str | None]
                      ) -> list[Actor]:
    """The first country, people, capital or organisation named in a thing's phrase, other
    than the judges' own ("the US-led invasion", "Iranian involvement")."""
    for token in _phrase_without_places(thing):
        mention = actors.names_at.get(token.i)
        if mention is not None and mention.entry.country and (
                mention.entry.kind in {"country", "adjective", "capital", "org"}) and (
                mention.entry.country not in own):
            return [actors.country_actor(mention.entry.country, token)]
    return []


def _last_act_at(thing: Token, actors: DocumentActors) -> list[Actor]:
    """For "this act", "the move", "the attack": who did the last hostile act reported."""
    last = actors.last_act
    if thing.lemma_.lower() not in _ACT_NOUNS or last is None:
        return []
    return [Actor(last.code, last.name, last.country, last.role, thing.idx,
                  thing.idx + len(thing.text), inferred=True)]


def actors_of_thing(token: Token, actors: DocumentActors) -> list[Actor]:
    """Whose a thing is: an actor it names ("the U.S.", "Russia's annexation"), else for
    "the move", "the attack" the last actor of a hostile act in the text."""
    found = actors.resolve_all(token)
    if any(a.country for a in found):
        return found
    return _country_named_in(token, actors, set()) or _last_act_at(token, actors)


def speaker_country(verb: Token, actors: DocumentActors) -> str | None:
    """The country of whoever reports the clause ("Armenia's defence ministry said ...")."""
    clause = first_conjunct(verb)
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in SPEECH:
        return None
    heads, _ = subject(clause.head)
    for head in heads:
        actor = actors.resolve(head)
        if actor is not None and actor.country and not actor.inferred:
            return actor.country
    return None


def duty_of_others(duty: Token, actors: DocumentActors) -> bool:
    """Whether "X said that ... must" asks someone: "we must be honest" is the speaker's own
    resolve, and "the acceptance has to pay off" names a thing, no one to ask."""
    subjects = [c for c in duty.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if any(s.lower_ in {"we", "i"} for s in subjects):
        return False
    return not subjects or not all(
        s.pos_ == "NOUN" and s.i not in actors.names_at and s.i not in actors.role_at
        for s in subjects)


def worldwide_protest(code: str, sources: list[Actor], verb: Token, trigger: Token) -> bool:
    """"In many cities around the world, thousands of people marched": people of no one
    country (so not of the story's) protested."""
    return code[:2] == "14" and not any(a.country for a in sources) and worldwide(
        [verb, trigger])


def warns_of_danger(verb: Token, actors: DocumentActors) -> bool:
    """A warning that tells of others' acts, no threat by the warner: "warned that Iran's
    ambitions were dangerous", "warned Britain about terrorist plans to bomb London",
    "warned of Iranian attacks" (another country, or armed men no state commands, named in
    what it is about; "warned of a military response" is the warner's own)."""
    if warns_of_others(verb):
        return True
    warners = {a.country for t in subject(verb)[0] for a in actors.resolve_all(t)}
    about = frozenset({"about", "of"})
    for topic in prep_objects(verb, about) + [t for c in verb.children if c.dep_ == "dobj"
                                               for t in prep_objects(c, about)]:
        for token in [topic, *(c for c in topic.children
                               if c.dep_ in {"amod", "compound", "poss", "nmod"})]:
            mention = actors.names_at.get(token.i)
            role = actors.role_at.get(token.i)
            if mention is not None and mention.entry.country and (
                    mention.entry.country not in warners) or (
                    role is not None and role[2] in _IRREGULAR_ROLES):
                return True
    return False
