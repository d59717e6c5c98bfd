"""`frenemy dyad`, `frenemy status` and `frenemy alerts` on the sample corpus."""

import json
from pathlib import Path

from frenemy import open_store

from ..conftest import frenemy


def test_dyad_json_gives_the_timeline(demo_db: Path):
    result = frenemy("dyad", "IRN", "AZE", "--db", str(demo_db), "--by", "year", "--json")
    assert result.returncode == 0, result.stderr
    periods = json.loads(result.stdout)
    assert [p["period"] for p in periods] == sorted(p["period"] for p in periods)
    assert {"events", "verbal_conflict", "material_conflict", "score", "intensity"} <= set(
        periods[0])
    assert sum(p["events"] for p in periods) >= 10


def test_status_shows_iran_and_azerbaijan_turning_against_each_other(demo_db: Path):
    result = frenemy("status", "--db", str(demo_db), "--by", "year", "--min-events", "3",
                     "--actor", "AZE", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    iran = [s for s in data["statuses"] if s["dyad"] == "AZE-IRN"
            and s["status"] != "insufficient data"]
    assert iran[0]["status"] in {"partner", "frenemy"}
    assert iran[-1]["status"] in {"rival", "hostile"} and iran[-1]["period"] > iran[0]["period"]
    assert any(t["dyad"] == "AZE-IRN" for t in data["transitions"])
    table = frenemy("status", "--db", str(demo_db), "--by", "year", "--min-events", "3")
    assert "AZE-IRN:" in table.stdout and "->" in table.stdout


def test_alerts_json_fields(demo_db: Path):
    result = frenemy("alerts", "--db", str(demo_db), "--json")
    assert result.returncode == 0, result.stderr
    for alert in json.loads(result.stdout):
        assert {"dyad", "source_country", "target_country", "start", "end", "level", "score",
                "events"} <= set(alert)


def test_network_json_gexf_and_plot(demo_db: Path, tmp_path: Path):
    result = frenemy("network", "--db", str(demo_db), "--min-events", "2", "--json",
                     "--gexf", str(tmp_path / "n.gexf"), "--plot", str(tmp_path / "n.png"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"nodes", "edges", "balance", "triads", "unbalanced", "blocs", "centrality"} <= set(
        data)
    bloc_of = {n: i for i, bloc in enumerate(data["blocs"]) for n in bloc}
    assert bloc_of["AZE"] == bloc_of["ISR"] == bloc_of["TUR"]
    assert bloc_of["ARM"] == bloc_of["IRN"] == bloc_of["RUS"] != bloc_of["AZE"]
    assert (tmp_path / "n.gexf").stat().st_size and (tmp_path / "n.png").stat().st_size
    plot = frenemy("dyad", "IRN", "AZE", "--db", str(demo_db), "--plot", str(tmp_path / "d.svg"))
    assert plot.returncode == 0 and (tmp_path / "d.svg").stat().st_size


def test_empty_database_says_what_to_do(tmp_path: Path):
    db = tmp_path / "empty.duckdb"
    open_store(db).close()
    for command in (["status"], ["alerts"], ["dyad", "IRN", "AZE"], ["network"]):
        result = frenemy(*command, "--db", str(db))
        assert result.returncode == 1
        assert result.stderr.startswith("Error: the database has no events.")
