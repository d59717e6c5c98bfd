"""A dyad's series computed by a real Dask cluster over a Parquet lake: the store's answer."""

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from frenemy import InputError, open_store
from frenemy.analysis.lake import lake_dyad_series
from frenemy.analysis.relations import PERIODS, RelationOptions, dyad_series
from frenemy.datasets.lake import LakeOptions, export_lake

from ..conftest import mixed_events


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A database of 2,000 mixed events and its lake, the events split over several files
    (one per year) so that the cluster's workers share them."""
    folder = tmp_path_factory.mktemp("dask-lake")
    with open_store(folder / "events.duckdb") as store:
        store.add_events(mixed_events(2000, seed=11))
        export_lake(store, LakeOptions(output=folder / "lake"))
    return folder / "events.duckdb", folder / "lake"


def test_the_cluster_computes_what_the_store_does(client: object, stored: tuple[Path, Path]):
    db, lake = stored
    window = {"since": date(2021, 6, 15), "until": date(2023, 2, 10)}
    asked = [("IRN", "AZE", RelationOptions(by=by)) for by in PERIODS]
    asked += [("AZE", "IRN", RelationOptions(directed=True, **window)),  # type: ignore[arg-type]
              ("IRNMIL", "AZE", RelationOptions(by="quarter")),
              ("TUR", "IGOUNO", RelationOptions(by="week", **window))]  # type: ignore[arg-type]
    with open_store(db, read_only=True) as store:
        for a, b, options in asked:
            expected = dyad_series(store, a, b, options)
            assert expected, (a, b, options)  # the comparison is about real periods
            assert lake_dyad_series(lake, a, b, options) == expected, (a, b, options)
        assert dyad_series(store, "ARM", "USA") == lake_dyad_series(lake, "ARM", "USA") == []
        # the lake named by a URL, as workers on other machines name a shared one
        assert lake_dyad_series(f"file://{lake}", "IRN", "AZE") == dyad_series(
            store, "IRN", "AZE")


def test_the_cluster_did_the_work(client: object, stored: tuple[Path, Path]):
    from dask.distributed import get_task_stream

    _, lake = stored
    with get_task_stream(client) as tasks:
        series = lake_dyad_series(lake, "irn", "aze")
    assert series and sum(p.events for p in series) > 100
    assert any("read_parquet" in task["key"] if isinstance(task["key"], str)
               else "read_parquet" in str(task["key"][0]) for task in tasks.data), tasks.data[:3]


def test_an_empty_lake_is_the_same_error(tmp_path: Path):
    with open_store(tmp_path / "empty.duckdb") as store:
        export_lake(store, LakeOptions(output=tmp_path / "lake"))
        with pytest.raises(InputError) as from_store:
            dyad_series(store, "IRN", "AZE")
    with pytest.raises(InputError) as from_lake:
        lake_dyad_series(tmp_path / "lake", "IRN", "AZE")
    assert str(from_lake.value) == str(from_store.value)
