"""Validation: runs PETRARCH validation suites (XML or JSONL) with the dictionaries they name."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from frenemy.errors import InputError
from frenemy.petrarch.dictionaries import Dictionaries
from frenemy.petrarch.dictionary_coder import DictionaryOptions
from frenemy.petrarch.formats import PetrarchSentence, parse_day, parse_petrarch_xml
from frenemy.petrarch.patterns import code_sentence

SuiteRecord = PetrarchSentence

__all__ = ["SuiteRecord", "Suite", "CategoryResult", "ValidationResult", "read_suite",
           "trim_commas", "validate"]

Triple = tuple[str, str, str]


@dataclass
class Suite:
    path: Path
    records: list[SuiteRecord]
    dictionaries: DictionaryOptions
    # the categories its <Environment> <Include> names as tests; None: every category
    include: frozenset[str] | None = None


@dataclass
class CategoryResult:
    records: int = 0
    expected: int = 0
    found: int = 0
    extra: int = 0
    failures: list[dict[str, object]] = field(default_factory=list)

    def add(self, other: CategoryResult) -> None:
        self.records += other.records
        self.expected += other.expected
        self.found += other.found
        self.extra += other.extra
        self.failures += other.failures

    def summary(self) -> dict[str, object]:
        return {"records": self.records, "expected": self.expected, "found": self.found,
                "extra": self.extra,
                "found_pct": round(100 * self.found / self.expected, 2) if self.expected else 0.0,
                # UD-PETRARCH's false-positive rate: extra events per record
                "extra_pct": round(100 * self.extra / self.records, 2) if self.records else 0.0}


@dataclass
class ValidationResult:
    suite: Path
    total: CategoryResult
    categories: dict[str, CategoryResult]
    skipped: int  # records with evaluate="false"
    dictionary_issues: list[str]
    outside: int = 0  # records of categories the suite's <Include> leaves out

    def to_dict(self) -> dict[str, object]:
        return {**self.total.summary(), "skipped": self.skipped, "outside": self.outside,
                "categories": {name: result.summary()
                               for name, result in sorted(self.categories.items())}}


def _read_xml(path: Path) -> Suite:
    """A validation suite in PETRARCH's XML, with the dictionaries its <Environment> names."""
    records, environment = parse_petrarch_xml(path.read_text(encoding="utf-8",
                                                             errors="replace"))
    include = frozenset(environment["Include"].split()) if environment.get("Include") else None
    return Suite(path, records, _environment(path.parent, environment), include)


def _environment(folder: Path, names: dict[str, str]) -> DictionaryOptions:
    if not names:
        return DictionaryOptions(directory=folder)
    return DictionaryOptions(
        verbs=folder / names["Verbfile"] if "Verbfile" in names else None,
        # PETRARCH lists several actor files with commas
        actors=tuple(folder / name.strip() for name in names.get("Actorfile", "").split(",")
                     if name.strip()),
        agents=folder / names["Agentfile"] if "Agentfile" in names else None,
        discards=folder / names["Discardfile"] if "Discardfile" in names else None,
        ontology=folder / names["PICOfile"] if "PICOfile" in names else None)


def _read_jsonl(path: Path) -> Suite:
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            records.append(SuiteRecord(
                str(raw["id"]), str(raw.get("category", "")), str(raw["text"]),
                parse_day(raw.get("date")),
                [(e.get("source", ""), e.get("target", ""), e["code"])
                 for e in raw.get("events", [])],
                str(raw.get("evaluate", "true")).lower() != "false",
                {k: str(v) for k, v in (raw.get("config") or {}).items()},
                no_events=bool(raw.get("noevents"))))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"{path}:{number}: not a suite record ({exc})",
                             "Each line must hold id, text and events") from exc
    # The dictionaries are named in the XML the JSONL was converted from.
    beside = sorted(path.parent.glob("*.xml"))
    if not beside:
        return Suite(path, records, DictionaryOptions(path.parent))
    source = _read_xml(beside[0])
    return Suite(path, records, source.dictionaries, source.include)


def read_suite(path: Path) -> Suite:
    """A validation suite from its XML or its JSONL conversion."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path} does not exist", "Pass a suite's .xml or .jsonl file")
    return _read_jsonl(path) if path.suffix == ".jsonl" else _read_xml(path)


def trim_commas(text: str, config: dict[str, str]) -> str:
    """PETRARCH's comma options: drop comma-delimited clauses whose length in words lies
    strictly between the configured bounds (internal `comma_min/max`, initial `comma_bmin/bmax`,
    terminal `comma_emin/emax`; a maximum of 0 turns a kind off). Only options the suite sets
    apply: frenemy's own parse does not need the trimming."""
    if not any(key.startswith("comma_") for key in config):
        return text

    def bounds(kind: str, low: int, high: int) -> tuple[int, int]:
        def number(key: str, default: int) -> int:
            try:
                return int(config.get(key, default))
            except ValueError:
                return default
        return number(f"comma_{kind}min", low), number(f"comma_{kind}max", high)

    body, stop = (text[:-1], text[-1]) if text.endswith(".") else (text, "")
    parts = body.split(",")
    if len(parts) < 2:
        return text
    keep = [True] * len(parts)

    def within(part: str, limits: tuple[int, int]) -> bool:
        return limits[1] > 0 and limits[0] < len(part.split()) < limits[1]

    keep[0] = not within(parts[0], bounds("b", 0, 0))
    keep[-1] = not within(parts[-1], bounds("e", 2, 8))
    for index in range(1, len(parts) - 1):
        keep[index] = not within(parts[index], bounds("", 2, 8))
    kept = [part for part, wanted in zip(parts, keep, strict=True) if wanted]
    return ",".join(kept).strip() + stop


def _truthy(value: str | None, default: bool) -> bool:
    return default if value is None else value.strip().lower() in ("true", "1", "yes")


def validate(suite: Suite, dictionaries: Dictionaries | None = None,
             all_categories: bool = False) -> ValidationResult:
    """Code every record whose evaluate flag is true, in the categories the suite's
    <Include> names as tests (or in all, with ``all_categories``), and compare with its
    expected events: per category, expected events found and events coded that were not
    expected."""
    from frenemy.coding.nlp import parse as parse_texts

    dictionaries = dictionaries or Dictionaries.load(suite.dictionaries)
    evaluated = [r for r in suite.records if r.evaluate]
    chosen = [r for r in evaluated if all_categories or suite.include is None
              or r.category in suite.include]
    texts = [trim_commas(r.text, r.config) for r in chosen]
    docs = list(parse_texts(texts))
    categories: dict[str, CategoryResult] = {}
    for record, doc in zip(chosen, docs, strict=True):
        produced: list[Triple] = []
        for span in doc.sents:
            for event in code_sentence(span, dictionaries, record.date,
                                       _truthy(record.config.get("require_dyad"), True)):
                produced.append((event.source, event.target or "---", event.code))
        produced = list(dict.fromkeys(produced))
        expected, coded = Counter(record.expected), Counter(produced)
        found = sum((expected & coded).values())
        extra = sum((coded - expected).values())
        wanted = len(record.expected)
        if record.no_events and not record.expected:
            # as UD-PETRARCH's validation counts it: staying quiet is one event found
            wanted, found = 1, int(not produced)
        result = categories.setdefault(record.category, CategoryResult())
        result.add(CategoryResult(1, wanted, found, extra))
        if found < wanted or extra:
            result.failures.append({"id": record.id, "text": record.text,
                                    "expected": sorted(record.expected),
                                    "coded": sorted(produced)})
    total = CategoryResult()
    for result in categories.values():
        total.add(result)
    return ValidationResult(suite.path, total, categories,
                            len(suite.records) - len(evaluated), dictionaries.issues,
                            len(evaluated) - len(chosen))
