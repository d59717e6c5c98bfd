"""`frenemy validate`: a PETRARCH validation suite from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from frenemy.cli.app import app

from ..conftest import frenemy

FIXTURES = Path(__file__).parents[1] / "data" / "petrarch"
runner = CliRunner()


def test_validate_json():
    result = runner.invoke(app, ["validate", str(FIXTURES / "suite.xml"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"records": 6, "expected": 7, "found": 7, "extra": 0,
                                         "found_pct": 100.0, "extra_pct": 0.0}
    result = runner.invoke(app, ["validate", str(FIXTURES / "suite.xml"), "--json",
                                 "--all-categories"])
    assert json.loads(result.stdout)["records"] == 7


def test_validate_table_and_other_dictionaries(tmp_path: Path):
    verbs = tmp_path / "verbs.txt"
    verbs.write_text((FIXTURES / "verbs.txt").read_text().replace("[042:043]", "[036]"))
    result = runner.invoke(app, ["validate", str(FIXTURES / "suite.xml"), "--verbs",
                                 str(verbs), "--actors", str(FIXTURES / "actors.txt"),
                                 "--agents", str(FIXTURES / "agents.txt")])
    assert result.exit_code == 0, result.output
    assert "BASIC BASIC-02" in result.stdout and "036" in result.stdout
    assert "1 records with evaluate=\"false\" and 1 of categories outside its <Include> left" \
        in result.stdout


def test_validate_errors_read_plainly(tmp_path: Path):
    result = frenemy("validate", str(tmp_path / "none.xml"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'none.xml'} does not exist. Pass")
    result = frenemy("validate", str(FIXTURES / "suite.xml"), "--agents",
                     str(tmp_path / "agents.txt"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    result = runner.invoke(app, ["validate", str(FIXTURES / "suite.xml"), "--agents",
                                 str(FIXTURES / "agents.txt"), "--actors",
                                 str(FIXTURES / "actors.txt")])
    assert result.exit_code == 0  # the suite's own verbs fill in
