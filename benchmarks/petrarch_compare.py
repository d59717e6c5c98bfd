"""PETRARCH compatibility: the validation suites, and the built-in lexicon against PETRARCH's
Phoenix dictionaries on the PETRARCH2 gold standard and the CAMEO manual's examples.

Usage: .venv/bin/python benchmarks/petrarch_compare.py [--shared ../shared]
Prints a Markdown report (docs/petrarch.md shows one). Every number comes from the same
library calls as `frenemy validate` and `frenemy evaluate [--dictionaries DIR]`.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from frenemy.coder import Coder, CoderOptions
from frenemy.dictionaries import Dictionaries, DictionaryOptions
from frenemy.evaluate import default_suite_path, evaluate
from frenemy.model import Document
from frenemy.validation import read_suite, validate

SHARED = Path(__file__).resolve().parents[2] / "shared"


def suites(shared: Path) -> None:
    print("## PETRARCH validation suites\n")
    print("| suite | records | expected | found | extra | found % | extra per 100 records |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, file in (("ud_petrarch_2_02", "records.jsonl"), ("petrarch_unit", "records.jsonl")):
        suite = read_suite(shared / "data" / "suites" / name / file)
        for every in (False, True):
            started = time.perf_counter()
            result = validate(suite, all_categories=every)
            seconds = time.perf_counter() - started
            row = result.total.summary()
            label = f"{name} ({'every category' if every else 'its <Include>'}, {seconds:.1f} s)"
            print(f"| {label} | {row['records']} | {row['expected']} | {row['found']} | "
                  f"{row['extra']} | {row['found_pct']:.2f} | {row['extra_pct']:.2f} |")
    print()


def lexicons(shared: Path) -> None:
    phoenix = shared / "data" / "petrarch2_dictionaries"
    setups = {
        "built-in lexicon": CoderOptions(),
        "Phoenix dictionaries": CoderOptions(dictionaries=DictionaryOptions(directory=phoenix)),
        "both (--with-builtin)": CoderOptions(
            dictionaries=DictionaryOptions(directory=phoenix, builtin=True)),
    }
    measures = {
        "petrarch2-gsr": ("precision", "recall", "full_code_precision", "full_code_recall",
                          "noevents_quiet"),
        "cameo-manual": ("root_accuracy", "code_accuracy", "root_in_any_event",
                         "code_in_any_event"),
    }
    for suite, names in measures.items():
        path = default_suite_path(suite, shared)
        print(f"## {suite}\n")
        print("| coder | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        for label, options in setups.items():
            result = evaluate(suite, path, options)
            print(f"| {label} | " + " | ".join(f"{result.measures[n]:.3f}" for n in names)
                  + " |")
        print()


def speed(shared: Path) -> None:
    texts = [record.text for record in read_suite(
        shared / "data" / "suites" / "petrarch2_gsr" / "records.jsonl").records]
    documents = [Document(text=text) for text in texts * 5]
    phoenix = DictionaryOptions(directory=shared / "data" / "petrarch2_dictionaries")
    started = time.perf_counter()
    Dictionaries.load(phoenix)
    loading = time.perf_counter() - started
    print("## Speed\n")
    print(f"Reading and indexing the Phoenix dictionaries: {loading:.1f} s. Coding "
          f"{len(documents)} sentences (the gold standard's, five times) in one process, "
          "parse included, two rounds each:\n")
    print("| coder | sentences/s |")
    print("|---|---:|")
    coders = {"built-in lexicon": Coder(CoderOptions()),
              "Phoenix dictionaries": Coder(CoderOptions(dictionaries=phoenix))}
    rates: dict[str, list[float]] = {label: [] for label in coders}
    for _ in range(2):
        for label, coder in coders.items():
            started = time.perf_counter()
            for _ in coder.code_documents(documents):
                pass
            rates[label].append(len(documents) / (time.perf_counter() - started))
    for label, values in rates.items():
        print(f"| {label} | {' / '.join(f'{v:.0f}' for v in values)} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}\n")
    suites(args.shared)
    lexicons(args.shared)
    speed(args.shared)


if __name__ == "__main__":
    main()
