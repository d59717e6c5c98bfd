"""Coder speed on one core: spaCy parsing alone vs the whole coder, in sentences/second.

Usage: .venv/bin/python benchmarks/coder_speed.py [--copies N]
The acceptance bar (issue 3): the coder adds at most 30% to the parsing time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from frenemy import CoderOptions, Document  # noqa: E402
from frenemy.coder import Coder  # noqa: E402
from frenemy.nlp import load_model, model_name  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    texts = [f"Report {n}. {a['text']}" for n in range(args.copies) for a in articles]
    nlp = load_model()
    coder = Coder(CoderOptions(batch_size=64))
    list(coder.code_documents([Document(text=texts[0])]))  # warm up caches and gazetteer

    parse_best = code_best = float("inf")
    sentences = events = 0
    for _ in range(args.rounds):  # interleaved rounds: both see the same machine state
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=64))
        parse_best = min(parse_best, time.perf_counter() - started)
        sentences = sum(len(list(d.sents)) for d in docs)
        documents = [Document(text=t) for t in texts]
        started = time.perf_counter()
        coded = list(coder.code_documents(documents))
        code_best = min(code_best, time.perf_counter() - started)
        events = sum(len(c.events) for c in coded)

    overhead = (code_best - parse_best) / parse_best
    print(f"machine: {platform.machine()}, 1 of {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, model {model_name()}")
    print(f"corpus: {len(texts)} documents, {sentences} sentences, {events} events "
          f"(best of {args.rounds} rounds)")
    print(f"spaCy parsing alone: {sentences / parse_best:.0f} sentences/s")
    print(f"whole coder (parse + actors + events + dates + places): "
          f"{sentences / code_best:.0f} sentences/s")
    print(f"coder overhead over parsing: {overhead:+.1%} (bar: at most +30%)")


if __name__ == "__main__":
    main()
