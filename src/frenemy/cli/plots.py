"""Plots: a dyad's timeline and the network of countries, as PNG or SVG files (matplotlib)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from frenemy.errors import InputError

if TYPE_CHECKING:
    from frenemy.analysis.network import Network
    from frenemy.analysis.relations import DyadPeriod

__all__ = ["plot_dyad", "plot_network"]

_QUADS = (("verbal_cooperation", "verbal cooperation", "#74a9cf"),
          ("material_cooperation", "material cooperation", "#0570b0"),
          ("verbal_conflict", "verbal conflict", "#fc9272"),
          ("material_conflict", "material conflict", "#cb181d"))


def _figure_path(path: Path) -> Path:
    if path.suffix.lower() not in {".png", ".svg"}:
        raise InputError(f"cannot plot to {path.name}", "Name a .png or .svg file")
    return path


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    return plt


def plot_dyad(series: list[DyadPeriod], title: str, path: Path) -> None:
    """Stacked bars of events per quad class (conflict below the axis) and the score line."""
    path = _figure_path(path)
    plt = _pyplot()
    figure, bars = plt.subplots(figsize=(10, 4.5))
    labels = [p.period for p in series]
    positions = range(len(series))
    up = [0.0] * len(series)
    down = [0.0] * len(series)
    for key, name, colour in _QUADS:
        values = [float(getattr(p, key)) for p in series]
        if "cooperation" in key:
            bars.bar(positions, values, bottom=up, color=colour, label=name)
            up = [u + v for u, v in zip(up, values, strict=True)]
        else:
            bars.bar(positions, [-v for v in values], bottom=down, color=colour, label=name)
            down = [d - v for d, v in zip(down, values, strict=True)]
    bars.axhline(0, color="black", linewidth=0.8)
    bars.set_ylabel("events (conflict below the line)")
    bars.set_xticks(list(positions), labels, rotation=45, ha="right", fontsize=8)
    score = bars.twinx()
    score.plot(list(positions), [p.score if p.score is not None else float("nan")
                                 for p in series], color="black", marker="o", label="score")
    score.set_ylim(-1.05, 1.05)
    score.set_ylabel("score: -1 conflict, +1 cooperation")
    bars.legend(loc="upper left", fontsize=8)
    bars.set_title(title)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def plot_network(result: Network, title: str, path: Path) -> None:
    """Countries coloured by bloc; green edges cooperate, red edges fight, width by events."""
    import networkx as nx

    path = _figure_path(path)
    plt = _pyplot()
    graph = nx.Graph()
    graph.add_nodes_from(result.nodes)
    for edge in result.edges:
        graph.add_edge(edge["a"], edge["b"], weight=edge["weight"], events=edge["events"])
    layout = nx.spring_layout(graph, seed=7, weight=None)
    palette = plt.get_cmap("tab10")
    bloc_of = {n: i for i, bloc in enumerate(result.blocs) for n in bloc}
    figure, axes = plt.subplots(figsize=(9, 9))
    widths = [0.5 + min(4.0, d["events"] / 10) for _, _, d in graph.edges(data=True)]
    colours = ["#1a9850" if d["weight"] > 0 else "#d73027"
               for _, _, d in graph.edges(data=True)]
    nx.draw_networkx_edges(graph, layout, ax=axes, width=widths, edge_color=colours, alpha=0.6)
    nx.draw_networkx_nodes(graph, layout, ax=axes, node_size=300,
                           node_color=[palette(bloc_of.get(n, 9) % 10) for n in graph.nodes])
    nx.draw_networkx_labels(graph, layout, ax=axes, font_size=8)
    axes.set_title(title)
    axes.axis("off")
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
