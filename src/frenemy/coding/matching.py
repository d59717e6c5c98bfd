"""Matching the lexicon: the rule a verb or event noun starts, its code, the words it targets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frenemy.coding.clauses import (
    Match,
    complement_lemmas,
    conjuncts,
    joint,
    objects,
    passive_agent,
    prep_objects,
)
from frenemy.coding.lexicon import SPEECH_FAMILIES, Lexicon, Rule

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.actors import Actor

__all__ = ["Matcher"]

_OBJECT_PREPS = frozenset({"with", "on", "against", "to"})
# What a verb without a complement of its own may have besides: "Russia will not invade".
_BARE_VERB_DEPS = {"nsubj", "aux", "auxpass", "neg", "cc", "conj", "advmod", "punct", "mark"}
_RELATIONAL_NOUNS = {"agreement", "deal", "treaty", "accord", "memorandum", "pact", "contract",
                     "partnership", "talk", "negotiation", "sanction", "embargo", "cooperation",
                     "plan", "proposal", "resolution", "request", "demand", "offer"}
_MEASURE_NOUNS = {"day", "week", "month", "year", "hour", "round", "series", "wave", "spate",
                  "number", "string", "set", "couple", "dozen", "hundred", "thousand"}
_CRITICS = {"OPP", "PTY"}  # whose statements in judging words denounce
_POSTURE_LEMMAS = {"drill", "exercise", "deploy", "mass", "manoeuvre", "maneuver"}


def _lemmas(token: Token) -> list[str]:
    """The lemma, then plain de-inflections of the word: the model's lemmatizer has gaps
    ("staged" -> "stag")."""
    word = token.lower_
    forms = [token.lemma_.lower(), word]
    if word.endswith("ied"):
        forms.append(word[:-3] + "y")
    if word.endswith("ed"):
        forms += [word[:-2], word[:-1], word[:-3] if word[-3:-2] == word[-4:-3] else word[:-2]]
    if word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
    if word.endswith("s"):
        forms += [word[:-1], word[:-2]]
    if forms[0].startswith("re") and len(forms[0]) > 6:
        forms.append(forms[0][2:])  # "reimposed", "redeployed": the action again
    return list(dict.fromkeys(forms))


def _phrasal_lemma(verb: Token) -> str:
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    return f"{verb.lemma_.lower()} {particles[0]}" if particles else verb.lemma_.lower()


def _lookup(table: dict[str, Rule], token: Token, particle: str | None = None
            ) -> tuple[str, Rule] | None:
    for form in _lemmas(token):
        key = f"{form} {particle}" if particle else form
        if key in table:
            return key, table[key]
    return None


def _measured(noun: Token) -> Token:
    """The thing measured by a quantity noun: "ten days of war games" -> "games"."""
    if noun.lemma_.lower() in _MEASURE_NOUNS or noun.like_num:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((c for c in child.children if c.dep_ == "pobj"), noun)
    return noun


def _border_neighbours(head: Token) -> list[Token]:
    """'drills near the border with Azerbaijan' -> Azerbaijan."""
    found: list[Token] = []
    for token in head.subtree:
        if token.lemma_.lower() in {"border", "frontier"}:
            found.extend(prep_objects(token, frozenset({"with"})))
    return found


def _clause_targets(verb: Token, lex: Lexicon) -> list[Token]:
    """Who an intended action is aimed at: its object, dative or prepositional target."""
    preps = lex.verbs[verb.lemma_.lower()].preps if verb.lemma_.lower() in lex.verbs else (
        frozenset({"on", "to", "against", "with", "at"}))
    if verb.lemma_.lower() in _POSTING_VERBS:
        # "vowed to send more troops to Afghanistan": the troops are sent, not targeted.
        preps = preps | {"in", "into"}
        targets = []
    else:
        targets = objects(verb) or raised_objects(verb)
    targets += prep_objects(verb, preps)
    for obj in [c for c in verb.children if c.dep_ == "dobj"]:
        targets += prep_objects(obj, preps)
    return targets


def raised_objects(verb: Token) -> list[Token]:
    """"to invade and occupy Ukraine": the object of the next of coordinated verbs is the
    first's too, when the first has no complement of its own ("marched to the embassy and
    shouted slogans": the march has its own) and the next no subject of its own."""
    if any(c.dep_ not in _BARE_VERB_DEPS for c in verb.children):
        return []
    for conj in verb.children:
        if conj.dep_ == "conj" and conj.pos_ == "VERB" and not any(
                c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
            return [c for c in conj.children if c.dep_ == "dobj"]
    return []


_VIOLENT = {"18", "19", "20"}
_POSTING_VERBS = {"send", "put", "deploy", "dispatch", "station", "post", "move", "keep"}
_SINCE = {"since", "after", "when", "as"}


def _made_into(verb: Token) -> set[str]:
    """What a verb makes its object into: "signed it into law" (or "in to law")."""
    particle = next((c for c in verb.children if c.dep_ == "prt" and c.lower_ == "in"), None)
    heads = [verb] if particle is None else [verb, particle]
    preps = [c for head in heads for c in head.children if c.dep_ == "prep" and (
        c.lower_ == "into" or particle is not None and c.lower_ == "to")]
    return {o.lemma_.lower() for p in preps for o in p.children if o.dep_ == "pobj"}


class Matcher:
    """The lexicon's patterns read off the parse: which rule a token starts, the code it
    gives in a clause's mood, and the words it is aimed at."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # Weapons name an attack: "killed in Israeli tank shelling".
        self.weapons = frozenset(
            word for topic in ("artillery", "air_attack", "bombing", "small_arms")
            for word in self.lexicon.topics.get(topic, ()) if " " not in word)

    def rule_of(self, token: Token) -> Rule | None:
        if token.pos_ not in {"VERB", "AUX"}:
            return None
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        # "gave money in 1992", "called on Monday": a time phrase makes no phrasal verb
        preps = [c.lower_ for c in token.children if c.dep_ == "prep" and not any(
            o.ent_type_ in {"DATE", "TIME"} for o in c.children)]
        found = None
        if particles and preps:  # "cracked down on"
            found = _lookup(self.lexicon.verbs, token, f"{particles[0]} {preps[0]}")
        for particle in (*particles, *preps):  # "pulled out", "called on"
            found = found or _lookup(self.lexicon.verbs, token, particle)
        found = found or _lookup(self.lexicon.verbs, token)
        return found[1] if found else None

    def match(self, token: Token) -> Match | None:
        """The pattern that starts at this token, if any."""
        lex = self.lexicon
        if token.pos_ != "VERB":  # event nouns on their own are coded by EventAssembler._nominal
            return None
        phrasal = _phrasal_lemma(token)
        if phrasal != token.lemma_.lower() and phrasal in lex.verbs and phrasal not in lex.light:
            return Match(token, token, lex.verbs[phrasal])  # "called off a strike"
        if phrasal in lex.light or any(form in lex.light for form in _lemmas(token)):
            for child in token.children:  # light verb + event noun: "held talks"
                if child.dep_ in {"dobj", "nsubjpass"}:
                    child = _measured(child)  # "launched ten days of war games"
                    noun = self.noun_rule(child)
                    if noun is not None:
                        return Match(child, token, noun)
                if child.dep_ == "prep" and child.lower_ in {"on", "into", "in"}:  # "went on"
                    for pobj in child.children:
                        noun = self.noun_rule(pobj) if pobj.dep_ == "pobj" else None
                        if noun is not None:
                            return Match(pobj, token, noun)
        rule = self.rule_of(token)
        if rule is None or rule.not_with and (any(
                c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in rule.not_with
                for c in token.children) or rule.not_with & _made_into(token)):
            # "shot a video", "released a summary", "signed it into law": another sense
            return None
        return Match(token, token, rule)

    def noun_rule(self, noun: Token) -> Rule | None:
        """An event noun: one word, or with its modifier ("war game", "martial law",
        "cease-fire", "state of emergency")."""
        lex = self.lexicon
        lemma = noun.lemma_.lower()
        candidates = []
        doc = noun.doc
        if noun.i >= 2 and doc[noun.i - 1].text == "-":  # "cease - fire" tokenized apart
            candidates.append(f"{doc[noun.i - 2].lower_}-{noun.lower_}")
        for child in noun.children:
            if child.dep_ in {"compound", "amod"} and child.i < noun.i:
                candidates.append(f"{child.lemma_.lower()} {lemma}")
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    candidates.append(f"{lemma} of {pobj.lemma_.lower()}")
        for key in candidates:
            if key in lex.nouns:
                return lex.nouns[key]
        return lex.nouns.get(lemma)

    def code(self, rule: Rule, lemmas: str, mood: str, match: Match) -> str:
        lex = self.lexicon
        if rule.family:
            code, _ = lex.family_code(rule.family, lemmas)
        else:
            code = rule.code or ""
        if code == "150" and joint(match.trigger):
            code = "062"  # joint exercises are military cooperation, announced or held
        if not code or mood in {"real", "negated", "hypothetical"}:
            return code
        if rule.family in SPEECH_FAMILIES:
            return code  # "will urge", "plans to demand": still the speech act
        own = f" {match.trigger.lemma_.lower()}{lemmas}"
        if mood == "obligated":
            return lex.family_code("demand", own)[0]
        if mood == "desired":
            return lex.family_code("appeal", own)[0]
        if mood == "conditional" and code[:2] >= "10":  # "will attack ... unless": a threat
            return lex.family_code("threaten", own)[0]
        # An announced action: cooperation becomes an intent (03) or, negated, a rejection
        # (12); conflict becomes a threat (13).
        if code[:2] < "10":
            family = "reject" if mood == "future_negated" else "intent"
            return lex.family_code(family, own)[0]
        if mood == "future_negated":
            return ""
        threat, topic = lex.family_code("threaten", own)
        return threat if topic else "138" if code[:2] in {"18", "19", "20"} else threat

    def denounced(self, code: str, sources: list[Actor], lemmas: str) -> str:
        """"The opposition leader said the cabinet is incompetent": the opposition's or a
        party's statement in judging words denounces (111); others' statements only tell."""
        if code == "010" and all(a.role in _CRITICS for a in sources) and (
                self.lexicon.topic("characterize", lemmas) == "pejorative"):
            return "111"
        return code

    def targets(self, match: Match, rule: Rule, passive: bool,
                 subjects: list[Token]) -> list[Token]:
        verb, trigger = match.verb, match.trigger
        targets = prep_objects(trigger, rule.preps)
        if trigger.i == verb.i:
            found = objects(verb) or raised_objects(verb)
            if rule.objects:
                targets = found + targets
            else:  # "gave the Ivory Coast aid": the indirect object receives, always
                targets = [o for o in found if o.dep_ == "dative" and o.pos_ != "ADP"] + targets
            for obj in found:  # "ratified an agreement with the EU", "sanctions on Iran"
                extra = _OBJECT_PREPS if obj.lemma_.lower() in _RELATIONAL_NOUNS else frozenset()
                targets += prep_objects(obj, rule.preps | extra)
            if rule.family == "statement" and not targets:
                # "Powell said NATO would need to remain strong": said of NATO.
                for child in verb.children:
                    if child.dep_ == "ccomp":
                        targets += [c for c in child.children if c.dep_ == "nsubj"]
            # "demanded that Iran release...": the clause's subject is asked to act.
            if rule.family in {"demand", "appeal", "accuse"} and not targets:
                for child in verb.children:
                    if child.dep_ == "ccomp":
                        targets += [c for c in child.children if c.dep_ == "nsubj"]
            if rule.family in SPEECH_FAMILIES and not targets:
                # "agreed to lift the sanctions on Iran": the target is in the clause.
                for child in verb.children:
                    if child.dep_ == "xcomp":
                        targets += _clause_targets(child, self.lexicon)
        else:  # the parser often hangs the noun's phrase on the light verb
            targets += prep_objects(verb, rule.preps)
            targets += [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if passive:
            targets = subjects + targets
        if not targets and trigger.lemma_.lower() in _POSTURE_LEMMAS:
            targets = _border_neighbours(verb)
        # "engaged in gun battles with Hamas": the event noun's partner, not the noun.
        targets = [o for t in targets for o in (
            prep_objects(t, _OBJECT_PREPS) or [t] if t.dep_ == "pobj" and t.pos_ == "NOUN"
            and self.noun_rule(t) is not None else [t])]
        expanded: list[Token] = []
        for target in targets:
            for token in conjuncts(target):
                if token not in expanded:
                    expanded.append(token)
        return expanded

    def hostile_plan(self, verb: Token, renounced: bool = False) -> bool:
        """Whether the action a verb of intent is about is hostile (CAMEO 11-20); with
        ``renounced``, whether it is a hostile action it says will not be done ("decided
        not to send troops")."""
        for child in verb.children:
            if child.dep_ != "xcomp" or renounced != any(c.dep_ == "neg" for c in child.children):
                continue
            match = self.match(child)
            if match is None or match.rule.family in SPEECH_FAMILIES:
                continue
            rule = match.rule
            code = rule.code or self.lexicon.family_code(
                rule.family or "", complement_lemmas(match, []))[0]
            if code and code[:2] >= "11" and not (code == "150" and joint(match.trigger)):
                return True
        return False

    def agents_of_acts(self, nouns: list[Token]) -> list[Token]:
        """Who acted, when the subject is the act itself: "Israeli airstrikes killed 20",
        "Russia's missiles hit Kyiv", "attacks (carried out) by the army killed 115"."""
        acts = [noun for noun in nouns if noun.pos_ == "NOUN" and (
            self.noun_rule(noun) is not None or noun.lemma_.lower() in self.weapons)]
        done = [c for a in acts for c in a.children if c.dep_ == "acl" and c.tag_ == "VBN"]
        return [c for noun in acts for c in noun.children if c.dep_ in {"poss", "amod"}
                or c.dep_ == "compound" and c.pos_ == "PROPN"] + [
            o for a in acts for o in prep_objects(a, frozenset({"by"}))] + [
            o for participle in done for o in passive_agent(participle)]

    def acts_without_agent(self, subjects: list[Token]) -> bool:
        """"A bomb attack in Lagos killed 12": the subject is an act or a weapon whose
        phrase names no state or group that acted (the sources came out empty)."""
        return bool(subjects) and all(
            s.pos_ == "NOUN" and (s.lemma_.lower() in self.weapons or (
                rule := self.noun_rule(s)) is not None and (
                rule.code or self.lexicon.family_code(rule.family or "", " ")[0])[:2] in _VIOLENT)
            for s in subjects)

    def agents_in_event_noun(self, verb: Token) -> list[Token]:
        """Who acted, when a passive names the act instead of the actor: "killed in
        Israeli tank shelling", "murdered in an attack ... by Kosovo Albanians"."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "by"}:
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or (self.noun_rule(noun) is None
                                           and noun.lemma_.lower() not in self.weapons):
                    continue
                agents = [a for t in noun.subtree if t.dep_ == "prep" and t.lower_ == "by"
                          for a in prep_objects(t.head, frozenset({"by"}))]
                agents += [c for c in noun.children if c.dep_ in {"poss", "amod"}
                           or c.dep_ == "compound" and c.pos_ == "PROPN"]
                if agents:
                    return agents
        for clause in (c for v in (verb, *verb.conjuncts) for c in v.children):
            # "killed since Israeli bombardments began": the act of the time clause.
            if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SINCE
                                              for c in clause.children):
                agents = self.agents_of_acts([c for c in clause.children
                                              if c.dep_ == "nsubj"])
                if agents:
                    return agents
        return []
