"""Article-level scoring of coded news against gold (source, target, root) triples."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frenemy.coding.coder import CoderOptions, code_documents
from frenemy.coding.dates import parse_iso_date
from frenemy.errors import InputError
from frenemy.model import Document, Event
from frenemy.taxonomy import countries

__all__ = ["NewsScore", "score_news", "event_triple", "gold_path_for", "read_jsonl"]

# Roots whose direction the guidelines do not score: consulting, cooperating, yielding and
# fighting are read as mutual.
_UNDIRECTED_ROOTS = frozenset({"03", "04", "05", "06", "08", "19"})
# Old CAMEO country codes that equal today's ISO codes (countries.csv's ISO column gives the
# rest: GZS and WSB are PSE).
_OLD_CODES = {"ROM": "ROU", "TMP": "TLS", "ZAR": "COD"}
# Nagorno-Karabakh's own code also accepts either of the two states.
_ALSO_ACCEPTS = {"NKR": ("ARM", "AZE")}

Triple = tuple[str, str, str]


def _iso(country: str) -> str:
    """A CAMEO country code as its ISO code: ROM is ROU, GZS (Gaza) and WSB are PSE."""
    country = _OLD_CODES.get(country, country)
    known = countries().get(country)
    if known is not None and known.kind == "country" and len(known.iso3) == 3:
        return known.iso3
    return country


def _side(country: str | None, code: str | None) -> str | None:
    """The country a side is scored as: its country, IGO for any IGO code, else nothing
    (a region such as Africa or Baghdad is no country)."""
    if code and code.startswith("IGO"):
        return "IGO"
    if country and (country not in countries() or countries()[country].kind == "country"):
        return _iso(country)
    return None


def event_triple(event: Event) -> Triple | None:
    """(source country, target country, root) as the guidelines score it, or None when the
    event is not scored (root 01, or a side without a country)."""
    if event.root == "01":
        return None
    source = _side(event.source_country, event.source)
    target = _side(event.target_country, event.target)
    if source is None or target is None:
        return None
    return source, target, event.root


def _gold_keys(triple: list[str]) -> set[Triple]:
    """Every produced triple that counts as this gold triple."""
    source, target, root = _iso(triple[0]), _iso(triple[1]), triple[2]
    if source.startswith("IGO"):
        source = "IGO"
    if target.startswith("IGO"):
        target = "IGO"
    sources = {source, *_ALSO_ACCEPTS.get(source, ())}
    targets = {target, *_ALSO_ACCEPTS.get(target, ())}
    keys = {(s, t, root) for s in sources for t in targets}
    if root in _UNDIRECTED_ROOTS:
        keys |= {(t, s, root) for s in sources for t in targets}
    return keys


@dataclass
class NewsScore:
    """Precision and recall over articles, with per-article misses and wrong triples."""

    suite: str
    articles: int = 0
    produced: int = 0
    correct: int = 0  # produced triples that are required or optional
    required: int = 0
    found: int = 0  # required triples produced
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return round(self.correct / self.produced, 4) if self.produced else 0.0

    @property
    def recall(self) -> float:
        return round(self.found / self.required, 4) if self.required else 0.0

    @property
    def measures(self) -> dict[str, float]:
        f1 = (2 * self.precision * self.recall / (self.precision + self.recall)
              if self.precision + self.recall else 0.0)
        return {"precision": self.precision, "recall": self.recall, "f1": round(f1, 4),
                "produced": self.produced, "correct": self.correct,
                "required": self.required, "required_found": self.found}


def read_jsonl(path: Path, what: str, how_to_fix: str = "Pass the path of a JSONL file"
               ) -> list[dict[str, Any]]:
    """The records of a JSON-lines file; an unreadable file or line is an InputError."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the {what} {path} ({exc})", how_to_fix) from exc
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})",
                             f"Fix the line; the {what} is one JSON object per line") from exc
    return records


def gold_path_for(articles: Path) -> Path:
    """The gold file beside an article file: ``x.jsonl`` -> ``x_gold.jsonl``."""
    return articles.with_name(f"{articles.stem}_gold{articles.suffix}")


def _score_article(article_id: str, events: list[Event], sentences: dict[int, str],
                   gold: dict[str, Any], score: NewsScore) -> None:
    required = [t for t in gold.get("required", []) if t[2] != "01"]
    optional = [t for t in gold.get("optional", []) if t[2] != "01"]
    accepted: set[Triple] = set()
    for triple in required + optional:
        accepted |= _gold_keys(triple)
    produced: dict[Triple, Event] = {}
    for event in events:
        triple = event_triple(event)
        if triple is not None:
            produced.setdefault(triple, event)
    wrong = [t for t in produced if t not in accepted]
    missed = [t for t in required if not _gold_keys(t) & produced.keys()]
    score.articles += 1
    score.produced += len(produced)
    score.correct += len(produced) - len(wrong)
    score.required += len(required)
    score.found += len(required) - len(missed)
    if wrong or missed:
        score.details.append({
            "id": article_id,
            "missed": [list(t) for t in missed],
            "wrong": [{"triple": list(t), "source": produced[t].source,
                       "target": produced[t].target, "code": produced[t].code,
                       "sentence": sentences.get(produced[t].sentence_index, "")}
                      for t in wrong],
        })


def score_news(articles: Path, gold: Path | None = None, options: CoderOptions | None = None,
               suite: str = "news") -> NewsScore:
    """Code every article (title and text) and score its set of triples against the gold."""
    gold = gold or gold_path_for(articles)
    if not gold.exists():
        raise InputError(f"no gold file at {gold}", "Pass --gold with the gold triples' JSONL")
    gold_by_id = {str(g["id"]): g for g in read_jsonl(gold, "gold file")}
    records = [r for r in read_jsonl(articles, "article file") if str(r.get("id")) in gold_by_id]
    if not records:
        raise InputError(f"no article of {articles} has gold triples in {gold}",
                         "Check that the two files share their ids")
    documents = [Document(text=str(r.get("text") or ""), title=r.get("title"),
                          published=parse_iso_date(str(r.get("date") or "")),
                          source_id=str(r["id"])) for r in records]
    score = NewsScore(suite)
    for record, coded in zip(records, code_documents(documents, options or CoderOptions()),
                             strict=True):
        sentences = {s.sentence_index: s.text for s in coded.sentences}
        _score_article(str(record["id"]), coded.events, sentences, gold_by_id[str(record["id"])],
                       score)
    return score
