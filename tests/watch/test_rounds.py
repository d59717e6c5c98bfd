"""Watch rounds against a real local news site and webhook: only what is new goes in, each
alert is announced and POSTed once, also across restarts, and a failed POST is retried."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from frenemy.errors import InputError
from frenemy.watch.rounds import RoundResult, WatchOptions, watch

from ..conftest import dump_tables
from ..conftest import event_store as _store
from .servers import BASELINE, SPIKE, news_site, webhook


def _rounds(db: Path, sources: list[str], rounds: int, hook: str | None = None
            ) -> list[RoundResult]:
    return list(watch(db, WatchOptions(sources=sources, every=0, rounds=rounds, webhook=hook)))


def test_each_round_ingests_what_is_new_and_announces_each_alert_once(tmp_path: Path):
    db = tmp_path / "watch.duckdb"
    with news_site() as site, webhook() as hook:
        feed = [f"{site.base}/feed.xml"]
        site.publish(BASELINE)
        (first,) = _rounds(db, feed, 1, hook.url)
        assert (first.documents_read, first.documents_added, first.events_added) == (6, 6, 6)
        assert first.new_alerts == [] and first.issues == [] and hook.posts == []

        site.publish(BASELINE + SPIKE)  # the feed now has two more articles
        site.requests.clear()
        second, third = _rounds(db, feed, 2, hook.url)
        assert (second.documents_read, second.documents_added, second.events_added) == (8, 2, 6)
        (alert,) = second.new_alerts
        assert (alert.dyad, alert.start, alert.level) == ("ARM-AZE", date(2023, 2, 13), "large")
        assert second.posted == 1 and second.webhook_error is None
        # Articles already stored are not fetched again: only the feed and the new ones.
        assert site.requests == ["/feed.xml", "/s0.html", "/s1.html", "/feed.xml"]
        assert (third.documents_read, third.documents_added, third.new_alerts) == (8, 0, [])
        (post,) = hook.posts
        assert [(a["dyad"], a["start"], a["level"]) for a in post["alerts"]] == [
            ("ARM-AZE", "2023-02-13", "large")]
        assert post["alerts"][0]["events"] and "ARM-AZE: large escalation" in post["text"]

        before = dump_tables(db)
        (restarted,) = _rounds(db, feed, 1, hook.url)  # a new watch on the same database
        assert dump_tables(db) == before  # a round with nothing new adds nothing
        assert restarted.new_alerts == [] and restarted.posted == 0 and len(hook.posts) == 1
        assert restarted.exit_code == 0


def test_a_failed_webhook_is_reported_and_its_alerts_sent_next_round(tmp_path: Path):
    start = date(2023, 1, 2)
    plan = [(start + timedelta(weeks=w), "IRN", "AZE", "accuse", 1) for w in range(20)]
    plan += [(start + timedelta(weeks=20), "IRN", "AZE", "fight", 6)]
    _store(tmp_path, plan).close()  # tmp_path / "r.duckdb"
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing happened in the capital today.", encoding="utf-8")
    with webhook() as hook:
        hook.status = 500
        (failed,) = _rounds(tmp_path / "r.duckdb", [str(folder)], 1, hook.url)
        assert [a.dyad for a in failed.new_alerts] == ["AZE-IRN"]
        assert failed.webhook_error and "HTTP 500" in failed.webhook_error
        hook.status = 200
        retried, quiet = _rounds(tmp_path / "r.duckdb", [str(folder)], 2, hook.url)
    assert retried.new_alerts == [] and retried.posted == 1 and retried.webhook_error is None
    assert [a["dyad"] for a in hook.posts[0]["alerts"]] == ["AZE-IRN"]
    assert quiet.posted == 0 and len(hook.posts) == 1


def test_stop_ends_the_watch_between_rounds(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing happened in the capital today.", encoding="utf-8")
    options = WatchOptions(sources=[str(folder)], every=3600)
    rounds = []
    for result in watch(tmp_path / "w.duckdb", options):
        rounds.append(result)
        options.stop.set()  # as the CLI's SIGTERM handler does: the wait ends at once
    assert len(rounds) == 1 and rounds[0].documents_added == 1


@pytest.mark.parametrize("sources, message", [
    ([], "nothing to watch"), (["-"], "stdin"), (["no/such/folder"], "no such file"),
])
def test_bad_sources_are_clear_errors(tmp_path: Path, sources: list[str], message: str):
    with pytest.raises(InputError, match=message):
        watch(tmp_path / "w.duckdb", WatchOptions(sources=sources))


def test_a_round_that_finds_the_database_held_is_reported_and_the_next_goes_on(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing happened in the capital today.", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    rounds = watch(db, WatchOptions(sources=[str(folder)], every=0, rounds=3))
    first = next(rounds)
    holder = subprocess.Popen(  # another process opens the database for writing, and waits
        [sys.executable, "-c", f"import duckdb, sys; c = duckdb.connect({str(db)!r}); "
         "print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        busy = next(rounds)
    finally:
        holder.communicate("")  # it closes the database and ends
    last = next(rounds)
    assert first.documents_added == 1 and busy.error and "tried again" in busy.error
    assert busy.exit_code == 1 and last.error is None and last.documents_read == 1
