"""Coder: finds CAMEO events in parsed sentences with the project's pattern lexicon."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from frenemy.coding.actors import Actor, DocumentActors
from frenemy.coding.context import dateline_end, document_context
from frenemy.coding.dates import DateContext
from frenemy.coding.gazetteer import ActorOptions, gazetteer
from frenemy.coding.lexicon import SPEECH_FAMILIES, Lexicon, Rule, lexicon
from frenemy.coding.nlp import load_model, parse
from frenemy.coding.places import Place, city, locate, locate_topic
from frenemy.coding.plugins import SentenceCoderSource
from frenemy.model import Document, Event, Sentence, content_hash
from frenemy.taxonomy import cameo, countries, plover_for, split_actor_code
from frenemy.version import CODER_VERSION

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["CoderOptions", "CodedDocument", "Coder", "code_text", "code_documents"]


_HYPOTHETICAL_MODALS = {"may", "might", "could", "would", "should", "can", "must", "ought"}
_FUTURE_MODALS = {"will", "shall", "'ll"}
_ALLEGING = {"allege", "accuse", "charge", "deny"}
_FAILURE = {"fail", "neglect", "cease"}
_READY = {"ready", "willing", "prepared", "determined", "eager", "keen", "set"}
_DESIRE = {"want", "wish", "expect", "like", "prefer", "need", "ask"}
_SPEECH = {"say", "announce", "state", "declare", "tell", "add", "report", "claim", "insist",
           "confirm", "warn", "vow", "pledge", "promise", "write", "reply", "reiterate",
           "stress", "emphasize", "emphasise", "conclude", "note", "argue", "maintain"}
_CLAIM_NOUNS = {"charge", "allegation", "accusation", "claim", "rumour", "rumor", "speculation",
                "suspicion", "report", "assertion"}
_OBJECTS = {"dobj", "dative", "attr", "oprd"}
_COMPLEMENTS = {"dobj", "xcomp", "ccomp", "prep", "dative", "attr", "acomp", "oprd", "advcl",
                "npadvmod", "prt", "compound", "amod", "pobj", "pcomp", "conj", "nmod", "appos",
                "poss", "det", "nummod", "relcl", "acl", "agent", "advmod", "neg", "aux"}
# Joint actions of several subjects ("Turkey and Armenia held talks") relate them pairwise.
_JOINT_ROOTS = {"03", "04", "05", "06", "08"}
# Symmetric events coded in both directions, as PETRARCH and ICEWS code talks and meetings.
_SYMMETRIC_CODES = {"040", "044", "046", "057", "060", "061", "062"}
_OBJECT_PREPS = frozenset({"with", "on", "against", "to"})
_RELATIONAL_NOUNS = {"agreement", "deal", "treaty", "accord", "memorandum", "pact", "contract",
                     "partnership", "talk", "negotiation", "sanction", "embargo", "cooperation",
                     "plan", "proposal", "resolution", "request", "demand", "offer"}
# Where an event with no named target happened names its target when it is abroad: "US
# activists staged a protest in Beijing", "Russia is conducting exercises in Alaska".
_PLACE_TARGET_ROOTS = {"04", "14", "15", "18", "19", "20"}
_INSTRUMENT_VERBS = {"use", "employ", "deploy", "send", "dispatch", "mobilize", "mobilise",
                     "spend", "launch", "fire", "take", "bring", "move", "muster"}
_MEASURE_NOUNS = {"day", "week", "month", "year", "hour", "round", "series", "wave", "spate",
                  "number", "string", "set", "couple", "dozen", "hundred", "thousand"}
_DOCUMENT_NOUNS = {"declaration", "statement", "communique", "letter", "resolution", "petition",
                   "decree", "ultimatum", "note", "message", "appeal"}
_ASKING_FAMILIES = {"appeal", "demand", "deny", "reject", "decline"}
_TOPIC_TARGET_ROOTS = {"01", "02", "10", "11", "12"}
_POSTURE_LEMMAS = {"drill", "exercise", "deploy", "mass", "manoeuvre", "maneuver"}
_MAX_JOINT_PARTIES = 3
# Protests and bombings named without their actors: done by people of the place.
_UNNAMED_NOUN_ROLES = {"14": "OPP", "18": "UAF"}
_PREVENTING = {"ban", "prevent", "curb", "prohibit", "forbid", "outlaw", "stop", "avert",
               "plan", "call", "threaten", "fear", "warn", "urge", "deny", "condemn"}
# What a clause is embedded in can make it a mere possibility (see _irrealis_context).
_EMBEDDING_DEPS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "pobj", "prep"}
_POSSIBILITY_MODALS = {"may", "might", "could", "shall"}
_LICENSING_NOUNS = {"right", "opportunity", "petition", "nonsense", "candidate", "necessity",
                    "chance", "ability", "power", "option", "possibility", "capability",
                    "capacity", "freedom", "authority", "mandate", "licence", "license"}
_CAPABILITY_VERBS = {"enable", "authorize", "authorise", "empower", "entitle"}
_ARMED_ROLES = {"MIL", "REB", "INS", "SEP", "UAF", "COP", "SPY"}
_SHOOTING_LEMMAS = {"kill", "shoot", "fire", "wound", "attack", "ambush", "injure"}
_STATE_ROLES = {"GOV", "MIL", "COP", "SPY"}
# Yielding with no one named is yielding at home: "the government resigned".
_DOMESTIC_ROOTS = {"08"}
_PROPOSING = {"suggest", "propose", "recommend", "advocate", "contemplate", "consider",
              "debate", "discuss", "weigh", "envisage", "envision", "imagine", "mull"}
# Nouns that refer back to an act already reported: "condemned this provocative act".
_ACT_NOUNS = {"act", "action", "attack", "incident", "move", "test", "strike", "bombing",
              "killing", "violence", "operation", "invasion", "raid", "shooting", "assault",
              "crackdown", "offensive", "aggression", "incursion", "launch", "massacre"}
# Verbs of violence that news also uses for words and policies: "fight corruption".
_METAPHOR_PRONE = {"fight", "battle", "combat", "tackle", "attack", "target", "hit", "strike",
                   "crush", "kill", "destroy", "wage"}
_RECIPROCAL_LEMMAS = {"clash", "skirmish", "battle", "fight", "war", "feud", "spar", "quarrel",
                      "bicker", "wrangle"}
# Roles that belong to no country by themselves: an unnamed "peacekeeping force" is no state's.
_STATELESS_ROLES = {"IGO", "NGO", "PKO", "IMG", "MNC", "UIS"}
# Roles that speak against their own government when they name no one else: "the opposition
# denounced the vote", "students demanded reforms".
_DOMESTIC_CRITICS = {"OPP", "PTY", "LAB", "EDU", "CVL", "REL", "HRI", "LEG", "MED", "AGR",
                     "REF", "ELI"}
# Who did it, when a violent or coercive act done to someone names no one: the place's (or
# the story's) country; an unnamed killer is an armed group, an unnamed arrest the police's.
_UNNAMED_ACTOR_ROLES = {"17": "COP", "18": "UAF", "19": "UAF", "20": "UAF"}
# Seizing and destroying things names no victim.
_UNNAMED_CODES = {"171", "172", "1712"}
# Armed groups and crowds do not fight battles in CAMEO's sense: their killing is assault.
_NON_STATE_ROLES = {"UAF", "CRM", "OPP", "CVL", "LAB", "EDU"}
_MURDER_LEMMAS = {"kill", "murder", "shoot", "stab", "behead", "execute", "assassinate"}
_CONVENTIONAL_FIGHTING = {"194", "195", "196"}  # artillery, air strikes, ceasefire violations


@dataclass
class CoderOptions:
    """Options of the coding stage."""

    model: str | None = None  # a spaCy package name; default: the best installed one
    actors: ActorOptions = field(default_factory=ActorOptions)
    dataset: str = "frenemy"
    batch_size: int = 32
    require_target: bool = False  # CAMEO allows events without a target ("Iran held drills")
    include_irrealis: bool = False  # emit negated and hypothetical events, flagged (`--all`)
    unknown_actors: bool = False  # code events whose source is unknown as "---" (evaluation)
    # Another coder, such as a user's PETRARCH dictionaries (petrarch.DictionaryOptions):
    # code with it instead of (or, with its `builtin` flag, in addition to) frenemy's lexicon.
    dictionaries: SentenceCoderSource | None = None


@dataclass
class CodedDocument:
    document: Document
    sentences: list[Sentence]
    events: list[Event]
    signature: bytes | None = None  # MinHash of the text, when a worker computed it


@dataclass(frozen=True)
class _Match:
    trigger: Token  # the word that names the event
    verb: Token  # the clause's verb (the trigger itself, or its light verb)
    rule: Rule


# -- the dependency structure ------------------------------------------------------------
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


def _conjuncts(token: Token) -> list[Token]:
    """A phrase and those coordinated with it: "the US, Russia, and Switzerland"."""
    if token.pos_ == "ADP":  # "Barack" misparsed as a preposition over "Obama"
        token = next((c for c in token.children if c.dep_ == "pobj"), token)
    found = [token, *token.conjuncts]
    for item in list(found):
        for child in item.children:
            if child.dep_ in {"nmod", "compound"} and child.ent_type_ == "PERSON" and any(
                grandchild.dep_ == "cc" for grandchild in child.children
            ) and child not in found:
                found.append(child)  # "Erdogan and ... Aliyev" parsed as a modifier of Aliyev
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ in {
                "GPE", "NORP", "ORG"
            }:
                found += [c for c in (child, *child.conjuncts) if c not in found]
    # "to Israel" parsed as a dative preposition: its object is the phrase.
    return [next((c for c in t.children if c.dep_ == "pobj"), t) if t.pos_ == "ADP" else t
            for t in found]


def _subject(verb: Token) -> tuple[list[Token], bool]:
    """Subject heads of a verb, and whether the verb is passive (subject = target)."""
    # The subject nearest the verb: a dateline parsed as a second subject ("KABUL, Afghanistan
    # (AP) - Police arrested...") is not the actor.
    nearest = None
    for child in verb.lefts:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            nearest = child
    if nearest is None:
        nearest = next((c for c in verb.rights if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if nearest is not None:
        return _conjuncts(nearest), nearest.dep_ == "nsubjpass"
    # "X condemned and warned Y", "X began to shell Y", "..., killing a guard": the subject
    # comes from the governing verb. "urged Iran to release": Iran, the object, acts.
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head is not head:
        return _subject(head.head)  # "Norway is willing to send..."
    if verb.dep_ == "xcomp" and head.pos_ in {"VERB", "AUX"}:
        # "urged Iran to release": Iran acts; "used tear gas to disperse": the user acts.
        objects = [c for c in head.children if c.dep_ in {"dobj", "dative"}
                   and head.lemma_.lower() not in _INSTRUMENT_VERBS]
        if objects:
            return _conjuncts(objects[0]), False
        # "Obama is scheduled to attend": the subject acts, whatever the head's voice.
        return _subject(head)[0], False
    if (verb.dep_ == "conj" or (verb.dep_ == "advcl" and (verb.tag_ == "VBG" or _purpose(verb)))
        ) and (
        head.pos_ in {"VERB", "AUX"}
    ):
        subjects, passive = _subject(head)
        if verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.children):
            return subjects, True  # "X was arrested and were released by Y"
        return subjects, passive
    if verb.dep_ == "acl" and head.lemma_.lower() in _DOCUMENT_NOUNS and (
            head.head.pos_ in {"VERB", "AUX"} and head.dep_ in {"dobj", "nsubj"}):
        # "issued a declaration demanding...": the issuer demands.
        return _subject(head.head) if head.dep_ == "dobj" else ([head], False)
    if verb.dep_ in {"relcl", "acl"} and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in verb.children):
        # "converging for a rally to protest": who holds the rally protests.
        governor = head.head.head if head.head.pos_ == "ADP" else head.head
        if governor is not head and governor.pos_ in {"VERB", "AUX"}:
            return _subject(governor)
    if verb.dep_ in {"relcl", "acl"} and verb.tag_ != "VBN":
        return [head], False  # "the rebels who attacked the town"
    return [], False


def _passive_agent(verb: Token) -> list[Token]:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return _conjuncts(pobj)
    return []


def _prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    found: list[Token] = []
    for child in head.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend(_conjuncts(pobj))
    return found


def _border_neighbours(head: Token) -> list[Token]:
    """'drills near the border with Azerbaijan' -> Azerbaijan."""
    found: list[Token] = []
    for token in head.subtree:
        if token.lemma_.lower() in {"border", "frontier"}:
            found.extend(_prep_objects(token, frozenset({"with"})))
    return found


def _clause_targets(verb: Token, lex: Lexicon) -> list[Token]:
    """Who an intended action is aimed at: its object, dative or prepositional target."""
    preps = lex.verbs[verb.lemma_.lower()].preps if verb.lemma_.lower() in lex.verbs else (
        frozenset({"on", "to", "against", "with", "at"}))
    targets = [c for c in verb.children if c.dep_ in _OBJECTS]
    targets += _prep_objects(verb, preps)
    for obj in [c for c in verb.children if c.dep_ == "dobj"]:
        targets += _prep_objects(obj, preps)
    return targets


def _depth(token: Token) -> int:
    return sum(1 for _ in token.ancestors)


def _complement_lemmas(match: _Match, subjects: list[Token]) -> str:
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


# -- modality ----------------------------------------------------------------------------
def _mood(verb: Token, lex: Lexicon) -> str:
    """How the clause presents the action: real, negated, hypothetical, future,
    future_negated, intended (under "plans to", "is ready to"), conditional (a future with
    "unless": a threat), obligated ("X said Y must": a demand) or desired ("X wants Y to")."""
    if _irrealis_context(verb):
        return "hypothetical"
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        c.dep_ in {"nsubj", "nsubjpass"} and any(d.dep_ == "det" and d.lower_ == "no"
                                                 for d in c.children)
        for c in verb.children)  # "no mosque was attacked", "No Canadians were killed"
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in verb.children):
        return "hypothetical"
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in _SPEECH
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
    if verb.dep_ in {"acl", "relcl"} and any(c.dep_ == "aux" and c.lower_ == "to"
                                             for c in verb.children):
        return "future_negated" if negated else "intended"  # "a consensus to share"
    if _purpose(verb) and head.lemma_.lower() in lex.intent:
        return "future_negated" if negated else "intended"  # "have sworn to fight"
    if _purpose(verb) and head.pos_ in {"VERB", "AUX"} and not negated:
        return _mood(head, lex)  # the purpose shares the action's modality
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in _READY:
        return "future_negated" if negated else "intended"
    if verb.dep_ in {"xcomp", "ccomp"} and head.lemma_.lower() in _DESIRE and any(
        c.dep_ in {"dobj", "nsubj"} and c.i < verb.i for c in verb.children
    ) | any(c.dep_ == "dobj" for c in head.children):
        return "desired"
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex.aspect and not negated:
        return _mood(head, lex)  # "continued to send arms": as real as its verb
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _FAILURE:
        return "negated"  # "failed to prevent": it did not happen
    if verb.dep_ == "xcomp" and head.lemma_.lower() in lex.intent:
        head_negated = any(c.dep_ == "neg" for c in head.children)
        return "future_negated" if head_negated or negated else "intended"
    if future:
        if conditional and not negated:  # "will not accept refugees if...": a refusal
            return "conditional"
        return "future_negated" if negated else "future"
    return "negated" if negated else "real"


def _irrealis_context(verb: Token) -> bool:
    """An action inside a possibility, a right or a capability is no event: "might be used
    to justify Iran supplying missiles", "have the right to criticize", "laws enable police
    to detain", "an opportunity to consult"."""
    token = verb
    for _ in range(6):
        if token.dep_ not in _EMBEDDING_DEPS or token.head is token:
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


def _obligation(verb: Token) -> Token | None:
    """The clause of a statement that says someone must or should act."""
    for child in verb.children:
        if child.dep_ != "ccomp":
            continue
        if any(c.dep_ == "aux" and c.lower_ == "must" for c in child.children):
            return child
        if child.lemma_.lower() == "have" and any(c.dep_ == "xcomp" for c in child.children):
            return child  # "Libya has to hand over"
    return None


def _joint(trigger: Token) -> bool:
    """"joint exercises", "exercises with Jordan": done together."""
    return any(c.lower_ == "joint" or c.dep_ == "prep" and c.lower_ == "with"
               for c in trigger.children)


def _measured(noun: Token) -> Token:
    """The thing measured by a quantity noun: "ten days of war games" -> "games"."""
    if noun.lemma_.lower() in _MEASURE_NOUNS or noun.like_num:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((c for c in child.children if c.dep_ == "pobj"), noun)
    return noun


def _alleged(verb: Token) -> bool:
    """"alleged that France knew ... and that its military helped": claims, not events."""
    clause = verb
    while clause.dep_ in {"conj", "xcomp"} and clause.head is not clause:
        clause = clause.head
    if clause.dep_ in {"acl", "ccomp"} and clause.head.pos_ == "NOUN" and (
            clause.head.lemma_.lower() in _CLAIM_NOUNS):
        return True  # "charges that Monrovia is committing genocide"
    return clause.dep_ == "ccomp" and clause.head.lemma_.lower() in _ALLEGING


def _purpose(verb: Token) -> bool:
    """"used tear gas to disperse": an infinitive clause saying what the action was for."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                        for c in verb.children)


def _needs_to(verb: Token) -> bool:
    """"Y needs to", "Y has to": an obligation, like "must"."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in {"need", "have"}


class Coder:
    """Codes documents: parse, find actors and event patterns, resolve dates and places."""

    def __init__(self, options: CoderOptions | None = None) -> None:
        self.options = options or CoderOptions()
        self.nlp = load_model(self.options.model)
        self.gazetteer = gazetteer(self.nlp, self.options.actors)
        self.lexicon = lexicon()
        self.plugin = (self.options.dictionaries.load()
                       if self.options.dictionaries else None)
        # Weapons name an attack: "killed in Israeli tank shelling".
        self._weapons = frozenset(
            word for topic in ("artillery", "air_attack", "bombing", "small_arms")
            for word in self.lexicon.topics.get(topic, ()) if " " not in word)

    def code_documents(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Code documents in order, parsing them in batches."""
        pending: list[Document] = []
        for document in documents:
            pending.append(document)
            if len(pending) >= self.options.batch_size:
                yield from self._code_batch(pending)
                pending = []
        if pending:
            yield from self._code_batch(pending)

    def _code_batch(self, documents: list[Document]) -> Iterator[CodedDocument]:
        texts = [d.text for d in documents]
        # Headlines are parsed apart: they are no sentence of the text (offsets stay true).
        headlines = {id(d): h for d in documents if (h := _headline(d))}
        titles = dict(zip(headlines, parse(list(headlines.values()), self.options.batch_size),
                          strict=True))
        for document, doc in zip(documents, parse(texts, self.options.batch_size), strict=True):
            yield self._code_doc(document, doc, titles.get(id(document)))

    def _code_doc(self, document: Document, doc: Doc, title: Doc | None = None
                  ) -> CodedDocument:
        actors = self.gazetteer.annotate(doc, document.published)
        title_actors = (self.gazetteer.annotate(title, document.published)
                        if title is not None else None)
        actors.forget_names_before(dateline_end(actors.text))
        context = document_context(doc, actors, title_actors)
        actors.home = context.country
        dates = DateContext(document.published, document.date_precision)
        sentences: list[Sentence] = []
        events: dict[str, Event] = {}
        plugin = self.plugin
        builtin = self.options.dictionaries is None or self.options.dictionaries.builtin
        # a story-level discard ("+TYPHOON") silences the dictionaries for the whole text
        if plugin is not None and plugin.silences(doc):
            plugin = None
        for index, span in enumerate(doc.sents):
            sentences.append(Sentence(document.doc_id, index, span.start_char, span.end_char,
                                      span.text))
            found = []
            if builtin:
                found = list(self._code_sentence(document, index, span, actors, dates))
            if plugin is not None:
                found += plugin.events(document, index, span, actors, dates,
                                       self.options.dataset)
            # A bare statement (010) only when nothing more specific was said.
            if any(e.code != "010" for e in found):
                found = [e for e in found if e.code != "010"]
            # One event per dyad and code in a sentence: "reiterated that Libya must hand
            # over" is one demand, though both verbs say it.
            unique: dict[tuple[str | None, str | None, str], Event] = {}
            for event in found:
                unique.setdefault((event.source, event.target, event.code), event)
            found = list(unique.values())
            for event in found:
                events.setdefault(event.event_id, event)
        if title is not None and title_actors is not None and builtin:
            # The headline usually restates the story: only what the body does not say counts.
            title_actors.home = actors.home
            title_actors.people.update(actors.people)
            title_actors.role_country.update(actors.role_country)
            said = {_dyad_root(e) for e in events.values()}
            headline = [e for span in title.sents
                        for e in self._code_sentence(document, -1, span, title_actors, dates)
                        if _dyad_root(e) not in said and e.code != "010"]
            if headline:
                sentences.insert(0, Sentence(document.doc_id, -1, 0, 0, title.text))
                for event in headline:
                    events.setdefault(event.event_id, event)
        return CodedDocument(document, sentences, list(events.values()))

    # -- one sentence ------------------------------------------------------------------
    def _code_sentence(self, document: Document, index: int, span: Span,
                       actors: DocumentActors, dates: DateContext) -> Iterator[Event]:
        lex = self.lexicon
        # Span.ents rebuilds every entity of the document: the dates are read once per
        # document (DocumentActors.dates) and sliced here.
        date_entities = [e for e in actors.date_entities()
                         if e.start >= span.start and e.end <= span.end]
        for token in span:
            if token.pos_ == "NOUN":
                yield from self._nominal(document, index, span, token, actors, dates,
                                         date_entities)
                continue
            match = self._match(token)
            if match is None:
                continue
            verb, rule = match.verb, match.rule
            mood = _mood(verb, lex)
            embedded = verb.dep_ in {"xcomp", "ccomp", "advcl"}
            head_rule = self._rule_of(verb.head) if embedded else None
            controlled = verb.dep_ == "xcomp" or _purpose(verb)
            if mood in {"intended", "future_negated"} and controlled and (
                head_rule is not None and head_rule.family in SPEECH_FAMILIES
            ):
                continue  # "urged Iran to release...": the appeal is the event, coded there
            if verb.dep_ == "ccomp" and head_rule is not None and head_rule.family in (
                _ASKING_FAMILIES
            ) and not self.options.include_irrealis:
                continue  # "demanded that Azerbaijan release": asked for, not done
            subjects, passive = _subject(verb)
            lemmas = _complement_lemmas(match, subjects)
            code = self._code(rule, lemmas, mood, match)
            if not code:
                continue
            if match.trigger.lemma_.lower() == "warn" and self._warns_of_others(verb):
                continue  # "warned that Iran's ambitions were dangerous": a statement
            if rule.family == "deny" and any(c.dep_ == "ccomp" for c in verb.children):
                code = "016"  # "denied that its troops shelled...": denies responsibility
            if rule.family == "intent" and self._hostile_plan(verb):
                # "plans to impose restrictions": an announced hostile act is a threat.
                code = lex.family_code("threaten", lemmas)[0] or code
            if code == "010":
                duty = _obligation(verb)
                if duty is not None:
                    # "declared that China must drop barriers": a demand, whatever the verb.
                    code = lex.family_code("demand", _complement_lemmas(
                        _Match(duty, duty, rule), []))[0] or code
            if mood in {"obligated", "desired"}:
                # "X said Y must release...": X demands of Y; "X wants Y to...": X appeals to Y.
                speaker, _ = _subject(verb.head)
                addressee = [c for c in verb.head.children if c.dep_ == "dobj"] or subjects
                subjects, passive = speaker, False
                fixed_targets: list[Token] | None = addressee
            else:
                fixed_targets = None
            negated = mood == "negated"
            hypothetical = mood == "hypothetical"
            if _purpose(verb) and mood != "real" and (
                    verb.head.lemma_.lower() not in lex.intent):
                continue  # "will meet to discuss": the purpose adds nothing to the intent
            if (negated or hypothetical) and not self.options.include_irrealis:
                continue
            if not self.options.include_irrealis and (
                verb.dep_ == "pcomp" and verb.head.lower_ == "of"
                or _alleged(verb)
            ):
                continue  # "accused Iran of training", "alleged that France...": the claim only
            targets = (self._targets(match, rule, passive, subjects) if fixed_targets is None
                       else fixed_targets)
            if passive:
                subjects = _passive_agent(verb) or self._agents_in_event_noun(verb)
            when = dates.resolve(verb, date_entities)
            where = locate(verb, actors, match.trigger)
            if where[1] is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
                where = locate(verb.head, actors)  # "shelled Aleppo, killing eight people"
            sources = [actors.country_actor(a.country, s) if s.dep_ == "amod" and a.country
                       and a.role == "CVL" else a  # "killed in Israeli shelling": Israel
                       for s in subjects for a in actors.resolve_all(s, as_subject=True)]
            actors.remember_group(sources)
            resolved = [a for t in targets for a in (actors.resolve_all(t) or _place_actor(t))]
            if where[1]:
                # "protesters rallied in Yerevan": a bare role belongs to the event's country.
                sources = [_with_country(a, where[1]) for a in sources]
                resolved = [_with_country(a, where[1]) for a in resolved]
            single = len({a.code for a in sources}) == 1 or code[:2] not in _JOINT_ROOTS
            # The root as refined by the actors: "activists complained" is a protest.
            root = _refine(code, sources[0], None, where)[:2] if sources else code[:2]
            if not resolved and where[1] and (code == "054" or single and (
                    root in _PLACE_TARGET_ROOTS
                    and any(a.country != where[1] for a in sources))):
                resolved = [actors.country_actor(where[1], match.trigger)]
            if not resolved and code[:2] in _TOPIC_TARGET_ROOTS:
                # "expressed sorrow for the shootings in South Carolina": said of the USA.
                topic = locate_topic(match.trigger, actors)
                if topic[1]:
                    resolved = [actors.country_actor(topic[1], match.trigger)]
            if not resolved and _purpose(verb) and mood == "real" and (
                    self._rule_of(verb.head) is not None):
                continue  # "met Assad to discuss efforts": the meeting says it all
            if rule.family == "receive" and _prep_objects(verb, frozenset({"from"})):
                # "demonstrators received weapons from the government": the giver acts.
                givers = [a for t in _prep_objects(verb, frozenset({"from"}))
                          for a in actors.resolve_all(t)]
                if givers:
                    sources, resolved = givers, sources
            if not sources and passive and resolved and code not in _UNNAMED_CODES:
                sources = _unnamed_actor(code, where, actors, verb)
            if not sources:
                if not self.options.unknown_actors:
                    continue
                sources = [Actor("---", "", None, None, verb.idx, verb.idx)]
            if any(a.country for a in resolved):
                # "released the sailors to Iran": the bare role is what is acted on.
                resolved = [a for a in resolved if a.country or a.code != a.role]
            if code[:2] == "17":
                # "Azerbaijan arrested 19 citizens": coercion of a bare role is domestic.
                resolved = [_with_country(t, sources[0].country) for t in resolved]
            reporter = self._speaker_country(verb, actors)
            if reporter and any(a.country and a.country != reporter for a in sources):
                # "Armenia's defence ministry said Azerbaijan fired on soldiers": the
                # speaker's soldiers.
                resolved = [_with_country(a, reporter) for a in resolved]
            resolved = [_placed(a, actors) for a in resolved]
            violent = code[:2] in {"18", "19", "20"}
            if code[:2] in {"10", "11", "12", "13", "14"}:
                # "The opposition demanded the resignation of the Georgian prime minister":
                # an opposition opposes its own state.
                ruled = [t.country for t in resolved if t.country and not t.inferred
                         and t.role in {"GOV", "LEG", "JUD"}]
                sources = [_with_country(a, ruled[0]) if ruled and a.role in {"OPP", "PTY"}
                           and not actors.role_country_before(a.role, a.start) else a
                           for a in sources]
            # A state's official criticising his own country by name is unlikely: then the
            # home is probably not his.
            sources = [_placed(a, actors, resolved if violent or a.role in _STATE_ROLES
                               and code[:2] in {"10", "11", "12", "13"} else [])
                       for a in sources]
            mutual = _reciprocal(match.trigger) and len({a.country for a in sources}) > 1
            if not resolved and code[:2] in _TOPIC_TARGET_ROOTS | {"13"}:
                # "opposed the US-led invasion", "alleged Iranian involvement", "condemned
                # this provocative act": whoever did what is criticised.
                resolved = self._actors_of_topic(verb, sources, actors,
                                                 code[:2] in {"11", "12"})
            if not resolved and not mutual and not _topic_object(verb, passive, code):
                resolved = _implicit_target(code, sources[0], where, actors, match.trigger)
            if code[:2] == "19" and code not in _CONVENTIONAL_FIGHTING and all(
                    a.role in _NON_STATE_ROLES or a.role in {"REB", "INS", "SEP"}
                    and match.trigger.lemma_.lower() in _MURDER_LEMMAS for a in sources):
                code = "180" if code == "190" else "183" if code == "193" else code
            if code == "010" and not resolved:
                continue  # "X said" alone is no event; a statement is made to or about someone
            if code == "150" and (resolved or len(sources) > 1) and _joint(match.trigger):
                code = "062"  # exercises held with a partner are military cooperation
            if code == "190" and match.trigger.lemma_.lower() in {"kill", "murder"} and any(
                a.role == "GOV" for a in resolved
            ) and all(a.role in {"REB", "INS", "CRM", "UAF"} for a in sources):
                code = "186"  # armed groups killing an official: an assassination
            if rule.pattern == "verb:agree" and any(c.dep_ == "ccomp" for c in verb.children):
                code = "019"  # "agreed that...": an expression of accord
            pairs = self._pairs(sources, resolved, code, match)
            for source, target in pairs:
                final = _refine(code, source, target, where)
                if final[:2] == "19" and final not in _CONVENTIONAL_FIGHTING and (
                        target is not None and source.country
                        and target.country == source.country and target.role not in _ARMED_ROLES
                        and match.trigger.lemma_.lower() in _SHOOTING_LEMMAS):
                    # "police fired on protesters", "the army killed nine protesters":
                    # force against unarmed people at home is assault, not battle.
                    final = "183" if final == "193" else "180"
                if final == "145" and match.trigger.lemma_.lower() in self._weapons | {
                        "missile", "rocket"}:
                    final = code  # protesters firing missiles are not rioting
                if final[:2] >= "14" and source.country and not source.inferred:
                    actors.last_act = source
                yield self._event(document, index, span, source, target, final, match, when,
                                  where, passive, negated, hypothetical)

    def _nominal(self, document: Document, index: int, span: Span, noun: Token,
                 actors: DocumentActors, dates: DateContext,
                 date_entities: list[Span]) -> Iterator[Event]:
        """Events named by a noun with its own actors: "the Israeli air strike on Gaza",
        "Azerbaijan's arrest of 19 citizens", "talks between Turkey and Armenia"."""
        rule = self._noun_rule(noun)
        if rule is None:
            return
        head = noun.head
        carrier = self._match(head.head if head.pos_ == "ADP" else head)
        if carrier is not None and carrier.trigger is noun:
            return  # a light verb carries it ("held talks", "went on strike")
        governing = noun.head if noun.head.pos_ in {"VERB", "AUX"} else None
        if governing is not None and _mood(governing, self.lexicon) in {"negated",
                                                                        "hypothetical"}:
            return
        agents = [c for c in noun.children if c.dep_ in {"poss", "amod", "compound", "nmod"}]
        # "anti-U.S. protests": the country after "anti" is the target, not the protester.
        opposed = [t for t in agents if any(w.lower_ == "anti" for w in
                                            noun.doc[max(t.i - 2, 0):t.i])]
        agents = [t for t in agents if t not in opposed]
        agents += _prep_objects(noun, frozenset({"by"}))
        between = _prep_objects(noun, frozenset({"between", "among"}))
        sources = [actors.country_actor(a.country, t) if t.dep_ == "amod" and a.country
                   and a.role == "CVL" else a  # "the Israeli strike": Israel's, not civilians'
                   for t in agents for a in actors.resolve_all(t) if a.country or a.role]
        targets = [a for t in _prep_objects(noun, rule.preps - {"between", "among", "by"})
                   for a in (actors.resolve_all(t) or _place_actor(t))]
        targets += [actors.country_actor(a.country, t) for t in opposed
                    for a in actors.resolve_all(t) if a.country]
        if between and not sources:
            group = [a for t in between for a in actors.resolve_all(t)]
            sources, targets = group[:1], group[1:]
        lemmas = _complement_lemmas(_Match(noun, noun, rule), [])
        code = rule.code or self.lexicon.family_code(rule.family or "", lemmas)[0]
        if code == "114" and not sources:
            code = "141"  # an official protest names its government; a crowd's needs none
        clause = noun.head.head if noun.head.pos_ == "ADP" else noun.head
        if not sources and code[:2] in _UNNAMED_NOUN_ROLES and not between and (
                clause.pos_ not in {"VERB", "AUX"} or clause.lemma_.lower() not in _PREVENTING
                and not any(c.dep_ == "nsubj" and c is not noun for c in clause.children)):
            # "Demonstrations have been reported in twelve Afghan cities", "anti-U.S.
            # protests", "a bombing in Kabul": it happened, by people of the place.
            sources, named = self._unnamed_nominal(noun, code, governing, actors)
            targets = targets or named
            key = (sources[0].country if sources else "", code[:2],
                   targets[0].country if targets else "")
            if key in actors.unnamed_seen:
                return  # one such event per document: later mentions are the same protests
            actors.unnamed_seen.add(key)
        if not sources or not targets and not rule.code:
            return
        if not code or code == "054" or code[:2] in {"01", "02", "03", "10", "12", "13"}:
            return  # a named appeal or threat without its verb is too vague to code
        match = _Match(noun, noun, rule)
        when = dates.resolve(governing or noun, date_entities)
        where = locate(governing or noun, actors, noun)
        for source, target in self._pairs(sources, targets, code, match):
            if target is None and not between:
                continue
            yield self._event(document, index, span, source, target, code, match, when,
                              where, False, False, False)

    def _unnamed_nominal(self, noun: Token, code: str, governing: Token | None,
                         actors: DocumentActors) -> tuple[list[Actor], list[Actor]]:
        """Who held a protest, or set off a bomb, that the text names without its actor: the
        place's people (or the story's), and, unless the noun names a target, aimed at home."""
        where = locate(governing or noun, actors, noun)
        country = where[1] or actors.home
        if country is None or country not in countries():
            return [], []
        start, end = noun.idx, noun.idx + len(noun.text)
        source = _inferred_actor(country, _UNNAMED_NOUN_ROLES[code[:2]], start, end)
        return [source], [_inferred_actor(country, "GOV" if code[:2] == "14" else "CVL",
                                          start, end, countries()[country].name)]

    def _actors_of_topic(self, verb: Token, sources: list[Actor], actors: DocumentActors,
                         judging: bool) -> list[Actor]:
        """Who did the act a statement is about: a country or people named in its object
        ("the US-led invasion", "Iranian involvement", "Israel's strikes"), else, for "this
        act", "the attack", the last actor of a hostile act in the text."""
        own = {a.country for a in sources}
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += _prep_objects(verb, frozenset({"against", "over", "about", "for", "on"}))
        for obj in objects:
            for token in _phrase_without_places(obj):
                mention = actors.names_at.get(token.i)
                if mention is not None and mention.entry.country and (
                        mention.entry.kind in {"country", "adjective", "capital", "org"}) and (
                        mention.entry.country not in own):
                    return [actors.country_actor(mention.entry.country, token)]
            if judging and obj.lemma_.lower() in _ACT_NOUNS and actors.last_act and (
                    actors.last_act.country not in own):
                last = actors.last_act
                return [Actor(last.code, last.name, last.country, last.role, obj.idx,
                              obj.idx + len(obj.text), inferred=True)]
        return []

    @staticmethod
    def _warns_of_others(verb: Token) -> bool:
        """A warning is a threat when the warner says what it will do ("warned it would
        retaliate"); warning that someone else will act, or of a danger, tells, not threatens."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            subjects = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}]
            return not any(s.lower_ in {"we", "it", "he", "she", "they", "i"} for s in subjects)
        return False

    def _speaker_country(self, verb: Token, actors: DocumentActors) -> str | None:
        """The country of whoever reports the clause ("Armenia's defence ministry said ...")."""
        clause = verb
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in _SPEECH:
            return None
        heads, _ = _subject(clause.head)
        for head in heads:
            actor = actors.resolve(head)
            if actor is not None and actor.country and not actor.inferred:
                return actor.country
        return None

    def _hostile_plan(self, verb: Token) -> bool:
        """Whether the action a verb of intent is about is hostile (CAMEO 11-20)."""
        for child in verb.children:
            if child.dep_ != "xcomp":
                continue
            match = self._match(child)
            if match is None or match.rule.family in SPEECH_FAMILIES:
                continue
            rule = match.rule
            code = rule.code or self.lexicon.family_code(
                rule.family or "", _complement_lemmas(match, []))[0]
            if code and code[:2] >= "11" and not (code == "150" and _joint(match.trigger)):
                return True
        return False

    def _agents_in_event_noun(self, verb: Token) -> list[Token]:
        """Who acted, when a passive names the act instead of the actor: "killed in
        Israeli tank shelling", "murdered in an attack ... by Kosovo Albanians"."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "during", "by"}:
                continue
            for noun in prep.children:
                if noun.dep_ != "pobj" or (self._noun_rule(noun) is None
                                           and noun.lemma_.lower() not in self._weapons):
                    continue
                agents = [a for t in noun.subtree if t.dep_ == "prep" and t.lower_ == "by"
                          for a in _prep_objects(t.head, frozenset({"by"}))]
                agents += [c for c in noun.children if c.dep_ in {"poss", "amod"}
                           or c.dep_ == "compound" and c.pos_ == "PROPN"]
                if agents:
                    return agents
        return []

    def _rule_of(self, token: Token) -> Rule | None:
        if token.pos_ not in {"VERB", "AUX"}:
            return None
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        preps = [c.lower_ for c in token.children if c.dep_ == "prep"]
        found = None
        if particles and preps:  # "cracked down on"
            found = _lookup(self.lexicon.verbs, token, f"{particles[0]} {preps[0]}")
        for particle in (*particles, *preps):  # "pulled out", "called on"
            found = found or _lookup(self.lexicon.verbs, token, particle)
        found = found or _lookup(self.lexicon.verbs, token)
        return found[1] if found else None

    def _match(self, token: Token) -> _Match | None:
        """The pattern that starts at this token, if any."""
        lex = self.lexicon
        if token.pos_ != "VERB":  # event nouns on their own are coded by _nominal
            return None
        phrasal = _phrasal_lemma(token)
        if phrasal != token.lemma_.lower() and phrasal in lex.verbs and phrasal not in lex.light:
            return _Match(token, token, lex.verbs[phrasal])  # "called off a strike"
        if phrasal in lex.light or any(form in lex.light for form in _lemmas(token)):
            for child in token.children:  # light verb + event noun: "held talks"
                if child.dep_ in {"dobj", "nsubjpass"}:
                    child = _measured(child)  # "launched ten days of war games"
                    noun = self._noun_rule(child)
                    if noun is not None:
                        return _Match(child, token, noun)
                if child.dep_ == "prep" and child.lower_ in {"on", "into", "in"}:  # "went on"
                    for pobj in child.children:
                        noun = self._noun_rule(pobj) if pobj.dep_ == "pobj" else None
                        if noun is not None:
                            return _Match(pobj, token, noun)
        rule = self._rule_of(token)
        if rule is None or rule.not_with and any(
                c.dep_ in {"dobj", "nsubjpass"} and c.lemma_.lower() in rule.not_with
                for c in token.children):
            return None  # "shot a video", "released a summary": another sense of the word
        return _Match(token, token, rule)

    def _noun_rule(self, noun: Token) -> Rule | None:
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

    def _code(self, rule: Rule, lemmas: str, mood: str, match: _Match) -> str:
        lex = self.lexicon
        if rule.family:
            code, _ = lex.family_code(rule.family, lemmas)
        else:
            code = rule.code or ""
        if code == "150" and _joint(match.trigger):
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

    def _targets(self, match: _Match, rule: Rule, passive: bool,
                 subjects: list[Token]) -> list[Token]:
        verb, trigger = match.verb, match.trigger
        targets = _prep_objects(trigger, rule.preps)
        if trigger is verb:
            objects = [c for c in verb.children if c.dep_ in _OBJECTS]
            if rule.objects:
                targets = objects + targets
            else:  # "gave the Ivory Coast aid": the indirect object receives, always
                targets = [o for o in objects if o.dep_ == "dative" and o.pos_ != "ADP"] + targets
            for obj in objects:  # "ratified an agreement with the EU", "sanctions on Iran"
                extra = _OBJECT_PREPS if obj.lemma_.lower() in _RELATIONAL_NOUNS else frozenset()
                targets += _prep_objects(obj, rule.preps | extra)
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
            targets += _prep_objects(verb, rule.preps)
            targets += [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        if passive:
            targets = subjects + targets
        if not targets and trigger.lemma_.lower() in _POSTURE_LEMMAS:
            targets = _border_neighbours(verb)
        expanded: list[Token] = []
        for target in targets:
            for token in _conjuncts(target):
                if token not in expanded:
                    expanded.append(token)
        return expanded

    def _pairs(self, sources: list[Actor], targets: list[Actor], code: str,
               match: _Match) -> list[tuple[Actor, Actor | None]]:
        pairs: list[tuple[Actor, Actor | None]] = []
        joint = code[:2] in _JOINT_ROOTS or _reciprocal(match.trigger) or any(
            c.lower_ in {"joint", "bilateral", "mutual", "trilateral"}
            for c in match.trigger.children)
        if not targets and len({s.code for s in sources}) > _MAX_JOINT_PARTIES and joint:
            pairs = []  # six powers meeting: a multilateral gathering, no dyad of its own
        elif not targets and len(sources) > 1 and joint:
            # "Turkey and Armenia held talks": a joint action relates them, both ways.
            pairs = [(a, b) for a in sources for b in sources if a.code != b.code]
        elif targets:
            # Same code on both sides only for two different actors of one country ("the
            # opposition accused the government"), never an actor and its own echo.
            pairs = [(s, t) for s in sources for t in targets
                     if s.code != t.code or s.inferred != t.inferred and s.start != t.start]
            if code in _SYMMETRIC_CODES and match.trigger is not match.verb:
                pairs += [(t, s) for s, t in list(pairs) if t is not None]
            if not pairs and not self.options.require_target and code != "010":
                pairs = [(s, None) for s in sources]  # "said he was skeptical": of himself
        elif not self.options.require_target:
            pairs = [(s, None) for s in sources]
        unique: list[tuple[Actor, Actor | None]] = []
        seen: set[tuple[str, str]] = set()
        for source, target in pairs:
            key = (source.code, target.code if target else "")
            if key not in seen:
                seen.add(key)
                unique.append((source, target))
        return unique

    def _event(self, document: Document, index: int, span: Span, source: Actor,
               target: Actor | None, code: str, match: _Match,
               when: tuple[date | None, str | None], where: Place, passive: bool,
               negated: bool, hypothetical: bool) -> Event:
        info = cameo(code)
        plover_type, plover_mode = plover_for(code)
        base = span.start_char
        trigger = match.trigger
        trigger_start = trigger.idx - base
        event_id = content_hash(document.doc_id, index, trigger_start, source.code,
                                target.code if target else "", code)
        confidence = 0.9 if target is not None else 0.6
        if passive:
            confidence -= 0.1
        if source.code == "---":
            confidence -= 0.3
        confidence -= 0.15 * (source.inferred + bool(target and target.inferred))
        return Event(
            event_id=event_id,
            doc_id=document.doc_id,
            sentence_index=index,
            date=when[0],
            date_precision=when[1],
            source=source.code,
            source_name=source.name,
            source_country=source.country,
            target=target.code if target else None,
            target_name=target.name if target else None,
            target_country=target.country if target else None,
            code=code,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover_type=plover_type,
            plover_mode=plover_mode,
            location_name=where[0],
            location_country=where[1],
            location_lat=where[2],
            location_lon=where[3],
            source_start=source.start - base,
            source_end=source.end - base,
            target_start=(target.start - base) if target else None,
            target_end=(target.end - base) if target else None,
            trigger_start=trigger_start,
            trigger_end=trigger_start + len(trigger.text),
            trigger=trigger.text,
            pattern=match.rule.pattern,
            negated=negated,
            hypothetical=hypothetical,
            confidence=round(max(confidence, 0.1), 2),
            source_inferred=source.inferred,
            target_inferred=bool(target and target.inferred),
            coder_version=CODER_VERSION,
            dataset=self.options.dataset,
            depth=_depth(match.verb),
        )


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


def _place_actor(token: Token) -> list[Actor]:
    """A city as the target of an action stands for its country ("shelled Kharkiv")."""
    if token.pos_ != "PROPN" or token.ent_type_ in {"PERSON", "NORP", "DATE"}:
        return []
    ent = _entity_at(token)
    found = city(ent.text if ent is not None else token.text)
    if found is None or found[1] is None:
        return []
    return [Actor(found[1], ent.text if ent is not None else token.text, found[1], None,
                  token.idx, token.idx + len(token.text))]


def _refine(code: str, source: Actor, target: Actor | None, where: Place) -> str:
    """Sub-codes that depend on the actors and the place, not on the words."""
    if code == "040" and where[1] and target is not None and where[1] not in {
        source.country, target.country
    }:
        return "044"  # met at a third location
    if code == "141" and source.role == "GOV":
        return "114"  # a government's protest is an official complaint
    if code == "114" and source.role in {"OPP", "CVL", "LAB", "EDU"}:
        return "141"
    if code[:2] in {"18", "19"} and source.role == "OPP":
        return "145"  # protesters attacking: a violent protest

    return code


def _with_country(actor: Actor, country: str | None) -> Actor:
    """A bare role actor ("protesters") placed in a country; other actors unchanged."""
    if actor.country is not None or actor.role is None or country is None or (
        actor.code != actor.role
    ) or actor.role in _STATELESS_ROLES:
        return actor
    _, roles = split_actor_code(actor.code)
    return replace(actor, code=country + "".join(roles), country=country, inferred=True)


def _placed(actor: Actor, actors: DocumentActors, victims: list[Actor] | None = None
            ) -> Actor:
    """A bare role's country when its phrase and clause name none: the country last named
    with the same role ("Kyrgyz police ... the police"), else the document's home, unless
    the home is the victims' own ("militants kidnapped two Turkish engineers")."""
    if actor.country is not None or actor.role is None or actor.code != actor.role:
        return actor
    remembered = actors.role_country_before(actor.role, actor.start)
    if remembered:
        return _with_country(actor, remembered)
    if any(v.country == actors.home and not v.inferred for v in victims or ()):
        return actor
    return _with_country(actor, actors.home)


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


def _reciprocal(trigger: Token) -> bool:
    """"Armenian and Azerbaijani forces clashed": each side fights the other."""
    lemma = trigger.lemma_.lower()
    return lemma in _RECIPROCAL_LEMMAS or lemma == "exchange" and any(
        c.lower_ in {"fire", "gunfire", "shots", "blows"} for c in trigger.children)


def _topic_object(verb: Token, passive: bool, code: str) -> bool:
    """"fight corruption", "criticised the decision": the object is a topic, not someone.
    Violence done to things ("shelled villages") still happens somewhere, to someone."""
    if passive:
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj" and not c.like_num
               and c.pos_ != "PRON"]
    if code[:2] in {"17", "18", "19", "20"}:
        return bool(objects) and verb.lemma_.lower() in _METAPHOR_PRONE
    return bool(objects)


def _unnamed_actor(code: str, where: Place, actors: DocumentActors, verb: Token
                   ) -> list[Actor]:
    """"Twelve people were killed in Baghdad": an act with no one named did happen; who did
    it belongs to the place's country (or the story's), as analysts code it."""
    role = _UNNAMED_ACTOR_ROLES.get(code[:2])
    country = where[1] or actors.home
    if role is None or country is None or country not in countries():
        return []
    return [_inferred_actor(country, role, verb.idx, verb.idx)]


def _implicit_target(code: str, source: Actor, where: Place, actors: DocumentActors,
                     at: Token) -> list[Actor]:
    """Whom a domestic act with no named target is aimed at: protesters and critics at their
    own government, violence and arrests at the place (or the story's country)."""
    root = code[:2]
    country: str | None = None
    if root == "14" or root in {"10", "11", "12", "13"} and source.role in _DOMESTIC_CRITICS | {
            "JUD"}:  # "the court found the suspension unlawful": against its government
        country = source.country
    elif root in {"17", "18", "19", "20"}:
        country = where[1] or actors.home
    elif root in _DOMESTIC_ROOTS and source.country == actors.home:
        # "the government resigned": at home.
        country = source.country
    if country is None or country not in countries():
        return []
    role = "GOV" if root in {"10", "11", "12", "13", "14"} else "CVL"
    return [_inferred_actor(country, role, at.idx, at.idx + len(at.text),
                            countries()[country].name)]


def _inferred_actor(country: str, role: str, start: int, end: int, name: str = "") -> Actor:
    """An actor no phrase names, of a country the context gives ("Twelve people were
    killed in Baghdad": someone of Iraq killed Iraqis)."""
    return Actor(country + role, name, country, role, start, end, inferred=True)


def _dyad_root(event: Event) -> tuple[str | None, str | None, str]:
    """What a headline event must add to the body's: its sides' countries and root."""
    return (event.source_country or event.source, event.target_country or event.target,
            event.root)


def _headline(document: Document) -> str | None:
    """The title to code with the text, unless the text already opens with it."""
    title = (document.title or "").strip()
    if not title or document.text.startswith(title):
        return None
    return title


def code_documents(documents: Iterable[Document],
                   options: CoderOptions | None = None) -> Iterator[CodedDocument]:
    """Code documents: each comes back with its sentences and events."""
    yield from Coder(options).code_documents(documents)


def code_text(text: str, published: date | None = None,
              options: CoderOptions | None = None) -> list[Event]:
    """Code one text and return its events (the quickest way in from a notebook)."""
    coded = next(code_documents([Document(text=text, published=published)], options))
    return coded.events
