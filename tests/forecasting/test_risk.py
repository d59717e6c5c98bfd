"""Dyad escalation risk: features, the backtest against its baselines, one dyad's forecast."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.errors import InputError
from frenemy.forecasting.risk import RiskOptions, backtest, forecast_dyad, weekly_dyads

from ..conftest import event_store, shared_path

START = date(2021, 1, 4)


def plan() -> list[tuple[date, str, str, str, int]]:
    """Two years of weeks: ARM-AZE fight every third week, IRN-TUR only consult, and
    ISR-PSE start fighting in the second year."""
    rows = []
    for week in range(104):
        day = START + timedelta(weeks=week)
        rows.append((day, "IRN", "TUR", "consult", 2))
        rows.append((day, "ARM", "AZE", "fight" if week % 3 == 0 else "accuse", 1))
        rows.append((day, "ISR", "PSE", "fight" if week >= 52 and week % 2 else "consult", 1))
    return rows


def test_weekly_counts_per_dyad(tmp_path: Path):
    with event_store(tmp_path, plan()) as store:
        data = weekly_dyads(store)
    assert data.dyads == [("ARM", "AZE"), ("IRN", "TUR"), ("ISR", "PSE")]
    assert data.weeks == 104 and data.start == START
    assert data.counts[0, :, 3].sum() == 35  # weeks 0, 3, ... 102
    assert data.counts[1, :, 0].sum() == 208 and data.counts[1, :, 3].sum() == 0


def test_forecasts_follow_each_dyads_history(tmp_path: Path):
    with event_store(tmp_path, plan()) as store:
        fighting = forecast_dyad(store, "AZE", "ARM", RiskOptions(horizon="1m"))
        peaceful = forecast_dyad(store, "TUR", "IRN", RiskOptions(horizon="1m"))
        unknown = forecast_dyad(store, "FRA", "DEU", RiskOptions(horizon="1m"))
    assert fighting["dyad"] == "ARM-AZE" and fighting["probability"] > 0.8
    assert peaceful["probability"] < 0.2 and unknown["probability"] < 0.2
    assert fighting["recent_conflict"] and fighting["recent_conflict"][0]["code"] == "190"
    assert {e["code"] for e in fighting["next_events"]} == {"190", "112"}
    assert len(fighting["drivers"]) == 5


def test_backtest_scores_the_model_and_both_baselines(tmp_path: Path):
    with event_store(tmp_path, plan()) as store:
        result = backtest(store, RiskOptions(horizon="1w"))
    assert result["forecasts"] == 3 * result["scored_origins"]
    for name in ("model", "base_rate", "persistence"):
        assert 0 <= result[name]["brier"] <= 1
    assert sum(row["forecasts"] for row in result["calibration"]) == result["forecasts"]
    assert result["model"]["brier"] < result["persistence"]["brier"]


def test_bad_horizons_and_short_histories_are_input_errors(tmp_path: Path):
    with event_store(tmp_path, plan()[:30]) as store:
        with pytest.raises(InputError, match="unknown horizon"):
            forecast_dyad(store, "ARM", "AZE", RiskOptions(horizon="2y"))
        with pytest.raises(InputError, match="too few"):
            backtest(store, RiskOptions(horizon="3m"))


def test_icews14_model_beats_base_rate_and_persistence(tmp_path: Path):
    folder = shared_path("data", "tkg", "ICEWS14")
    with open_store(tmp_path / "i14.duckdb") as store:
        import_events([folder / f"{p}_names.tsv" for p in ("train", "valid", "test")], store,
                      ImportOptions(format="icews-tkg"))
        for horizon in ("1w", "1m", "3m"):
            result = backtest(store, RiskOptions(horizon=horizon))
            assert result["model"]["brier"] < result["base_rate"]["brier"], result
            assert result["model"]["brier"] < result["persistence"]["brier"], result
