"""Coding and ingest speed on copies of the sample corpus; prints a report.

Usage: .venv/bin/python benchmarks/coding_speed.py [--copies N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from frenemy import CoderOptions, Document, IngestOptions, code_documents, ingest, open_store
from frenemy.coding.nlp import load_model, model_name

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def corpus(copies: int) -> list[dict[str, str]]:
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    return [dict(a, id=f"{a['id']}-{n}", text=f"Report {n}. {a['text']}")
            for n in range(copies) for a in articles]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    records = corpus(args.copies)
    started = time.perf_counter()
    load_model()
    load_seconds = time.perf_counter() - started

    documents = [Document(text=r["text"], source_id=r["id"]) for r in records]
    started = time.perf_counter()
    coded = list(code_documents(documents, CoderOptions()))
    code_seconds = time.perf_counter() - started
    sentences = sum(len(c.sentences) for c in coded)
    events = sum(len(c.events) for c in coded)

    store_seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (16, 256):  # the ingest's batches; big ones stage documents through Arrow
            with open_store(Path(tmp) / f"store-{size}.duckdb") as store:
                started = time.perf_counter()
                for start in range(0, len(coded), size):
                    store.add_coded(coded[start : start + size])
                store_seconds[size] = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
        with open_store(Path(tmp) / "bench.duckdb") as store:
            started = time.perf_counter()
            ingest([str(path)], store, IngestOptions())
            ingest_seconds = time.perf_counter() - started
            started = time.perf_counter()
            ingest([str(path)], store, IngestOptions())
            rerun_seconds = time.perf_counter() - started

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, model {model_name()}")
    print(f"corpus: {len(documents)} documents, {sentences} sentences, {events} events")
    print(f"model load: {load_seconds:.2f} s")
    print(f"code (parse + code, no store): {len(documents) / code_seconds:.1f} docs/s, "
          f"{sentences / code_seconds:.1f} sentences/s")
    for size, seconds in store_seconds.items():
        print(f"store only (coded documents, batches of {size}): "
              f"{len(documents) / seconds:.0f} docs/s, {sentences / seconds:.0f} sentences/s")
    print(f"ingest (code + store, batches of 16): {len(documents) / ingest_seconds:.1f} docs/s")
    print(f"re-ingest (all already stored): {len(documents) / rerun_seconds:.1f} docs/s")


if __name__ == "__main__":
    main()
