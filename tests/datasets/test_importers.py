import gzip
import zipfile
from datetime import date
from pathlib import Path

import pytest

from frenemy import InputError, open_store
from frenemy.datasets.importers import ImportOptions, import_events, read_events
from frenemy.errors import InputIssue

from ..conftest import shared_path


def _formats(name: str) -> Path:
    return shared_path("data", "formats", name)


def _events(fmt: str, *paths: Path):
    items = list(read_events(fmt, paths))
    return ([i for i in items if not isinstance(i, InputIssue)],
            [i for i in items if isinstance(i, InputIssue)])


@pytest.mark.parametrize(("name", "rows"), [
    ("gdelt1_events_historical_1982_201rows.tsv", 201),
    ("gdelt1_events_daily_20160728_509rows.tsv", 509),
    ("gdelt2_events_export_20180326044500_300rows.tsv", 300),
])
def test_gdelt_files_of_every_width(name: str, rows: int):
    events, issues = _events("gdelt", _formats(name))
    assert len(events) == rows and not issues
    assert all(e.dataset == "gdelt" and e.code[:2] == e.root for e in events)
    assert all(isinstance(e.code, str) and len(e.code) >= 3 for e in events)


def test_gdelt_fields_spot_check():
    path = _formats("gdelt2_events_export_20180326044500_300rows.tsv")
    first = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    event = _events("gdelt", path)[0][0]
    assert event.date == date(int(first[1][:4]), int(first[1][4:6]), int(first[1][6:]))
    assert event.code == first[26] and event.source == (first[5] or None)
    assert event.num_mentions == int(first[31]) and event.goldstein == float(first[30])


def test_gdelt_geography_is_mapped_from_fips():
    events, _ = _events("gdelt", _formats("gdelt1_events_historical_1982_201rows.tsv"))
    ghana = [e for e in events if e.location_name and "Ghana" in e.location_name]
    assert ghana and all(e.location_country == "GHA" for e in ghana)


def test_gdelt_mentions_link_events_to_their_articles(tmp_path: Path):
    path = _formats("gdelt2_mentions_raw_8rows_newsnet.tsv")
    mentions, issues = _events("gdelt", path)
    assert len(mentions) == 8 and not issues
    first = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert mentions[0].url == first[5] and mentions[0].outlet == first[4]
    assert mentions[0].sentence_index == int(first[6]) - 1
    with open_store(tmp_path / "x.duckdb") as store:
        result = import_events([path], store, ImportOptions(format="gdelt"))
        again = import_events([path], store, ImportOptions(format="gdelt"))
        assert (result.mentions_added, again.mentions_added) == (8, 0)
        stored = {r[0] for r in store.sql("SELECT url FROM documents")}
        assert first[5] in stored and len(stored) == 5  # five distinct articles in the sample
        linked = store.sql("SELECT count(DISTINCT event_id) FROM event_mentions")[0][0]
        assert linked == 8


def test_polecat_rows_are_mapped_to_cameo_and_kept_in_plover(tmp_path: Path):
    path = Path(__file__).parents[1] / "data" / "polecat_sample.txt"
    events, issues = _events("polecat", path)
    assert [(e.code, e.source, e.target) for e in events] == [
        ("042", "ARMGOV", "IRN"), ("173", "AZECOP", "AZECVL"), ("154", "IRNMIL", "AZE"),
        ("110", "AZE", "IRN")]
    assert [(e.plover_type, e.plover_mode) for e in events][:2] == [("CONSULT", "visit"),
                                                                   ("COERCE", "arrest")]
    assert events[0].location_name == "Tehran" and events[0].location_country == "IRN"
    assert all(e.dataset == "polecat" and e.date.year == 2023 for e in events)
    assert [(i.line, "TELEPORT" in i.reason) for i in issues] == [(6, True), (7, False)]
    with open_store(tmp_path / "x.duckdb") as store:
        result = import_events([path], store, ImportOptions(format="polecat"))
        assert (result.events_added, len(result.issues), result.exit_code) == (4, 2, 2)


def test_icews_rows_and_actor_mapping():
    events, issues = _events("icews", _formats("icews_events_2018-06-01_300rows.tab"))
    assert len(events) == 300 and not issues
    first = events[0]
    assert (first.source, first.code, first.target) == ("BGDGOV", "040", "VNMMIL")
    assert first.location_name == "Hanoi" and first.location_country == "VNM"
    assert len({e.event_id for e in events}) == 300
    mapped = sum(1 for e in events if e.source_country)
    assert mapped >= 280


def test_icews_country_names_keep_icews_meaning():
    from frenemy.datasets.icews import country_names

    # ICEWS names Brazzaville "Congo", where news means Kinshasa by it.
    names = country_names()
    assert (names["congo"], names["democratic republic of congo"]) == ("COG", "COD")
    assert names["republic of congo"] == "COG"


def test_icews_tkg_quadruples():
    path = shared_path("data", "tkg", "ICEWS14", "valid_names.tsv")
    events, issues = _events("icews-tkg", path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(events) == len(lines) - 1 and not issues
    assert all(e.date.year == 2014 for e in events)
    codes = {e.code for e in events}
    assert "190" in codes and "040" in codes
    assert sum(1 for e in events if e.source_country) / len(events) > 0.6


def test_bad_rows_are_reported_and_the_rest_goes_in(tmp_path: Path):
    good = _formats("gdelt2_events_export_20180326044500_300rows.tsv").read_text().splitlines()
    path = tmp_path / "mixed.tsv"
    path.write_text("\n".join([good[0], "too\tfew\tcolumns", good[1], "\t".join(["x"] * 61)])
                    + "\n", encoding="utf-8")
    events, issues = _events("gdelt", path)
    assert len(events) == 2
    assert [(i.line, bool(i.reason)) for i in issues] == [(2, True), (4, True)]


def test_zip_and_gzip(tmp_path: Path):
    source = _formats("gdelt2_events_export_20180326044500_300rows.tsv")
    zipped = tmp_path / "e.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(source, "events.CSV")
    gzipped = tmp_path / "e.tsv.gz"
    gzipped.write_bytes(gzip.compress(source.read_bytes()))
    assert len(_events("gdelt", zipped)[0]) == 300
    assert len(_events("gdelt", gzipped)[0]) == 300


def test_import_is_idempotent_and_reported(tmp_path: Path):
    path = _formats("icews_events_2018-06-01_300rows.tab")
    with open_store(tmp_path / "x.duckdb") as store:
        first = import_events([path], store, ImportOptions(format="icews", batch_size=64))
        again = import_events([path], store, ImportOptions(format="icews"))
        assert (first.events_added, again.events_added, again.events_skipped) == (300, 0, 300)
        assert store.count("events") == 300
        assert store.sql("SELECT count(*) FROM events WHERE dataset = 'icews'")[0][0] == 300


def test_unknown_format():
    with pytest.raises(InputError, match="unknown import format"):
        list(read_events("polecat2", []))


def test_non_finite_numbers_are_no_numbers():
    from frenemy.datasets.rows import parse_float

    assert [parse_float(v) for v in ("nan", "inf", "-Infinity", "1e400", " 2.5 ", "NA")] == [
        None, None, None, None, 2.5, None]
