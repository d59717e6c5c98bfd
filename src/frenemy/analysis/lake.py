"""Lake: relation measures computed by Dask over a Parquet lake, on one machine or many."""

from __future__ import annotations

import json
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from frenemy.analysis.relations import (
    DyadPeriod,
    RelationOptions,
    cooperation_score,
    label,
)
from frenemy.errors import InputError, StoreError
from frenemy.schema import LAKE_MANIFEST

__all__ = ["lake_dyad_series", "read_lake_events"]

_EPOCH = date(1970, 1, 1)  # a Thursday: ISO weeks start 3 days before it
_COLUMNS = ("date", "source", "target", "source_country", "target_country", "quad_class",
            "goldstein")


def read_lake_events(lake: str | Path, columns: tuple[str, ...] = _COLUMNS,
                     options: RelationOptions | None = None) -> Any:
    """A lake's events as a dask DataFrame (lazy: nothing is read until computed), the
    partition column ``year`` typed as an integer (undated events: missing), only the years
    of the options' window. ``lake`` is a folder or any URL fsspec reads (s3://...)."""
    import dask.dataframe as dd
    import pyarrow as pa
    import pyarrow.dataset as pads

    years = pads.partitioning(pa.schema([("year", pa.int64())]), flavor="hive")
    filters = []
    if options is not None and options.since:
        filters.append(("year", ">=", options.since.year))
    if options is not None and options.until:
        filters.append(("year", "<=", options.until.year))
    return dd.read_parquet(f"{str(lake).rstrip('/')}/events", columns=list(columns),
                           dataset={"partitioning": years}, filters=filters or None)


def _manifest(lake: str | Path) -> dict[str, Any]:
    import fsspec

    where = f"{str(lake).rstrip('/')}/{LAKE_MANIFEST}"
    try:
        with fsspec.open(where, "r", encoding="utf-8") as handle:
            found = json.load(handle)
    except (OSError, ValueError) as exc:
        raise StoreError(f"{lake} is not a frenemy Parquet lake (no readable {LAKE_MANIFEST})",
                         "Write one with `frenemy export --format parquet --partition year`"
                         ) from exc
    return found if isinstance(found, dict) else {}


def _period_days(days: Any, by: str) -> Any:
    """Days since 1970-01-01 of the first day of each date's period (what DuckDB's
    date_trunc gives): numpy arrays in, numpy arrays out."""
    import numpy as np

    if by == "day":
        return days
    if by == "week":
        return (days + 3) // 7 * 7 - 3
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    if by == "quarter":
        months = months // 3 * 3
    elif by == "year":
        months = months // 12 * 12
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _side(frame: Any, side: str, code: str) -> Any:
    """Rows whose side is the actor: a three-letter code is a country (that side's country),
    a longer one a prefix of the actor code (as relations' SQL matches them)."""
    if len(code) == 3:
        return (frame[f"{side}_country"] == code).fillna(False).astype(bool)
    return frame[side].str.startswith(code).fillna(False).astype(bool)


def _measured(frame: Any, a: str, b: str, options: RelationOptions) -> Any:
    """One partition's dated rows in the window, with the start of their period (``p``, days
    since 1970), their Goldstein score in thousandths (``g``, summed exactly, as the SQL's
    DECIMAL), their quad class as four 0/1 columns, and whether they are the dyad's events
    (``pair``) and a's or b's (``in_a``, ``in_b``)."""
    import numpy as np
    import pandas as pd

    frame = frame[frame["date"].notna()]
    if options.since:
        frame = frame[frame["date"] >= options.since]
    if options.until:
        frame = frame[frame["date"] <= options.until]
    days = frame["date"].astype("datetime64[s]").to_numpy().astype("datetime64[D]")
    pair = _side(frame, "source", a) & _side(frame, "target", b)
    if not options.directed:
        pair = pair | (_side(frame, "source", b) & _side(frame, "target", a))
    goldstein = frame["goldstein"].astype("float64").to_numpy()
    columns = {"p": _period_days(days.astype(np.int64), options.by),
               "g": np.round(goldstein * 1000).astype(np.int64),
               **{f"q{q}": (frame["quad_class"] == q).astype("int64").to_numpy()
                  for q in (1, 2, 3, 4)},
               "pair": pair.to_numpy(),
               "in_a": (_side(frame, "source", a) | _side(frame, "target", a)).to_numpy(),
               "in_b": (_side(frame, "source", b) | _side(frame, "target", b)).to_numpy()}
    return pd.DataFrame(columns, index=frame.index)


def lake_dyad_series(lake: str | Path, a: str, b: str,
                     options: RelationOptions | None = None) -> list[DyadPeriod]:
    """How the relation of a and b moves, period by period: dyad_series over a Parquet lake,
    computed with dask.dataframe on the cluster of the active ``distributed.Client`` (or on
    local threads without one). The same periods, counts and measures as dyad_series on the
    database the lake was exported from."""
    import dask

    options = options or RelationOptions()
    if not _manifest(lake).get("rows", {}).get("events"):
        raise InputError("the database has no events",
                         "Ingest news (`frenemy ingest`) or import events (`frenemy import`)")
    a, b = a.upper(), b.upper()
    meta = {"p": "int64", "g": "int64", **{f"q{q}": "int64" for q in (1, 2, 3, 4)},
            "pair": "bool", "in_a": "bool", "in_b": "bool"}
    rows = read_lake_events(lake, options=options).map_partitions(
        _measured, a, b, options, meta=meta)
    dyad = rows[rows["pair"]].groupby("p").agg(
        events=("g", "count"), q1=("q1", "sum"), q2=("q2", "sum"), q3=("q3", "sum"),
        q4=("q4", "sum"), g=("g", "sum"))
    dyad, cov_a, cov_b = dask.compute(
        dyad, rows[rows["in_a"]].groupby("p").size(), rows[rows["in_b"]].groupby("p").size())
    series = []
    for day, row in dyad.sort_index().iterrows():
        start = _EPOCH + timedelta(days=int(day))
        n, q1, q2, q3, q4, g = (int(row[c]) for c in ("events", "q1", "q2", "q3", "q4", "g"))
        in_a, in_b = int(cov_a.get(day, 0)), int(cov_b.get(day, 0))
        scale = math.sqrt(in_a * in_b) if in_a and in_b else 0.0
        series.append(DyadPeriod(
            period=label(start, options.by), start=start, events=n,
            verbal_cooperation=q1, material_cooperation=q2, verbal_conflict=q3,
            material_conflict=q4, goldstein_sum=round(g / 1000, 2),
            goldstein_mean=round(g / (1000 * n), 3),
            score=cooperation_score(q1 + 2 * q2, q3 + 2 * q4),
            intensity=round(n / scale, 4) if scale else None,
            conflict_intensity=round((q3 + q4) / scale, 4) if scale else None))
    return series
