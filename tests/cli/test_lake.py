"""`frenemy export --partition year DIR`, and the other commands reading that lake as --db."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frenemy.cli.app import app

from ..conftest import frenemy

runner = CliRunner()


def _run(*args: str) -> str:
    """A read command, in this process (its output, which must be there)."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def lake(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-lake") / "lake"
    result = frenemy("export", "--db", str(demo_db), "--format", "parquet", "--partition",
                     "year", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("wrote ")
    assert "documents and " in result.stderr and f"to the Parquet lake {path}" in result.stderr
    return path


@pytest.mark.parametrize("command", [
    ["events", "--dyad", "IRN", "AZE", "--json"],
    ["dyad", "IRN", "AZE", "--json"],
    ["status", "--json"],
    ["alerts", "--json"],
    ["network", "--json"],
    ["forecast", "IRN", "AZE", "--json"],
])
def test_commands_read_the_lake_as_they_read_the_database(demo_db: Path, lake: Path,
                                                          command: list[str]):
    from_lake = _run(*command, "--db", str(lake))
    assert from_lake == _run(*command, "--db", str(demo_db))
    assert from_lake.strip() not in ("", "[]")
    json.loads(from_lake.splitlines()[0])


@pytest.mark.parametrize("command", [
    ["ingest", "-"],
    ["import", "polecat", str(Path(__file__).parents[1] / "data" / "polecat_sample.txt")],
    ["serve", "--token", "secret"],
])
def test_writing_to_a_lake_is_refused(lake: Path, command: list[str]):
    before = sorted(p.relative_to(lake) for p in lake.rglob("*"))
    result = frenemy(*command, "--db", str(lake), input="Iran accused Azerbaijan.")
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {lake} is a Parquet lake, which is read-only. ")
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(lake) for p in lake.rglob("*")) == before


def test_reexport_needs_overwrite(demo_db: Path, tmp_path: Path):
    out = tmp_path / "lake"
    args = ["export", "--db", str(demo_db), "-f", "parquet", "--partition", "year", "-o",
            str(out), "--dyad", "IRN", "AZE"]
    assert frenemy(*args).returncode == 0
    again = frenemy(*args)
    assert again.returncode == 1
    assert again.stderr.startswith(f"Error: {out} already holds a Parquet lake. Pass "
                                   "--overwrite to replace it")
    replaced = frenemy(*args, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    # the filtered events, once each
    assert _run("events", "--db", str(out), "--json") == _run(
        "events", "--db", str(demo_db), "--dyad", "IRN", "AZE", "--json")


@pytest.mark.parametrize(("options", "error"), [
    (["-f", "csv", "--partition", "year"], "Error: --partition goes with --format parquet"),
    (["-f", "parquet", "--partition", "month"], "Error: cannot partition by 'month'. Use year"),
    (["-f", "parquet", "--overwrite"], "Error: --overwrite goes with --partition"),
])
def test_export_options_that_do_not_go_together(demo_db: Path, tmp_path: Path,
                                                options: list[str], error: str):
    result = frenemy("export", "--db", str(demo_db), *options, str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(error)
    assert not list(tmp_path.iterdir())
