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

from frenemy.coding.coder import Coder, CoderOptions
from frenemy.coding.evaluate import default_suite_path, evaluate
from frenemy.model import Document
from frenemy.petrarch.dictionaries import Dictionaries
from frenemy.petrarch.dictionary_coder import DictionaryOptions
from frenemy.petrarch.validation import Suite, ValidationResult, read_suite, validate

SHARED = Path(__file__).resolve().parents[2] / "shared"


def suites(shared: Path) -> None:
    print("## PETRARCH validation suites\n")
    print("| suite | records | expected | found | extra | found % | extra per 100 records |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    readings: list[tuple[str, tuple[int, int, int]]] = []
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
            readings.append((label, _without_credit(suite, result, every)))
    print()
    print("The same without UD-PETRARCH's credit for quiet `noevents` records, and extra events "
          "as a share of the events coded:\n")
    for label, (found, expected, extra) in readings:
        print(f"- {label}: {found}/{expected} = {100 * found / expected:.2f}% found, "
              f"{extra}/{found + extra} = {100 * extra / (found + extra):.2f}% extra")
    print()


def _without_credit(suite: Suite, result: ValidationResult, every: bool) -> tuple[int, int, int]:
    """(events found, events expected, extra events) counting only real expected events."""
    chosen = {r.id: r for r in suite.records if r.evaluate
              and (every or suite.include is None or r.category in suite.include)}
    silent = {i for i, r in chosen.items() if r.no_events and not r.expected}
    noisy = {f["id"] for c in result.categories.values() for f in c.failures} & silent
    credited = len(silent) - len(noisy)
    total = result.total
    return total.found - credited, total.expected - len(silent), total.extra


def lexicons(shared: Path) -> None:
    phoenix = shared / "data" / "petrarch2_dictionaries"
    loaded = Dictionaries.load(DictionaryOptions(directory=phoenix))
    print(f"Phoenix dictionaries: {len(loaded.actors):,} actor entries, {len(loaded.agents):,} "
          f"agents, {sum(len(v.patterns) for v in loaded.verbs.verbs):,} verb patterns, "
          f"{len(loaded.issues)} unreadable lines skipped.\n")
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
        silent = {}
        for label, options in setups.items():
            result = evaluate(suite, path, options)
            print(f"| {label} | " + " | ".join(f"{result.measures[n]:.3f}" for n in names)
                  + " |")
            if suite == "cameo-manual":
                silent[label] = sum(1 for d in result.details if d.get("got") is None)
        print()
        for label, count in silent.items():
            print(f"- {label}: no event at all in {count} of the {result.records} examples "
                  "(`frenemy evaluate cameo-manual --details`, unknown actors allowed)")
        if silent:
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
