"""Command line: a thin typer layer that parses options, calls the library, formats output."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from frenemy.coding.actors import ActorOptions, load_user_actors
from frenemy.coding.coder import Coder, CoderOptions
from frenemy.coding.dates import parse_iso_date
from frenemy.datasets.export import FORMATS, ExportOptions, export_events
from frenemy.errors import FrenemyError, InputError
from frenemy.model import Document
from frenemy.news.ingest import (
    BatchReport,
    IngestOptions,
    IngestResult,
    InputIssue,
    ingest,
)
from frenemy.news.readers import FieldNames, read_documents
from frenemy.petrarch.dictionary_coder import DictionaryOptions
from frenemy.version import __version__

if TYPE_CHECKING:
    from frenemy.datasets.importers import ImportOptions, ImportResult
from frenemy.cli.report import Summary, summarize
from frenemy.news.workers import WorkerOptions
from frenemy.store import EventQuery, Store, default_db_path

__all__ = ["app", "main"]

app = typer.Typer(
    name="frenemy",
    help="Turn news into CAMEO/PLOVER event data, and tell who is friend and who is foe.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file "
                                               "[default: $FRENEMY_DB or ./frenemy.duckdb]")]
DateOption = Annotated[str | None, typer.Option("--date", help="Publication date "
                                                "(YYYY-MM-DD) for inputs without one")]
InputsArgument = Annotated[list[str], typer.Argument(
    help="Files (.txt .html .jsonl .csv .tsv .rss .atom, also .gz/.zip), directories, "
    "http(s) URLs of pages or feeds, or - for text on stdin")]
GlobOption = Annotated[str, typer.Option("--glob", help="Files of directory inputs to read, "
                                          "e.g. '*.html' (recursive)")]
ActorsOption = Annotated[list[Path] | None, typer.Option(
    "--actors", help="Extra actors: CSV or YAML with name, code[, country, role]; or a "
    "PETRARCH actor dictionary (.txt, repeatable)")]
DictionariesOption = Annotated[Path | None, typer.Option(
    "--dictionaries", help="Folder of PETRARCH dictionaries (verbs, actors, agents, "
    "discards): code with them instead of the built-in lexicon")]
VerbsOption = Annotated[Path | None, typer.Option("--verbs", help="PETRARCH verb "
                                                  "dictionary (e.g. CAMEO.2.0.txt)")]
AgentsOption = Annotated[Path | None, typer.Option("--agents", help="PETRARCH agents "
                                                   "dictionary")]
DiscardsOption = Annotated[Path | None, typer.Option("--discards", help="PETRARCH discards "
                                                     "dictionary")]
BuiltinOption = Annotated[bool, typer.Option("--with-builtin", help="With PETRARCH "
                                             "dictionaries, also code with the built-in "
                                             "lexicon")]
TextField = Annotated[str, typer.Option("--text-field", help="JSONL/CSV/TSV field with "
                                         "the article text")]
DateField = Annotated[str, typer.Option("--date-field", help="Field with the publication date")]
IdField = Annotated[str, typer.Option("--id-field", help="Field with the document's id")]
TitleField = Annotated[str, typer.Option("--title-field", help="Field with the headline")]
UrlField = Annotated[str, typer.Option("--url-field", help="Field with the URL")]
AllOption = Annotated[bool, typer.Option("--all", help="Also emit negated and hypothetical "
                                         "actions, flagged")]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    parsed = parse_iso_date(value)
    if parsed is None or len(value) != 10:
        raise InputError(f"{option} {value!r} is not a date", "Write it as YYYY-MM-DD")
    return parsed


def _dictionary_options(folder: Path | None, verbs: Path | None, actors: list[Path],
                        agents: Path | None, discards: Path | None, builtin: bool
                        ) -> DictionaryOptions | None:
    """The PETRARCH dictionaries named on the command line, or None for the built-in
    lexicon alone."""
    petrarch_actors = tuple(p for p in actors if p.suffix.lower() == ".txt")
    if not (folder or verbs or petrarch_actors or agents or discards):
        if builtin:
            raise InputError("--with-builtin goes with PETRARCH dictionaries",
                             "Add --dictionaries DIR or --verbs FILE")
        return None
    options = DictionaryOptions(folder, verbs, petrarch_actors, agents, discards,
                                builtin=builtin).resolved()
    if options.verbs is None:
        raise InputError("PETRARCH dictionaries need a verb dictionary to code with",
                         "Add --verbs FILE (e.g. CAMEO.2.0.txt) or --dictionaries DIR")
    return options


def _coder_options(actors: list[Path] | None, include_irrealis: bool = False,
                   dictionaries: DictionaryOptions | None = None) -> CoderOptions:
    user = [p for p in actors or [] if p.suffix.lower() != ".txt"]
    if len(user) > 1:
        raise InputError("only one CSV or YAML actors file can be given",
                         "Merge them into one file")
    extra = load_user_actors(user[0]) if user else ()
    return CoderOptions(actors=ActorOptions(extra_actors=extra),
                        include_irrealis=include_irrealis, dictionaries=dictionaries)


def _report_issues(issues: list[InputIssue]) -> None:
    for issue in issues:
        err.print(f"skipped {issue}", markup=False)


@app.command()
def code(
    inputs: InputsArgument,
    date_: DateOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per event")] = False,
    actors: ActorsOption = None,
    include_all: AllOption = False,
    text_field: TextField = "text",
    date_field: DateField = "date",
    id_field: IdField = "id",
    title_field: TitleField = "title",
    url_field: UrlField = "url",
    glob: GlobOption = "*",
    dictionaries: DictionariesOption = None,
    verbs: VerbsOption = None,
    agents: AgentsOption = None,
    discards: DiscardsOption = None,
    with_builtin: BuiltinOption = False,
) -> None:
    """Code news into events and print them, without storing anything."""
    default_date = _date(date_, "--date")
    petrarch = _dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                   with_builtin)
    coder = Coder(_coder_options(actors, include_all, petrarch))
    issues: list[InputIssue] = []
    documents: list[Document] = []
    fields = FieldNames(text=text_field, date=date_field, id=id_field, title=title_field,
                        url=url_field)
    for item in read_documents(inputs, default_date, fields, glob):
        (issues if isinstance(item, InputIssue) else documents).append(item)  # type: ignore[arg-type]
    table = Table("doc", "date", "source", "code", "target", "trigger", "sentence")
    count = 0
    for coded in coder.code_documents(documents):
        sentences = {s.sentence_index: s.text for s in coded.sentences}
        for event in coded.events:
            count += 1
            record = event.to_dict()
            record["doc_hash"] = record["doc_id"]
            record["doc_id"] = coded.document.source_id or coded.document.doc_id
            record["sentence"] = sentences.get(event.sentence_index)
            if as_json:
                print(json.dumps(record, ensure_ascii=False))
            else:
                table.add_row(record["doc_id"], record["date"] or "", event.source or "",
                              event.code, event.target or "", event.trigger or "",
                              record["sentence"])
    if not as_json:
        out.print(table)
        out.print(f"{count} events from {len(documents)} documents")
    _report_issues(issues)
    if issues:
        raise typer.Exit(2 if documents else 1)


def _estimate(inputs: list[str]) -> int | None:
    total = 0
    for item in inputs:
        path = Path(item)
        if item == "-" or path.is_dir():
            return None
        if path.suffix.lower() == ".jsonl" and path.is_file():
            with path.open("rb") as handle:
                total += sum(1 for line in handle if line.strip())
        else:
            total += 1
    return total


def _print_ingest_summary(result: IngestResult, db: Path) -> None:
    table = Table(title=f"ingest into {db}", show_header=False)
    table.add_row("documents read", str(result.documents_read))
    table.add_row("documents added", str(result.documents_added))
    table.add_row("already stored", str(result.documents_skipped))
    table.add_row("sentences", str(result.sentences))
    table.add_row("events added", str(result.events_added))
    table.add_row("inputs skipped", str(len(result.issues)))
    err.print(table)


def _run_ingest(inputs: list[str], db: Path, options: IngestOptions, quiet: bool) -> IngestResult:
    total = _estimate(inputs)
    with Store(db) as store:
        if quiet:
            return ingest(inputs, store, options)
        if not err.is_terminal:
            # Logs and scripts get one plain line per committed batch.
            def log(report: BatchReport) -> None:
                err.print(f"committed {report.documents_done}"
                          f"{'/' + str(total) if total else ''} documents, "
                          f"{report.events} events", markup=False)

            options.on_batch = log
            return ingest(inputs, store, options)
        columns = (TextColumn("[bold]coding"), BarColumn(), MofNCompleteColumn(),
                   TaskProgressColumn(), TextColumn("{task.fields[rate]} docs/s"),
                   TextColumn("{task.fields[sentences]} sentences, {task.fields[events]} events"),
                   TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
        with Progress(*columns, console=err, transient=False) as progress:
            task = progress.add_task("ingest", total=total, rate="-", sentences=0, events=0)

            def update(report: BatchReport) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{report.documents_done / elapsed:.1f}" if elapsed > 0 else "-"
                progress.update(task, completed=report.documents_done, rate=rate,
                                sentences=report.sentences, events=report.events)

            options.on_batch = update
            return ingest(inputs, store, options)


@app.command(name="ingest")
def ingest_command(
    inputs: InputsArgument,
    db: DbOption = None,
    date_: DateOption = None,
    batch_size: Annotated[int, typer.Option(help="Documents per committed batch", min=1)] = 16,
    actors: ActorsOption = None,
    include_all: AllOption = False,
    text_field: TextField = "text",
    date_field: DateField = "date",
    id_field: IdField = "id",
    title_field: TitleField = "title",
    url_field: UrlField = "url",
    glob: GlobOption = "*",
    workers: Annotated[int | None, typer.Option(help="Code on a local Dask cluster of N "
                                                "worker processes", min=1)] = None,
    scheduler: Annotated[str | None, typer.Option(help="Code on an existing Dask cluster "
                                                  "(tcp://HOST:PORT)")] = None,
    shard_dir: Annotated[Path | None, typer.Option(help="Folder for the workers' Parquet "
                                                   "shards, shared by every machine")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no summary")] = False,
    dictionaries: DictionariesOption = None,
    verbs: VerbsOption = None,
    agents: AgentsOption = None,
    discards: DiscardsOption = None,
    with_builtin: BuiltinOption = False,
) -> None:
    """Code news and store documents, sentences and events in the database."""
    petrarch = _dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                   with_builtin)
    fields = FieldNames(text=text_field, date=date_field, id=id_field, title=title_field,
                        url=url_field)
    if shard_dir is not None and not (workers or scheduler):
        raise InputError("--shard-dir is for coding on a cluster",
                         "Add --workers N or --scheduler tcp://HOST:PORT")
    cluster = (WorkerOptions(workers=workers or 2, scheduler=scheduler, shard_dir=shard_dir)
               if workers or scheduler else None)
    options = IngestOptions(date=_date(date_, "--date"), batch_size=batch_size,
                            coder=_coder_options(actors, include_all, petrarch),
                            fields=fields,
                            workers=cluster, glob=glob)
    db_path = db or default_db_path()
    result = _run_ingest(inputs, db_path, options, quiet)
    if not quiet:
        _print_ingest_summary(result, db_path)
    _report_issues(result.issues)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _query(actor: str | None, dyad: tuple[str, str] | None, root: str | None,
           since: str | None, until: str | None, limit: int | None) -> EventQuery:
    if root is not None and not (root.isdigit() and 1 <= int(root) <= 20):
        raise InputError(f"--root {root!r} is not a CAMEO root", "Give a number from 01 to 20")
    return EventQuery(actor=actor, dyad=dyad, root=root, since=_date(since, "--since"),
                      until=_date(until, "--until"), limit=limit)


ActorFilter = Annotated[str | None, typer.Option(help="Actor code or prefix (IRN, IRNMIL)")]
DyadFilter = Annotated[tuple[str, str] | None, typer.Option(help="Two actor codes, "
                                                             "either direction")]
RootFilter = Annotated[str | None, typer.Option(help="CAMEO root, 01-20")]
SinceFilter = Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD")]
UntilFilter = Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD")]


@app.command()
def events(
    db: DbOption = None,
    actor: ActorFilter = None,
    dyad: DyadFilter = None,
    root: RootFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events", min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per event")] = False,
) -> None:
    """List stored events, oldest first."""
    query = _query(actor, dyad, root, since, until, limit)
    with Store(db or default_db_path(), read_only=True) as store:
        rows = store.events(query, with_sentence=True)
    if as_json:
        for row in rows:
            print(json.dumps(_jsonable(row), ensure_ascii=False))
        return
    if not rows:
        err.print("No events match. Widen the filters, or ingest news with `frenemy ingest`.")
        return
    table = Table("date", "source", "code", "target", "quad", "goldstein", "sentence")
    for row in rows:
        table.add_row(str(row["date"] or ""), row["source"] or "", row["code"],
                      row["target"] or "", str(row["quad_class"]), f"{row['goldstein']:+.1f}",
                      row["sentence"] or "")
    out.print(table)
    out.print(f"{len(rows)} events")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write")],
    format_: Annotated[str, typer.Option("--format", "-f",
                                         help="csv, jsonl, parquet or gdelt (GDELT 2.0's "
                                         "61-column events layout)")] = "csv",
    db: DbOption = None,
    actor: ActorFilter = None,
    dyad: DyadFilter = None,
    root: RootFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
) -> None:
    """Export stored events to a file."""
    if format_ not in FORMATS:
        raise InputError(f"unknown format {format_!r}", f"Use one of {', '.join(FORMATS)}")
    options = ExportOptions(format=format_, output=output,
                            query=_query(actor, dyad, root, since, until, None))
    with Store(db or default_db_path(), read_only=True) as store:
        count = export_events(store, options)
    err.print(f"wrote {count} events to {output} ({format_})")


def _print_summary(summary: Summary) -> None:
    out.print(f"[bold]{summary.documents}[/] documents, [bold]{summary.sentences}[/] sentences,"
              f" [bold]{summary.events}[/] events")
    roots = Table("root", "event type", "events", title="Events by CAMEO root")
    for root, name, count in summary.by_root:
        roots.add_row(root, name.capitalize(), str(count))
    out.print(roots)
    dyads = Table("dyad", "events", "mean Goldstein", title="Most active dyads")
    for a, b, count, goldstein in summary.top_dyads:
        dyads.add_row(f"{a}-{b}", str(count), f"{goldstein:+.2f}")
    out.print(dyads)
    a, b = summary.timeline_dyad
    timeline = Table("month", "events", "cooperation", "conflict", "mean Goldstein",
                     title=f"{a}-{b} by month")
    for row in summary.timeline:
        timeline.add_row(row["month"], str(row["events"]), str(row["cooperation"]),
                         str(row["conflict"]), f"{row['goldstein_mean']:+.2f}")
    out.print(timeline)
    if summary.transitions:
        out.print("[bold]Status changes[/] (frenemy status --by year):")
        for change in summary.transitions:
            out.print(f"  {change}", markup=False)
    if summary.blocs:
        out.print("[bold]Blocs[/] (frenemy network): "
                  + "  vs  ".join(", ".join(bloc) for bloc in summary.blocs))


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="DuckDB file to create or update")] = Path(
        "frenemy-demo.duckdb"),
    corpus: Annotated[Path, typer.Option(help="Sample corpus")] = Path("examples"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Code the sample corpus, store it and print a short report."""
    if not corpus.exists():
        raise InputError(f"no sample corpus at {corpus}",
                         "Run from the project root, or pass --corpus PATH")
    result = _run_ingest([str(corpus)], db, IngestOptions(), quiet=as_json)
    _report_issues(result.issues)
    with Store(db, read_only=True) as store:
        summary = summarize(store)
    if as_json:
        print(json.dumps(summary.to_dict(), ensure_ascii=False))
    else:
        _print_summary(summary)
        out.print(f"Database: {db}. Try: frenemy events --db {db} --dyad IRN AZE, or the "
                  f"dashboard: frenemy serve --db {db}")
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def _count_rows(files: list[Path]) -> int | None:
    """Rows to import, for the progress bar's ETA: lines of plain files (not archives)."""
    total = 0
    for path in files:
        if not path.is_file() or path.suffix.lower() in {".gz", ".zip"}:
            return None
        with path.open("rb") as handle:
            total += sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return total


def _run_import(files: list[Path], store: Store, options: ImportOptions,
                quiet: bool) -> ImportResult:
    from frenemy.datasets.importers import import_events

    if quiet or not err.is_terminal:
        return import_events(files, store, options)
    columns = (TextColumn("[bold]importing"), BarColumn(), MofNCompleteColumn(),
               TaskProgressColumn(), TextColumn("{task.fields[rate]} rows/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task("import", total=_count_rows(files), rate="-")

        def update(rows: int) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            progress.update(task, completed=rows,
                            rate=f"{rows / elapsed:,.0f}" if elapsed > 0 else "-")

        options.on_batch = update
        return import_events(files, store, options)


@app.command(name="import")
def import_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                       help="gdelt, icews, polecat or icews-tkg")],
    files: Annotated[list[Path], typer.Argument(help="Event files (.gz and .zip too)")],
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary")] = False,
) -> None:
    """Import event data you already have (GDELT events and mentions, ICEWS, POLECAT, the
    ICEWS TKG benchmarks)."""
    from frenemy.datasets.importers import IMPORT_FORMATS, ImportOptions

    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown import format {fmt!r}",
                         f"Use one of {', '.join(IMPORT_FORMATS)}")
    db_path = db or default_db_path()
    with Store(db_path) as store:
        result = _run_import(files, store, ImportOptions(format=fmt), quiet)
    if not quiet:
        table = Table(title=f"import {fmt} into {db_path}", show_header=False)
        table.add_row("rows read", str(result.rows_read))
        table.add_row("events added", str(result.events_added))
        if result.mentions_added:
            table.add_row("mentions added", str(result.mentions_added))
        table.add_row("already stored", str(result.events_skipped))
        table.add_row("rows skipped", str(len(result.issues)))
        err.print(table)
    for issue in result.issues[:50]:
        err.print(f"skipped {issue}", markup=False)
    if len(result.issues) > 50:
        err.print(f"... and {len(result.issues) - 50} more (see the ingest_errors table)")
    if result.exit_code:
        raise typer.Exit(result.exit_code)


@app.command(name="evaluate")
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

    petrarch = _dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                   with_builtin)
    options = _coder_options(actors, dictionaries=petrarch)

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


@app.command(name="validate")
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


def _version(value: bool) -> None:
    if value:
        print(f"frenemy {__version__}")
        raise typer.Exit()


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    token: Annotated[str | None, typer.Option(
        help="Allow writes (ingest) to requests with 'Authorization: Bearer TOKEN' "
             "[default: $FRENEMY_TOKEN; none: read-only]")] = None,
    cors: Annotated[list[str] | None, typer.Option(
        "--cors", help="Origin allowed to read the API from a browser (repeat); none by "
                       "default")] = None,
    max_body: Annotated[int, typer.Option(help="Largest request body, in MB")] = 20,
    memory: Annotated[bool, typer.Option(
        "--memory/--no-memory", help="Read-only: hold up to 5 million events in memory, "
                                     "sorted by country, for faster dyad queries")] = True,
) -> None:
    """Serve the REST API (/api, docs at /docs) and the web dashboard."""
    from frenemy.web.app import ServeOptions
    from frenemy.web.app import serve as run_server

    path = db or default_db_path()
    token = token or os.environ.get("FRENEMY_TOKEN") or None
    if token is None and not path.exists():
        raise InputError(f"no database at {path}",
                         "Create one with `frenemy demo` or `frenemy ingest`, or pass --db")
    options = ServeOptions(db=path, token=token, max_body_bytes=max_body * 2**20,
                           cors_origins=tuple(cors or ()),
                           memory_events=5_000_000 if memory else 0)
    err.print(f"Serving {path} ({'read-write' if token else 'read-only'}) on "
              f"http://{host}:{port}/ (API docs at /docs). Stop with Ctrl+C.")
    run_server(options, host, port)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit")] = False,
) -> None:
    """frenemy: news to event data, and who is friend and who is foe."""


# The relation commands live in their own module; importing it registers them on `app`.
from frenemy.cli import forecast, relations  # noqa: E402,F401


def main() -> None:
    """Console entry point: library errors become one `Error: ...` line and exit code 1."""
    try:
        app()
    except FrenemyError as exc:
        err.print(f"Error: {exc.message}." + (f" {exc.hint}." if exc.hint else ""),
                  markup=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("Interrupted.")
        sys.exit(130)
    except Exception as exc:  # a bug: say so in one line; FRENEMY_DEBUG=1 shows where
        if os.environ.get("FRENEMY_DEBUG"):
            raise
        err.print(f"Error: unexpected {type(exc).__name__}: {exc}. This is a bug in frenemy; "
                  "run again with FRENEMY_DEBUG=1 for the traceback and report it.",
                  markup=False)
        sys.exit(1)
