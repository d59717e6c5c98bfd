import json
import shutil
from pathlib import Path

from ..conftest import ROOT, frenemy


def test_demo_reports_irn_aze(tmp_path: Path):
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    result = frenemy("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "IRN-AZE by month" in result.stdout and "AZE-IRN" in result.stdout
    assert (tmp_path / "frenemy-demo.duckdb").exists()


def test_demo_json_report(tmp_path: Path):
    result = frenemy("demo", "--db", str(tmp_path / "d.duckdb"), "--corpus",
                     str(ROOT / "examples"), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == 15
    assert report["timeline_dyad"] == ["IRN", "AZE"]
    months = [row["month"] for row in report["timeline"]]
    assert months == sorted(months) and len(months) >= 4
    assert report["top_dyads"][0]["a"] == "AZE" and report["top_dyads"][0]["b"] == "IRN"
    # The story's arc: the IRN-AZE relation ends in conflict.
    assert report["timeline"][-1]["conflict"] > report["timeline"][-1]["cooperation"]
    assert any(t.startswith("AZE-IRN: frenemy -> ") and t.split(" -> ")[1].split(",")[0] in
               {"rival", "hostile"} for t in report["transitions"])
    assert sorted(report["blocs"]) == [["ARM", "IRN", "RUS", "TKM"], ["AZE", "ISR", "TUR"]]


def test_demo_without_corpus_is_a_clear_error(tmp_path: Path):
    result = frenemy("demo", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no sample corpus at examples.")
