"""Escalation alerts on ICEWS14: the top alerts, where chosen dyads rank, and how much of each
dyad the file holds.

Usage: .venv/bin/python benchmarks/icews14_alerts.py [--dyads RUS-UKR ISR-PSE] [--top 15]
Needs ../shared/data/tkg/ICEWS14 (issue 5's acceptance data). The report also lists which
country-level entities of each dyad the file has: the RE-Net version of ICEWS14 has no
"Russia", "Ukraine" or "Israel" entity, so their conflicts reach the alerts only through
sub-state actors and people.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from frenemy import open_store
from frenemy.analysis.alerts import alerts
from frenemy.analysis.relations import country_sql
from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.taxonomy import countries

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tkg" / "ICEWS14"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--dyads", nargs="*", default=["RUS-UKR", "ISR-PSE"])
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    files = [args.data / f"{part}_names.tsv" for part in ("train", "valid", "test")]
    entities = {line.split("\t")[0].replace("_", " ")
                for line in (args.data / "entity2id.txt").read_text().splitlines()}
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "i14.duckdb") as store:
        started = time.perf_counter()
        import_events(files, store, ImportOptions(format="icews-tkg"))
        found = alerts(store)
        seconds = time.perf_counter() - started
        print(f"ICEWS14: {store.sql('SELECT count(*) FROM events')[0][0]:,} events; import and "
              f"alerts in {seconds:.1f} s on {platform.machine()}, Python "
              f"{platform.python_version()}\n")
        print(f"{'rank':>4}  {'dyad':8} {'start':10} {'end':10} {'level':8} {'score':>7}")
        for rank, alert in enumerate(found[:args.top], 1):
            print(f"{rank:>4}  {alert.dyad:8} {alert.start} {alert.end} {alert.level:8} "
                  f"{alert.score:>7.1f}")
        src, tgt = country_sql("source"), country_sql("target")
        print()
        for dyad in args.dyads:
            a, b = sorted(dyad.split("-"))
            ranks = [(n, x) for n, x in enumerate(found, 1) if x.dyad == f"{a}-{b}"]
            listed = ", ".join(f"#{n} from {x.start} (score {x.score:.1f})" for n, x in ranks)
            events, conflict = store.sql(
                f"SELECT count(*), count(*) FILTER (WHERE quad_class >= 3) FROM events WHERE "
                f"least({src}, {tgt}) = ? AND greatest({src}, {tgt}) = ?", [a, b])[0]
            states = [c for c in (a, b) if countries()[c].name in entities]
            print(f"{a}-{b}: alerts {listed or 'none'}; {events} events, {conflict} conflictual; "
                  f"country entities in the file: {', '.join(states) or 'none'}")


if __name__ == "__main__":
    main()
