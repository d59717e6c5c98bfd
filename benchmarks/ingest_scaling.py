"""Ingest scale-out: documents/second with 1 and 2 Dask workers, in one run, on this machine.

Usage: .venv/bin/python benchmarks/ingest_scaling.py [--documents N] [--rounds R] [--chunk C]
The bar (issue 4): 2 workers reach at least 1.6x the documents/second of 1 on >= 500 documents.
Starting the cluster and loading the model (some 5 s per run, paid by both set-ups) weigh less
on a bigger corpus, so the default is 2,000 documents.
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
from frenemy.news.workers import WorkerOptions

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def corpus(path: Path, documents: int) -> None:
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(documents):
            article = articles[n % len(articles)]
            handle.write(json.dumps(dict(article, id=f"{article['id']}-{n}",
                                         text=f"Bulletin {n}. {article['text']}")) + "\n")


def run(path: Path, folder: Path, workers: int, chunk: int, batch: int) -> float:
    options = IngestOptions(batch_size=batch,
                            workers=WorkerOptions(workers=workers, chunk_size=chunk))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open_store(folder / f"w{workers}.duckdb") as store:
        result = ingest([str(path)], store, options)
    elapsed = time.perf_counter() - started
    return result.documents_added / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=200, help="documents per transaction")
    args = parser.parse_args()
    rates: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "corpus.jsonl"
        corpus(path, args.documents)
        # Alternate the two set-ups: this machine's speed drifts, and both should see it.
        for number in range(args.rounds):
            for workers in (1, 2):
                rates[workers].append(run(path, folder / f"r{number}", workers, args.chunk,
                                          args.batch))
    one, two = max(rates[1]), max(rates[2])
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print(f"corpus: {args.documents} documents, chunks of {args.chunk}, {args.batch} documents "
          "per transaction; wall time includes "
          "starting the cluster and loading the model in each worker; best of "
          f"{args.rounds} alternating rounds")
    print("1 worker : " + ", ".join(f"{r:.1f}" for r in rates[1]) + " documents/s")
    print("2 workers: " + ", ".join(f"{r:.1f}" for r in rates[2]) + " documents/s")
    print(f"speed-up : {two / one:.2f}x best against best, "
          f"{sorted(rates[2])[len(rates[2]) // 2] / sorted(rates[1])[len(rates[1]) // 2]:.2f}x "
          "median against median (bar: at least 1.6x)")


if __name__ == "__main__":
    main()
