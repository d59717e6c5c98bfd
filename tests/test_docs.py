"""The docs show real commands and fields: run them, and check they cover the code."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from frenemy.cli.app import app
from frenemy.model import EVENT_FIELDS

from .conftest import BIN, ROOT, frenemy

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(text: str, language: str = "") -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_readme_begins_with_the_two_commands():
    assert _blocks(README)[0].split() == ["make", "demo", "make", "test"]
    assert README.index("make demo") < README.index("## ")


def test_readme_cli_examples_run(tmp_path: Path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    commands = [line.split("#")[0].split() for block in _blocks(README)
                for line in block.splitlines() if line.startswith(".venv/bin/frenemy")]
    assert len(commands) == 8
    for command in commands:
        result = frenemy(*command[1:], cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    assert (tmp_path / "events.tsv").stat().st_size > 0
    assert (tmp_path / "network.png").stat().st_size > 0


def test_readme_python_example_runs(tmp_path: Path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    (code,) = _blocks(README, "python")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    expected = re.search(r"# (\w+ \d+ \w+)", code).group(1)
    assert result.stdout.strip() == expected


def test_schema_documents_every_event_field():
    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| ([a-z_, ]+) \|", schema, flags=re.M))
    names = {n.strip() for row in documented for n in row.split(",")}
    assert set(EVENT_FIELDS) <= names


def test_cli_reference_covers_every_command_and_option():
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"## frenemy {name}" in reference, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in reference, (name, option)


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "frenemy", "--version"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("frenemy ")
    assert (BIN / "frenemy").exists()


def test_readme_accuracy_table_matches_evaluate():
    """The accuracy numbers in the README are what `frenemy evaluate` prints now."""
    from frenemy.coding.evaluate import SUITES, evaluate

    from .conftest import shared_path

    shown = {
        "regression": ("precision", "recall"),
        "petrarch2-gsr": ("precision", "recall", "noevents_quiet"),
        "cameo-manual": ("root_accuracy", "code_accuracy", "event_only_root_accuracy",
                         "event_only_code_accuracy"),
        "plover-gsr": ("event_type_accuracy",),
        "wikinews": ("precision", "recall"),
    }
    numbers = [float(n) for n in re.findall(r"\| (\d\.\d{3})(?: / (\d\.\d{3}))? \|",
                                            README) for n in n if n]
    measured = []
    for suite, measures in shown.items():
        path = (ROOT / "tests" / "data" / "regression.jsonl" if suite == "regression"
                else shared_path(*SUITES[suite][1]))
        result = evaluate(suite, path)
        measured += [round(result.measures[m], 3) for m in measures]
    assert numbers == measured


def test_petrarch_validation_numbers_match_validate():
    """docs/petrarch.md's validation table and the README's row are what `frenemy validate`
    gives now."""
    from frenemy.petrarch.validation import read_suite, validate

    from .conftest import shared_path

    doc = (ROOT / "docs" / "petrarch.md").read_text(encoding="utf-8")
    for name in ("ud_petrarch_2_02", "petrarch_unit"):
        suite = read_suite(shared_path("data", "suites", name, "records.jsonl"))
        for every, label in ((False, "its <Include>"), (True, "every category")):
            row = validate(suite, all_categories=every).total.summary()
            shown = (f"| {name} ({label}) | {row['records']} | {row['expected']} | "
                     f"{row['found']} | {row['extra']} | {row['found_pct']:.2f} | "
                     f"{row['extra_pct']:.2f} |")
            assert shown in doc, shown
            if name == "ud_petrarch_2_02" and not every:
                assert f"| {row['found_pct']:.2f}% / {row['extra_pct']:.2f} |" in README


def test_petrarch_doc_commands_run(tmp_path: Path):
    """docs/petrarch.md's commands, from the project's folder (outputs go to build/)."""
    from .conftest import shared_path

    shared_path("data", "suites", "ud_petrarch_2_02")
    doc = (ROOT / "docs" / "petrarch.md").read_text(encoding="utf-8")
    commands = [line.split() for line in _blocks(doc)[0].splitlines()
                if line.startswith(".venv/bin/frenemy")]
    assert len(commands) == 7
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "petrarch.duckdb").unlink(missing_ok=True)
    for command in commands:
        result = frenemy(*command[1:], cwd=ROOT)
        # code and ingest say 2 when a sentence was skipped (the input has an empty one)
        assert result.returncode in ((0, 2) if command[1] in ("code", "ingest") else (0,)), (
            command, result.stderr)
    rows = (ROOT / "build" / "petrarch-events.txt").read_text().splitlines()
    assert rows and all(len(row.split("\t")) == 7 for row in rows)


def test_scaling_doc_lake_commands_run(demo_db: Path, tmp_path: Path):
    """docs/scaling.md's Parquet lake: its commands, run where `make demo` left its database,
    and its Dask example, which prints what `frenemy dyad` says."""
    doc = (ROOT / "docs" / "scaling.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Parquet lake and Dask"):]
    shutil.copy(demo_db, tmp_path / "frenemy-demo.duckdb")
    commands = [line.split() for line in _blocks(section, "bash")[0].splitlines()
                if line.startswith(".venv/bin/frenemy")]
    assert len(commands) == 3
    for command in commands:
        result = frenemy(*command[1:], cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    dyad = frenemy("dyad", "IRN", "AZE", "--by", "quarter", "--db", "build/lake", "--json",
                   cwd=tmp_path)
    expected = [f"{p['period']} {p['events']} {p['goldstein_mean']} {p['score']}"
                for p in json.loads(dyad.stdout)]
    (code,) = _blocks(section, "python")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == expected and expected
