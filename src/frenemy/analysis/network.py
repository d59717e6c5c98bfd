"""Network: the signed, weighted graph of countries, its structural balance, blocs and centres."""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from frenemy.analysis.relations import (
    RelationOptions,
    country_sql,
    days_sql,
    require_events,
    window_sql,
)
from frenemy.errors import InputError
from frenemy.store import Store

__all__ = ["Network", "NetworkOptions", "Prediction", "Triad", "network", "write_gexf"]


@dataclass
class NetworkOptions:
    """The window, and how much evidence an edge needs."""

    relations: RelationOptions = field(default_factory=RelationOptions)
    min_events: int = 3  # a pair with fewer events in the window gets no edge
    min_weight: float = 0.1  # |score| below this: neither friend nor foe, no edge


@dataclass
class Triad:
    countries: tuple[str, str, str]
    signs: tuple[int, int, int]  # of the edges ab, ac, bc
    balanced: bool
    strength: float  # the weakest edge's |weight|: how sure the triad is


@dataclass
class Prediction:
    """A tie that balance theory expects from two others: A-B friends and B-C foes make A-C
    foes. Listed when A-C is not observed or is observed with the other sign."""

    a: str
    c: str
    via: str
    expected: str  # friend or foe
    observed: float | None  # the A-C weight, if any
    strength: float  # the summed votes of the common neighbours


@dataclass
class Network:
    nodes: list[str]
    edges: list[dict[str, Any]]  # a, b, weight (the dyad's score), events
    balance: float | None  # share of balanced triads; None without closed triads
    triads: int
    unbalanced: list[Triad]  # the most unbalanced triads first
    blocs: list[list[str]]
    centrality: dict[str, dict[str, float]]
    predicted: list[Prediction] = field(default_factory=list)  # the surest first

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def network(store: Store, options: NetworkOptions | None = None) -> Network:
    """The signed graph of country dyads in the window: an edge's weight is the dyad's score
    ((cooperation - conflict) / (cooperation + conflict), deeds weighing twice words)."""
    import networkx as nx

    options = options or NetworkOptions()
    require_events(store)
    window, params = window_sql(options.relations)
    src, tgt = country_sql("source"), country_sql("target")
    rows = store.sql(
        f"WITH e AS (SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, * "
        f"FROM {days_sql(store)} WHERE {window}) SELECT a, b, sum(events), "
        "sum(verbal_cooperation) + 2 * sum(material_cooperation), "
        "sum(verbal_conflict) + 2 * sum(material_conflict) "
        "FROM e WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b GROUP BY a, b ORDER BY a, b",
        params)
    graph = nx.Graph()
    for a, b, events, cooperation, conflict in rows:
        if events < options.min_events or cooperation + conflict == 0:
            continue
        weight = (cooperation - conflict) / (cooperation + conflict)
        if abs(weight) < options.min_weight:
            continue
        graph.add_edge(a, b, weight=round(weight, 4), events=events,
                       net=cooperation - conflict)
    if graph.number_of_edges() == 0:
        raise InputError("no pair of countries has enough events in that window for a network",
                         "Widen --since/--until, or lower --min-events")
    triads = _triads(graph)
    balanced = [t for t in triads if t.balanced]
    unbalanced = sorted((t for t in triads if not t.balanced),
                        key=lambda t: (-t.strength, t.countries))
    return Network(
        nodes=sorted(graph.nodes),
        edges=[{"a": a, "b": b, **data} for a, b, data in sorted(graph.edges(data=True))],
        balance=round(len(balanced) / len(triads), 4) if triads else None,
        triads=len(triads), unbalanced=unbalanced[:20], blocs=_blocs(graph),
        centrality=_centrality(graph), predicted=_predictions(graph)[:20])


def _triads(graph: Any) -> list[Triad]:
    """Closed triads: balanced when the product of their signs is positive (a friend's friend
    is a friend, an enemy's enemy a friend)."""
    found = []
    for a in sorted(graph.nodes):
        for b, c in itertools.combinations(sorted(n for n in graph[a] if n > a), 2):
            if not graph.has_edge(b, c):
                continue
            weights = (graph[a][b]["weight"], graph[a][c]["weight"], graph[b][c]["weight"])
            signs = tuple(1 if w > 0 else -1 for w in weights)
            found.append(Triad((a, b, c), (signs[0], signs[1], signs[2]),
                               signs[0] * signs[1] * signs[2] > 0,
                               round(min(abs(w) for w in weights), 4)))
    return found


def _predictions(graph: Any) -> list[Prediction]:
    """Ties implied by the others (a friend's foe is a foe...) that the data does not show.
    Every common neighbour votes with the weaker of its two ties; the verdict is the sign of
    the votes' sum."""
    votes: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for via in sorted(graph.nodes):
        for a, c in itertools.combinations(sorted(graph[via]), 2):
            first, second = graph[via][a]["weight"], graph[via][c]["weight"]
            sign = 1.0 if first * second > 0 else -1.0
            votes.setdefault((a, c), []).append((sign * min(abs(first), abs(second)), via))
    found = []
    for (a, c), cast in votes.items():
        total = sum(v for v, _ in cast)
        if abs(total) < 1e-9:
            continue
        expected = "friend" if total > 0 else "foe"
        observed = graph[a][c]["weight"] if graph.has_edge(a, c) else None
        if observed is not None and (observed > 0) == (total > 0):
            continue  # the data agrees with the theory
        via = max((item for item in cast if (item[0] > 0) == (total > 0)),
                  key=lambda item: (abs(item[0]), item[1]))[1]
        found.append(Prediction(a, c, via, expected, observed, round(abs(total), 4)))
    return sorted(found, key=lambda p: (-p.strength, p.a, p.c))


def _blocs(graph: Any) -> list[list[str]]:
    """Groups of countries tied by cooperation, on the edges' net weight (weighted cooperation
    minus weighted conflict: sixteen hostile reports outweigh two friendly ones): communities
    of the positive edges (Louvain, seeded), merged while two communities cooperate more
    than they fight (which lowers the partition's frustration), largest first."""
    import networkx as nx

    positive = nx.Graph()
    positive.add_nodes_from(graph.nodes)
    positive.add_weighted_edges_from((a, b, d["net"]) for a, b, d in graph.edges(data=True)
                                     if d["net"] > 0)
    groups = [set(c) for c in nx.community.louvain_communities(positive, weight="weight",
                                                                seed=7)]
    merged = True
    while merged:
        merged = False
        for i, j in itertools.combinations(range(len(groups)), 2):
            between = sum(graph[a][b]["net"] for a in groups[i] for b in groups[j]
                          if graph.has_edge(a, b))
            if between > 0:
                groups[i] |= groups.pop(j)
                merged = True
                break
    groups = _settle(graph, groups)
    return sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g))


def _settle(graph: Any, groups: list[set[str]]) -> list[set[str]]:
    """Move single countries to the bloc where they sit with the least frustration (their
    positive ties outside plus negative ties inside), until none gains by moving."""
    def cost(node: str, group: set[str]) -> float:
        total = 0.0
        for other in graph[node]:
            net = graph[node][other]["net"]
            if other in group and net < 0:
                total -= net
            elif other not in group and net > 0:
                total += net
        return total

    for _ in range(50):  # enough for any real network; a guard against cycling
        moved = False
        for node in sorted(graph.nodes):
            home = next(g for g in groups if node in g)
            here = cost(node, home)
            best = min((g for g in groups if g is not home),
                       key=lambda g: (cost(node, g | {node}), sorted(g)), default=None)
            if best is not None and cost(node, best | {node}) < here - 1e-9:
                home.discard(node)
                best.add(node)
                moved = True
        groups = [g for g in groups if g]
        if not moved:
            break
    return groups


def _centrality(graph: Any) -> dict[str, dict[str, float]]:
    import networkx as nx

    strength = {n: sum(abs(d["weight"]) for _, _, d in graph.edges(n, data=True))
                for n in graph.nodes}
    absolute = nx.Graph()
    absolute.add_weighted_edges_from((a, b, abs(d["weight"]))
                                     for a, b, d in graph.edges(data=True))
    try:
        eigen = nx.eigenvector_centrality_numpy(absolute, weight="weight")
    except (nx.NetworkXException, ValueError, TypeError):  # tiny or disconnected graphs
        eigen = dict.fromkeys(graph.nodes, 0.0)
    return {n: {"degree": graph.degree(n), "strength": round(strength[n], 4),
                "friends": sum(1 for m in graph[n] if graph[n][m]["weight"] > 0),
                "foes": sum(1 for m in graph[n] if graph[n][m]["weight"] < 0),
                "eigenvector": round(float(abs(eigen.get(n, 0.0))), 4)}
            for n in sorted(graph.nodes)}


def write_gexf(result: Network, path: Path) -> None:
    """The network for Gephi: edge weight is the dyad score, node attribute its bloc."""
    import networkx as nx

    graph = nx.Graph()
    bloc_of = {n: i for i, bloc in enumerate(result.blocs) for n in bloc}
    for node in result.nodes:
        graph.add_node(node, bloc=bloc_of.get(node, -1))
    for edge in result.edges:
        graph.add_edge(edge["a"], edge["b"], weight=edge["weight"], events=edge["events"],
                       sign=1 if edge["weight"] > 0 else -1)
    nx.write_gexf(graph, str(path))
