from pathlib import Path

from ..conftest import frenemy, shared_path


def test_import_icews14_then_query(tmp_path: Path):
    folder = shared_path("data", "tkg", "ICEWS14")
    db = tmp_path / "tkg.duckdb"
    files = [str(folder / f"{split}_names.tsv") for split in ("train", "valid", "test")]
    result = frenemy("import", "icews-tkg", *files, "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "90730" in result.stderr
    again = frenemy("import", "icews-tkg", *files, "--db", str(db), "--quiet")
    assert again.returncode == 0
    events = frenemy("events", "--db", str(db), "--dyad", "RUS", "UKR", "--root", "19",
                     "--since", "2014-02-01", "--until", "2014-04-30", "--limit", "5")
    assert events.returncode == 0 and "5 events" in events.stdout


def test_import_errors(tmp_path: Path):
    bad = frenemy("import", "xml", str(tmp_path / "x"), "--db", str(tmp_path / "x.duckdb"))
    assert bad.returncode == 1 and bad.stderr.startswith("Error: unknown import format 'xml'")
    missing = frenemy("import", "gdelt", str(tmp_path / "none.tsv"), "--db",
                      str(tmp_path / "x.duckdb"))
    assert missing.returncode == 1 and "no such file" in missing.stderr
