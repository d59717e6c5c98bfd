"""Scale-out on a real Dask LocalCluster: the same database as one process."""

import json
from pathlib import Path

from frenemy import IngestOptions, ingest, open_store
from frenemy.news.workers import WorkerOptions

from ..conftest import EXAMPLES, dump_tables, frenemy


def _corpus(path: Path, copies: int) -> None:
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(copies):
            for article in articles:
                handle.write(json.dumps(dict(article, id=f"{article['id']}-{n}",
                                             text=f"Copy {n}. {article['text']}")) + "\n")


def test_two_worker_cluster_gives_the_same_database(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    _corpus(corpus, 3)
    with open_store(tmp_path / "one.duckdb") as store:
        single = ingest([str(corpus)], store, IngestOptions(batch_size=8))
    options = IngestOptions(batch_size=8, workers=WorkerOptions(workers=2, chunk_size=10))
    with open_store(tmp_path / "two.duckdb") as store:
        distributed = ingest([str(corpus)], store, options)
    assert distributed.documents_added == single.documents_added == 45
    assert distributed.events_added == single.events_added
    assert dump_tables(tmp_path / "two.duckdb") == dump_tables(tmp_path / "one.duckdb")


def test_cli_workers_flag_with_a_shared_shard_folder(tmp_path: Path):
    db, shards = tmp_path / "x.duckdb", tmp_path / "shards"
    shards.mkdir()
    result = frenemy("ingest", str(EXAMPLES), "--db", str(db), "--workers", "2",
                     "--shard-dir", str(shards), "--quiet")
    assert result.returncode == 0, result.stderr
    assert len(dump_tables(db)["documents"]) == 15
    assert not list(shards.iterdir())  # each chunk's shards are removed once stored


def test_shard_dir_needs_a_cluster(tmp_path: Path):
    result = frenemy("ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"),
                     "--shard-dir", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: --shard-dir is for coding on a cluster")


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path):
    result = frenemy("ingest", str(EXAMPLES), "--db", str(tmp_path / "x.duckdb"),
                     "--scheduler", "tcp://127.0.0.1:9", "--quiet")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: cannot reach the Dask cluster")
