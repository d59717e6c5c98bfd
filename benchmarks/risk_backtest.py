"""Dyad escalation risk, backtested with rolling origins on ICEWS14 and ICEWS18.

Usage: .venv/bin/python benchmarks/risk_backtest.py [--plot build/reliability.png]
Needs ../shared/data/tkg. Each dataset is imported with `frenemy import icews-tkg` (as
`import_events`) into a temporary database; for each horizon (1 week, 1 month, 3 months) the
risk model is fitted on the earlier origins and scored on the later ones against the dyad's base
rate and persistence of the last period: Brier score and log loss, the calibration table, and a
reliability diagram (PNG). The bar (issue 7): the model's Brier score below both baselines' on
both datasets.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.forecasting.risk import HORIZONS, RiskOptions, backtest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "tkg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED)
    parser.add_argument("--plot", type=Path, default=Path("build/reliability.png"))
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}\n")
    print(f"{'dataset':8} {'horizon':7} {'forecasts':>9} {'events':>6} {'model Brier':>11} "
          f"{'base rate':>9} {'persist.':>8} {'model LL':>8} {'base LL':>8} {'persist. LL':>11} "
          f"{'beats both':>10} {'s':>5}")
    curves = []
    with tempfile.TemporaryDirectory() as folder:
        for name in ("ICEWS14", "ICEWS18"):
            files = [args.data / name / f"{part}_names.tsv" for part in ("train", "valid",
                                                                          "test")]
            with open_store(Path(folder) / f"{name}.duckdb") as store:
                import_events(files, store, ImportOptions(format="icews-tkg"))
                for horizon in HORIZONS:
                    started = time.perf_counter()
                    result = backtest(store, RiskOptions(horizon=horizon))
                    model, base, last = (result[k] for k in ("model", "base_rate",
                                                             "persistence"))
                    beats = model["brier"] < min(base["brier"], last["brier"])
                    print(f"{name:8} {horizon:7} {result['forecasts']:>9,} "
                          f"{result['positives']:>6,} {model['brier']:>11.5f} "
                          f"{base['brier']:>9.5f} {last['brier']:>8.5f} {model['log_loss']:>8.4f} "
                          f"{base['log_loss']:>8.4f} {last['log_loss']:>11.4f} "
                          f"{'yes' if beats else 'NO':>10} {time.perf_counter() - started:>5.1f}")
                    curves.append((f"{name} {horizon}", result["calibration"]))
    print("\ncalibration (mean forecast -> observed frequency, forecasts per bin):")
    for label, table in curves:
        print(f"  {label}: " + "; ".join(f"{row['mean_forecast']:.3f}->{row['observed']:.3f} "
                                          f"({row['forecasts']})" for row in table))
    _plot(curves, args.plot)
    print(f"\nreliability diagram: {args.plot}")


def _plot(curves: list[tuple[str, list[dict[str, float]]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6, 6))
    axis.plot([0, 1], [0, 1], color="#999", linestyle="--", label="perfect calibration")
    for label, table in curves:
        axis.plot([r["mean_forecast"] for r in table], [r["observed"] for r in table],
                  marker="o", label=label)
    axis.set_xlabel("forecast probability of material conflict")
    axis.set_ylabel("observed frequency")
    axis.set_title("Dyad escalation risk: reliability (scored origins)")
    axis.legend(fontsize=8)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120, bbox_inches="tight")
    plt.close(figure)


if __name__ == "__main__":
    main()
