import shutil
import signal
import subprocess
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from frenemy import InputError, open_store
from frenemy.cli.app import app
from frenemy.datasets.importers import ImportOptions, import_events

from ..conftest import BIN, GDELT_V2, GdeltSite, dump_tables, frenemy, shared_path

runner = CliRunner()


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


def _by_date(site: GdeltSite, db: Path, *extra: str) -> list[str]:
    return ["import", "gdelt", "--from", "2024-01-01", "--to", "2024-01-03", "--mirror",
            site.base, "--db", str(db), *extra]


def _summary(stderr: str) -> dict[str, str]:
    """The summary table's rows: label -> value."""
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in stderr.splitlines()
             if line.startswith("│")]
    return {c[0]: c[1] for c in cells if len(c) == 2}


def test_import_gdelt_by_date(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "g.duckdb"
    missing = f"/gdeltv2/{GDELT_V2[3]}.export.CSV.zip"
    body = gdelt_site.files.pop(missing)
    first = runner.invoke(app, _by_date(gdelt_site, db, "--mentions"))
    assert first.exit_code == 2, first.output  # partial: one file is missing
    assert f"skipped {gdelt_site.base}{missing}: cannot download (HTTP 404)" in first.stderr
    summary = _summary(first.stderr)
    assert summary["GDELT 2.0 files"] == "5 from 2024-01-01 to 2024-01-03"
    assert (summary["imported now"].split()[0], summary["failed"], summary["events added"],
            summary["mentions added"]) == ("4", "1", "150", "8")
    gdelt_site.files[missing] = body
    again = runner.invoke(app, _by_date(gdelt_site, db, "--mentions"))
    assert again.exit_code == 0, again.output
    summary = _summary(again.stderr)
    assert (summary["imported before"], summary["imported now"].split()[0],
            summary["events added"]) == ("4", "1", "50")
    assert gdelt_site.asked().count(missing) == 2


def test_import_gdelt_by_date_resumes_after_a_kill(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "g.duckdb"
    last = f"/gdeltv2/{GDELT_V2[4]}.export.CSV.zip"
    gdelt_site.held.add(last)  # the last file stops half-way, and the run is killed there
    exe = shutil.which("frenemy", path=str(BIN)) or "frenemy"
    run = subprocess.Popen([exe, *_by_date(gdelt_site, db, "--downloads", "1")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert gdelt_site.holding.wait(120)
    finally:
        run.send_signal(signal.SIGKILL)
        run.wait()
    gdelt_site.held.clear()
    gdelt_site.release.set()
    conn = duckdb.connect(str(db))
    done = {f"/{r[0]}" for r in conn.execute("SELECT name FROM imported_files").fetchall()}
    conn.close()
    assert len(done) >= 2  # one file at a time: the two before the one downloading went in
    asked = len(gdelt_site.asked())
    resumed = runner.invoke(app, _by_date(gdelt_site, db, "--quiet"))
    assert resumed.exit_code == 0, resumed.output
    assert not done & set(gdelt_site.asked()[asked:])
    assert not (tmp_path / "g.duckdb.downloads").exists()  # the half-written file is gone
    direct = tmp_path / "direct.duckdb"
    with open_store(direct) as store:
        import_events([gdelt_site.folder / f"{stamp}.export.CSV" for stamp in GDELT_V2[1:5]],
                      store, ImportOptions(format="gdelt"))
    assert dump_tables(db) == dump_tables(direct)


def test_import_by_date_argument_errors(tmp_path: Path):
    db = str(tmp_path / "x.duckdb")
    cases = {
        ("gdelt",): "nothing to import. Give event files, or --from",
        ("gdelt", "a.tsv", "--from", "2024-01-01"): "give event files or --from/--to, not both.",
        ("icews", "--from", "2024-01-01"): "--from/--to download GDELT by date, not icews.",
        ("gdelt", "a.tsv", "--mirror", "http://127.0.0.1:9"): "--mirror goes with --from.",
        ("gdelt", "--from", "2024-1-1"): "--from '2024-1-1' is not a date.",
        ("gdelt", "--from", "2024-01-01", "--version", "3"): "there is no GDELT version 3. "
                                                             "Use 1 or 2",
    }
    for args, message in cases.items():
        result = runner.invoke(app, ["import", *args, "--db", db])
        assert isinstance(result.exception, InputError), (args, result.output)
        assert str(result.exception).startswith(message), (args, str(result.exception))
