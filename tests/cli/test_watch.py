"""`frenemy watch` as a user runs it: SIGTERM stops it cleanly (exit 0, a summary), and a
restart goes on where it stopped without announcing an alert again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import duckdb
import pytest

from frenemy.cli.watch import parse_every
from frenemy.errors import InputError

from ..conftest import BIN, frenemy
from ..watch.servers import BASELINE, SPIKE, news_site, webhook


def test_sigterm_stops_the_watch_cleanly_and_a_restart_goes_on(tmp_path: Path):
    db = tmp_path / "watch.duckdb"
    with news_site() as site, webhook() as hook:
        site.publish(BASELINE + SPIKE)
        feed = f"{site.base}/feed.xml"
        process = subprocess.Popen(
            [str(BIN / "frenemy"), "watch", feed, "--db", str(db), "--every", "1h",
             "--webhook", hook.url, "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=os.environ.copy())
        assert process.stderr is not None
        lines = []
        for line in process.stderr:  # wait for the first round to end, then stop it
            lines.append(line)
            if line.startswith("round 1"):
                process.send_signal(signal.SIGTERM)
                break
        out, rest = process.communicate(timeout=120)
        log = "".join(lines) + rest
        assert process.returncode == 0, log
        assert "8 new documents of 8 read" in log and "webhook took 1" in log
        assert "stopped by SIGTERM" in log and "round 2" not in log
        (alert,) = [json.loads(line) for line in out.splitlines()]
        assert (alert["dyad"], alert["start"], alert["end"], alert["level"]) == (
            "ARM-AZE", "2023-02-13", "2023-02-19", "large")
        assert alert["events"][0]["code"] in {"190", "194", "195"}
        again = frenemy("watch", feed, "--db", str(db), "--every", "1s", "--rounds", "2",
                        "--webhook", hook.url)
        assert again.returncode == 0, again.stderr
        assert again.stdout == ""  # the alert was announced before the restart
        assert again.stderr.count("0 new documents of 8 read") == 2
        assert "2 rounds done" in again.stderr
        assert len(hook.posts) == 1


def test_a_second_signal_abandons_the_round_in_progress(tmp_path: Path):
    db = tmp_path / "watch.duckdb"
    with news_site() as site:
        site.publish(BASELINE)
        site.stall = "/w2.html"  # the round hangs fetching an article
        process = subprocess.Popen(
            [str(BIN / "frenemy"), "watch", f"{site.base}/feed.xml", "--db", str(db)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
        assert process.stderr is not None
        try:
            assert site.stalled.wait(60)
            process.send_signal(signal.SIGTERM)
            log = ""
            for line in process.stderr:  # the first is taken: stop after the round
                log += line
                if "stopping once the round in progress" in line:
                    break
            process.send_signal(signal.SIGTERM)  # second: stop now
            out, rest = process.communicate(timeout=60)
            log += rest
        finally:
            site.release.set()
            if process.poll() is None:
                process.kill()
        assert process.returncode == 0, log
        assert "stopped by SIGTERM during round 1, which was left" in log and out == ""
    with duckdb.connect(str(db), read_only=True) as conn:  # nothing half-stored
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_bad_arguments_are_one_line_errors(tmp_path: Path):
    missing = frenemy("watch", str(tmp_path / "none"), "--db", str(tmp_path / "w.duckdb"))
    assert missing.returncode == 1
    assert missing.stderr.startswith("Error: no such file or folder") and "Traceback" not in (
        missing.stderr)
    every = frenemy("watch", str(tmp_path), "--every", "soon", "--db", str(tmp_path / "w.db"))
    assert every.returncode == 1 and "Write it as 30s, 15m or 1h" in every.stderr


def test_intervals():
    assert [parse_every(t) for t in ("30s", "15m", "1h", "1h30m", "90", "0.5s")] == [
        30, 900, 3600, 5400, 90, 0.5]
    with pytest.raises(InputError):
        parse_every("15 minutes")
