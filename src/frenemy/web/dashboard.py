"""Dashboard: the queries behind every web page and its JSON twin, as plain dicts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from frenemy.analysis.alerts import alerts
from frenemy.analysis.relations import (
    RelationOptions,
    country_sql,
    days_sql,
    decimal_means,
    dyad_series,
    window_sql,
)
from frenemy.analysis.status import status, transitions
from frenemy.errors import InputError, NotFoundError
from frenemy.model import EVENT_FIELDS
from frenemy.store import EventQuery, Store
from frenemy.taxonomy import cameo, countries

__all__ = ["ViewOptions", "overview", "events_page", "event_detail", "document_detail",
           "documents_page",
           "dyad_detail", "actor_detail", "alerts_view", "status_view", "network_view",
           "search", "export_rows", "preload", "warm", "EXPORT_FORMATS"]

EXPORT_FORMATS = ("csv", "json", "geojson")
_MARK_ORDER = ("trigger", "source", "target")  # where spans overlap, the first wins


@dataclass
class ViewOptions:
    """The window and granularity a page shows, and how many rows of each list."""

    since: date | None = None
    until: date | None = None
    by: str = "month"
    top: int = 10
    events: EventQuery = field(default_factory=lambda: EventQuery(limit=50))

    def relations(self, **changes: Any) -> RelationOptions:
        return RelationOptions(**{"by": self.by, "since": self.since, "until": self.until,
                                  **changes})


def _has_events(store: Store) -> bool:
    return bool(store.sql("SELECT 1 FROM events LIMIT 1"))


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
    item = {k: _jsonable(v) for k, v in row.items()}
    item["event_name"] = cameo(row["code"]).name if row.get("code") else None
    return item


# -- events and documents -----------------------------------------------------------------
def events_page(store: Store, query: EventQuery) -> dict[str, Any]:
    """One page of the events matching the query, each with its sentence, and the total."""
    return {"total": store.count_events(query), "offset": query.offset, "limit": query.limit,
            "events": [_event_dict(e) for e in store.events(query, with_sentence=True)]}


def marked(text: str, spans: list[tuple[int | None, int | None, str]]) -> list[dict[str, Any]]:
    """The text cut into segments, each with the mark (source, target, trigger) covering
    it or None: pages render them escaped, so no markup ever comes from the data."""
    marks: list[str | None] = [None] * len(text)
    for kind in reversed(_MARK_ORDER):
        for start, end, name in spans:
            if name == kind and start is not None and end is not None:
                for i in range(max(0, start), min(len(text), end)):
                    marks[i] = kind
    segments: list[dict[str, Any]] = []
    for char, mark in zip(text, marks, strict=True):
        if segments and segments[-1]["mark"] == mark:
            segments[-1]["text"] += char
        else:
            segments.append({"text": char, "mark": mark})
    return segments


def _spans(event: dict[str, Any]) -> list[tuple[int | None, int | None, str]]:
    return [(event.get(f"{kind}_start"), event.get(f"{kind}_end"), kind)
            for kind in _MARK_ORDER]


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    """An event with its sentence marked (source, target, trigger) and its document."""
    rows = store.events(EventQuery(event_id=event_id), with_sentence=True)
    if not rows:
        raise NotFoundError(f"no event {event_id!r}", "Check the event id")
    event = _event_dict(rows[0])
    sentence = event.pop("sentence", None)
    document = None
    if event["doc_id"]:
        found = store.sql("SELECT doc_id, title, url, published, outlet FROM documents "
                          "WHERE doc_id = ?", [event["doc_id"]])
        if found:
            document = dict(zip(("doc_id", "title", "url", "published", "outlet"),
                                map(_jsonable, found[0]), strict=True))
    return {"event": event, "sentence": sentence, "document": document,
            "segments": marked(sentence, _spans(event)) if sentence else []}


def document_detail(store: Store, doc_id: str) -> dict[str, Any]:
    """A document's text as sentences, each with its events and its marked segments."""
    found = store.sql("SELECT doc_id, source_id, url, title, published, outlet, language, text "
                      "FROM documents WHERE doc_id = ?", [doc_id])
    if not found:
        raise NotFoundError(f"no document {doc_id!r}", "Check the document id")
    document = dict(zip(("doc_id", "source_id", "url", "title", "published", "outlet",
                         "language", "text"), map(_jsonable, found[0]), strict=True))
    events = [_event_dict(e) for e in store.events(EventQuery(doc_id=doc_id))]
    mentioned = store.sql("SELECT event_id, sentence_index FROM event_mentions WHERE doc_id = ? "
                          "ORDER BY sentence_index, event_id", [doc_id])
    by_sentence: dict[int | None, list[dict[str, Any]]] = {}
    for event in events:
        by_sentence.setdefault(event["sentence_index"], []).append(event)
    sentences = []
    for index, start, end, text in store.sql(
            "SELECT sentence_index, start_char, end_char, text FROM sentences WHERE doc_id = ? "
            "ORDER BY sentence_index", [doc_id]):
        own = by_sentence.get(index, [])
        spans = [span for event in own for span in _spans(event)]
        sentences.append({"index": index, "start_char": start, "end_char": end, "text": text,
                          "events": own, "segments": marked(text or "", spans)})
    document["sentences"] = sentences
    document["events"] = len(events)
    document["mentions"] = [{"event_id": e, "sentence_index": s} for e, s in mentioned]
    return document


def documents_page(store: Store, limit: int, offset: int = 0) -> dict[str, Any]:
    """Documents, newest first, with how many events each has, and the total."""
    rows = store.sql("SELECT d.doc_id, d.title, d.published, d.outlet, d.url, (SELECT count(*) "
                     "FROM events e WHERE e.doc_id = d.doc_id) FROM documents d "
                     "ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?",
                     [limit, offset])
    names = ("doc_id", "title", "published", "outlet", "url", "events")
    return {"total": store.count("documents"), "offset": offset, "limit": limit,
            "documents": [dict(zip(names, map(_jsonable, row), strict=True)) for row in rows]}


def search(store: Store, text: str, limit: int = 20) -> dict[str, Any]:
    """Documents, actors and events whose text or names contain the words."""
    needle = text.strip().lower()
    if not needle:
        return {"q": text, "documents": [], "actors": [], "events": events_page(
            store, EventQuery(limit=0))}
    documents = store.sql(
        "SELECT doc_id, title, published FROM documents WHERE strpos(lower(coalesce(title, '')), "
        "?) > 0 OR strpos(lower(text), ?) > 0 ORDER BY published DESC NULLS LAST, doc_id LIMIT ?",
        [needle, needle, limit])
    actors = store.sql(
        "SELECT code, name, country FROM actors WHERE strpos(lower(coalesce(name, '')), ?) > 0 "
        "OR lower(code) = ? ORDER BY code LIMIT ?", [needle, needle, limit])
    return {"q": text,
            "documents": [{"doc_id": d, "title": t, "published": _jsonable(p)}
                          for d, t, p in documents],
            "actors": [{"code": c, "name": n, "country": k} for c, n, k in actors],
            "events": events_page(store, EventQuery(text=text, limit=limit))}


# -- relations ------------------------------------------------------------------------------
def _dyads_sql(store: Store, options: ViewOptions) -> tuple[str, list[Any]]:
    """Day sums (a, b, date, events, events per quad class, Goldstein sum) in the window, a
    and b the dyad's countries in order (frenemy.days)."""
    src, tgt = country_sql("source"), country_sql("target")
    window, params = window_sql(options.relations())
    return (f"SELECT least({src}, {tgt}) AS a, greatest({src}, {tgt}) AS b, * "
            f"FROM {days_sql(store)} WHERE {window}"), params


_QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
_DAY_QUADS = tuple(f"sum({q})" for q in _QUADS)
_EVENT_QUADS = tuple(f"count(*) FILTER (quad_class = {q})" for q in (1, 2, 3, 4))


def _score_sql(counts: tuple[str, ...] = _DAY_QUADS) -> str:
    """The cooperation score of the rows grouped, from their counts per quad class (summed
    day sums, or counts of events)."""
    q1, q2, q3, q4 = counts
    return (f"round((({q1} + 2 * {q2}) - ({q3} + 2 * {q4})) / "
            f"nullif({q1} + 2 * {q2} + {q3} + 2 * {q4}, 0), 4)")


def _last_update(store: Store) -> dict[str, Any]:
    """When the data was last updated (UTC; the latest ingest, import or watch round to
    finish) and by which command."""
    found = store.sql("SELECT finished, command FROM ingest_runs WHERE finished IS NOT NULL "
                      "ORDER BY finished DESC LIMIT 1")
    if not found:
        return {"updated": None, "updated_by": None}
    return {"updated": found[0][0].isoformat(timespec="seconds") + "Z",
            "updated_by": found[0][1]}


def overview(store: Store, options: ViewOptions) -> dict[str, Any]:
    """Totals, the most active dyads, the biggest changes of score between the last two
    periods, the latest alerts and events per quad class over time."""
    totals = dict(zip(("events", "first", "last"), map(_jsonable, store.sql(
        "SELECT (SELECT count(*) FROM events), min(date), max(date) FROM "
        f"{days_sql(store)}")[0]), strict=True))
    totals["documents"] = store.count("documents")
    totals["datasets"] = [d for (d,) in store.sql(
        "SELECT DISTINCT dataset FROM events ORDER BY dataset")]
    totals.update(_last_update(store))
    result: dict[str, Any] = {"totals": totals, "by": options.by, "top_dyads": [],
                              "changes": [], "alerts": [], "quad_classes": []}
    if not _has_events(store):
        return result
    rows, params = _dyads_sql(store, options)
    top = store.sql(
        f"WITH e AS ({rows}) SELECT a, b, sum(events) AS n, {_score_sql()}, "
        "(sum(goldstein) * 1000)::HUGEINT FROM e WHERE a IS NOT NULL AND b IS NOT NULL "
        "AND a <> b GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?", [*params, options.top])
    means = store.sql("SELECT round(unnest(?::DOUBLE[]), 2)", [  # rounded as DuckDB does
        decimal_means([t[4] for t in top], [t[2] for t in top])]) if top else []
    result["top_dyads"] = [{"a": a, "b": b, "events": n, "score": s, "goldstein_mean": g}
                           for (a, b, n, s, _), (g,) in zip(top, means, strict=True)]
    trunc = f"date_trunc('{options.relations().by}', date)::DATE"
    periods = [p for (p,) in store.sql(
        f"WITH e AS ({rows}) SELECT DISTINCT {trunc} AS p FROM e ORDER BY p DESC LIMIT 2",
        params)]
    if len(periods) == 2:
        result["changes"] = [
            {"a": a, "b": b, "before": before, "after": after, "change": round(after - before, 4),
             "period": _jsonable(periods[0])}
            for a, b, before, after in store.sql(
                f"WITH e AS ({rows}), s AS (SELECT a, b, {trunc} AS p, sum(events) AS n, "
                f"{_score_sql()} AS score FROM e WHERE a IS NOT NULL AND b IS NOT NULL AND "
                "a <> b AND date >= ? GROUP BY a, b, p HAVING sum(events) >= 3) "
                "SELECT x.a, x.b, x.score, y.score FROM s x JOIN s y ON x.a = y.a AND x.b = y.b "
                "AND x.p = ? AND y.p = ? WHERE x.score IS NOT NULL AND y.score IS NOT NULL "
                "AND x.score <> y.score ORDER BY abs(y.score - x.score) DESC, x.a, x.b LIMIT ?",
                [*params, periods[1], periods[1], periods[0], options.top])]
    latest = alerts(store, options.relations(by="week"))
    latest.sort(key=lambda a: (a.end, a.score), reverse=True)
    result["alerts"] = [_alert_dict(a) for a in latest[:options.top]]
    result["quad_classes"] = [
        {"period": _jsonable(p), "counts": [q1, q2, q3, q4]}
        for p, q1, q2, q3, q4 in store.sql(
            f"WITH e AS ({rows}) SELECT {trunc} AS p, "
            + ", ".join(f"sum({q})" for q in _QUADS) + " FROM e GROUP BY p ORDER BY p", params)]
    return result


def preload() -> None:
    """Load the libraries the relation pages compute with (the statistics of alerts take
    seconds to import) while the server starts, not on its first page."""
    import numpy  # noqa: F401
    import scipy.stats  # noqa: F401


def warm(store: Store) -> None:
    """Compute the relations every dyad page shares, for a store that keeps answers
    (``Store.in_memory``); then close the store given."""
    try:
        if _has_events(store):
            options = ViewOptions()
            status(store, options.relations(by="quarter"))
            alerts(store, options.relations(by="week"))
    finally:
        store.conn.close()


def _alert_dict(alert: Any) -> dict[str, Any]:
    item = {k: _jsonable(v) for k, v in alert.to_dict().items()}
    item["events"] = [{k: _jsonable(v) for k, v in e.items()} for e in alert.events]
    return item


def _country(code: str) -> str:
    code = code.upper()
    if len(code) < 3 or not code.isalnum():
        raise InputError(f"{code!r} is not an actor code", "Use a CAMEO code such as IRN")
    return code


def dyad_detail(store: Store, a: str, b: str, options: ViewOptions) -> dict[str, Any]:
    """A dyad's page: its series, status history with transitions, alerts and events."""
    a, b = _country(a), _country(b)
    names = countries()
    result: dict[str, Any] = {
        "a": a, "b": b, "names": [names[c].name if c in names else c for c in (a, b)],
        "by": options.by, "since": _jsonable(options.since), "until": _jsonable(options.until),
        "series": [], "status": [], "transitions": [], "alerts": [],
        "events": {"total": 0, "offset": 0, "limit": options.events.limit, "events": []}}
    if not _has_events(store):
        return result
    # The chart shows the whole history; the selected window filters everything else.
    whole = RelationOptions(by=options.by)
    result["series"] = [{k: _jsonable(v) for k, v in asdict(p).items()}
                        for p in dyad_series(store, a, b, whole)]
    if len(a) == 3 and len(b) == 3:
        # Status needs a few events per period: quarters, or years when asked for.
        history = status(store, options.relations(
            by="year" if options.by == "year" else "quarter", pair=(a, b)))
        result["status"] = [{k: _jsonable(v) for k, v in asdict(s).items()} for s in history]
        result["transitions"] = [asdict(t) for t in transitions(history)]
        result["alerts"] = [_alert_dict(x) for x in alerts(
            store, options.relations(by="week", pair=(a, b)))]
    query = replace(options.events, dyad=(a, b), since=options.since, until=options.until)
    result["events"] = events_page(store, query)
    return result


def actor_detail(store: Store, code: str, options: ViewOptions) -> dict[str, Any]:
    """An actor's page: who it is, its events per quad class, partners and recent events."""
    code = _country(code)
    known = store.sql("SELECT name, country, roles FROM actors WHERE code = ?", [code])
    name = known[0][0] if known else (countries()[code].name if code in countries() else None)
    query = replace(options.events, actor=code, since=options.since, until=options.until)
    where, params = query.where()
    quads = dict(store.sql(f"SELECT quad_class, count(*) FROM events e{where} GROUP BY 1",
                           params))
    other = ("CASE WHEN starts_with(e.source, ?) THEN coalesce(e.target_country, e.target) "
             "ELSE coalesce(e.source_country, e.source) END")
    partners = store.sql(
        f"SELECT {other} AS partner, count(*) AS n, {_score_sql(_EVENT_QUADS)} "
        f"FROM events e{where} "
        "GROUP BY partner HAVING partner IS NOT NULL ORDER BY n DESC, partner LIMIT ?",
        [code, *params, options.top])
    if not known and not quads:
        raise NotFoundError(f"no actor {code!r} in this database", "Search for its name")
    return {"code": code, "name": name, "country": known[0][1] if known else None,
            "roles": known[0][2] if known else None,
            "quad_classes": [quads.get(q, 0) for q in (1, 2, 3, 4)],
            "partners": [{"code": p, "events": n, "score": s} for p, n, s in partners],
            "events": events_page(store, query)}


def alerts_view(store: Store, options: ViewOptions) -> dict[str, Any]:
    if not _has_events(store):
        return {"alerts": []}
    return {"alerts": [_alert_dict(a) for a in alerts(store, options.relations(by="week"))]}


def status_view(store: Store, options: ViewOptions) -> dict[str, Any]:
    if not _has_events(store):
        return {"status": [], "transitions": []}
    found = status(store, options.relations())
    return {"status": [{k: _jsonable(v) for k, v in asdict(s).items()} for s in found],
            "transitions": [asdict(t) for t in transitions(found)]}


def network_view(store: Store, options: ViewOptions, min_events: int = 3) -> dict[str, Any]:
    """The signed graph with a fixed layout (same data, same picture)."""
    from frenemy.analysis.network import NetworkOptions, network

    if not _has_events(store):
        return {"nodes": [], "edges": [], "blocs": [], "positions": {}, "balance": None}
    result = network(store, NetworkOptions(relations=options.relations(),
                                           min_events=min_events)).to_dict()
    result["positions"] = _layout(result["nodes"], result["edges"])
    return result


def _layout(nodes: list[str], edges: list[dict[str, Any]]) -> dict[str, list[float]]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    for edge in edges:
        # Friends pull together, foes only a little: blocs end up apart.
        graph.add_edge(edge["a"], edge["b"], weight=max(edge["weight"], 0.05))
    positions = nx.spring_layout(graph, seed=7, weight="weight") if nodes else {}
    return {n: [round(float(x), 4), round(float(y), 4)] for n, (x, y) in positions.items()}


# -- export ---------------------------------------------------------------------------------
def export_rows(store: Store, query: EventQuery, fmt: str) -> Iterator[str]:
    """The matching events as CSV lines, a JSON array or a GeoJSON feature collection of the
    located ones, streamed in pieces."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", f"Use {', '.join(EXPORT_FORMATS)}")
    events = store.events(query)
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EVENT_FIELDS)
        for event in events:
            writer.writerow(["" if event[f] is None else _jsonable(event[f])
                             for f in EVENT_FIELDS])
            if buffer.tell() > 1 << 16:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()
    elif fmt == "json":
        yield json.dumps([_event_dict(e) for e in events], ensure_ascii=False)
    else:
        features = [{"type": "Feature",
                     "geometry": {"type": "Point",
                                  "coordinates": [e["location_lon"], e["location_lat"]]},
                     "properties": _event_dict(e)}
                    for e in events
                    if e["location_lat"] is not None and e["location_lon"] is not None]
        yield json.dumps({"type": "FeatureCollection", "features": features},
                         ensure_ascii=False)
