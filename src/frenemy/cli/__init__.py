"""The command line: the typer app, one module per command group, reports and plots."""

from __future__ import annotations

from frenemy.cli.app import app, main

__all__ = ["app", "main"]
