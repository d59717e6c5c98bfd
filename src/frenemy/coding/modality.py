"""Modality: whether a clause reports an act or only its negation, possibility, plan or claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

from frenemy.coding.clauses import SPEECH, objects, purpose

if TYPE_CHECKING:
    from spacy.tokens import Token

    from frenemy.coding.lexicon import Lexicon

__all__ = ["alleged", "mood_of", "obligation", "warns_of_others", "warns_to"]

_HYPOTHETICAL_MODALS = {"may", "might", "could", "would", "should", "can", "must", "ought"}
_FUTURE_MODALS = {"will", "shall", "'ll"}
_ALLEGING = {"allege", "accuse", "charge", "deny"}
_FAILURE = {"fail", "neglect", "cease"}
_READY = {"ready", "willing", "prepared", "determined", "eager", "keen", "set"}
_DESIRE = {"want", "wish", "expect", "like", "prefer", "need", "ask"}
_CLAIM_NOUNS = {"charge", "allegation", "accusation", "claim", "rumour", "rumor", "speculation",
                "suspicion", "report", "assertion"}
# What a clause is embedded in can make it a mere possibility (see _irrealis_context).
_EMBEDDING_DEPS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "pobj", "prep"}
_POSSIBILITY_MODALS = {"may", "might", "could", "shall"}
_LICENSING_NOUNS = {"right", "opportunity", "petition", "nonsense", "candidate", "necessity",
                    "chance", "ability", "power", "option", "possibility", "capability",
                    "capacity", "freedom", "authority", "mandate", "licence", "license"}
_CAPABILITY_VERBS = {"enable", "authorize", "authorise", "empower", "entitle"}
_PROPOSING = {"suggest", "propose", "recommend", "advocate", "contemplate", "consider",
              "debate", "discuss", "weigh", "envisage", "envision", "imagine", "mull"}


_DENYING = {"deny", "refute", "dismiss"}
_FORECAST = {"expect", "likely", "unlikely", "predict", "forecast", "tip"}
_WISH = {"prefer", "like", "love"}
# "will not hesitate to strike": a negated verb that asserts what it governs.
_UNDAUNTED = {"hesitate", "stop", "cease", "rest", "fail"}


def mood_of(verb: Token, lex: Lexicon) -> str:
    """How the clause presents the action: real, negated, hypothetical, future,
    future_negated, intended (under "plans to", "is ready to"), conditional (a future with
    "unless": a threat), obligated ("X said Y must": a demand) or desired ("X wants Y to")."""
    if _irrealis_context(verb):
        return "hypothetical"
    if verb.dep_ == "conj" and verb.left_edge.i > 0 and verb.doc[verb.left_edge.i - 1].lower_ in {
            "or", "nor"} and any(c.dep_ == "neg" for c in verb.head.lefts):
        return mood_of(verb.head, lex)  # "not to send troops or cut ties": neither
    if verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.tag_ == "VB" and not any(
            c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        # "asked the police to find and arrest him", "might seize and hold it": the second
        # infinitive is as unreal as the first (the asking itself is the event).
        first = mood_of(verb.head, lex)
        if first in {"desired", "obligated", "hypothetical"}:
            return "hypothetical"
        if first != "real":
            # "did not invade and occupy": neither; "plans to invade and occupy Ukraine": one
            # plan, told by the first verb (which takes the object); "will sanction Iran and
            # attack Syria": a second plan.
            return first if first == "negated" or objects(verb.head) else "hypothetical"
    if verb.dep_ in {"xcomp", "pcomp", "ccomp"} and verb.tag_ == "VBG" and (
            verb.head.lemma_.lower() in _DENYING):
        return "negated"  # "denied supplying weapons": not asserted
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ in {"nsubj", "nsubjpass"} and any(d.dep_ == "det" and d.lower_ == "no"
                                                 for d in c.children)
        for c in verb.children)  # "no mosque was attacked", "No Canadians were killed"
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in verb.children):
        return "hypothetical"
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH
    if reported and ("must" in auxiliaries or _needs_to(verb)):
        return "obligated"
    if "would" in auxiliaries and reported:
        auxiliaries = (auxiliaries - {"would"}) | {"will"}  # "said he would": his "will"
    if auxiliaries & _HYPOTHETICAL_MODALS:
        return "hypothetical"
    future = bool(auxiliaries & _FUTURE_MODALS) or (
        "going" in auxiliaries or any(c.lower_ == "going" and c.dep_ == "aux"
                                      for c in verb.children))
    conditional = any(c.dep_ == "advcl" and any(m.lower_ in {"unless", "if"} for m in c.children
                                                 if m.dep_ == "mark") for c in verb.children)
    head = verb.head
    if verb.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in _PROPOSING:
        return "hypothetical"  # "suggests attacking Iran": an idea, not an act
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ == "attr" and any(
            c.dep_ == "expl" for c in head.head.children):
        return "hypothetical"  # "there were two rebel groups opposing the army": a state
    if verb.dep_ == "xcomp" and _forecast_or_wish(head):
        return "hypothetical"  # "is expected to pledge", "would prefer to agree": not said
    if verb.dep_ in {"acl", "relcl"} and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in verb.children):
        return "future_negated" if negated else "intended"  # "a consensus to share"
    if purpose(verb) and head.lemma_.lower() in lex.intent:
        return "future_negated" if negated else "intended"  # "have sworn to fight"
    if purpose(verb) and head.pos_ in {"VERB", "AUX"} and not negated:
        return mood_of(head, lex)  # the purpose shares the action's modality
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in _READY:
        return "future_negated" if negated else "intended"
    if verb.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in _DESIRE and any(
        c.dep_ in {"dobj", "nsubj"} and c.i < verb.i for c in verb.children
    ) | any(c.dep_ == "dobj" for c in head.children):
        return "desired"
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex.aspect and not negated:
        return mood_of(head, lex)  # "continued to send arms": as real as its verb
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _FAILURE:
        return "negated"  # "failed to prevent": it did not happen
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex.intent:
        head_negated = any(c.dep_ == "neg" for c in head.children)
        return "future_negated" if head_negated or negated else "intended"
    if verb.dep_ in {"xcomp", "ccomp"} and head.pos_ in {"VERB", "AUX"} and any(
            c.dep_ == "neg" for c in head.lefts) and head.lemma_.lower() not in _UNDAUNTED:
        # "did not tell us they intend to expel", "will not get him to resign": what a
        # negated verb governs is not asserted to happen.
        return "negated"
    if future:
        if conditional and not negated:  # "will not accept refugees if...": a refusal
            return "conditional"
        return "future_negated" if negated else "future"
    return "negated" if negated else "real"


def _forecast_or_wish(head: Token) -> bool:
    """"X is expected to", "is likely to": others' forecast; "would prefer to", "would like
    to": a wish. Neither is an act nor the actor's announced intent."""
    lemma = head.lemma_.lower()
    if lemma in _FORECAST and (head.pos_ == "ADJ" or any(c.dep_ == "auxpass"
                                                           for c in head.children)):
        return True
    return lemma in _WISH and any(c.dep_ == "aux" and c.lower_ in {"would", "'d"}
                                  for c in head.children)


def _irrealis_context(verb: Token) -> bool:
    """An action inside a possibility, a right or a capability is no event: "might be used
    to justify Iran supplying missiles", "have the right to criticize", "laws enable police
    to detain", "an opportunity to consult"."""
    token = verb
    for _ in range(6):
        if token.dep_ not in _EMBEDDING_DEPS or token.head.i == token.i:
            return False
        head = token.head
        lemma = head.lemma_.lower()
        if head.pos_ in {"NOUN", "ADJ"} and lemma in _LICENSING_NOUNS:
            return True
        if head.pos_ in {"VERB", "AUX"} and lemma in _CAPABILITY_VERBS:
            return True
        modals = {c.lower_ for c in head.children if c.dep_ == "aux"}
        if modals & _POSSIBILITY_MODALS:
            return True
        token = head
    return False


def obligation(verb: Token) -> Token | None:
    """The clause of a statement that says someone must or should act."""
    for child in verb.children:
        if child.dep_ != "ccomp":
            continue
        if any(c.dep_ == "aux" and c.lower_ == "must" for c in child.children):
            return child
        if child.lemma_.lower() == "have" and any(c.dep_ == "xcomp" for c in child.children):
            return child  # "Libya has to hand over"
    return None


def alleged(verb: Token) -> bool:
    """"alleged that France knew ... and that its military helped": claims, not events."""
    clause = verb
    while clause.dep_ in {"conj", "xcomp"} and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ in {"acl", "ccomp"} and clause.head.pos_ == "NOUN" and (
            clause.head.lemma_.lower() in _CLAIM_NOUNS):
        return True  # "charges that Monrovia is committing genocide"
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in _ALLEGING


def _needs_to(verb: Token) -> bool:
    """"Y needs to", "Y has to": an obligation, like "must"."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in {"need", "have"}


_OWN_SUBJECTS = {"we", "it", "he", "she", "they", "i"}
_OWN = {"our", "its", "their", "my", "his", "her"}


def warns_of_others(verb: Token) -> bool:
    """A warning is a threat when the warner says what it will do ("warned it would
    retaliate"); warning that someone else will act, or of a danger, tells, not threatens."""
    for clause in (c for c in verb.children if c.dep_ == "ccomp"):
        subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # "warned that our targets will keep expanding", "warned Israel that any invasion
        # would be fought": the warner's own forces, or an act with no one else named.
        own = any(c.dep_ == "poss" and c.lower_ in _OWN for s in subjects for c in s.children)
        unnamed = any(s.dep_ == "nsubjpass" for s in subjects) and not any(
            c.dep_ == "agent" for c in clause.children) and any(
            c.dep_ in {"dobj", "dative"} for c in verb.children)
        return not own and not unnamed and not any(s.lower_ in _OWN_SUBJECTS
                                                   for s in subjects)
    return False


def warns_to(verb: Token) -> bool:
    """"warned universities to stay out of politics": telling someone what to do, an
    appeal, not a threat of what the warner will do."""
    return any(c.dep_ == "dobj" for c in verb.children) and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children)
