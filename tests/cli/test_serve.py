"""`frenemy serve` as a user runs it: a real server process on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from ..conftest import BIN, free_port, frenemy


def test_serve_without_a_database_says_how_to_make_one(tmp_path: Path):
    result = frenemy("serve", "--db", str(tmp_path / "missing.duckdb"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no database at")
    assert "frenemy demo" in result.stderr and "Traceback" not in result.stderr


def test_serve_answers_pages_and_api_until_stopped(demo_db: Path, tmp_path: Path):
    db = tmp_path / "served.duckdb"
    shutil.copy(demo_db, db)
    port = free_port()
    exe = shutil.which("frenemy", path=str(BIN)) or "frenemy"
    server = subprocess.Popen([exe, "serve", "--db", str(db), "--port", str(port)],
                              stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "FRENEMY_TOKEN": ""})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/alerts", timeout=5) as response:
                    alerts = json.load(response)["alerts"]
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert any(a["dyad"] == "AZE-IRN" for a in alerts)
        with urllib.request.urlopen(f"{base}/dyad/IRN/AZE", timeout=10) as response:
            assert b"Iran" in response.read()
        request = urllib.request.Request(f"{base}/api/ingest", data=b'{"text": "x"}',
                                         headers={"Content-Type": "application/json"})
        try:
            urllib.request.urlopen(request, timeout=10)
            raise AssertionError("a read-only server accepted a write")
        except urllib.error.HTTPError as refused:
            assert refused.code == 403
            assert json.load(refused)["error"]["status"] == 403
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert "read-only" in (server.stderr.read() if server.stderr else "")
