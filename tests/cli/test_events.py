import json
from pathlib import Path

from ..conftest import frenemy


def test_events_json_for_a_dyad(demo_db: Path):
    result = frenemy("events", "--db", str(demo_db), "--dyad", "IRN", "AZE", "--json")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    for event in events:
        assert {event["source"][:3], event["target"][:3]} == {"IRN", "AZE"}
        assert event["sentence"]
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)


def test_events_filters(demo_db: Path):
    out = frenemy("events", "--db", str(demo_db), "--actor", "ARM", "--root", "04",
                  "--since", "2022-01-01", "--until", "2022-12-31", "--json").stdout
    events = [json.loads(line) for line in out.splitlines()]
    assert events
    assert all(e["root"] == "04" and "2022" in e["date"] for e in events)
    assert all("ARM" in (e["source"][:3], (e["target"] or "")[:3]) for e in events)


def test_events_table_and_empty_result(demo_db: Path):
    table = frenemy("events", "--db", str(demo_db), "--limit", "3")
    assert table.returncode == 0 and "3 events" in table.stdout
    none = frenemy("events", "--db", str(demo_db), "--actor", "ZZZ")
    assert none.returncode == 0 and "No events match" in none.stderr


def test_events_bad_options(demo_db: Path, tmp_path: Path):
    bad_root = frenemy("events", "--db", str(demo_db), "--root", "99")
    assert bad_root.returncode == 1 and bad_root.stderr.startswith("Error: --root '99'")
    missing = frenemy("events", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and missing.stderr.startswith("Error: no database at")
    assert "Traceback" not in missing.stderr + bad_root.stderr
