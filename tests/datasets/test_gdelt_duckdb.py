import gzip
import zipfile
from pathlib import Path

import pytest

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, ImportResult, import_events

from ..conftest import SHARED, shared_path
from .engines import TABLES, import_tables, same_both_ways

# Listed at collection without failing when ../shared is absent; each test asks shared_path for
# its files, which skips there (and fails on CI).
FORMATS = SHARED / "data" / "formats"
GDELT = sorted(p.name for p in FORMATS.iterdir() if p.name.startswith("gdelt")) \
    if FORMATS.is_dir() else ["gdelt2_events_export_20180326044500_300rows.tsv"]
EXPORT_NAME = "gdelt2_events_export_20180326044500_300rows.tsv"


def _shared(name: str) -> Path:
    return shared_path("data", "formats", name)


def _same_both_ways(paths: list[Path], tmp_path: Path) -> tuple[ImportResult, dict]:
    return same_both_ways("gdelt", paths, tmp_path)


@pytest.mark.parametrize("name", GDELT)
def test_each_shared_gdelt_file_stores_the_same_as_the_python_reader(name: str, tmp_path: Path):
    _same_both_ways([_shared(name)], tmp_path)


def test_all_shared_gdelt_files_at_once(tmp_path: Path):
    result, tables = _same_both_ways([_shared(n) for n in GDELT], tmp_path)
    assert len(tables["events"]) == 1010 and len(tables["event_mentions"]) == 8
    assert result.exit_code == 2  # the header and the CSV sample are not GDELT rows
    assert result.lines_reread == 1636 + 59 + 62 + 17  # the files not in GDELT's layouts


def test_malformed_rows_are_reported_and_the_rest_goes_in(tmp_path: Path):
    good = _shared(EXPORT_NAME).read_text(encoding="utf-8").splitlines()
    bad_code = good[2].split("\t")
    bad_code[26] = "999"
    bad_date = good[3].split("\t")
    bad_date[1] = "2018-03"
    gdelt1 = _shared("gdelt1_events_historical_1982_201rows.tsv").read_text().splitlines()[0]
    path = tmp_path / "mixed.tsv"
    path.write_text("\n".join([
        good[0], "too\tfew\tcolumns", good[1], "\t".join(["x"] * 61), "",
        "\t".join(bad_code), "\t".join(bad_date), good[4] + "\textra", gdelt1, good[5],
    ]) + "\n", encoding="utf-8")
    result, tables = _same_both_ways([path], tmp_path)
    assert [(i.file, i.line) for i in result.issues] == [
        (str(path), 2), (str(path), 4), (str(path), 6), (str(path), 7), (str(path), 8)]
    reasons = [i.reason for i in result.issues]
    assert "3 columns" in reasons[0] and "unknown CAMEO code '999'" in reasons[2]
    assert all(reasons)
    assert result.rows_read == 4 and len(tables["events"]) == 4  # with the 57-column row
    assert result.exit_code == 2


def test_zip_gzip_and_rerun(tmp_path: Path):
    zipped = tmp_path / "e.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(_shared(EXPORT_NAME), "20180326044500.export.CSV")
        archive.write(_shared("gdelt2_mentions_raw_8rows_newsnet.tsv"), "m.CSV")
    gzipped = tmp_path / "e.tsv.gz"
    gzipped.write_bytes(gzip.compress(
        _shared("gdelt1_events_daily_20160728_509rows.tsv").read_bytes()))
    result, tables = _same_both_ways([zipped, gzipped], tmp_path)
    assert result.exit_code == 0 and result.events_added == 809 and result.lines_reread == 0
    with open_store(tmp_path / "duckdb.duckdb") as store:
        again = import_events([zipped, gzipped], store, ImportOptions(format="gdelt"))
        assert store.sql(TABLES["events"]) == tables["events"]
    assert again.exit_code == 0 and again.events_added == 0 and again.mentions_added == 0
    assert again.events_skipped == 809


def test_nothing_readable_exits_1(tmp_path: Path):
    path = tmp_path / "junk.tsv"
    path.write_text("a\tb\n", encoding="utf-8")
    result, _ = import_tables("gdelt", [path, tmp_path / "none.tsv"], tmp_path / "x.duckdb")
    assert result.exit_code == 1 and result.issues[-1].reason == "no such file"
