import csv
import json
from pathlib import Path

import duckdb
import pytest

from frenemy import EventQuery, InputError, open_store
from frenemy.datasets.export import GDELT_COLUMNS, ExportOptions, export_events

from ..conftest import shared_path


def _export(db: Path, fmt: str, output: Path, query: EventQuery | None = None) -> int:
    with open_store(db, read_only=True) as store:
        return export_events(store, ExportOptions(format=fmt, output=output, query=query))


def test_gdelt_rows_have_61_fields(demo_db: Path, tmp_path: Path):
    out = tmp_path / "events.tsv"
    count = _export(demo_db, "gdelt", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert count == len(lines) > 0
    rows = [line.split("\t") for line in lines]
    assert {len(r) for r in rows} == {61}
    columns = {name: i for i, name in enumerate(GDELT_COLUMNS)}
    for row in rows:
        assert len(row[columns["SQLDATE"]]) == 8
        assert row[columns["EventRootCode"]] == row[columns["EventCode"]][:2]
        assert row[columns["QuadClass"]] in {"1", "2", "3", "4"}
    ids = [r[0] for r in rows]
    assert len(set(ids)) == len(ids)


def test_gdelt_layout_matches_real_gdelt_files(demo_db: Path, tmp_path: Path):
    real = shared_path("data", "formats", "gdelt2_events_export_20180326044500_300rows.tsv")
    width = {len(line.split("\t")) for line in real.read_text().splitlines()}
    assert width == {len(GDELT_COLUMNS)}
    out = tmp_path / "events.tsv"
    _export(demo_db, "gdelt", out)
    # Our file reads back with the same 61-column layout DuckDB sees in GDELT's own file.
    conn = duckdb.connect()
    ours = conn.execute("SELECT * FROM read_csv(?, delim='\t', header=false, all_varchar=true)",
                        [str(out)]).fetchall()
    assert len(ours[0]) == 61


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_tabular_formats_round_trip(demo_db: Path, tmp_path: Path, fmt: str):
    out = tmp_path / f"events.{fmt}"
    count = _export(demo_db, fmt, out, EventQuery(dyad=("IRN", "AZE")))
    assert count > 0
    if fmt == "csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert rows[0]["code"].isdigit() and len(rows[0]["code"]) >= 3  # zeros kept
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
    else:
        rows = duckdb.connect().execute("SELECT * FROM read_parquet(?)", [str(out)]).fetchall()
    assert len(rows) == count


def test_unknown_format_is_an_input_error(demo_db: Path, tmp_path: Path):
    with pytest.raises(InputError):
        _export(demo_db, "xml", tmp_path / "x.xml")


def test_path_with_a_quote(demo_db: Path, tmp_path: Path):
    out = tmp_path / "it's.csv"
    assert _export(demo_db, "csv", out) > 0 and out.exists()
