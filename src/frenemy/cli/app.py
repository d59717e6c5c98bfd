"""Command line: the typer app, which gathers the command groups' commands, and its entry point."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.main import get_command_name
from typer.models import CommandInfo

from frenemy.cli import data, forecast, news, quality, relations, serve, watch
from frenemy.cli.common import err
from frenemy.errors import FrenemyError
from frenemy.version import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="frenemy",
    help="Turn news into CAMEO/PLOVER event data, and tell who is friend and who is foe.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# `frenemy --help` lists the commands in this order (the pipeline's), which interleaves the
# groups; a new command must be placed here.
ORDER = ("code", "ingest", "events", "export", "demo", "import", "watch", "evaluate",
         "validate", "serve", "forecast-eval", "forecast", "predict", "dyad", "status", "alerts",
         "network")


def _name(info: CommandInfo) -> str:
    return info.name or get_command_name(getattr(info.callback, "__name__", ""))


app.registered_commands.extend(sorted(
    (info for group in (news, data, watch, quality, serve, forecast, relations)
     for info in group.commands.registered_commands),
    key=lambda info: ORDER.index(_name(info))))


def _version(value: bool) -> None:
    if value:
        print(f"frenemy {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit")] = False,
) -> None:
    """frenemy: news to event data, and who is friend and who is foe."""


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
