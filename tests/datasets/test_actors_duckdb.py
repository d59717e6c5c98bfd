from pathlib import Path

from frenemy import open_store
from frenemy.datasets.actors_duckdb import ICEWS_ACTORS, map_icews_actors
from frenemy.datasets.duckdb_import import ROWS
from frenemy.datasets.duckdb_sql import literal, load_tables, taxonomy_tables
from frenemy.datasets.icews_duckdb import ICEWS
from frenemy.datasets.importers import ImportOptions, import_events

from .engines import same_both_ways

SIDES = [("r.k", "r.name", "r.country", "r.sectors")]


def _rows(store, keys_and_sides):
    """ROWS of one side per row: its key, name, country and sectors, on one day."""
    load_tables(store, {**taxonomy_tables(), **ICEWS.tables()})
    values = ", ".join(f"({key}, {literal(name)}, {literal(country)}, {literal(sectors)}, "
                       "DATE '2018-06-01')" for key, name, country, sectors in keys_and_sides)
    store.conn.execute(f"CREATE OR REPLACE TEMP VIEW {ROWS} AS SELECT * FROM (VALUES {values}) "
                       "v(k, name, country, sectors, date)")


def test_sides_are_mapped_by_their_key(tmp_path: Path):
    with open_store(tmp_path / "a.duckdb") as store:
        _rows(store, [(1, "Citizen (India)", "India", ""), (1, "Citizen (India)", "India", ""),
                      (2, "Police (Iran)", "", "")])
        assert map_icews_actors(store, SIDES, "r.date")
        assert dict(store.conn.execute(f"SELECT key, code FROM {ICEWS_ACTORS}").fetchall()) == {
            1: "INDCVL", 2: "IRNCOP"}


def test_two_sides_sharing_a_key_are_left_to_the_row_reader(tmp_path: Path):
    # A 64-bit hash's collision, made by hand: SQL maps nothing rather than one side as the
    # other.
    with open_store(tmp_path / "a.duckdb") as store:
        _rows(store, [(7, "Citizen (India)", "India", ""), (7, "Police (Iran)", "", "")])
        assert not map_icews_actors(store, SIDES, "r.date")


def test_an_icews_row_maps_both_sides_by_their_keys(tmp_path: Path):
    header = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
              "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
              "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude")
    row = ("1\t2018-06-01\tPolice (Iran)\t\t\tArrest\t173\t-5\tCitizen (India)\t\tIndia\t"
           "1\t1\tX\t\t\t\tIran\t35.7\t51.4")
    path = tmp_path / "e.tab"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with open_store(tmp_path / "b.duckdb") as store:
        result = import_events([path], store, ImportOptions(format="icews"))
        events = store.conn.execute("SELECT source, target FROM events").fetchall()
    assert result.exit_code == 0 and result.lines_reread == 0
    assert events == [("IRNCOP", "INDCVL")]


def test_a_side_whose_text_sql_cannot_read_as_python_goes_to_the_row_reader(tmp_path: Path):
    # Safety is checked once per actor: the row whose source is written in Cyrillic (whose
    # lower case DuckDB's functions may not give as Python does) is read by the row reader,
    # the other row by SQL, and both engines store the same.
    header = ("Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\t"
              "CAMEO Code\tIntensity\tTarget Name\tTarget Sectors\tTarget Country\tStory ID\t"
              "Sentence Number\tPublisher\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude")
    rows = ["1\t2018-06-01\tПолиция (Iran)\t\t\tArrest\t173\t-5\tCitizen (India)\t\tIndia\t"
            "1\t1\tX\t\t\t\tIran\t35.7\t51.4",
            "2\t2018-06-01\tPolice (Iran)\t\t\tArrest\t173\t-5\tCitizen (India)\t\tIndia\t"
            "1\t1\tX\t\t\t\tIran\t35.7\t51.4"]
    path = tmp_path / "e.tab"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    result, tables = same_both_ways("icews", [path], tmp_path)
    assert result.exit_code == 0 and result.lines_reread == 1
    assert len(tables["events"]) == 2
