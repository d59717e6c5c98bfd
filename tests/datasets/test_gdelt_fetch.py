from datetime import date
from pathlib import Path

import pytest

from frenemy import InputError, open_store
from frenemy.datasets.gdelt_fetch import (
    GdeltFetchOptions,
    GdeltFetchResult,
    GdeltProgress,
    fetch_gdelt,
)
from frenemy.datasets.importers import ImportOptions, import_events

from ..conftest import GDELT_V1, GDELT_V2, GdeltSite, dump_tables

JAN_1_TO_3 = [f"/gdeltv2/{stamp}.export.CSV.zip" for stamp in GDELT_V2[1:5]]
MENTIONS = f"/gdeltv2/{GDELT_V2[1]}.mentions.CSV.zip"


def _fetch(site: GdeltSite, db: Path, start: str = "2024-01-01", end: str = "2024-01-03",
           **options: object) -> GdeltFetchResult:
    settings: dict = {"mirror": site.base, "backoff": 0.01, **options}
    with open_store(db) as store:
        return fetch_gdelt(store, GdeltFetchOptions(start=date.fromisoformat(start),
                                                    end=date.fromisoformat(end), **settings))


def _direct(site: GdeltSite, paths: list[str], db: Path) -> dict:
    """The tables that importing the unzipped files by path makes."""
    plain = [site.folder / p.rsplit("/", 1)[1].removesuffix(".zip") for p in paths]
    with open_store(db) as store:
        result = import_events(plain, store, ImportOptions(format="gdelt"))
    assert result.exit_code == 0, result.issues
    return dump_tables(db)


def _imported_files(db: Path) -> list[str]:
    with open_store(db) as store:
        return [r[0] for r in store.sql("SELECT name FROM imported_files ORDER BY name")]


def test_a_date_range_downloads_its_files_and_stores_what_they_hold(gdelt_site: GdeltSite,
                                                                     tmp_path: Path):
    db = tmp_path / "fetched.duckdb"
    result = _fetch(gdelt_site, db, mentions=True)
    assert sorted(gdelt_site.asked()) == sorted([*JAN_1_TO_3, MENTIONS])  # each once
    assert gdelt_site.asked(".txt") == ["/gdeltv2/masterfilelist.txt"]
    assert (result.files_listed, result.files_imported, result.files_skipped,
            result.files_failed, result.exit_code) == (5, 5, 0, 0, 0)
    assert result.rows.rows_read == 4 * 50 + 8 and result.rows.events_added == 200
    assert result.bytes_downloaded == sum(len(gdelt_site.files[p])
                                          for p in [*JAN_1_TO_3, MENTIONS])
    assert dump_tables(db) == _direct(gdelt_site, [*JAN_1_TO_3, MENTIONS],
                                      tmp_path / "direct.duckdb")
    assert _imported_files(db) == sorted(p.lstrip("/") for p in [*JAN_1_TO_3, MENTIONS])
    assert not (tmp_path / "fetched.duckdb.downloads").exists()  # emptied and removed


def test_a_rerun_downloads_nothing_and_adds_nothing(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "g.duckdb"
    _fetch(gdelt_site, db)
    before, asked = dump_tables(db), list(gdelt_site.asked())
    again = _fetch(gdelt_site, db)
    assert gdelt_site.asked() == asked
    assert (again.files_listed, again.files_skipped, again.files_imported,
            again.rows.rows_read, again.exit_code) == (4, 4, 0, 0, 0)
    assert dump_tables(db) == before
    wider = _fetch(gdelt_site, db, end="2024-01-04")  # one more day: only its file
    assert gdelt_site.asked()[len(asked):] == [f"/gdeltv2/{GDELT_V2[5]}.export.CSV.zip"]
    assert wider.files_imported == 1 and wider.rows.events_added == 50


def test_gdelt_1_daily_and_yearly_files(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "v1.duckdb"
    result = _fetch(gdelt_site, db, "2024-01-01", "2024-01-02", version=1)
    days = [f"/events/{day}.export.CSV.zip" for day in GDELT_V1[1:3]]
    assert sorted(gdelt_site.asked()) == days and result.exit_code == 0
    assert gdelt_site.asked(".txt") == [] and "/events/md5sums" in gdelt_site.requests
    assert dump_tables(db) == _direct(gdelt_site, days, tmp_path / "direct.duckdb")
    old = _fetch(gdelt_site, tmp_path / "1982.duckdb", "1982-03-01", "1982-03-01", version=1)
    assert gdelt_site.asked()[-1] == "/events/1982.zip"  # a year's backfile holds the day
    assert old.files_imported == 1 and old.rows.rows_read == 201


def test_a_server_error_is_tried_again(gdelt_site: GdeltSite, tmp_path: Path):
    flaky = JAN_1_TO_3[1]
    gdelt_site.faults[flaky] = [500, 503]
    result = _fetch(gdelt_site, tmp_path / "g.duckdb")
    assert gdelt_site.asked().count(flaky) == 3
    assert result.files_imported == 4 and result.exit_code == 0 and not result.rows.issues


def test_a_missing_file_is_reported_and_the_others_go_in(gdelt_site: GdeltSite,
                                                         tmp_path: Path):
    db, missing = tmp_path / "g.duckdb", JAN_1_TO_3[2]
    body = gdelt_site.files.pop(missing)
    result = _fetch(gdelt_site, db)
    assert (result.files_imported, result.files_failed, result.exit_code) == (3, 1, 2)
    assert [str(i) for i in result.rows.issues] == [
        f"{gdelt_site.base}{missing}: cannot download (HTTP 404)"]
    assert gdelt_site.asked().count(missing) == 1  # not found is not tried again
    with open_store(db) as store:
        assert store.sql("SELECT file, reason FROM ingest_errors") == [
            (f"{gdelt_site.base}{missing}", "cannot download (HTTP 404)")]
        assert store.sql("SELECT status FROM ingest_runs") == [("partial",)]
    assert len(_imported_files(db)) == 3
    gdelt_site.files[missing] = body
    asked = len(gdelt_site.asked())
    again = _fetch(gdelt_site, db)
    assert gdelt_site.asked()[asked:] == [missing] and again.exit_code == 0
    assert dump_tables(db) == _direct(gdelt_site, JAN_1_TO_3, tmp_path / "direct.duckdb")


def test_an_md5_mismatch_is_reported(gdelt_site: GdeltSite, tmp_path: Path):
    bad = JAN_1_TO_3[0]
    gdelt_site.listing("gdeltv2", 2, wrong_md5=bad.rsplit("/", 1)[1])
    result = _fetch(gdelt_site, tmp_path / "g.duckdb", retries=1)
    assert gdelt_site.asked().count(bad) == 2
    assert (result.files_imported, result.files_failed, result.exit_code) == (3, 1, 2)
    (issue,) = result.rows.issues
    assert issue.file == gdelt_site.base + bad
    assert "MD5" in issue.reason and "0" * 32 in issue.reason and "2 tries" in issue.reason
    assert not (tmp_path / "g.duckdb.downloads").exists()  # no partial file left


def test_an_interrupted_run_goes_on_where_it_stopped(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "g.duckdb"
    folder = tmp_path / "downloads"

    def stop_after_two(step: GdeltProgress) -> None:
        if step.files_done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _fetch(gdelt_site, db, downloads=1, download_dir=folder, on_progress=stop_after_two)
    assert _imported_files(db) == [p.lstrip("/") for p in JAN_1_TO_3[:2]]
    # as a kill would leave them: the last file downloaded whole, the third half-way
    last, third = JAN_1_TO_3[3], JAN_1_TO_3[2]
    (folder / last.rsplit("/", 1)[1]).write_bytes(gdelt_site.files[last])
    (folder / (third.rsplit("/", 1)[1] + ".part")).write_bytes(gdelt_site.files[third][:100])
    asked = len(gdelt_site.asked())
    result = _fetch(gdelt_site, db, download_dir=folder)
    assert set(gdelt_site.asked()[asked:]) <= {third}  # the last one was on disk
    assert (result.files_skipped, result.files_imported, result.exit_code) == (2, 2, 0)
    assert dump_tables(db) == _direct(gdelt_site, JAN_1_TO_3, tmp_path / "direct.duckdb")
    assert not any(folder.iterdir())
    with open_store(db) as store:
        assert store.sql("SELECT status FROM ingest_runs ORDER BY started") == [
            ("running",), ("ok",)]


def test_what_cannot_be_asked_for(gdelt_site: GdeltSite, tmp_path: Path):
    db = tmp_path / "g.duckdb"
    with pytest.raises(InputError, match="ends .2024-01-01. before it starts"):
        _fetch(gdelt_site, db, "2024-01-03", "2024-01-01")
    with pytest.raises(InputError, match="GDELT 1.0 has no mentions files"):
        _fetch(gdelt_site, db, version=1, mentions=True)
    with pytest.raises(InputError, match="lists no files from 2014-01-01 to 2014-01-02"):
        _fetch(gdelt_site, db, "2014-01-01", "2014-01-02")
    with pytest.raises(InputError, match=r"cannot read GDELT's list .* \(HTTP 404\)"):
        _fetch(gdelt_site, db, mirror=gdelt_site.base + "/elsewhere")
    assert gdelt_site.asked() == []
