"""Patterns: codes sentences with a user's PETRARCH dictionaries over spaCy's dependency parse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from frenemy.petrarch.formats import Pattern, VerbEntry
from frenemy.petrarch.phrases import STEM_ENDING, word_at
from frenemy.petrarch.sentence import NOUN_PARTS, Sentence, compound, head_of, next_actor

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from frenemy.petrarch.dictionaries import Dictionaries

__all__ = ["PatternEvent", "code_sentence"]

# Dependents that start another clause or phrase: a verb's pattern and a noun phrase's
# actors stop at them.
_CLAUSES = frozenset({"advcl", "relcl", "parataxis", "conj", "cc", "acl", "appos", "csubj"})
_JOINT_ROOTS = frozenset({"03", "04", "05", "06", "08", "12"})  # intend .. yield; reject
_SCENE_CLAUSES = frozenset({"advcl", "relcl", "acl", "pcomp", "csubj"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their"})
_NEGATIONS = frozenset({"not", "n't", "never", "no"})


@dataclass(frozen=True)
class PatternEvent:
    source: str
    target: str | None
    code: str
    trigger: int  # token index of the verb
    source_token: int
    target_token: int | None
    pattern: str  # "VERB:line" of the pattern that fired, or "VERB" for the block's code


# --- patterns ------------------------------------------------------------------------------

class _Matcher:
    """Matches a pattern's elements against a sequence of tokens, in order, gaps allowed."""

    def __init__(self, sentence: Sentence,
                 sets: dict[str, dict[str, list[list[str]]]]) -> None:
        self.sentence = sentence
        self.sets = sets
        self.marks: dict[str, int] = {}  # "+" / "$" -> token index, for the current pattern
        self.covered = 0  # tokens the current pattern's words matched

    def phrase_at(self, words: list[str], tokens: list[Token], at: int) -> int | None:
        position = at
        for word in words:
            if position >= len(tokens):
                return None
            if word.startswith("&"):
                after = self.set_at(word, tokens, position)
            else:
                exact = word.endswith("_")
                after = word_at(word.rstrip("_"), not exact and len(word) > 3,
                                 tokens, position)
                if after is not None and after != position + 1:
                    after = None  # inside a sequence of our own tokens, one word a token
            if after is None:
                return None
            position = after
        return position

    def set_at(self, name: str, tokens: list[Token], at: int) -> int | None:
        by_first = self.sets.get(name.rstrip("_")) or self.sets.get(name) or {}
        text = tokens[at].text.upper()
        # only the members whose first word could be this token (itself, a stem of it, its
        # lemma), and nested sets
        keys = {text, tokens[at].lemma_.upper(), "&",
                *(text[:-n] for n in range(1, STEM_ENDING + 1) if len(text) > n)}
        for key in keys & by_first.keys():
            for words in by_first[key]:
                end = self.phrase_at(words, tokens, at)
                if end is not None:
                    return end
        return None

    def find(self, element: str, tokens: list[Token], start: int) -> tuple[int, int] | None:
        """(first, after) of the first place at or after ``start`` where the element
        matches."""
        for at in range(start, len(tokens)):
            end = self.element_at(element, tokens, at)
            if end is not None:
                return at, end
        return None

    def element_at(self, element: str, tokens: list[Token], at: int) -> int | None:
        if element.startswith("{"):
            inner = element.strip("{} ").split()
            return self._grouped(inner, tokens, at, noun_phrase=True)
        if element.startswith("("):
            inner = element.strip("() ").split()
            if tokens[at].pos_ not in ("ADP", "PART", "SCONJ", "ADV"):
                return None
            return self._grouped(inner, tokens, at, noun_phrase=False)
        return self.phrase_at([w for w in element.split("_") if w] if "_" in element.strip("_")
                              else [element], tokens, at)

    def _grouped(self, inner: list[str], tokens: list[Token], at: int,
                 noun_phrase: bool) -> int | None:
        """Inner words in order, the first at ``at``, the rest within the same phrase."""
        inner = [w for w in inner if w != "%"]
        if not inner or inner[0] in ("+", "$", "^"):
            return None
        end = self.phrase_at([inner[0]], tokens, at)
        if end is None:
            return None
        for word in inner[1:]:
            if word == "^":
                end += 1
                continue
            if word in ("+", "$"):  # the actor in this place is the target / source
                actor = next_actor(self.sentence, tokens, end)
                if actor is None or actor[0] > end + 3:
                    return None
                self.marks[word] = actor[1]
                end = actor[0] + 1
                continue
            found = None
            # In a phrase a word follows the one before it, determiners aside ("over the
            # efforts" is (OVER EFFORTS); "cultural secret memos" is not {CULTURAL MEMOS});
            # a synonym set may come after other modifiers ("new global economic
            # relations" is {NEW &TIETYPES RELATIONS}).
            for position in range(end, min(end + 4, len(tokens))):
                if tokens[position].pos_ in ("VERB", "ADP", "PUNCT", "SCONJ") and (
                        noun_phrase or position > end):
                    break
                found = self.phrase_at([word], tokens, position)
                if found is not None or not (word.startswith("&")
                                             or tokens[position].pos_ == "DET"
                                             or tokens[position].tag_ == "PRP$"):
                    break
            if found is None:
                return None
            end = found
        return end


def _scope(verb: Token, subjects: set[int]) -> list[Token]:
    """The words after the verb that belong to its clause."""
    found = []
    stack = [c for c in verb.children if c.i > verb.i and c.dep_ not in _CLAUSES]
    while stack:
        token = stack.pop()
        if token.i in subjects or token.dep_ in ("punct",):
            continue
        found.append(token)
        stack.extend(c for c in token.children
                     if c.dep_ == "acl" or not (c.dep_ in _CLAUSES and c.pos_ in ("VERB", "AUX")))
    return sorted(found, key=lambda t: t.i)


def _governor_subject(verb: Token) -> list[Token]:
    """The subject of a verb, or of the verb it depends on ("Arnor is about to restore",
    "condemned ... and promised")."""
    current = verb
    for _ in range(6):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and not all(s.lower_ in _PRONOUNS for s in subjects):
            return subjects
        if current.dep_ == "xcomp":
            objects = [c for c in current.head.children if c.dep_ == "dobj"]
            if objects and not subjects:  # "urged Eriador to respond": Eriador responds
                return objects
        if subjects and current.dep_ not in ("ccomp", "xcomp", "conj"):
            return subjects  # a pronoun with nothing above it to stand for
        if current.dep_ in ("xcomp", "conj", "acomp", "ccomp") and current.head.i != current.i:
            current = current.head
            continue
        return subjects
    return []


def _subordinate(verb: Token) -> bool:
    """Is the verb in a clause that sets the scene of the sentence's event ("after crowds
    trashed its embassy", "the parade supporting Gondor")? PETRARCH codes the sentence's
    main clauses and the clauses they report, not these."""
    current = verb
    for _ in range(12):
        if current.dep_ in _SCENE_CLAUSES:
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _passive(verb: Token) -> bool:
    """"Eriador was opposed by Osgiliath" (the small model sometimes tags such a participle
    as an adjective after a plain subject)."""
    deps = {c.dep_ for c in verb.children}
    if "nsubjpass" in deps or "auxpass" in deps or "agent" in deps:
        return True
    return verb.tag_ == "VBN" and any(c.lemma_ == "be" for c in verb.children) and any(
        c.dep_ == "prep" and c.lower_ == "by" for c in verb.children)


def _negated(verb: Token) -> bool:
    """"did not clash", "won't ever clash", "did not even ever clash" (the negation may hang
    on the auxiliary)."""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in _NEGATIONS:
            return True
        if child.dep_ in ("aux", "advmod") and any(c.dep_ == "neg" for c in child.children):
            return True
    return False


def _verb_at(sentence: Sentence, token: Token
             ) -> tuple[VerbEntry, str, tuple[str, ...]] | None:
    index = sentence.dictionaries.verb_index
    lemma = token.lemma_.upper()
    for child in token.children:  # "break down", "cordon off"
        if child.dep_ == "prt":
            found = index.get((lemma, child.text.upper())) or \
                index.get((token.text.upper(), child.text.upper()))
            if found:
                return found[0], found[1], (lemma, child.text.upper())
    if token.i + 1 < len(token.doc):  # a particle the parser took for a preposition
        following = token.nbor(1).text.upper()
        found = index.get((lemma, following)) or index.get((token.text.upper(), following))
        if found:
            return found[0], found[1], (lemma, following)
    if token.i > 0 and token.nbor(-1).dep_ in ("compound", "npadvmod"):  # "wire tapped"
        before = token.nbor(-1).text.upper()
        found = index.get((before, lemma)) or index.get((before, token.text.upper()))
        if found:
            return found[0], found[1], (before, lemma)
    found = index.get((token.text.upper(),))
    if found is None and _inflected(token.text.upper(), lemma):
        found = index.get((lemma,))
    return (found[0], found[1], (lemma,)) if found else None


def _inflected(text: str, lemma: str) -> bool:
    """Is ``text`` a form of the verb ``lemma``: the lemma, a regular inflection of it, or
    an irregular form the parser knows ("fought")? A misspelt regular ending ("departes")
    is not, as PETRARCH would not match it either."""
    if text == lemma or not text.startswith(lemma[:-1] if lemma.endswith("E") else lemma):
        return True  # the lemma itself, or an irregular form
    stem = lemma[:-1] if lemma.endswith("E") else lemma
    sibilant = lemma.endswith(("S", "X", "Z", "CH", "SH", "O"))
    forms = {lemma + ("ES" if sibilant else "S"), stem + "ED", stem + "ING", lemma + "D",
             lemma + lemma[-1] + "ED", lemma + lemma[-1] + "ING"}
    if lemma.endswith("Y"):
        forms |= {lemma[:-1] + "IES", lemma[:-1] + "IED"}
    return text in forms


def code_sentence(span: Span, dictionaries: Dictionaries, day: date | None = None,
                  require_dyad: bool = True) -> list[PatternEvent]:
    """The events of one parsed sentence under the dictionaries, in order."""
    sentence = Sentence(span, dictionaries, day)
    if sentence.discarded():
        return []
    matcher = _Matcher(sentence, dictionaries.set_index)
    events: list[PatternEvent] = []
    used: set[int] = set()  # the second word of a two-word verb ("wire tap") is not a verb
    for token in span:
        if token.pos_ not in ("VERB", "AUX") and token.tag_ not in ("VBN", "VBD"):
            continue
        if token.i in sentence.mention_of or token.i in used or _subordinate(token):
            continue
        found = _verb_at(sentence, token)
        if found is None:
            continue
        entry, code, words = found
        if len(words) > 1 and token.i + 1 < len(sentence.tokens):
            used.add(token.i + 1)
        events.extend(_code_verb(sentence, matcher, token, entry, code, require_dyad,
                                 _negated(token)))
    # As frenemy's own coder does: a bare statement (010) only when nothing more specific
    # was said ("X said Y attacked Z" is the attack, with X as its reporter).
    if any(e.code != "010" for e in events):
        events = [e for e in events if e.code != "010"]
    unique: dict[tuple[str, str | None, str], PatternEvent] = {}
    for event in events:
        unique.setdefault((event.source, event.target, event.code), event)
    return list(unique.values())


def _code_verb(sentence: Sentence, matcher: _Matcher, verb: Token, entry: VerbEntry,
               code: str, require_dyad: bool, negated: bool) -> list[PatternEvent]:
    subjects = _governor_subject(verb)
    passive = any(s.head.i == verb.i for s in subjects) and _passive(verb)
    subject_ids = {t.i for s in subjects for t in s.subtree}
    scope = _scope(verb, subject_ids)
    # A pattern's words before the verb are its subject's: "TROOP *", "&MILITARY * (INTO)",
    # "{AIR STRIKE} *", as nearly all of CAMEO.2.0.txt's are (and as UD-PETRARCH reads them;
    # a few adverbs, "ABRUPTLY *", are the exception).
    before = [t for t in sentence.span if t.i < verb.i and t.i in subject_ids]
    best: tuple[tuple[int, int], Pattern, int | None, int | None] | None = None
    for pattern in entry.patterns:
        matched = _match(matcher, pattern, before, scope, sentence, subjects)
        if matched is None:
            continue
        # the most specific pattern wins: the one asking for the most words, then the one
        # whose words cover most of the sentence ("austrian gold florin" over "florin")
        rank = (pattern.weight, matcher.covered)
        if best is None or rank > best[0]:
            best = (rank, pattern, *matched)
    source_at = target_at = None
    label = entry.name
    if best is not None:
        _, pattern, source_at, target_at = best
        code, label = pattern.code, f"{entry.name}:{pattern.line}"
    if negated:
        # a negated action did not happen, unless the dictionaries say what its negation
        # means ("did not clash" is 050 in UD-PETRARCH's ontology)
        negation = sentence.dictionaries.negations.get(code.partition(":")[0])
        if negation is None:
            return []
        code, label = negation, f"{label}:not"
    if code.startswith("---"):
        return []
    sources = _sources(sentence, verb, subjects, passive, source_at)
    targets: list[tuple[str | None, int | None]] = list(
        _targets(sentence, verb, subjects, passive, scope, target_at))
    if not targets and code[:2] in _JOINT_ROOTS and compound(sentence, subjects):
        # "Gondor and Osgiliath renewed ties": joint action by a compound subject is taken
        # with each other (not so for statements: "X and Y said")
        targets = list(sources)
    if not targets and not require_dyad:
        targets = [(None, None)]
    forward, _, back = code.partition(":")
    events = []
    for source, source_token in sources:
        for target, target_token in targets:
            if target == source:
                continue
            if forward:  # `[:043]` codes only the event back
                events.append(PatternEvent(source, target, forward, verb.i, source_token,
                                           target_token, label))
            if back and target is not None and target_token is not None:
                events.append(PatternEvent(target, source, back, verb.i, target_token,
                                           source_token, label))
    return events


def _match(matcher: _Matcher, pattern: Pattern, before: list[Token], scope: list[Token],
           sentence: Sentence, subjects: list[Token]) -> tuple[int | None, int | None] | None:
    """(source token, target token) a matching pattern names, or None if it fails."""
    source_at = target_at = None
    matcher.marks = {}
    matcher.covered = 0
    cursor = 0
    if "%" in pattern.before and not compound(sentence, subjects):
        return None
    for element in pattern.after:
        if element in ("+", "$"):
            found = next_actor(sentence, scope, cursor)
            if found is None:
                return None
            position, token = found
            if element == "+":
                target_at = token
            else:
                source_at = token
            cursor = position + 1
            continue
        if element in ("^", "%"):
            cursor += 1
            continue
        place = matcher.find(element, scope, cursor)
        if place is None:
            return None
        matcher.covered += place[1] - place[0]
        cursor = place[1]
    cursor = len(before)
    for element in reversed(pattern.before):
        if element in ("+", "$", "^", "%"):
            continue
        start: int | None = None
        for at in range(cursor - 1, -1, -1):
            end = matcher.element_at(element, before, at)
            if end is not None and end <= cursor:
                start = at
                break
        if start is None:
            return None
        cursor = start
    return (matcher.marks.get("$", source_at), matcher.marks.get("+", target_at))


def _sources(sentence: Sentence, verb: Token, subjects: list[Token], passive: bool,
             source_at: int | None) -> list[tuple[str, int]]:
    if source_at is not None:
        return sentence.group(head_of(sentence, source_at))
    if passive:
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return sentence.group(objects[0])
        # "X was criticized over its dispute with Y": without "by", the actor named after
        # the verb is the likeliest agent
        found = next_actor(sentence, _scope(verb, set()), 0)
        return sentence.group(head_of(sentence, found[1])) if found else []
    return [code for subject in subjects for code in sentence.group(subject)]


def _targets(sentence: Sentence, verb: Token, subjects: list[Token], passive: bool,
             scope: list[Token], target_at: int | None) -> list[tuple[str, int]]:
    if target_at is not None:
        return sentence.group(head_of(sentence, target_at))
    if passive:
        return [code for subject in subjects for code in sentence.group(subject)]
    for token in scope:  # the first phrase after the verb that names an actor
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ not in NOUN_PARTS:
            found = sentence.group(token)
            if found:
                return found
        elif token.pos_ in ("NOUN", "PROPN"):
            mention = sentence.mention_of.get(token.i)
            if mention and mention.actor:
                found = sentence.group(head_of(sentence, token.i))
                if found:
                    return found
    return []
