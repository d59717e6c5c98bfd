"""The signed network on a hand-made set of relations whose blocs and balance are known."""

from datetime import date
from pathlib import Path

import pytest

from frenemy import InputError, open_store
from frenemy.analysis.network import NetworkOptions, network, write_gexf
from frenemy.analysis.relations import dyad_series
from frenemy.cli.plots import plot_dyad, plot_network

from ..conftest import event_store as _store

DAY = date(2023, 3, 1)


def _blocs_store(tmp_path: Path):
    # AZE-TUR-ISR cooperate, ARM-IRN-RUS cooperate, the two camps fight; AZE-RUS is the odd tie.
    plan = [(DAY, "AZE", "TUR", "aid", 5), (DAY, "AZE", "ISR", "consult", 4),
            (DAY, "TUR", "ISR", "consult", 3), (DAY, "ARM", "IRN", "consult", 4),
            (DAY, "IRN", "RUS", "aid", 5), (DAY, "ARM", "RUS", "consult", 3),
            (DAY, "AZE", "IRN", "fight", 6), (DAY, "AZE", "ARM", "fight", 8),
            (DAY, "ISR", "IRN", "accuse", 5), (DAY, "AZE", "RUS", "consult", 3)]
    return _store(tmp_path, plan)


def test_blocs_balance_and_centrality(tmp_path: Path):
    with _blocs_store(tmp_path) as store:
        result = network(store, NetworkOptions(min_events=2))
    assert result.blocs == [["ARM", "IRN", "RUS"], ["AZE", "ISR", "TUR"]]
    assert result.triads == 6
    unbalanced = [t.countries for t in result.unbalanced]
    assert unbalanced == [("ARM", "AZE", "RUS"), ("AZE", "IRN", "RUS")]  # the AZE-RUS tie
    assert result.balance == pytest.approx(4 / 6, abs=1e-4)
    assert result.centrality["AZE"]["foes"] == 2 and result.centrality["AZE"]["friends"] == 3
    predicted = {(p.a, p.c): p for p in result.predicted}
    # Turkey and Iran never met in the data; Turkey's friend Azerbaijan fights Iran.
    assert predicted[("IRN", "TUR")].expected == "foe"
    assert predicted[("IRN", "TUR")].observed is None
    assert ("AZE", "IRN") not in predicted  # observed as foes, as balance expects


def test_gexf_and_plots_are_written(tmp_path: Path):
    with _blocs_store(tmp_path) as store:
        result = network(store, NetworkOptions(min_events=2))
        series = dyad_series(store, "AZE", "IRN")
    write_gexf(result, tmp_path / "net.gexf")
    assert "<gexf" in (tmp_path / "net.gexf").read_text(encoding="utf-8")
    plot_network(result, "test", tmp_path / "net.png")
    plot_dyad(series, "AZE-IRN", tmp_path / "dyad.svg")
    assert (tmp_path / "net.png").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in (tmp_path / "dyad.svg").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="cannot plot"):
        plot_dyad(series, "x", tmp_path / "dyad.gif")


def test_too_few_events_for_a_network(tmp_path: Path):
    with _store(tmp_path, [(DAY, "AZE", "TUR", "aid", 1)]) as store:
        with pytest.raises(InputError, match="no pair of countries"):
            network(store)
    with open_store(tmp_path / "empty.duckdb") as store, pytest.raises(InputError):
        network(store)
