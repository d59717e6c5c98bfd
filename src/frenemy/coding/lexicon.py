"""Lexicon: the verb, noun, family and topic patterns of data/verbs.yaml (see docs/lexicon.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from frenemy.errors import ConfigError
from frenemy.taxonomy import cameo_codes

__all__ = ["Rule", "Family", "Lexicon", "lexicon", "SPEECH_FAMILIES"]

# Families whose verb is itself the event (an appeal, a promise, a threat...): the action
# they are about is their topic, not a second event.
SPEECH_FAMILIES = frozenset({"statement", "decline", "deny", "appeal", "intent", "demand",
                             "reject", "threaten", "accuse"})


@dataclass(frozen=True)
class Rule:
    """One pattern: a fixed CAMEO code, or a family whose topic decides the code."""

    pattern: str  # id recorded on every event it fires, e.g. "verb:urge", "noun:talk"
    code: str | None
    family: str | None
    preps: frozenset[str]
    objects: bool = True  # is the direct object the target?
    # Objects that give the word another sense: "shot a video", "released a report".
    not_with: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Family:
    default: str
    topics: tuple[tuple[str, str], ...]  # (topic, code), in priority order


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Rule]
    nouns: dict[str, Rule]
    families: dict[str, Family]
    topics: dict[str, tuple[str, ...]]
    light: frozenset[str]
    intent: frozenset[str]
    aspect: frozenset[str] = frozenset()

    def topic(self, family: str, lemmas: str) -> str | None:
        """The first topic of the family with a keyword in ``lemmas`` (space-padded)."""
        for topic, _ in self.families[family].topics:
            if any(f" {keyword} " in lemmas for keyword in self.topics[topic]):
                return topic
        return None

    def family_code(self, family: str, lemmas: str) -> tuple[str, str | None]:
        """(code, topic) for a family given the lemmas of what the action is about."""
        found = self.topic(family, lemmas)
        codes = dict(self.families[family].topics)
        return (codes[found] if found else self.families[family].default), found


def _words(values: Any) -> frozenset[str]:
    # YAML 1.1 reads a bare `on` as true: prepositions are words, whatever YAML thinks.
    return frozenset("on" if v is True else "off" if v is False else str(v).lower()
                     for v in values)


def _rule(kind: str, key: str, value: Any, default_preps: frozenset[str],
          families: dict[str, Any], cooperation_preps: frozenset[str] | None = None) -> Rule:
    pattern = f"{kind}:{key}"
    code = value if isinstance(value, str) else str(value.get("code", "")) if isinstance(
        value, dict) else ""
    if cooperation_preps is not None and code and code[:2] < "10" and code not in families:
        default_preps = cooperation_preps  # "backed Kyiv against Moscow": Kyiv only
    if isinstance(value, str):
        if value in families:
            return Rule(pattern, None, value, default_preps)
        return Rule(pattern, value, None, default_preps)
    if not isinstance(value, dict) or ("code" not in value and "family" not in value):
        raise ConfigError(f"verbs.yaml: {pattern} needs a code or a family",
                          "Fix the lexicon entry")
    preps = value.get("preps")
    return Rule(pattern, str(value["code"]) if "code" in value else None, value.get("family"),
                _words(preps) if preps is not None else default_preps,
                bool(value.get("objects", True)), _words(value.get("not_with", ())))


def parse_lexicon(raw: dict[str, Any]) -> Lexicon:
    """Build and check a lexicon from its YAML mapping; every code must be a CAMEO code."""
    default = _words(raw["default_preps"])
    raw_families = raw["families"]
    cooperation = _words(raw.get("cooperation_preps", raw["default_preps"]))
    verbs = {k: _rule("verb", k, v, default, raw_families, cooperation)
             for k, v in raw["verbs"].items()}
    nouns = {k: _rule("noun", k, v, frozenset(), raw_families) for k, v in raw["nouns"].items()}
    topics = {name: tuple(str(k).lower() for k in words) for name, words in raw["topics"].items()}
    families = {
        name: Family(str(spec["default"]),
                     tuple((topic, str(code)) for topic, code in spec["topics"].items()))
        for name, spec in raw_families.items()
    }
    codes = cameo_codes()
    for rule in (*verbs.values(), *nouns.values()):
        if rule.code is not None and rule.code not in codes:
            raise ConfigError(f"verbs.yaml: {rule.pattern} has unknown CAMEO code {rule.code}",
                              "Use a code from the CAMEO table")
        if rule.family is not None and rule.family not in families:
            raise ConfigError(f"verbs.yaml: {rule.pattern} names unknown family {rule.family}",
                              "Define the family under `families`")
    for name, family in families.items():
        for topic, code in (*family.topics, ("default", family.default)):
            if topic != "default" and topic not in topics:
                raise ConfigError(f"verbs.yaml: family {name} uses unknown topic {topic}",
                                  "Define the topic under `topics`")
            if code and code not in codes:
                raise ConfigError(f"verbs.yaml: family {name} has unknown code {code}",
                                  "Use a code from the CAMEO table")
    return Lexicon(verbs, nouns, families, topics, _words(raw["light"]), _words(raw["intent"]),
                   _words(raw.get("aspect", ())))


@cache
def lexicon() -> Lexicon:
    """The lexicon shipped in data/verbs.yaml."""
    data = resources.files("frenemy.coding").joinpath("data", "verbs.yaml")
    text = data.read_text(encoding="utf-8")
    return parse_lexicon(yaml.safe_load(text))
