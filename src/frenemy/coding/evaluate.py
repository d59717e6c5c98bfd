"""Evaluation: scores the coder against gold-standard suites and prints the measures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from frenemy.coding.coder import CoderOptions, code_documents
from frenemy.coding.newseval import read_jsonl, score_news
from frenemy.errors import InputError
from frenemy.model import Document, Event
from frenemy.taxonomy import plover_for, split_actor_code

__all__ = ["SUITES", "SuiteResult", "evaluate", "default_suite_path"]


@dataclass
class SuiteResult:
    """Measures of one suite: name -> value (fractions in 0..1 unless named otherwise)."""

    suite: str
    measures: dict[str, float | int] = field(default_factory=dict)
    records: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, details: bool = False) -> dict[str, Any]:
        data = {"suite": self.suite, "records": self.records, "measures": self.measures}
        return {**data, "details": self.details} if details else data


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return read_jsonl(path, "suite file", "Pass --file with the suite's JSONL file")


def _gsr_date(raw: str | None) -> date | None:
    if raw and len(raw) == 8 and raw.isdigit():
        try:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
        except ValueError:
            return None
    return None


def _code_all(texts: list[tuple[str, date | None]], options: CoderOptions) -> list[list[Event]]:
    documents = [Document(text=t, published=d, source_id=str(i))
                 for i, (t, d) in enumerate(texts)]
    return [c.events for c in code_documents(documents, options)]


def _main_event(events: list[Event]) -> Event | None:
    """The event a reader would name first: the one whose trigger is highest in the parse."""
    return min(events, key=lambda e: (e.depth, e.sentence_index, e.trigger_start or 0),
               default=None)


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


def _cameo_manual(path: Path, options: CoderOptions) -> SuiteResult:
    records = _read_jsonl(path)
    result = SuiteResult("cameo-manual", records=len(records))
    for mode, opts in (("", options),
                       ("event_only_", CoderOptions(**{**options.__dict__,
                                                       "unknown_actors": True}))):
        coded = _code_all([(r["text"], None) for r in records], opts)
        root_hits = code_hits = any_root = any_code = 0
        for record, events in zip(records, coded, strict=True):
            expected = record["code"]
            main = _main_event(events)
            root_hits += bool(main and main.root == expected[:2])
            code_hits += bool(main and main.code == expected)
            any_root += any(e.root == expected[:2] for e in events)
            any_code += any(e.code == expected for e in events)
            if mode:
                result.details.append({"expected": expected, "text": record["text"],
                                       "got": main.code if main else None})
        n = len(records)
        result.measures.update({
            f"{mode}root_accuracy": _ratio(root_hits, n),
            f"{mode}code_accuracy": _ratio(code_hits, n),
            f"{mode}root_in_any_event": _ratio(any_root, n),
            f"{mode}code_in_any_event": _ratio(any_code, n),
        })
    return result


def _country(code: str | None) -> str:
    """The actor's country, or its organisation prefix (IGO, IMG...), else ---."""
    if not code or code.startswith("---"):
        return "---"
    country, roles = split_actor_code(code)
    if country:
        return country
    return code[:3] if code[:3] in {"IGO", "IMG", "NGO", "NGM", "MNC"} else "---"


def _petrarch2_gsr(path: Path, options: CoderOptions) -> SuiteResult:
    records = [r for r in _read_jsonl(path) if str(r.get("evaluate", "true")).lower() != "false"]
    result = SuiteResult("petrarch2-gsr", records=len(records))
    coded = _code_all([(r["text"], _gsr_date(r.get("date"))) for r in records], options)
    true_positive = predicted = gold = 0
    full_tp = full_predicted = full_gold = 0
    quiet_total = quiet_ok = 0
    for record, events in zip(records, coded, strict=True):
        got = {(_country(e.source), _country(e.target), e.root) for e in events}
        want = {(_country(x["source"]), _country(x["target"]), x["code"][:2])
                for x in record.get("events", [])}
        got_full = {(e.source or "---", e.target or "---", e.code) for e in events}
        want_full = {(x["source"], x["target"], x["code"]) for x in record.get("events", [])}
        if record.get("noevents"):
            quiet_total += 1
            quiet_ok += not events
        else:
            true_positive += len(got & want)
            predicted += len(got)
            gold += len(want)
            full_tp += len(got_full & want_full)
            full_predicted += len(got_full)
            full_gold += len(want_full)
        result.details.append({"id": record["id"], "text": record["text"],
                               "want": sorted(want), "got": sorted(got)})
    result.measures.update({
        "precision": _ratio(true_positive, predicted),
        "recall": _ratio(true_positive, gold),
        "noevents_quiet": _ratio(quiet_ok, quiet_total),
        "full_code_precision": _ratio(full_tp, full_predicted),
        "full_code_recall": _ratio(full_tp, full_gold),
    })
    return result


def _plover_gsr(path: Path, options: CoderOptions) -> SuiteResult:
    records = _read_jsonl(path)
    result = SuiteResult("plover-gsr", records=len(records))
    opts = CoderOptions(**{**options.__dict__, "unknown_actors": True})
    coded = _code_all([(r["text"], None) for r in records], opts)
    hits = any_hits = 0
    for record, events in zip(records, coded, strict=True):
        main = _main_event(events)
        types = {plover_for(e.code)[0] for e in events}
        hits += bool(main and plover_for(main.code)[0] == record["event"])
        any_hits += record["event"] in types
    result.measures.update({
        "event_type_accuracy": _ratio(hits, len(records)),
        "event_type_in_any_event": _ratio(any_hits, len(records)),
    })
    return result


def _regression(path: Path, options: CoderOptions) -> SuiteResult:
    """Our own suite: sentences with every expected (source, code, target)."""
    records = _read_jsonl(path)
    result = SuiteResult("regression", records=len(records))
    coded = _code_all([(r["text"], date.fromisoformat(r["date"]) if r.get("date") else None)
                       for r in records], options)
    true_positive = predicted = gold = 0
    for record, events in zip(records, coded, strict=True):
        got = {(e.source, e.code, e.target) for e in events}
        want = {(x[0], x[1], x[2]) for x in record["events"]}
        true_positive += len(got & want)
        predicted += len(got)
        gold += len(want)
        if got != want:
            result.details.append({"text": record["text"], "want": sorted(want, key=str),
                                   "got": sorted(got, key=str)})
    result.measures.update({"precision": _ratio(true_positive, predicted),
                            "recall": _ratio(true_positive, gold)})
    return result


def _news(suite: str) -> Callable[[Path, CoderOptions, Path | None], SuiteResult]:
    """Article-level scoring against gold triples (``../shared/data/news/GUIDELINES.md``)."""
    def run(path: Path, options: CoderOptions, gold: Path | None = None) -> SuiteResult:
        score = score_news(path, gold, options, suite)
        return SuiteResult(suite, score.measures, score.articles, score.details)
    return run


def _without_gold(run: Callable[[Path, CoderOptions], SuiteResult]
                  ) -> Callable[[Path, CoderOptions, Path | None], SuiteResult]:
    def scored(path: Path, options: CoderOptions, gold: Path | None = None) -> SuiteResult:
        if gold is not None:
            raise InputError("--gold is for the news suites", "Leave it out for this suite")
        return run(path, options)
    return scored


SUITES: dict[str, tuple[Callable[[Path, CoderOptions, Path | None], SuiteResult],
                        tuple[str, ...]]] = {
    "cameo-manual": (_without_gold(_cameo_manual),
                     ("data", "suites", "cameo_manual_examples.jsonl")),
    "petrarch2-gsr": (_without_gold(_petrarch2_gsr),
                      ("data", "suites", "petrarch2_gsr", "records.jsonl")),
    "plover-gsr": (_without_gold(_plover_gsr), ("data", "plover", "plover_gsr_cameo_manual.jsonl")),
    "regression": (_without_gold(_regression), ()),
    "wikinews": (_news("wikinews"), ("data", "news", "wikinews_politics.jsonl")),
    # Any article file with gold in the same format: --file ARTICLES [--gold GOLD].
    "news": (_news("news"), ()),
}


def default_suite_path(suite: str, shared: Path = Path("../shared")) -> Path:
    """Where a suite's file is: ../shared for the peers' suites, tests/data for ours."""
    if suite == "regression":
        return Path("tests") / "data" / "regression.jsonl"
    if suite == "news":
        raise InputError("the news suite needs its articles",
                         "Pass --file ARTICLES.jsonl (and --gold GOLD.jsonl unless it is "
                         "ARTICLES_gold.jsonl)")
    return shared.joinpath(*SUITES[suite][1])


def evaluate(suite: str, path: Path | None = None, options: CoderOptions | None = None,
             gold: Path | None = None) -> SuiteResult:
    """Score the coder on one suite."""
    if suite not in SUITES:
        raise InputError(f"unknown suite {suite!r}", f"Use one of {', '.join(SUITES)}")
    path = path or default_suite_path(suite)
    if not path.exists():
        raise InputError(f"no suite file at {path}",
                         "Run from the project root with ../shared beside it, or pass --file")
    return SUITES[suite][0](path, options or CoderOptions(), gold)
