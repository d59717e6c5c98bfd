import gzip
import zipfile
from pathlib import Path

from frenemy import open_store

from ..conftest import shared_path
from .engines import import_tables, reimport_adds_nothing, same_both_ways

ICEWS = ("data", "formats", "icews_events_2018-06-01_300rows.tab")
TKG = ("data", "tkg", "ICEWS14", "test_names.tsv")


def _lines(*parts: str) -> list[str]:
    return shared_path(*parts).read_text(encoding="utf-8").splitlines()


def _write(path: Path, lines: list[str], end: str = "\n") -> Path:
    path.write_bytes(end.join(lines).encode("utf-8") + end.encode())
    return path


def _icews_row(row: str, **changes: str) -> str:
    header = _lines(*ICEWS)[0].split("\t")
    fields = row.split("\t")
    for name, value in changes.items():
        fields[header.index(name.replace("_", " "))] = value
    return "\t".join(fields)


def test_shared_icews_file_stores_the_same_as_the_row_reader(tmp_path: Path):
    path = shared_path(*ICEWS)
    result, tables = same_both_ways("icews", [path], tmp_path)
    assert result.exit_code == 0 and len(tables["events"]) == 300
    assert result.lines_reread == 0  # every row mapped in SQL
    reimport_adds_nothing("icews", [path], tmp_path, result, tables)


def test_shared_tkg_quadruples_store_the_same_as_the_row_reader(tmp_path: Path):
    path = _write(tmp_path / "test_names.tsv", _lines(*TKG)[:2001])
    result, tables = same_both_ways("icews-tkg", [path], tmp_path)
    assert result.exit_code == 0 and len(tables["events"]) == 2000
    assert result.lines_reread == 0
    reimport_adds_nothing("icews-tkg", [path], tmp_path, result, tables)


def test_every_icews14_entity_maps_as_the_row_reader_maps_it(tmp_path: Path):
    """Each actor of the benchmark, on days from 1994 to 2018 (leaders in and out of office),
    as subject and as object."""
    header = _lines(*TKG)[0]
    names = [line.rsplit("\t", 1)[0] for line in _lines("data", "tkg", "ICEWS14",
                                                         "entity2id.txt")]
    days = [f"{1994 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}" for n in range(len(names))]
    rows = [f"{name}\tMake statement\t{names[n - 1]}\t{days[n]}\t0"
            for n, name in enumerate(names)]
    path = _write(tmp_path / "entities_names.tsv", [header, *rows])
    result, tables = same_both_ways("icews-tkg", [path], tmp_path)
    assert result.exit_code == 0 and len(tables["events"]) == len(names) > 7000
    assert result.lines_reread == 0


def test_malformed_icews_rows_are_reported_and_the_rest_goes_in(tmp_path: Path):
    header, *rows = _lines(*ICEWS)
    lines = [
        header, rows[0], "too\tfew", rows[1] + "\textra",
        _icews_row(rows[2], Event_Date="2018-06-31"), _icews_row(rows[3], Event_Date="20180601"),
        _icews_row(rows[4], CAMEO_Code="40"), _icews_row(rows[5], CAMEO_Code="999"),
        _icews_row(rows[6], CAMEO_Code=" 043 "), "", "   ", "\t" * 19,
        _icews_row(rows[7], Source_Name="김정은"),
        _icews_row(rows[8], Source_Name="Ningxia\xa0Hui", Source_Sectors=""),
        _icews_row(rows[9], Source_Name="François Hollande", Event_Date="2014-03-01"),
        _icews_row(rows[10], Target_Name="NA", Target_Country="NA"),
        _icews_row(rows[11], Source_Name="Police (Iran)", Source_Sectors="", Source_Country=""),
        _icews_row(rows[12], Source_Name="Israeli Defense Forces", Source_Country=""),
        _icews_row(rows[13], Source_Name="Vladimir Putin", Event_Date="1995-05-01"),
        _icews_row(rows[14], Source_Name="Vladimir Putin", Event_Date="2018-05-01"),
        _icews_row(rows[15], Intensity="nan"), _icews_row(rows[16], Intensity="1_0"),
        _icews_row(rows[17], Intensity="abc"), _icews_row(rows[18], Intensity=" 2.5 "),
        _icews_row(rows[19], Latitude="NA", City="NA", Province="", Country="Iran"),
        _icews_row(rows[20], Country="Côte d’Ivoire"), rows[21],
    ]
    path = _write(tmp_path / "mixed.tab", lines)
    with path.open("ab") as handle:
        handle.write(_icews_row(rows[22], Source_Name="Bad").encode() + b"\xff\n")
    result, tables = same_both_ways("icews", [path], tmp_path)
    assert [(i.line, i.reason) for i in result.issues] == [
        (3, "Invalid isoformat string: 'few'"), (5, "day is out of range for month"),
        (8, "unknown CAMEO code '999'")]
    assert result.rows_read == len(tables["events"]) == 21 and result.exit_code == 2
    # Re-read by the row reader: the rows DuckDB rejects (fields, encoding, white space),
    # dates and codes written otherwise, "nan", the unknown code, names SQL cannot fold
    # ("1_0" is 10 to DuckDB's cast as to Python).
    assert result.lines_reread == 12
    putin = [e for e in tables["events"] if e[6] == "Vladimir Putin"]
    assert sorted((e[3].year, e[5]) for e in putin) == [(1995, "RUSELI"), (2018, "RUSGOV")]
    crlf = _write(tmp_path / "crlf.tab", lines, end="\r\n")
    (tmp_path / "python.duckdb").unlink()
    (tmp_path / "duckdb.duckdb").unlink()
    assert same_both_ways("icews", [crlf], tmp_path)[0].rows_read == 20


def test_malformed_quadruples_keep_their_line_numbers(tmp_path: Path):
    header, *rows = _lines(*TKG)
    subject, _, obj, day, t = rows[0].split("\t")
    lines = [header, rows[0], "", rows[1], "x\tMake statement\ty",
             "\t".join([subject, "Teleport", obj, day, t]),
             "\t".join([subject, "Make statement", obj, "2014-02-30", t]),
             "\t".join([subject, "Make statement", obj, "20141201", t]), rows[2] + "\textra",
             "\t".join([subject, "Make statemént", obj, day, t]), "  ", "", "", rows[3],
             "\t".join(["Vladimir Putin", "Make statement", "Li Keqiang", day, t]),
             "\t".join(["Nicolas Sarkozy", "Make statement", "Xi Jinping", day, t])]
    path = _write(tmp_path / "valid_names.tsv", lines)
    result, tables = same_both_ways("icews-tkg", [path], tmp_path)
    assert [i.line for i in result.issues] == [5, 6, 7, 10]
    assert result.lines_reread == 7  # the empty lines are no rows
    assert len(tables["events"]) == 7 and result.exit_code == 2


def test_a_file_not_in_the_format_is_reported_once(tmp_path: Path):
    path = _write(tmp_path / "other.tsv", ["a\tb", "1\t2"])
    for fmt in ("icews", "icews-tkg"):
        (tmp_path / fmt).mkdir()
        result, _ = same_both_ways(fmt, [path], tmp_path / fmt)
        assert [(i.line, i.reason.split(":")[0]) for i in result.issues][0][0] == 1


def test_line_breaks_duckdb_does_not_take_go_to_the_row_reader(tmp_path: Path):
    header, *rows = _lines(*TKG)
    for name, text in [("ff", rows[0].replace(" ", "\x0c", 1)),
                       ("cr", rows[0].replace(" ", "\r", 1)),
                       ("ls", rows[0].replace(" ", "\u2028", 1)), ("bom", "\ufeff" + header)]:
        body = [text, rows[1]] if name != "bom" else [rows[0]]
        first = header if name != "bom" else text
        path = _write(tmp_path / f"{name}_names.tsv", [first, *body])
        (tmp_path / name).mkdir()
        result, tables = same_both_ways("icews-tkg", [path], tmp_path / name)
        assert result.issues or tables["events"]
        assert result.lines_reread == len(path.read_bytes().decode().splitlines())


def test_zip_gzip_and_rerun(tmp_path: Path):
    header, *rows = _lines(*ICEWS)
    zipped = tmp_path / "icews.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("a.tab", "\n".join([header, *rows[:150]]) + "\n")
        archive.writestr("dir/", "")
        archive.writestr("b.tab", "\n".join([header, *rows[150:]]) + "\n")
    (tmp_path / "zip").mkdir()
    (tmp_path / "gz").mkdir()
    result, tables = same_both_ways("icews", [zipped], tmp_path / "zip")
    assert result.exit_code == 0 and len(tables["events"]) == 300
    assert result.lines_reread == 0
    reimport_adds_nothing("icews", [zipped], tmp_path / "zip", result, tables)
    gzipped = tmp_path / "test_names.tsv.gz"
    gzipped.write_bytes(gzip.compress("\n".join(_lines(*TKG)[:300]).encode()))
    result, tables = same_both_ways("icews-tkg", [gzipped], tmp_path / "gz")
    assert result.exit_code == 0
    reimport_adds_nothing("icews-tkg", [gzipped], tmp_path / "gz", result, tables)


def test_a_repeated_event_is_stored_once_the_first_way(tmp_path: Path):
    header, *rows = _lines(*ICEWS)
    twice = _icews_row(rows[0], Source_Name="Iran")
    path = _write(tmp_path / "twice.tab", [header, rows[0], twice, rows[1]])
    result, tables = import_tables("icews", [path], tmp_path / "x.duckdb")
    assert (result.rows_read, result.events_added, result.events_skipped) == (3, 2, 1)
    with open_store(tmp_path / "x.duckdb") as store:
        assert store.sql("SELECT source_name FROM events ORDER BY date, source_name")[0][0] \
            == rows[0].split("\t")[2]


def test_a_repeated_event_is_its_first_row_with_either_engine(tmp_path: Path):
    # The same Event ID and date twice, coded otherwise the second time: both engines keep
    # the first row, whether the repeat falls in one batch of the row reader or not.
    header, first, *_ = _lines(*ICEWS)
    again = _icews_row(first, CAMEO_Code="190")
    path = _write(tmp_path / "repeats.tab", [header, first, again])
    result, tables = same_both_ways("icews", [path], tmp_path)
    assert len(tables["events"]) == result.events_added == 1 and result.events_skipped == 1
    assert tables["events"][0][11] != "190"
