"""Article-level scoring against gold triples, as the news GUIDELINES say."""

import json
from pathlib import Path

import pytest

from frenemy import InputError
from frenemy.coding.evaluate import evaluate
from frenemy.coding.newseval import event_triple, gold_path_for, score_news
from frenemy.model import Event

from ..conftest import ROOT, frenemy, shared_path

ARTICLES = ROOT / "tests" / "data" / "news" / "articles.jsonl"


def _event(source: str | None, source_country: str | None, target: str | None,
           target_country: str | None, code: str) -> Event:
    return Event("e", "d", 0, None, None, source, None, source_country, target, None,
                 target_country, code, code[:2], 1, 0.0, None, None)


def test_triples_follow_the_guidelines():
    assert event_triple(_event("IRNGOV", "IRN", "AZE", "AZE", "112")) == ("IRN", "AZE", "11")
    assert event_triple(_event("IGOUNO", None, "IRN", "IRN", "020")) == ("IGO", "IRN", "02")
    assert event_triple(_event("ROMGOV", "ROM", "TMP", "TMP", "040")) == ("ROU", "TLS", "04")
    assert event_triple(_event("IRNGOV", "IRN", "AZE", "AZE", "010")) is None  # root 01
    assert event_triple(_event("MIL", None, "AZE", "AZE", "190")) is None  # no country
    assert event_triple(_event("IRN", "IRN", None, None, "190")) is None  # no target


def test_gold_file_beside_the_articles():
    assert gold_path_for(ARTICLES).name == "articles_gold.jsonl"


def test_scores_a_small_news_set():
    score = score_news(ARTICLES)
    assert score.articles == 2  # the article without gold is not scored
    assert score.required == 5
    assert 0 < score.found <= score.required and 0 < score.correct <= score.produced
    assert score.recall == round(score.found / score.required, 4)
    # Consulting matches in either direction; an accusation only as said.
    found = {tuple(t) for d in score.details for t in d["missed"]}
    assert ("AZE", "IRN", "04") not in found
    for detail in score.details:
        for wrong in detail["wrong"]:
            assert wrong["sentence"], "every wrong triple comes with its sentence"


def test_domestic_events_take_the_home_country():
    score = score_news(ARTICLES)
    missed = {tuple(t) for d in score.details for t in d["missed"]}
    assert ("KGZ", "KGZ", "14") not in missed  # protesters -> their own government
    assert ("KGZ", "KGZ", "17") not in missed  # police with no country named: the dateline's


def test_missing_gold_and_no_shared_ids(tmp_path: Path):
    articles = tmp_path / "x.jsonl"
    articles.write_text(json.dumps({"id": "1", "text": "Iran condemned Israel."}) + "\n")
    with pytest.raises(InputError, match="no gold file"):
        score_news(articles)
    (tmp_path / "x_gold.jsonl").write_text(json.dumps({"id": "2", "required": []}) + "\n")
    with pytest.raises(InputError, match="share their ids"):
        score_news(articles)


def test_cli_news_json_and_details():
    result = frenemy("evaluate", "news", "--file", str(ARTICLES), "--json", "--details")
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)
    assert report["suite"] == "news" and report["records"] == 2
    assert {"precision", "recall", "f1"} <= set(report["measures"])
    assert all({"id", "missed", "wrong"} <= set(d) for d in report["details"])


def test_cli_news_needs_its_articles():
    result = frenemy("evaluate", "news")
    assert result.returncode != 0
    assert "Error: the news suite needs its articles" in result.stderr


def test_wikinews_development_set():
    path = shared_path("data", "news", "wikinews_politics.jsonl")
    result = evaluate("wikinews", path)
    assert result.records == 200
    assert result.measures["required"] == 372
    assert result.measures["precision"] >= 0.5 and result.measures["recall"] >= 0.3
