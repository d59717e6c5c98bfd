"""Shared fixtures: paths, the reference data in ../shared, and a demo database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent


def shared_path(*parts: str) -> Path:
    """A file under ../shared; skipped when absent, except on CI where it must be there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared")
        pytest.skip(f"{path} not present (reference data lives in ../shared)")
    return path


def frenemy(*args: str, cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    exe = shutil.which("frenemy", path=str(BIN)) or "frenemy"
    return subprocess.run([exe, *args], cwd=cwd, input=input, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


CONTENT_TABLES = ("documents", "sentences", "events", "actors", "document_clusters",
                  "event_mentions")


def dump_tables(db: Path, tables: tuple[str, ...] = CONTENT_TABLES) -> dict[str, list[tuple]]:
    """Every row of the content tables, sorted: two databases are equal when these are."""
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once into a database the tests only read."""
    from frenemy import IngestOptions, ingest, open_store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with open_store(path) as store:
        result = ingest([str(EXAMPLES)], store, IngestOptions())
    assert result.exit_code == 0, result.issues
    return path
