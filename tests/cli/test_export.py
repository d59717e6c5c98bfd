from pathlib import Path

from ..conftest import frenemy


def test_export_gdelt_has_61_fields(demo_db: Path, tmp_path: Path):
    out = tmp_path / "gdelt.tsv"
    result = frenemy("export", "--db", str(demo_db), "--format", "gdelt", "--output", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    assert f"wrote {len(lines)} events" in result.stderr


def test_export_formats_and_filters(demo_db: Path, tmp_path: Path):
    for fmt in ("csv", "jsonl", "parquet"):
        out = tmp_path / f"x.{fmt}"
        result = frenemy("export", "--db", str(demo_db), "-f", fmt, "-o", str(out),
                         "--dyad", "IRN", "AZE")
        assert result.returncode == 0 and out.stat().st_size > 0


def test_export_unknown_format(demo_db: Path, tmp_path: Path):
    result = frenemy("export", "--db", str(demo_db), "--format", "xml", "-o",
                     str(tmp_path / "x"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: unknown format 'xml'. Use one of csv, jsonl")


def test_petrarch_input_coded_with_dictionaries_and_exported(tmp_path: Path):
    fixtures = Path(__file__).parents[1] / "data" / "petrarch"
    db = tmp_path / "p.duckdb"
    result = frenemy("ingest", str(fixtures / "input.xml"), "--db", str(db), "--quiet",
                     "--dictionaries", str(fixtures))
    assert result.returncode in (0, 2), result.stderr
    assert "sentence without text" in result.stderr
    out = tmp_path / "events.txt"
    result = frenemy("export", "--db", str(db), "--format", "petrarch", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in out.read_text().splitlines()]
    assert rows == [
        ["18950301", "RUR", "GRS", "057", "", "ZEN-1", "Strelsau Gazette"],
        ["18950302", "GRS", "ZEN", "043", "", "ZEN-2", "Strelsau Gazette"],
        ["18950302", "ZEN", "GRS", "042", "", "ZEN-2", "Strelsau Gazette"],
    ]
