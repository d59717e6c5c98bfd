"""CLI for forecasting: `frenemy forecast-eval` (a thin layer over frenemy.forecasting.tkg)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from frenemy.cli.common import DbOption, err, out
from frenemy.forecasting.evaluation import MODELS, forecast_eval
from frenemy.forecasting.prediction import NextEventQuery, predict_next
from frenemy.forecasting.risk import RiskOptions, forecast_dyad
from frenemy.store import Store, default_db_path

__all__ = ["commands"]

commands = typer.Typer()


@commands.command(name="forecast-eval")
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


@commands.command(name="forecast")
def forecast_command(
    a: Annotated[str, typer.Argument(help="A country code, e.g. IRN")],
    b: Annotated[str, typer.Argument(help="Another, e.g. AZE")],
    horizon: Annotated[str, typer.Option("--horizon", help="1w, 1m or 3m")] = "1m",
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output (see docs/cli.md)")]
    = False,
) -> None:
    """The probability of material conflict between A and B within the horizon, its main
    drivers, the pair's recent conflict and its likeliest next events."""
    with Store(db or default_db_path(), read_only=True) as store:
        result = forecast_dyad(store, a, b, RiskOptions(horizon=horizon))
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    out.print(f"[bold]{result['dyad']}[/]: P(material conflict within {horizon} of "
              f"{result['from']}) = [bold]{result['probability']:.0%}[/] (base rate "
              f"{result['base_rate']:.0%})")
    out.print("Drivers: " + "; ".join(f"{d['feature']} {d['value']:g} ({d['effect']:+.2f})"
                                      for d in result["drivers"]), markup=False)
    for event in result["recent_conflict"]:
        out.print(f"  {event['date']} {event['source']} {event['code']} {event['target']}",
                  markup=False)
    if result["next_events"]:
        out.print("Likeliest next events: " + ", ".join(
            f"{e['code']} {e['name']} ({e['share']:.0%})" for e in result["next_events"]),
            markup=False)


@commands.command(name="predict")
def predict_command(
    source: Annotated[str | None, typer.Option("--source", help="Source country, e.g. IRN")]
    = None,
    code: Annotated[str | None, typer.Option("--code", help="CAMEO code, e.g. 138 (threaten "
                                             "with military force)")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target country, e.g. AZE")]
    = None,
    top: Annotated[int, typer.Option("--top", help="How many answers")] = 10,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output (see docs/cli.md)")]
    = False,
) -> None:
    """Who or what comes next: give two of --source, --code and --target and get a ranked
    list for the third, for the day after the data ends (recurrency baseline)."""
    with Store(db or default_db_path(), read_only=True) as store:
        result = predict_next(store, NextEventQuery(source, code, target, top))
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return
    shown = [source or "?", code or "?", target or "?"]
    out.print(f"({', '.join(shown)}) on {result['day']}:", markup=False)
    for rank, answer in enumerate(result["answers"], 1):
        label = answer.get("country") or answer.get("code")
        name = answer.get("name") or ""
        out.print(f"  {rank:>2}. {label} {name} ({answer['score']:.4f})", markup=False)
    if not result["answers"]:
        out.print("  no candidate: nothing like it in the data", markup=False)
