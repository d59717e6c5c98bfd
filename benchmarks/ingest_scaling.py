"""Ingest scale-out: documents/second with 1 and 2 Dask workers, in one run, on this machine.

Usage: .venv/bin/python benchmarks/ingest_scaling.py [--documents N]
The bar (issue 4): 2 workers reach at least 1.6x the documents/second of 1 on >= 500 documents.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from frenemy import IngestOptions, ingest, open_store
from frenemy.workers import WorkerOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def corpus(path: Path, documents: int) -> None:
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(documents):
            article = articles[n % len(articles)]
            handle.write(json.dumps(dict(article, id=f"{article['id']}-{n}",
                                         text=f"Bulletin {n}. {article['text']}")) + "\n")


def run(path: Path, folder: Path, workers: int, chunk: int) -> float:
    options = IngestOptions(batch_size=64,
                            workers=WorkerOptions(workers=workers, chunk_size=chunk))
    started = time.perf_counter()
    with open_store(folder / f"w{workers}.duckdb") as store:
        result = ingest([str(path)], store, options)
    elapsed = time.perf_counter() - started
    return result.documents_added / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--chunk", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "corpus.jsonl"
        corpus(path, args.documents)
        one = run(path, folder, 1, args.chunk)
        two = run(path, folder, 2, args.chunk)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"corpus: {args.documents} documents, chunks of {args.chunk}; wall time includes "
          "starting the cluster and loading the model in each worker")
    print(f"1 worker : {one:.1f} documents/s")
    print(f"2 workers: {two:.1f} documents/s")
    print(f"speed-up : {two / one:.2f}x (bar: at least 1.6x)")


if __name__ == "__main__":
    main()
