"""Evaluation: the forecasting models by name, and `forecast-eval` on a RE-Net dataset."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from frenemy.errors import InputError
from frenemy.forecasting.forecaster import Forecaster
from frenemy.forecasting.tkg import Recurrency, evaluate, load_tkg

__all__ = ["MODELS", "forecast_eval"]


def _models() -> dict[str, Any]:
    return {"recurrency": Recurrency, "frenemy": Forecaster}


MODELS = ("frenemy", "recurrency")


def forecast_eval(folder: Path, model: str = "frenemy") -> dict[str, float]:
    """Load a RE-Net dataset, fit the model (tuning on validation) and score it on test by
    the standard protocol: MRR and Hits@1/3/10 in %, and the seconds taken in all."""
    if model not in MODELS:
        raise InputError(f"unknown model {model!r}", f"Use one of {', '.join(MODELS)}")
    started = time.perf_counter()
    data = load_tkg(folder)
    chosen = _models()[model]()
    chosen.fit(data)
    ranking = chosen.evaluate(data) if hasattr(chosen, "evaluate") else evaluate(chosen, data)
    result = ranking.summary()
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result
