"""Shared by the command groups: the consoles, the options several commands take, and the
helpers that turn options into the library's options."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from frenemy.coding.coder import CoderOptions
from frenemy.coding.dates import parse_iso_date
from frenemy.coding.gazetteer import ActorOptions, load_user_actors
from frenemy.errors import InputError
from frenemy.petrarch.dictionary_coder import DictionaryOptions

__all__ = [
    "out", "err", "DbOption", "DateOption", "InputsArgument", "GlobOption", "ActorsOption",
    "DictionariesOption", "VerbsOption", "AgentsOption", "DiscardsOption", "BuiltinOption",
    "TextField", "DateField", "IdField", "TitleField", "UrlField", "AllOption", "ActorFilter",
    "DyadFilter", "RootFilter", "SinceFilter", "UntilFilter", "date_option", "dictionary_options",
    "coder_options",
]

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path | None, typer.Option("--db", help="DuckDB file, or the folder of a "
                                               "Parquet lake to read (see `export --partition`)"
                                               " [default: $FRENEMY_DB or ./frenemy.duckdb]")]
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

ActorFilter = Annotated[str | None, typer.Option(help="Actor code or prefix (IRN, IRNMIL)")]
DyadFilter = Annotated[tuple[str, str] | None, typer.Option(help="Two actor codes, "
                                                             "either direction")]
RootFilter = Annotated[str | None, typer.Option(help="CAMEO root, 01-20")]
SinceFilter = Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD")]
UntilFilter = Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD")]


def date_option(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option's date; anything else is an error naming the option."""
    if value is None:
        return None
    parsed = parse_iso_date(value)
    if parsed is None or len(value) != 10:
        raise InputError(f"{option} {value!r} is not a date", "Write it as YYYY-MM-DD")
    return parsed


def dictionary_options(folder: Path | None, verbs: Path | None, actors: list[Path],
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


def coder_options(actors: list[Path] | None, include_irrealis: bool = False,
                  dictionaries: DictionaryOptions | None = None) -> CoderOptions:
    user = [p for p in actors or [] if p.suffix.lower() != ".txt"]
    if len(user) > 1:
        raise InputError("only one CSV or YAML actors file can be given",
                         "Merge them into one file")
    extra = load_user_actors(user[0]) if user else ()
    return CoderOptions(actors=ActorOptions(extra_actors=extra),
                        include_irrealis=include_irrealis, dictionaries=dictionaries)

