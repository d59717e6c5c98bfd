"""Report: the short summary of a store that the demo prints (counts, dyads, relations)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frenemy.store import Store
from frenemy.taxonomy import cameo

__all__ = ["Summary", "summarize", "dyad_timeline"]


@dataclass
class Summary:
    documents: int
    sentences: int
    events: int
    by_root: list[tuple[str, str, int]] = field(default_factory=list)  # root, name, events
    top_dyads: list[tuple[str, str, int, float]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    timeline_dyad: tuple[str, str] = ("IRN", "AZE")
    transitions: list[str] = field(default_factory=list)  # "AZE-IRN: partner -> hostile, 2022"
    blocs: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "sentences": self.sentences,
            "events": self.events,
            "by_root": [{"root": r, "name": n, "events": c} for r, n, c in self.by_root],
            "top_dyads": [{"a": a, "b": b, "events": c, "goldstein_mean": g}
                          for a, b, c, g in self.top_dyads],
            "timeline_dyad": list(self.timeline_dyad),
            "timeline": self.timeline,
            "transitions": self.transitions,
            "blocs": self.blocs,
        }


def dyad_timeline(store: Store, a: str, b: str) -> list[dict[str, Any]]:
    """Monthly events between two countries (either direction), by quad class."""
    rows = store.sql(
        """
        SELECT strftime(date_trunc('month', date), '%Y-%m') AS month,
               count(*) AS events,
               count(*) FILTER (WHERE quad_class IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4)) AS conflict,
               round(avg(goldstein::DECIMAL(18, 3))::DOUBLE, 2) AS goldstein_mean
        FROM events
        WHERE date IS NOT NULL
          AND ((source_country = ? AND target_country = ?)
               OR (source_country = ? AND target_country = ?))
        GROUP BY month ORDER BY month
        """,
        [a, b, b, a],
    )
    return [dict(zip(("month", "events", "cooperation", "conflict", "goldstein_mean"), r,
                     strict=True)) for r in rows]


def summarize(store: Store, dyad: tuple[str, str] = ("IRN", "AZE"), top: int = 8) -> Summary:
    """Counts, events by CAMEO root, the most active country dyads and one dyad's timeline."""
    roots = store.sql("SELECT root, count(*) FROM events GROUP BY root ORDER BY root")
    dyads = store.sql(
        """
        SELECT least(source_country, target_country) AS a,
               greatest(source_country, target_country) AS b,
               count(*) AS n, round(avg(goldstein::DECIMAL(18, 3))::DOUBLE, 2)
        FROM events
        WHERE source_country IS NOT NULL AND target_country IS NOT NULL
          AND source_country <> target_country
        GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?
        """,
        [top],
    )
    return Summary(
        documents=store.count("documents"),
        sentences=store.count("sentences"),
        events=store.count("events"),
        by_root=[(r, cameo(r).name, n) for r, n in roots],
        top_dyads=[(a, b, n, g) for a, b, n, g in dyads],
        timeline=dyad_timeline(store, *dyad),
        timeline_dyad=dyad,
        transitions=_transitions(store),
        blocs=_blocs(store),
    )


def _transitions(store: Store) -> list[str]:
    """Yearly status changes of every country dyad with a few events a year."""
    from frenemy.analysis.relations import RelationOptions
    from frenemy.analysis.status import status, transitions

    if not store.count("events"):
        return []
    return [str(t) for t in transitions(status(store, RelationOptions(by="year",
                                                                      min_events=3)))]


def _blocs(store: Store) -> list[list[str]]:
    from frenemy.analysis.network import NetworkOptions, network
    from frenemy.errors import InputError

    try:
        return [b for b in network(store, NetworkOptions(min_events=2)).blocs if len(b) > 1]
    except InputError:  # too few events for a network
        return []
