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
  sentence.

`#` starts a comment; lines beginning with `<` (the suites' `<!-- -->` headers) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import InputError

__all__ = ["Phrase", "Role", "ActorEntry", "AgentEntry", "Discard", "read_actors",
           "read_agents", "read_discards"]

_ROLE = re.compile(r"\[\s*([^\s\]]+)\s*([^\]]*)\]")
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
        line = raw.split("#", 1)[0].rstrip()
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
