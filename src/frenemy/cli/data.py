"""CLI for stored and imported events: `frenemy events`, `export` and `import`."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    ActorFilter,
    DbOption,
    DyadFilter,
    RootFilter,
    SinceFilter,
    UntilFilter,
    date_option,
    err,
    out,
)
from frenemy.datasets.export import FORMATS, ExportOptions, export_events
from frenemy.datasets.lake import LakeOptions, export_lake
from frenemy.errors import InputError
from frenemy.store import EventQuery, Store, default_db_path

if TYPE_CHECKING:
    from frenemy.datasets.importers import ImportOptions, ImportResult

__all__ = ["commands"]

commands = typer.Typer()


def _query(actor: str | None, dyad: tuple[str, str] | None, root: str | None,
           since: str | None, until: str | None, limit: int | None) -> EventQuery:
    if root is not None and not (root.isdigit() and 1 <= int(root) <= 20):
        raise InputError(f"--root {root!r} is not a CAMEO root", "Give a number from 01 to 20")
    return EventQuery(actor=actor, dyad=dyad, root=root, since=date_option(since, "--since"),
                      until=date_option(until, "--until"), limit=limit)


@commands.command()
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


@commands.command()
def export(
    target: Annotated[Path | None, typer.Argument(
        metavar="[PATH]", help="File to write (or the lake's folder); or --output")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (or "
                                                "the lake's folder)")] = None,
    format_: Annotated[str, typer.Option("--format", "-f",
                                         help="csv, jsonl, parquet or gdelt (GDELT 2.0's "
                                         "61-column events layout)")] = "csv",
    partition: Annotated[str | None, typer.Option(
        help="With parquet: write a folder of Parquet files partitioned by year (a lake "
             "every frenemy command reads as --db), with the documents behind the events")
    ] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace the lake already in the "
                                            "folder")] = False,
    db: DbOption = None,
    actor: ActorFilter = None,
    dyad: DyadFilter = None,
    root: RootFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
) -> None:
    """Export stored events to a file, or a Parquet lake (a folder)."""
    if format_ not in FORMATS:
        raise InputError(f"unknown format {format_!r}", f"Use one of {', '.join(FORMATS)}")
    if target is not None and output is not None:
        raise InputError("the output is given twice (PATH and --output)", "Give one of them")
    path = target or output
    if path is None:
        raise InputError("no output given", "Give the file (or lake folder) as PATH or -o PATH")
    query = _query(actor, dyad, root, since, until, None)
    if partition is None:
        if overwrite:
            raise InputError("--overwrite goes with --partition",
                             "Files are replaced anyway; a lake (--partition year) is not")
        with Store(db or default_db_path(), read_only=True) as store:
            count = export_events(store, ExportOptions(format=format_, output=path,
                                                       query=query))
        err.print(f"wrote {count} events to {path} ({format_})")
        return
    if format_ != "parquet":
        raise InputError(f"--partition goes with --format parquet, not {format_}",
                         "Add --format parquet")
    options = LakeOptions(output=path, partition=partition, query=query, overwrite=overwrite)
    with Store(db or default_db_path(), read_only=True) as store:
        if not err.is_terminal:
            lake = export_lake(store, options)
        else:
            with _progress_bar("exporting", None) as update:
                options.on_progress = update
                lake = export_lake(store, options)
    years = [str(y) for y in lake.years if y is not None]
    span = f"{years[0]}-{years[-1]}" if years else "no dates"
    undated = " and undated" if None in lake.years and lake.events else ""
    err.print(f"wrote {lake.events} events ({span}{undated}), "
              f"{lake.rows['documents']} documents and {lake.rows['sentences']} sentences "
              f"to the Parquet lake {path}")


@contextmanager
def _progress_bar(what: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A progress bar of rows with their rate and ETA; yields ``update(done[, total])``."""
    columns = (TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(),
               TaskProgressColumn(), TextColumn("{task.fields[rate]} rows/s"),
               TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=False) as progress:
        task = progress.add_task(what, total=total, rate="-")

        def update(done: int, total: int | None = None) -> None:
            elapsed = progress.tasks[0].elapsed or 0.0
            if total is not None:
                progress.update(task, total=total)
            progress.update(task, completed=done,
                            rate=f"{done / elapsed:,.0f}" if elapsed > 0 else "-")

        yield update


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
    with _progress_bar("importing", _count_rows(files)) as update:
        options.on_batch = update
        return import_events(files, store, options)


@commands.command(name="import")
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


