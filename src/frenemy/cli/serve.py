"""CLI for the web app: `frenemy serve` (a thin layer over frenemy.web.app)."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from frenemy.cli.common import DbOption, err
from frenemy.errors import InputError
from frenemy.schema import lake_manifest
from frenemy.store import default_db_path

__all__ = ["commands"]

commands = typer.Typer()


@commands.command()
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
    if token is not None and path.is_dir():
        lake_manifest(path)  # says so when the folder is not a lake either
        raise InputError(f"{path} is a Parquet lake, which is read-only",
                         "Serve it without a token (--token, $FRENEMY_TOKEN), or serve a "
                         "DuckDB file")
    options = ServeOptions(db=path, token=token, max_body_bytes=max_body * 2**20,
                           cors_origins=tuple(cors or ()),
                           memory_events=5_000_000 if memory else 0)
    err.print(f"Serving {path} ({'read-write' if token else 'read-only'}) on "
              f"http://{host}:{port}/ (API docs at /docs). Stop with Ctrl+C.")
    run_server(options, host, port)


