"""CLI for coding news: `frenemy code`, `ingest` and `demo` (thin layers over frenemy.news)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
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

from frenemy.cli.common import (
    ActorsOption,
    AgentsOption,
    AllOption,
    BuiltinOption,
    DateField,
    DateOption,
    DbOption,
    DictionariesOption,
    DiscardsOption,
    GlobOption,
    IdField,
    InputsArgument,
    TextField,
    TitleField,
    UrlField,
    VerbsOption,
    coder_options,
    date_option,
    dictionary_options,
    err,
    out,
)
from frenemy.cli.report import Summary, summarize
from frenemy.coding.coder import Coder
from frenemy.errors import InputError, InputIssue
from frenemy.model import Document
from frenemy.news.ingest import BatchReport, IngestOptions, IngestResult, ingest
from frenemy.news.readers import FieldNames, read_documents
from frenemy.news.workers import WorkerOptions
from frenemy.store import Store, default_db_path

__all__ = ["commands"]

commands = typer.Typer()


def _report_issues(issues: list[InputIssue]) -> None:
    for issue in issues:
        err.print(f"skipped {issue}", markup=False)


@commands.command()
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
    default_date = date_option(date_, "--date")
    petrarch = dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                  with_builtin)
    coder = Coder(coder_options(actors, include_all, petrarch))
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


@commands.command(name="ingest")
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
    petrarch = dictionary_options(dictionaries, verbs, actors or [], agents, discards,
                                  with_builtin)
    fields = FieldNames(text=text_field, date=date_field, id=id_field, title=title_field,
                        url=url_field)
    if shard_dir is not None and not (workers or scheduler):
        raise InputError("--shard-dir is for coding on a cluster",
                         "Add --workers N or --scheduler tcp://HOST:PORT")
    cluster = (WorkerOptions(workers=workers or 2, scheduler=scheduler, shard_dir=shard_dir)
               if workers or scheduler else None)
    options = IngestOptions(date=date_option(date_, "--date"), batch_size=batch_size,
                            coder=coder_options(actors, include_all, petrarch),
                            fields=fields,
                            workers=cluster, glob=glob)
    db_path = db or default_db_path()
    result = _run_ingest(inputs, db_path, options, quiet)
    if not quiet:
        _print_ingest_summary(result, db_path)
    _report_issues(result.issues)
    if result.exit_code:
        raise typer.Exit(result.exit_code)


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


@commands.command()
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


