"""CLI for forecasting: `frenemy forecast-eval` (a thin layer over frenemy.forecast)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .cli import app, err, out
from .forecast import MODELS, forecast_eval

__all__: list[str] = []


@app.command(name="forecast-eval")
def forecast_eval_command(
    dataset: Annotated[Path, typer.Option("--dataset", help="Folder in RE-Net's format "
                                          "(train/valid/test.txt, entity2id.txt, "
                                          "relation2id.txt), e.g. ../shared/data/tkg/ICEWS14")],
    model: Annotated[str, typer.Option("--model", help=f"{' or '.join(MODELS)}")] = "frenemy",
    as_json: Annotated[bool, typer.Option("--json", help="Print {mrr, hits1, hits3, hits10, "
                                          "seconds} as JSON")] = False,
) -> None:
    """Train on train (tuning on valid) and score next-event forecasts on test by the standard
    protocol: single step, both directions, time-aware filter, expected ranks of ties."""
    if not as_json:
        err.print(f"Fitting {model} on {dataset.name} and scoring its test split...")
    result = forecast_eval(dataset, model)
    if as_json:
        print(json.dumps({k: result[k] for k in ("mrr", "hits1", "hits3", "hits10",
                                                  "seconds")}))
        return
    out.print(f"{dataset.name}, {model}: MRR {result['mrr']:.2f}  Hits@1 {result['hits1']:.2f}  "
              f"Hits@3 {result['hits3']:.2f}  Hits@10 {result['hits10']:.2f} (%, "
              f"{result['queries']:,} queries)  in {result['seconds']:.1f} s")
