"""Reading a clause's parse: its subjects, objects and prepositional phrases, what it is about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frenemy.coding.lexicon import Rule
from frenemy.coding.places import place_apposition

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["SPEECH", "Match", "clause_subject_spans", "complement_lemmas", "conjuncts",
           "first_conjunct", "headline_passive", "joint", "objects", "passive_agent",
           "prep_objects", "purpose", "quoted_speaker", "subject"]

_OBJECTS = {"dobj", "dative", "attr", "oprd"}
SPEECH = {"say", "announce", "state", "declare", "tell", "add", "report", "claim", "insist",
          "confirm", "warn", "vow", "pledge", "promise", "write", "reply", "reiterate",
          "stress", "emphasize", "emphasise", "conclude", "note", "argue", "maintain"}
_COMPLEMENTS = {"dobj", "xcomp", "ccomp", "prep", "dative", "attr", "acomp", "oprd", "advcl",
                "npadvmod", "prt", "compound", "amod", "pobj", "pcomp", "conj", "nmod", "appos",
                "poss", "det", "nummod", "relcl", "acl", "agent", "advmod", "neg", "aux"}
_INSTRUMENT_VERBS = {"use", "employ", "deploy", "send", "dispatch", "mobilize", "mobilise",
                     "spend", "launch", "fire", "take", "bring", "move", "muster"}
_DOCUMENT_NOUNS = {"declaration", "statement", "communique", "letter", "resolution", "petition",
                   "decree", "ultimatum", "note", "message", "appeal", "address", "speech",
                   "tweet"}


@dataclass(frozen=True)
class Match:
    trigger: Token  # the word that names the event
    verb: Token  # the clause's verb (the trigger itself, or its light verb)
    rule: Rule


def conjuncts(token: Token) -> list[Token]:
    """A phrase and those coordinated with it: "the US, Russia, and Switzerland"."""
    if token.pos_ == "ADP":  # "Barack" misparsed as a preposition over "Obama"
        token = next((c for c in token.children if c.dep_ == "pobj"), token)
    found = [token, *token.conjuncts]
    found = [e for t in found for e in _examples(t)]
    for item in list(found):
        for child in item.children:
            if child.dep_ in {"nmod", "compound"} and child.ent_type_ == "PERSON" and any(
                grandchild.dep_ == "cc" for grandchild in child.children
            ) and child not in found:
                found.append(child)  # "Erdogan and ... Aliyev" parsed as a modifier of Aliyev
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ in {
                "GPE", "NORP", "ORG"
            } and not place_apposition(child):
                found += [c for c in (child, *child.conjuncts) if c not in found]
    # "to Israel" parsed as a dative preposition: its object is the phrase.
    found = [next((c for c in t.children if c.dep_ == "pobj"), t) if t.pos_ == "ADP" else t
             for t in found]
    return [_named_state(t) for t in found]


def objects(verb: Token) -> list[Token]:
    """A verb's objects: direct, dative, attribute or predicate ("named him envoy")."""
    return [c for c in verb.children if c.dep_ in _OBJECTS]


def first_conjunct(token: Token) -> Token:
    """The first of the phrases or clauses coordinated with this one ("X, Y and Z": X)."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def _examples(token: Token) -> list[Token]:
    """"international organisations, such as the OSCE": the ones named stand for the kind."""
    if token.tag_ != "NNS":
        return [token]
    named = [e for p in token.children if p.dep_ == "prep" and p.lower_ == "as" and any(
        c.lower_ == "such" for c in p.children) for o in p.children if o.dep_ == "pobj"
             for e in (o, *o.conjuncts)]
    return named or [token]


_STATE_NOUNS = {"country", "nation", "kingdom", "republic", "emirate"}


def _named_state(token: Token) -> Token:
    """"the African country of Mauritania", "the Gulf nation of Qatar": the named state."""
    if token.lemma_.lower() not in _STATE_NOUNS:
        return token
    return next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                 for o in p.children if o.dep_ == "pobj" and o.ent_type_ == "GPE"), token)


_INTRANSITIVE_ACTS = {"protest", "rally", "march", "demonstrate", "riot", "clash", "gather"}
_TIME_PREPS = {"after", "before", "while", "upon", "since", "during", "by"}  # and means


def subject(verb: Token) -> tuple[list[Token], bool]:
    """Subject heads of a verb, and whether the verb is passive (subject = target)."""
    # The subject nearest the verb: a dateline parsed as a second subject ("KABUL, Afghanistan
    # (AP) - Police arrested...") is not the actor.
    nearest = None
    for child in verb.lefts:
        if child.dep_ in {"nsubj", "nsubjpass"} and not place_apposition(child):
            nearest = child
    if nearest is None:
        nearest = next((c for c in verb.rights if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if nearest is not None and nearest.tag_ in {"WP", "WDT"}:
        # "the rebels who attacked the town", "Russia, which invaded Ukraine": the noun the
        # relative clause hangs on, when the clause tells what it did (not what it is:
        # "militias which support the PKK").
        clause = verb
        while clause.dep_ in {"conj", "xcomp"} and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "relcl" and (clause.tag_ == "VBD" or clause.tag_ == "VBN" and any(
                c.dep_ in {"aux", "auxpass"} and c.lower_ in {"was", "were", "had"}
                for c in clause.children)):
            return conjuncts(clause.head), nearest.dep_ == "nsubjpass"
    if nearest is not None:
        return conjuncts(nearest), nearest.dep_ == "nsubjpass"
    # "X condemned and warned Y", "X began to shell Y", "..., killing a guard": the subject
    # comes from the governing verb. "urged Iran to release": Iran, the object, acts.
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head.i != head.i:
        return subject(head.head)  # "Norway is willing to send..."
    if verb.dep_ == "xcomp" and head.pos_ in {"VERB", "AUX"}:
        # "urged Iran to release": Iran acts; "used tear gas to disperse": the user acts.
        objects = [c for c in head.children if c.dep_ in {"dobj", "dative"}
                   and head.lemma_.lower() not in _INSTRUMENT_VERBS]
        if objects:
            return conjuncts(objects[0]), False
        # "Obama is scheduled to attend": the subject acts, whatever the head's voice.
        return subject(head)[0], False
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head.lemma_.lower() in SPEECH and not any(
            c.dep_ == "mark" for c in verb.children):  # ("said while visiting": the speaker)
        # "Russia launched an attack, officials said, killing three": the attack killed.
        reported = [c for c in head.lefts if c.dep_ == "ccomp" and c.pos_ in {"VERB", "AUX"}]
        if reported:
            return subject(reported[-1])
        if head.dep_ in {"parataxis", "ccomp"} and head.head.pos_ in {"VERB", "AUX"}:
            return subject(head.head)
    if verb.dep_ == "conj" and verb.tag_ in {"VBD", "VBZ"} and head.dep_ == "xcomp" and (
            head.tag_ == "VB" and head.head.pos_ in {"VERB", "AUX"}):
        # "urged the embassy to reconsider and spoke with Pompeo": a finite verb goes with
        # "urged", not with the infinitive the parser joined it to.
        return subject(head.head)
    if (verb.dep_ == "conj" or (verb.dep_ == "advcl" and (verb.tag_ == "VBG" or purpose(verb)))
        ) and (
        head.pos_ in {"VERB", "AUX"}
    ):
        subjects, passive = subject(head)
        if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
            return subjects, True  # "X was arrested and were released by Y"
        return subjects, passive
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.lower_ in _TIME_PREPS and (
            head.head.pos_ in {"VERB", "AUX"}):
        return subject(head.head)  # "After meeting Singh, Kibaki left": Kibaki met him
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and head.dep_ == "ROOT" and (
            any(c.dep_ == "dobj" for c in verb.children)
            or verb.lemma_.lower() in _INTRANSITIVE_ACTS):
        # The small model reads "Israeli airstrikes killed 20 people" and "Thousands
        # protested in Baku" as a noun with a participle: an object, or a verb that takes
        # none, says the noun acted.
        return [head], False
    if verb.dep_ == "acl" and head.dep_ == "pobj" and head.head.dep_ == "prep" and (
            head.head.head.lemma_.lower() in _DOCUMENT_NOUNS):
        head = head.head.head  # "posted a message on Twitter blaming Iran": the message's
    if verb.dep_ == "acl" and head.lemma_.lower() in _DOCUMENT_NOUNS and (
            head.head.pos_ in {"VERB", "AUX"} and head.dep_ in {"dobj", "nsubj"}):
        # "issued a declaration demanding...": the issuer demands.
        return subject(head.head) if head.dep_ == "dobj" else ([head], False)
    if verb.dep_ in {"relcl", "acl"} and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in verb.children):
        # "converging for a rally to protest": who holds the rally protests.
        governor = head.head.head if head.head.pos_ == "ADP" else head.head
        if governor.i != head.i and governor.pos_ in {"VERB", "AUX"} and not (
                governor.lemma_.lower() == "warn" and head.head.lower_ in {"about", "of"}):
            return subject(governor)  # ("warned of plans to bomb it": not the warner's)
    if verb.dep_ in {"relcl", "acl"} and verb.tag_ != "VBN":
        return [head], False  # "the rebels who attacked the town"
    return [], False


def passive_agent(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return conjuncts(pobj)
    return []


def prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(conjuncts(pobj))
    return found


def complement_lemmas(match: Match, subjects: list[Token]) -> str:
    """Space-padded lemmas of what the action is about (the verb phrase minus its subject).

    For violence the subject may be the weapon ("a roadside bomb killed..."), so it counts.
    """
    # Who acts can say what happened: "a roadside bomb killed", "peacekeepers arrived".
    violence = match.rule.family in {"violence", "arrive"}
    skip = {t.i for s in subjects for t in s.subtree} if not violence else set()
    deps = _COMPLEMENTS | {"nsubj"} if violence else _COMPLEMENTS
    tokens = {match.trigger.i: match.trigger, match.verb.i: match.verb}
    for head in {match.trigger, match.verb}:
        for child in head.children:
            if child.dep_ == "advcl" and any(c.dep_ == "mark" for c in child.children):
                continue  # "if Russia mediated" is a condition, not what the act is about
            if child.dep_ in deps and child.i not in skip:
                for token in child.subtree:
                    if token.i not in skip:
                        tokens[token.i] = token
    # Names say who, not what: "the Democratic People's Republic" is no democracy topic.
    words = [tokens[i].lemma_.lower() for i in sorted(tokens)
             if not tokens[i].is_punct and tokens[i].pos_ != "PROPN"]
    return " " + " ".join(words) + " "


def joint(trigger: Token) -> bool:
    """"joint exercises", "exercises with Jordan": done together."""
    return any(c.lower_ == "joint" or c.dep_ == "prep" and c.lower_ == "with"
               for c in trigger.children)


def purpose(verb: Token) -> bool:
    """"used tear gas to disperse": an infinitive clause saying what the action was for."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in verb.children)


_FIRST_PERSON = {"we", "i"}


def quoted_speaker(verb: Token, subjects: list[Token]) -> list[Token]:
    """""We condemn this attack," the minister said": who "we" or "I" is, when the clause
    is what a speaker in the same sentence said; else the subjects as they are."""
    if not subjects or any(s.lower_ not in _FIRST_PERSON or s.pos_ != "PRON"
                           for s in subjects):
        return subjects
    clause = verb
    while clause.dep_ in {"conj", "xcomp"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in {"ccomp", "parataxis"} and clause.head.lemma_.lower() in SPEECH:
        speaker, passive = subject(clause.head)
        if speaker and not passive and all(s.lower_ not in _FIRST_PERSON for s in speaker):
            return speaker
    return subjects


def headline_passive(verb: Token) -> bool:
    """A headline drops "was": "Opposition leader detained", "Aid worker reportedly
    killed" (a past form with a subject and nothing done to anyone) is passive."""
    return verb.dep_ == "ROOT" and verb.tag_ in {"VBD", "VBN"} and any(
        c.dep_ == "nsubj" for c in verb.children) and not any(
        c.dep_ in {"dobj", "aux", "auxpass", "ccomp", "xcomp", "dative"} for c in verb.children)


def clause_subject_spans(token: Token) -> list[tuple[int, int]]:
    """The character spans of the subjects of the clause a word is in: of its verb, or of
    the first of coordinated verbs that have no subject of their own."""
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    while verb.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in verb.children):
        verb = verb.head
    return [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text))
            for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
