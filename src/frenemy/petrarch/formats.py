"""Petrarch: readers for PETRARCH-2 / TABARI dictionaries (actors, agents, discards).

Users of PETRARCH own dictionaries built over years; these readers turn them into plain data
that frenemy's lexicon can use. Formats, as the files document them:

- actors: a phrase (words joined by `_`; a trailing `_` means the last word must match
  exactly, otherwise it is a stem) with its code in brackets, `[IRN]`, or on the following
  lines, one role a line, dated `[AFGGOV 011222-141231]`, `[AFGGOV >011222]` (from) or
  `[AFGELI <750101]` (until); `+PHRASE` lines add synonyms to the entry above;
- agents: `PHRASE {PLURALS} [~CODE]`, where `~GOV` adds GOV after the country code and `GOV~`
  before it; `{}` means the regular plural; `!NAME! = A, B` defines substitutions used as
  `!NAME!` inside phrases;
- discards: one phrase a line; `+` marks a phrase that discards the whole story, not only its
  sentence;
- verbs: synonym sets (`&NAME` then `+PHRASE` lines) and blocks `--- NAME [CODE] ---` listing
  verbs (`WORD {FORMS}`, `+MULTI_WORD {+FORMS}`, optionally with their own `[CODE]`) and the
  block's patterns, `- BEFORE * AFTER [CODE]`, where `{A B}` is a noun phrase, `(P X)` a
  prepositional phrase, `&NAME` a synonym set, `+` the target, `$` the source, `^` any one
  word, and `[A:B]` codes A from source to target and B back; `[---]` codes nothing.

`#` starts a comment; lines beginning with `<` (the suites' `<!-- -->` headers) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from pathlib import Path

from frenemy.errors import InputError

__all__ = ["PetrarchSentence", "parse_petrarch_xml", "parse_day", "Phrase", "Role",
           "ActorEntry", "AgentEntry", "Discard", "Pattern", "VerbEntry",
           "VerbDictionary", "read_actors", "read_agents", "read_discards", "read_verbs",
           "read_negations", "regular_forms"]

_ROLE = re.compile(r"\[\s*([^\s\]]+)\s*([^\]]*)\]")
# `#` starts a comment, except inside a code in brackets (the suites test `[###]`).
_COMMENT = re.compile(r"#(?![^\[]*\]).*$")
_SUBSTITUTION = re.compile(r"^(![A-Z0-9_]+!)\s*=\s*(.+)$")


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]  # upper case
    exact: bool  # the last word must match whole (a trailing `_`), else it is a stem

    @classmethod
    def parse(cls, text: str) -> Phrase:
        text = text.strip().upper()
        exact = text.endswith("_")
        words = tuple(w for w in re.split(r"[_\s]+", text) if w)
        return cls(words, exact)


@dataclass(frozen=True)
class Role:
    code: str
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass
class ActorEntry:
    phrases: list[Phrase]
    roles: list[Role] = field(default_factory=list)
    line: int = 0

    def code_on(self, day: date | None) -> str | None:
        """The code in force on the day: the first dated role that holds, else the first
        undated one."""
        if day is not None:
            for role in self.roles:
                if (role.start or role.end) and role.holds_on(day):
                    return role.code
        undated = [r for r in self.roles if r.start is None and r.end is None]
        return undated[0].code if undated else (self.roles[0].code if self.roles else None)


@dataclass(frozen=True)
class AgentEntry:
    phrases: tuple[Phrase, ...]  # the phrase, its plurals and substitutions
    code: str  # without the tilde
    after_country: bool  # `~GOV`: IRN + GOV; `GOV~`: GOV + IRN


@dataclass(frozen=True)
class Discard:
    phrase: Phrase
    whole_story: bool


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})", "Check the path") from exc
    found = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw).rstrip()
        if line.strip() and not line.lstrip().startswith("<"):
            found.append((number, line))
    return found


def _date(text: str, path: Path, number: int) -> date:
    digits = text.strip()
    try:
        if len(digits) == 6:  # YYMMDD, as TABARI wrote them
            year = int(digits[:2])
            return date(1900 + year if year >= 30 else 2000 + year, int(digits[2:4]),
                        int(digits[4:]))
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        pass
    raise InputError(f"{path}:{number}: {text!r} is not a date", "Write YYMMDD or YYYYMMDD")


def _role(code: str, dates: str, path: Path, number: int) -> Role:
    dates = dates.strip()
    if not dates:
        return Role(code.upper())
    if dates.startswith(">"):
        return Role(code.upper(), start=_date(dates[1:], path, number))
    if dates.startswith("<"):
        return Role(code.upper(), end=_date(dates[1:], path, number))
    start, _, end = dates.partition("-")
    return Role(code.upper(), _date(start, path, number), _date(end, path, number))


def read_actors(path: Path, issues: list[str] | None = None) -> list[ActorEntry]:
    """Every entry of a PETRARCH actor dictionary, in file order. A line that cannot be read
    (real dictionaries have typos such as a 7-digit date) is skipped and reported in
    ``issues`` as "file:line: reason"; without an issues list it raises InputError."""
    entries: list[ActorEntry] = []
    for number, line in _lines(Path(path)):
        try:
            _actor_line(entries, line.strip(), Path(path), number)
        except InputError as exc:
            if issues is None:
                raise
            issues.append(exc.message)
    return entries


def _actor_line(entries: list[ActorEntry], text: str, path: Path, number: int) -> None:
    if text.startswith("+"):
        if not entries:
            raise InputError(f"{path}:{number}: a synonym before any actor",
                             "Put `+PHRASE` lines under their actor")
        entries[-1].phrases.append(Phrase.parse(text[1:]))
        return
    roles = [_role(code, dates, path, number) for code, dates in _ROLE.findall(text)]
    phrase = _ROLE.sub("", text).strip()
    if phrase:
        entries.append(ActorEntry([Phrase.parse(phrase)], roles, number))
    elif roles and entries:
        entries[-1].roles.extend(roles)
    elif roles:
        raise InputError(f"{path}:{number}: a role before any actor",
                         "Put `[CODE]` lines under their actor")


def read_agents(path: Path, issues: list[str] | None = None) -> list[AgentEntry]:
    """Every agent of a PETRARCH agents dictionary, with plurals and substitutions spelled
    out; unreadable lines are reported in ``issues`` (or raise without it)."""
    substitutions: dict[str, list[str]] = {}
    entries = []
    for number, line in _lines(Path(path)):
        text = line.strip()
        defined = _SUBSTITUTION.match(text)
        if defined:
            substitutions[defined.group(1)] = [w.strip().upper() for w in
                                               defined.group(2).split(",") if w.strip()]
            continue
        found = _ROLE.search(text)
        if not found:
            problem = InputError(f"{path}:{number}: an agent without a [~CODE]",
                                 "Write PHRASE [~CODE]")
            if issues is None:
                raise problem
            issues.append(problem.message)
            continue
        raw_code = found.group(1)
        head = text[:found.start()]
        plural_text = ""
        if "{" in head:
            head, _, rest = head.partition("{")
            plural_text = rest.partition("}")[0]
        base = head.strip()
        forms = [base]
        if "{" in text:
            forms += ([p.strip() for p in plural_text.split(",") if p.strip()]
                      if plural_text.strip() else [_plural(base)])
        phrases = []
        for form in forms:
            for spelled in _substitute(form.upper(), substitutions):
                phrases.append(Phrase.parse(spelled))
        entries.append(AgentEntry(tuple(phrases), raw_code.strip("~").upper(),
                                  after_country=raw_code.startswith("~")))
    return entries


def _plural(phrase: str) -> str:
    """The regular English plural of a phrase's last word."""
    head, _, last = phrase.rstrip("_").rpartition("_")
    if last.upper().endswith(("S", "X", "CH", "SH")):
        last += "ES"
    elif last.upper().endswith("Y") and last[-2:-1].upper() not in "AEIOU":
        last = last[:-1] + "IES"
    else:
        last += "S"
    return f"{head}_{last}" if head else last


def _substitute(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    for marker, words in substitutions.items():
        if marker in phrase:
            return [spelled for word in words
                    for spelled in _substitute(phrase.replace(marker, word, 1), substitutions)]
    return [phrase]


def read_discards(path: Path) -> list[Discard]:
    """Every phrase of a PETRARCH discards dictionary."""
    found = []
    for _, line in _lines(Path(path)):
        text = line.strip()
        whole = text.startswith("+")
        found.append(Discard(Phrase.parse(text.lstrip("+")), whole))
    return found


@dataclass(frozen=True)
class Pattern:
    before: tuple[str, ...]  # elements before the verb, nearest last
    after: tuple[str, ...]  # elements after it: words, `&SET`, `{...}`, `(...)`, `+`, `$`, `^`
    code: str  # `050`, `043:042` (and back), or `---` for no event
    line: int

    @property
    def weight(self) -> int:
        """How specific the pattern is: the words it asks for."""
        return sum(len(_element_words(e)) for e in self.before + self.after) + (
            2 * ("%" in self.before))  # a compound subject is asked for too


def _element_words(element: str) -> list[str]:
    return [w for w in re.split(r"[\s{}()_]+", element) if w and w not in "+$^%"]


@dataclass
class VerbEntry:
    name: str
    code: str
    forms: dict[tuple[str, ...], str]  # verb words (lemma or inflected form) -> own code
    patterns: list[Pattern]
    line: int


@dataclass
class VerbDictionary:
    synsets: dict[str, list[Phrase]]
    verbs: list[VerbEntry]

    def index(self) -> dict[tuple[str, ...], tuple[VerbEntry, str]]:
        """Verb words (one or several) -> (their block, their code): the forms listed, then
        the regular inflections of each verb's first word, as PETRARCH generates them
        (STAGE: STAGES, STAGED, STAGING)."""
        found: dict[tuple[str, ...], tuple[VerbEntry, str]] = {}
        for entry in self.verbs:
            for words, code in entry.forms.items():
                found.setdefault(words, (entry, code))
        for entry in self.verbs:
            for words, code in entry.forms.items():
                for form in regular_forms(words[0]):
                    found.setdefault((form, *words[1:]), (entry, code))
        return found


def regular_forms(verb: str) -> list[str]:
    """The regular inflections of an upper-case English verb: -S, -ED, -ING, with the usual
    spelling changes (and a doubled final consonant, "STOPPED", as a variant)."""
    if len(verb) < 2 or not verb.isalpha():
        return []
    vowels = "AEIOU"
    if verb.endswith("Y") and verb[-2] not in vowels:
        return [verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"]
    third = verb + ("ES" if verb.endswith(("S", "X", "Z", "CH", "SH", "O")) else "S")
    if verb.endswith("E"):
        return [third, verb + "D", (verb if verb.endswith("EE") else verb[:-1]) + "ING"]
    forms = [third, verb + "ED", verb + "ING"]
    if verb[-1] not in vowels + "WXY" and verb[-2] in vowels and (len(verb) < 3
                                                                    or verb[-3] not in vowels):
        forms += [verb + verb[-1] + "ED", verb + verb[-1] + "ING"]
    return forms


_BLOCK = re.compile(r"^-{3}\s*(.+?)\s*\[([^\]]*)\]\s*-{3}")
_PATTERN_CODE = re.compile(r"\[\s*([^\]\s]+)\s*\]\s*$")


def _pattern_elements(text: str) -> list[str]:
    """Split a pattern into elements, keeping `{...}` and `(...)` groups whole."""
    elements, depth, current = [], 0, ""
    for char in text:
        if char in "{(":
            if depth == 0 and current.strip():
                elements.append(current.strip())
                current = ""
            depth += 1
        if char in "})":
            depth = max(0, depth - 1)
            current += char
            if depth == 0:
                elements.append(current.strip())
                current = ""
            continue
        if char.isspace() and depth == 0:
            if current.strip():
                elements.append(current.strip())
            current = ""
            continue
        current += char
    if current.strip():
        elements.append(current.strip())
    return elements


def read_verbs(path: Path, issues: list[str] | None = None) -> VerbDictionary:
    """The synonym sets and verb blocks of a PETRARCH-2 verb dictionary (CAMEO.2.0.txt and
    the suites' verb files); unreadable lines are reported in ``issues`` (or raise)."""
    path = Path(path)
    synsets: dict[str, list[Phrase]] = {}
    verbs: list[VerbEntry] = []
    current_set: str | None = None
    for number, line in _lines(path):
        text = line.strip()
        try:
            block = _BLOCK.match(text)
            if block:
                current_set = None
                verbs.append(VerbEntry(block.group(1).upper(), block.group(2).strip().upper(),
                                       {}, [], number))
            elif text.startswith("&"):
                current_set = text.split()[0].upper()
                synsets.setdefault(current_set, [])
            elif current_set is not None and text.startswith("+"):
                synsets[current_set].append(Phrase.parse(text[1:].strip("() ")))
            elif text.startswith(("-", "*")):
                if not verbs:
                    raise InputError(f"{path}:{number}: a pattern before any verb block",
                                     "Put patterns under a `--- VERB [CODE] ---` line")
                verbs[-1].patterns.append(_pattern(text, path, number))
            elif verbs:
                _verb_line(verbs[-1], text)
            else:
                raise InputError(f"{path}:{number}: a line outside any block",
                                 "Start synonym sets with & and verbs with ---")
        except InputError as exc:
            if issues is None:
                raise
            issues.append(exc.message)
    return VerbDictionary(synsets, verbs)


def _pattern(text: str, path: Path, number: int) -> Pattern:
    found = _PATTERN_CODE.search(text)
    if not found:
        raise InputError(f"{path}:{number}: a pattern without a [CODE]",
                         "End the pattern with its code in brackets")
    # TABARI joins words to the verb with `_` (`IN_*`); the order is what we keep of it.
    body = re.sub(r"_?\*_?", " * ", text[:found.start()].lstrip("-")).strip()
    elements = [e.upper() for e in _pattern_elements(body)]
    if "*" not in elements:
        raise InputError(f"{path}:{number}: a pattern without `*` for the verb",
                         "Mark the verb's place with *")
    star = elements.index("*")
    return Pattern(tuple(elements[:star]), tuple(elements[star + 1:]),
                   found.group(1).upper(), number)


def _verb_line(entry: VerbEntry, text: str) -> None:
    own = _PATTERN_CODE.search(text)
    code = own.group(1).upper() if own else entry.code
    if own:
        text = text[:own.start()]
    head, _, forms = text.partition("{")
    for form in [head] + forms.partition("}")[0].split():
        # `+` marks the verb inside a multi-word form (`WIRE_+TAP`); the words are what count
        words = tuple(w.strip("+") for w in re.split(r"[_\s]+", form.strip().upper())
                      if w.strip("+"))
        if words:
            entry.forms.setdefault(words, code)


@dataclass
class PetrarchSentence:
    """One <Sentence> of a PETRARCH input or validation file."""

    id: str
    category: str
    text: str
    date: date | None
    expected: list[tuple[str, str, str]]  # (source, target, code) of its <EventCoding>s
    evaluate: bool = True
    config: dict[str, str] = field(default_factory=dict)
    source: str | None = None  # the news agency, in input files
    no_events: bool = False  # `<EventCoding noevents="True">`: nothing must be coded


def parse_day(text: str | None) -> date | None:
    """A PETRARCH date (YYYYMMDD), or None."""
    if not text:
        return None
    try:
        return datetime.strptime(text.strip()[:8], "%Y%m%d").date()
    except ValueError:
        return None


_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse_petrarch_xml(text: str) -> tuple[list[PetrarchSentence], dict[str, str]]:
    """The sentences of PETRARCH's input or validation XML, and the dictionary file names
    its <Environment> gives. Read tolerantly: the files are not well-formed XML (bare `&`,
    `<PLEvent {...}>` lines), so tags are found with a scanner rather than an XML parser;
    each <Config> option holds for the sentences after it."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    environment: dict[str, str] = {}
    for name in ("Verbfile", "Actorfile", "Agentfile", "Discardfile", "PICOfile", "Include"):
        found = re.search(rf"<{name}>\s*([^<]+?)\s*</{name}>", text)
        if found:
            environment[name] = found.group(1)
    config: dict[str, str] = {}
    records: list[PetrarchSentence] = []
    for block in re.finditer(r"<Config([^>]*)>|<Sentence\b([^>]*)>(.*?)</Sentence>", text, re.S):
        if block.group(1) is not None:
            attributes = dict(_ATTRIBUTE.findall(block.group(1)))
            if "option" in attributes:
                config[attributes["option"]] = attributes.get("value", "")
            continue
        attributes = dict(_ATTRIBUTE.findall(block.group(2)))
        body = block.group(3)
        expected = []
        for coding in re.finditer(r"<EventCoding\b([^>]*)>", body):
            fields = dict(_ATTRIBUTE.findall(coding.group(1)))
            if "eventcode" in fields:
                expected.append((fields.get("sourcecode", ""), fields.get("targetcode", ""),
                                 fields["eventcode"]))
        sentence = re.search(r"<Text>(.*?)</Text>", body, re.S)
        records.append(PetrarchSentence(
            attributes.get("id", f"record-{len(records) + 1}"), attributes.get("category", ""),
            " ".join(unescape(sentence.group(1) if sentence else "").split()),
            parse_day(attributes.get("date")), expected,
            attributes.get("evaluate", "true").lower() != "false", dict(config),
            attributes.get("source"), 'noevents="true"' in body.lower()))
    return records, environment


_NEGATION = re.compile(r"^(?:-?0xFFFF\+(0x[0-9A-F]+)|(0x[0-9A-F]+)[+-]0xFFFF)$", re.I)


def read_negations(path: Path) -> dict[str, str]:
    """From UD-PETRARCH's internal coding ontology (PICO), the codes defined as the negation
    of another (`110:...#0xFFFF+0x0080`: disapprove is "not 050"): code -> the code a negated
    verb of that code becomes ("did not clash" -> 050). Codes masked with 0x300 ("these do
    not code") are left out."""
    values: dict[str, int] = {}
    negated: dict[str, int] = {}
    try:  # `#` separates fields here, so the lines are read whole
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})", "Check the path") from exc
    for line in text.splitlines():
        code, _, rest = line.strip().partition(":")
        fields = [f.strip() for f in rest.split("#") if f.strip()]
        if not code.strip().isdigit() or not fields:
            continue
        try:
            values.setdefault(code.strip(), int(fields[0], 16))
        except ValueError:
            pass
        for field_text in fields:
            found = _NEGATION.match(field_text.replace(" ", ""))
            if found:
                negated[code.strip()] = int(found.group(1) or found.group(2), 16)
    by_value: dict[int, str] = {}
    for code, value in values.items():
        by_value.setdefault(value, code)
    return {code: by_value[value] for code, value in negated.items() if value in by_value}
