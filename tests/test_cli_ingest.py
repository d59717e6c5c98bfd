import json
import os
import signal
import subprocess
from pathlib import Path

from .conftest import BIN, EXAMPLES, dump_tables, frenemy


def _big_corpus(path: Path, copies: int = 16) -> int:
    """Distinct documents built from the sample articles (each copy is a new report)."""
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(copies):
            for article in articles:
                record = dict(article, id=f"{article['id']}-{n}",
                              text=f"Report {n} from our desk. {article['text']}")
                handle.write(json.dumps(record) + "\n")
    return copies * len(articles)


def test_ingest_twice_leaves_identical_rows(tmp_path: Path):
    db = tmp_path / "x.duckdb"
    first = frenemy("ingest", str(EXAMPLES), "--db", str(db))
    assert first.returncode == 0, first.stderr
    before = dump_tables(db)
    second = frenemy("ingest", str(EXAMPLES), "--db", str(db), "--quiet")
    assert second.returncode == 0 and second.stderr == ""
    assert dump_tables(db) == before
    assert len(before["documents"]) == len(EXAMPLES.read_text().splitlines())


def test_db_from_environment(tmp_path: Path):
    db = tmp_path / "env.duckdb"
    result = frenemy("ingest", str(EXAMPLES), "--quiet", env={"FRENEMY_DB": str(db)})
    assert result.returncode == 0 and db.exists()


def test_sigkill_midway_then_rerun_equals_uninterrupted_run(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    total = _big_corpus(corpus)
    assert total >= 200
    clean_db, killed_db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    assert frenemy("ingest", str(corpus), "--db", str(clean_db), "--quiet").returncode == 0

    process = subprocess.Popen(
        [str(BIN / "frenemy"), "ingest", str(corpus), "--db", str(killed_db),
         "--batch-size", "8"],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=os.environ.copy())
    assert process.stderr is not None
    committed = 0
    for line in process.stderr:  # one line per committed batch when stderr is not a terminal
        if line.startswith("committed"):
            committed = int(line.split()[1].split("/")[0])
            if committed >= 40:
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert 40 <= committed < total, "the kill must land midway"

    partial = tmp_path / "partial.duckdb"  # look at the killed state without touching it
    partial.write_bytes(killed_db.read_bytes())
    wal = Path(str(killed_db) + ".wal")
    if wal.exists():
        Path(str(partial) + ".wal").write_bytes(wal.read_bytes())
    stored = len(dump_tables(partial)["documents"])
    assert committed <= stored < total

    rerun = frenemy("ingest", str(corpus), "--db", str(killed_db), "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert dump_tables(killed_db) == dump_tables(clean_db)


def test_summary_and_exit_code_for_partial_input(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Azerbaijan condemned Iran."}\n{oops\n')
    result = frenemy("ingest", str(bad), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert "documents added" in result.stderr and f"{bad}:2" in result.stderr


def test_nothing_ingestible_exits_1(tmp_path: Path):
    result = frenemy("ingest", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 1
    assert "no such file" in result.stderr


def test_urls_and_feeds_are_ingested(tmp_path: Path, site: str):
    db = tmp_path / "x.duckdb"
    result = frenemy("ingest", f"{site}/feed.xml", f"{site}/missing.html", "--db", str(db))
    assert result.returncode == 2, result.stderr  # the feed went in, the missing page did not
    assert "HTTP 404" in result.stderr
    rows = dump_tables(db, ("documents",))["documents"]
    assert {r[2] for r in rows} == {f"{site}/article.html", f"{site}/gone.html"}
    events = [json.loads(line) for line in
              frenemy("events", "--db", str(db), "--json").stdout.splitlines()]
    assert any(e["source"] == "AZE" and e["target"] == "IRN" and e["root"] == "11"
               for e in events)
