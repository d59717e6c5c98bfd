"""The exception hierarchy: every error frenemy raises derives from FrenemyError."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FrenemyError", "InputError", "StoreError", "ModelError", "ConfigError",
           "NotFoundError", "InputIssue", "exit_code"]


class FrenemyError(Exception):
    """Root of frenemy's errors. ``hint`` says how to fix the problem."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}. {self.hint}" if self.hint else self.message


class InputError(FrenemyError):
    """An input file, document or argument cannot be used."""


class StoreError(FrenemyError):
    """The DuckDB store cannot be opened, migrated or queried."""


class ModelError(FrenemyError):
    """The spaCy English model is missing or unusable."""


class ConfigError(FrenemyError):
    """A data file or option given by the user is invalid."""


class NotFoundError(FrenemyError):
    """A document, event or actor asked for by id is not in the database."""


@dataclass(frozen=True)
class InputIssue:
    """An input that could not be used: where it is and why."""

    file: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.reason}"


def exit_code(issues: list[InputIssue], read: int) -> int:
    """0: everything went in; 2: some inputs were skipped; 1: nothing could be read."""
    if not issues:
        return 0
    return 2 if read else 1
