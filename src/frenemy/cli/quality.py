"""CLI for the coder's quality: `frenemy evaluate` (gold suites) and `validate` (PETRARCH)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from frenemy.cli.common import (
    ActorsOption,
    AgentsOption,
    BuiltinOption,
    DictionariesOption,
    DiscardsOption,
    VerbsOption,
    coder_options,
    dictionary_options,
    err,
    out,
)
from frenemy.petrarch.dictionary_coder import DictionaryOptions

__all__ = ["commands"]

commands = typer.Typer()


@commands.command(name="evaluate")
def evaluate_command(
    suites: Annotated[list[str] | None, typer.Argument(
        help="cameo-manual, petrarch2-gsr, plover-gsr, regression, wikinews (default: all of "
        "these), news (with --file)")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="The suite's JSONL file "
                                              "(default: ../shared/..., tests/data/...)")] = None,
    gold: Annotated[Path | None, typer.Option(
        "--gold", help="news: the gold triples (default: ARTICLES_gold.jsonl beside --file)")
    ] = None,
    shared: Annotated[Path, typer.Option(help="Where the shared reference data is")] = Path(
        "../shared"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the measures as JSON")] = False,
    details: Annotated[bool, typer.Option(help="Also list the records scored wrong")] = False,
    dictionaries: DictionariesOption = None,
    verbs: VerbsOption = None,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    discards: DiscardsOption = None,
    with_builtin: BuiltinOption = False,
) -> None:
    """Score the coder against gold-standard suites and print the measures."""
    from frenemy.coding.evaluate import SUITES, default_suite_path, evaluate

    petrarch = dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                  with_builtin)
    options = coder_options(actors, dictionaries=petrarch)

    names = suites or [name for name in SUITES if name != "news"]
    results = []
    for name in names:
        path = file if file and len(names) == 1 else None
        if name in SUITES and path is None:
            path = default_suite_path(name, shared)
        result = evaluate(name, path, options, gold)
        results.append(result)
        if as_json:
            continue
        table = Table("measure", "value", title=f"{name} ({result.records} records)")
        for measure, value in result.measures.items():
            table.add_row(measure, f"{value:.3f}" if isinstance(value, float) else str(value))
        out.print(table)
        if details:
            for item in result.details:
                out.print(json.dumps(item, ensure_ascii=False, default=str), markup=False)
    if as_json:
        print(json.dumps([r.to_dict(details) for r in results], ensure_ascii=False, default=str))


@commands.command(name="validate")
def validate_command(
    file: Annotated[Path, typer.Argument(help="A PETRARCH validation suite: its XML, or the "
                                         "JSONL conversion beside it")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the totals as JSON")] = False,
    details: Annotated[bool, typer.Option(help="Also list every failure")] = False,
    all_categories: Annotated[bool, typer.Option(
        "--all-categories", help="Also score categories the suite's <Include> leaves out")
    ] = False,
    dictionaries: DictionariesOption = None,
    verbs: VerbsOption = None,
    actors: ActorsOption = None,
    agents: AgentsOption = None,
    discards: DiscardsOption = None,
) -> None:
    """Run a PETRARCH validation suite with the dictionaries it names (or those given):
    per category, records, expected events, found and extra."""
    from frenemy.petrarch.validation import read_suite, validate

    suite = read_suite(file)
    # A folder given replaces the suite's dictionaries; files given replace them one by one.
    base = suite.dictionaries if dictionaries is None else DictionaryOptions(dictionaries)
    given = DictionaryOptions(None, verbs, tuple(actors or ()), agents, discards)
    suite.dictionaries = given.resolved().over(base)
    result = validate(suite, all_categories=all_categories)
    for issue in result.dictionary_issues:
        err.print(f"skipped dictionary line {issue}", markup=False)
    if as_json:
        print(json.dumps(result.total.summary()))
        return
    left_out = f"{result.skipped} records with evaluate=\"false\"" + (
        f" and {result.outside} of categories outside its <Include>" if result.outside else "")
    table = Table("category", "records", "expected", "found", "extra", "found %",
                  "extra per 100 records",
                  title=f"{file.name} ({left_out} left out)")
    for name, category in [*sorted(result.categories.items()), ("all", result.total)]:
        row = category.summary()
        table.add_row(name, *(str(row[k]) for k in ("records", "expected", "found", "extra")),
                      f"{row['found_pct']:.2f}", f"{row['extra_pct']:.2f}")
    out.print(table)
    for name, category in sorted(result.categories.items()):
        failures = category.failures if details else category.failures[:3]
        for failure in failures:
            out.print(f"{name} {failure['id']}: expected {failure['expected']}, coded "
                      f"{failure['coded']}", markup=False)
        if len(category.failures) > len(failures):
            out.print(f"{name}: {len(category.failures) - len(failures)} more failures "
                      "(--details lists them)", markup=False)


