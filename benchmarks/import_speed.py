"""GDELT import speed: `frenemy import gdelt` against a bare DuckDB read_csv of the same file.

Usage: .venv/bin/python benchmarks/import_speed.py [--rows N] [--keep DIR]
Builds a GDELT 2.0 export of N rows (default 1,000,000) from the shared 300-row sample, each
copy of a row with a new GlobalEventID, in a temporary folder. Then, in one run, times
frenemy's import into a new database (frenemy.datasets.importers.import_events, the library
function behind `frenemy import gdelt`) and a bare read: DuckDB's read_csv of the same file,
all 61 columns as text, into a table of an in-memory database. The targets of the issue:
at least 100,000 rows/s, and within 2.5 times the bare read's time.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import duckdb

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, import_events

SAMPLE = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "formats"
          / "gdelt2_events_export_20180326044500_300rows.tsv")


def build(path: Path, rows: int) -> None:
    """N rows: the sample's rows over and over, each with GlobalEventID 1, 2, 3, ..."""
    sample = [line.split("\t", 1)[1] for line in SAMPLE.read_text(encoding="utf-8").splitlines()
              if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        chunk: list[str] = []
        for number in range(1, rows + 1):
            chunk.append(f"{number}\t{sample[number % len(sample)]}\n")
            if len(chunk) == 50_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))


def bare_read(path: Path) -> float:
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(61)) + "}"
    conn = duckdb.connect()
    start = time.perf_counter()
    conn.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', columns = {columns}, "
                 "delim = '\t', quote = '', escape = '', header = false, auto_detect = false)")
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed


def frenemy_import(path: Path, db: Path) -> tuple[float, int]:
    with open_store(db) as store:
        start = time.perf_counter()
        result = import_events([path], store, ImportOptions(format="gdelt"))
        elapsed = time.perf_counter() - start
    assert result.exit_code == 0, result.issues[:3]
    return elapsed, result.events_added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build the file in this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="frenemy-import-") as folder:
        where = args.keep or Path(folder)
        where.mkdir(parents=True, exist_ok=True)
        path = where / "gdelt2.export.CSV"
        start = time.perf_counter()
        build(path, args.rows)
        print(f"built {args.rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - start:.1f} s")
        bare = bare_read(path)  # also warms the page cache for both
        took, added = frenemy_import(path, Path(folder) / "import.duckdb")
        bare = min(bare, bare_read(path))
    frenemy_rate, bare_rate = args.rows / took, args.rows / bare
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, duckdb {duckdb.__version__}")
    print(f"frenemy import gdelt: {took:.2f} s, {frenemy_rate:,.0f} rows/s "
          f"({added:,} events added)")
    print(f"bare read_csv:        {bare:.2f} s, {bare_rate:,.0f} rows/s")
    print(f"ratio (import time / bare read time): {took / bare:.2f}")
    print(f"targets: >= 100,000 rows/s: {'met' if frenemy_rate >= 100_000 else 'NOT met'}; "
          f"within 2.5x of the bare read: {'met' if took / bare <= 2.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
