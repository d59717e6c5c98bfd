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
    from frenemy.datasets.gdelt_fetch import GdeltFetchOptions, GdeltFetchResult, GdeltProgress
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
            with _rows_progress("exporting", None) as update:
                options.on_progress = update
                lake = export_lake(store, options)
    years = [str(y) for y in lake.years if y is not None]
    span = f"{years[0]}-{years[-1]}" if years else "no dates"
    undated = " and undated" if None in lake.years and lake.events else ""
    err.print(f"wrote {lake.events} events ({span}{undated}), "
              f"{lake.rows['documents']} documents and {lake.rows['sentences']} sentences "
              f"to the Parquet lake {path}")


@contextmanager
def _rows_progress(what: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A progress bar of rows with their rate and ETA; yields ``update(done[, total])``."""
    with _progress_bar("rows") as progress:
        task = progress.add_task(what, total=total, rate="-", note="")

        def update(done: int, total: int | None = None) -> None:
            if total is not None:
                progress.update(task, total=total)
            progress.update(task, completed=done, rate=_rate(progress, done))

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


def _progress_bar(unit: str) -> Progress:
    """A progress bar with the count, the rate per second and the ETA."""
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TaskProgressColumn(), TextColumn(f"{{task.fields[rate]}} {unit}/s"),
                    TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=err, transient=False)


def _rate(progress: Progress, done: float, digits: int = 0) -> str:
    elapsed = progress.tasks[0].elapsed or 0.0
    return f"{done / elapsed:,.{digits}f}" if elapsed > 0 else "-"


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.{1 if size >= 1e6 else 3}f} MB"


def _run_import(files: list[Path], store: Store, options: ImportOptions,
                quiet: bool) -> ImportResult:
    from frenemy.datasets.importers import import_events

    if quiet or not err.is_terminal:
        return import_events(files, store, options)
    with _rows_progress("importing", _count_rows(files)) as update:
        options.on_batch = update
        return import_events(files, store, options)


def _run_fetch(store: Store, options: GdeltFetchOptions, quiet: bool) -> GdeltFetchResult:
    from frenemy.datasets.gdelt_fetch import fetch_gdelt

    if quiet or not err.is_terminal:
        return fetch_gdelt(store, options)
    with _progress_bar("files") as progress:
        task = progress.add_task("listing", total=None, rate="-", note="")

        def update(step: GdeltProgress) -> None:
            if step.phase == "listing":
                progress.update(task, note=f"GDELT's list: {_megabytes(step.bytes_downloaded)}")
                return
            if progress.tasks[0].description == "listing":
                progress.reset(task, description="importing")
            progress.update(task, total=step.files_total, completed=step.files_done,
                            rate=_rate(progress, step.files_done, 1),
                            note=f"{_megabytes(step.bytes_downloaded)}, "
                                 f"{step.rows_read:,} rows")

        options.on_progress = update
        return fetch_gdelt(store, options)


def _fetch_options(fmt: str, files: list[Path], since: str | None, until: str | None,
                   version: int | None, mentions: bool, mirror: str | None,
                   downloads: int | None) -> GdeltFetchOptions | None:
    """GDELT by date when --from is given, else None (files are imported); a mix is an error."""
    from frenemy.datasets.gdelt_fetch import GdeltFetchOptions

    by_date = {"--version": version is not None, "--mentions": mentions,
               "--mirror": mirror is not None, "--downloads": downloads is not None}
    start, end = date_option(since, "--from"), date_option(until, "--to")
    if start is None:
        given = [name for name, on in {"--to": end is not None, **by_date}.items() if on]
        if given:
            raise InputError(f"{given[0]} goes with --from", "Add --from YYYY-MM-DD to "
                             "download GDELT by date, or leave it out to import files")
        if not files:
            raise InputError("nothing to import", "Give event files, or --from YYYY-MM-DD "
                             "(and --to) to download GDELT by date")
        return None
    if fmt != "gdelt":
        raise InputError(f"--from/--to download GDELT by date, not {fmt}",
                         f"Give the {fmt} files to import")
    if files:
        raise InputError("give event files or --from/--to, not both",
                         "Import the files, or download GDELT by date, in two commands")
    return GdeltFetchOptions(start=start, end=end or date.today(), version=version or 2,
                             mentions=mentions, mirror=mirror, downloads=downloads or 4)


@commands.command(name="import")
def import_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                       help="gdelt, icews, polecat or icews-tkg")],
    files: Annotated[list[Path] | None, typer.Argument(
        metavar="[FILE]...", help="Event files (.gz and .zip too); none with --from")] = None,
    since: Annotated[str | None, typer.Option(
        "--from", help="GDELT by date: download and import GDELT's files from this day "
        "(YYYY-MM-DD)")] = None,
    until: Annotated[str | None, typer.Option(
        "--to", help="GDELT by date: the last day (default: today)")] = None,
    version: Annotated[int | None, typer.Option(
        "--version", help="GDELT by date: 1 (daily files) or 2 (15-minute files) "
        "(default: 2)")] = None,
    mentions: Annotated[bool, typer.Option(
        "--mentions", help="GDELT by date: also GDELT 2.0's mentions files")] = False,
    mirror: Annotated[str | None, typer.Option(
        "--mirror", help="GDELT by date: a copy of http://data.gdeltproject.org to download "
        "from")] = None,
    downloads: Annotated[int | None, typer.Option(
        "--downloads", min=1, max=16, help="GDELT by date: files downloaded at a time "
        "(default: 4)")] = None,
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary")] = False,
) -> None:
    """Import event data you already have (GDELT events and mentions, ICEWS, POLECAT, the
    ICEWS TKG benchmarks), or download GDELT by date (--from, --to)."""
    from frenemy.datasets.importers import IMPORT_FORMATS, ImportOptions

    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown import format {fmt!r}",
                         f"Use one of {', '.join(IMPORT_FORMATS)}")
    fetch = _fetch_options(fmt, files or [], since, until, version, mentions, mirror, downloads)
    db_path = db or default_db_path()
    fetched = None
    with Store(db_path) as store:
        if fetch is None:
            result = _run_import(files or [], store, ImportOptions(format=fmt), quiet)
        else:
            fetched = _run_fetch(store, fetch, quiet)
            result = fetched.rows
    if not quiet:
        table = Table(title=f"import {fmt} into {db_path}", show_header=False)
        if fetch is not None and fetched is not None:
            table.add_row(f"GDELT {fetch.version}.0 files", f"{fetched.files_listed} from "
                          f"{fetch.start} to {fetch.end}")
            table.add_row("imported before", str(fetched.files_skipped))
            table.add_row("imported now", f"{fetched.files_imported} "
                          f"({_megabytes(fetched.bytes_downloaded)} downloaded)")
            table.add_row("failed", str(fetched.files_failed))
        table.add_row("rows read", str(result.rows_read))
        table.add_row("events added", str(result.events_added))
        if result.mentions_added:
            table.add_row("mentions added", str(result.mentions_added))
        table.add_row("already stored", str(result.events_skipped))
        table.add_row("rows skipped", str(len(result.issues) - (fetched.files_failed
                                                                 if fetched else 0)))
        err.print(table)
    for issue in result.issues[:50]:
        err.print(f"skipped {issue}", markup=False)
    if len(result.issues) > 50:
        err.print(f"... and {len(result.issues) - 50} more (see the ingest_errors table)")
    code = fetched.exit_code if fetched is not None else result.exit_code
    if code:
        raise typer.Exit(code)
