"""Relations on small, hand-made event sets whose answers are known, and on ICEWS14."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from frenemy import InputError, open_store
from frenemy.analysis.alerts import alerts
from frenemy.analysis.relations import RelationOptions, dyad_series
from frenemy.analysis.status import status, transitions
from frenemy.datasets.importers import ImportOptions, import_events

from ..conftest import event_store as _store
from ..conftest import shared_path


def test_dyad_series_counts_and_score(tmp_path: Path):
    with _store(tmp_path, [(date(2023, 1, 5), "IRN", "AZEGOV", "consult", 3),
                           (date(2023, 1, 9), "AZE", "IRN", "fight", 1),
                           (date(2023, 2, 1), "IRNMIL", "AZE", "fight", 2),
                           (date(2023, 2, 2), "TUR", "AZE", "aid", 4)]) as store:
        (jan, feb) = dyad_series(store, "IRN", "AZE", RelationOptions(by="month"))
        assert (jan.period, jan.events, jan.verbal_cooperation, jan.material_conflict) == (
            "2023-01", 4, 3, 1)
        assert jan.score == pytest.approx((3 - 2) / (3 + 2))  # material conflict counts twice
        assert (feb.events, feb.score) == (2, -1.0)
        # February: IRN is in 2 events, AZE in 6 (4 with Turkey): 2 / sqrt(2 x 6).
        assert feb.intensity == pytest.approx(2 / 12 ** 0.5, abs=1e-4)
        directed = dyad_series(store, "AZE", "IRN", RelationOptions(by="month", directed=True))
        assert [p.events for p in directed] == [1]
        military = dyad_series(store, "IRNMIL", "AZE", RelationOptions(by="year"))
        assert [p.events for p in military] == [2]


def test_status_from_the_mix_and_its_transitions(tmp_path: Path):
    q1, q2 = date(2022, 2, 1), date(2022, 5, 1)
    plan = [(q1, "IRN", "AZE", "consult", 6), (q1, "IRN", "AZE", "accuse", 4),
            (q2, "IRN", "AZE", "fight", 5), (q2, "IRN", "AZE", "accuse", 3),
            (q2, "IRN", "AZE", "consult", 1),
            (q1, "AZE", "TUR", "aid", 8), (q2, "AZE", "TUR", "consult", 8),
            (q2, "ARM", "RUS", "consult", 2)]
    with _store(tmp_path, plan) as store:
        found = {(s.dyad, s.period): s for s in status(store, RelationOptions(by="quarter"))}
        assert found[("AZE-IRN", "2022-Q1")].status == "frenemy"
        assert found[("AZE-IRN", "2022-Q2")].status == "hostile"
        assert found[("AZE-IRN", "2022-Q2")].trend == "worsening"
        assert found[("AZE-TUR", "2022-Q1")].status in {"ally", "partner"}
        assert found[("ARM-RUS", "2022-Q2")].status == "insufficient data"
        changes = [str(t) for t in transitions(list(found.values()))]
        assert "AZE-IRN: frenemy -> hostile, 2022-Q2" in changes


def test_alert_on_a_spike_above_a_quiet_baseline(tmp_path: Path):
    start = date(2023, 1, 2)  # a Monday
    plan = [(start + timedelta(weeks=w), "IRN", "AZE", "accuse", 1) for w in range(20)]
    plan += [(start + timedelta(weeks=w), "ARM", "TUR", "accuse", 2) for w in range(24)]
    plan += [(start + timedelta(weeks=20), "IRN", "AZE", "fight", 6),
             (start + timedelta(weeks=21), "IRN", "AZE", "fight", 5)]
    with _store(tmp_path, plan) as store:
        found = alerts(store)
        assert [a.dyad for a in found] == ["AZE-IRN"]  # the steady dyad raises nothing
        alert = found[0]
        assert alert.start == start + timedelta(weeks=20) and alert.level == "large"
        assert alert.end == start + timedelta(weeks=21, days=6)
        assert alert.score > 15 and alert.p_value < 0.01
        assert len(alert.events) == 10 and all(e["code"] == "190" for e in alert.events)
        assert alerts(store, RelationOptions(by="week", since=date(2024, 1, 1))) == []


def test_empty_database_is_a_clear_error(tmp_path: Path):
    with open_store(tmp_path / "empty.duckdb") as store:
        for call in (lambda: status(store), lambda: alerts(store),
                     lambda: dyad_series(store, "IRN", "AZE")):
            with pytest.raises(InputError, match="no events"):
                call()


def test_icews14_escalations_and_status(tmp_path: Path):
    folder = shared_path("data", "tkg", "ICEWS14")
    files = [folder / f"{part}_names.tsv" for part in ("train", "valid", "test")]
    with open_store(tmp_path / "icews14.duckdb") as store:
        import_events(files, store, ImportOptions(format="icews-tkg"))
        top = alerts(store)[:10]
        israel = [a for a in top if a.dyad == "ISR-PSE"]
        assert israel and israel[0].start.month in (6, 7) and israel[0].start.year == 2014
        found = {(s.dyad, s.period): s.status for s in status(store)}
        assert {found[("RUS-UKR", "2014-Q1")], found[("RUS-UKR", "2014-Q2")]} & {
            "rival", "hostile"}
        assert found[("ISR-PSE", "2014-Q3")] == "hostile"
