"""The JSON API under /api: the routes, cached as JSON bytes, and the ingest endpoint."""

import json
import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from frenemy.errors import InputError
from frenemy.store import Store
from frenemy.web import dashboard
from frenemy.web.context import Cache, CodePath, IdPath, QueryDep, RouteContext, ViewDep

__all__ = ["add_routes"]

_SAFE_NAME = re.compile(r"[^\w.-]+")


def add_routes(app: FastAPI, shared: RouteContext) -> None:
    """Adds the JSON routes to the app."""
    base, cache, computing, write_lock = (shared.base, shared.cache, shared.computing,
                                          shared.write_lock)
    cached, require_token = shared.cached, shared.require_token
    StoreDep = Annotated[Store, Depends(shared.store)]

    # -- API: answers are cached as JSON bytes too; a hit needs neither a thread nor a query.
    # The data behind them is the page's cached answer: a page and its twin compute once.
    async def answer(name: str, compute: Callable[[Store], Any], *key: Any) -> Response:
        cache_key = ("json", name, *map(repr, key))
        body = cache.peek(cache_key)
        if body is None:
            def work() -> bytes:
                def run() -> bytes:
                    with computing:
                        view = base.cursor()
                        try:
                            data = cached(name, lambda: compute(view), *key)
                            return json.dumps(data, ensure_ascii=False, default=str).encode()
                        finally:
                            view.conn.close()
                return cast(bytes, cache.get(cache_key, run))
            body = await run_in_threadpool(work)
        return Response(body, media_type="application/json")

    @app.get("/api/overview", tags=["pages"], summary="Overview: top dyads, changes, alerts")
    async def api_overview(v: ViewDep) -> Response:
        return await answer("overview", lambda s: dashboard.overview(s, v), v)

    @app.get("/api/events", tags=["events"], summary="Events matching filters, paged")
    async def api_events(query: QueryDep) -> Response:
        return await answer("events", lambda s: dashboard.events_page(s, query), query)

    @app.get("/api/event/{event_id}", tags=["events"],
             summary="One event with its sentence, source, target and trigger marked")
    async def api_event(event_id: Annotated[str, IdPath]) -> Response:
        return await answer("event", lambda s: dashboard.event_detail(s, event_id), event_id)

    @app.get("/api/documents", tags=["documents"], summary="Documents, newest first, paged")
    async def api_documents(v: ViewDep) -> Response:
        return await answer("documents", lambda s: dashboard.documents_page(
            s, v.events.limit or 50, v.events.offset), v)

    @app.get("/api/document/{doc_id}", tags=["documents"],
             summary="A document: text, sentences, their events with offsets")
    async def api_document(doc_id: Annotated[str, IdPath]) -> Response:
        return await answer("document", lambda s: dashboard.document_detail(s, doc_id), doc_id)

    @app.get("/api/dyad/{a}/{b}", tags=["relations"],
             summary="A dyad: series, status history, alerts and events")
    async def api_dyad(a: Annotated[str, CodePath], b: Annotated[str, CodePath],
                       v: ViewDep) -> Response:
        return await answer("dyad", lambda s: dashboard.dyad_detail(s, a, b, v), a.upper(),
                            b.upper(), v)

    @app.get("/api/status", tags=["relations"], summary="Status of every country dyad")
    async def api_status(v: ViewDep) -> Response:
        return await answer("status", lambda s: dashboard.status_view(s, v), v)

    @app.get("/api/alerts", tags=["relations"], summary="Escalation alerts, biggest first")
    async def api_alerts(v: ViewDep) -> Response:
        return await answer("alerts", lambda s: dashboard.alerts_view(s, v), v)

    @app.get("/api/network", tags=["relations"], summary="Signed network, balance and blocs")
    async def api_network(v: ViewDep, min_events: Annotated[int, Query(ge=1, le=10_000)] = 3
                          ) -> Response:
        return await answer("network", lambda s: dashboard.network_view(s, v, min_events), v,
                            min_events)

    @app.get("/api/actor/{code}", tags=["relations"], summary="An actor and its partners")
    async def api_actor(code: Annotated[str, CodePath], v: ViewDep) -> Response:
        return await answer("actor", lambda s: dashboard.actor_detail(s, code, v),
                            code.upper(), v)

    @app.get("/api/forecast/{a}/{b}", tags=["relations"],
             summary="P(material conflict between a and b within the horizon), its drivers "
                     "and the likeliest next events")
    async def api_forecast(a: Annotated[str, CodePath], b: Annotated[str, CodePath],
                           horizon: Annotated[str, Query(pattern=r"^(1w|1m|3m)$")] = "1m"
                           ) -> Response:
        from frenemy.forecasting.risk import RiskOptions, forecast_dyad

        return await answer("forecast", lambda s: forecast_dyad(
            s, a, b, RiskOptions(horizon=horizon)), a.upper(), b.upper(), horizon)

    @app.get("/api/search", tags=["events"], summary="Documents, actors and events by words")
    async def api_search(q: Annotated[str, Query(max_length=200)] = "") -> Response:
        return await answer("search", lambda s: dashboard.search(s, q), q)

    @app.get("/api/export", tags=["events"], summary="Matching events as CSV, JSON or GeoJSON")
    def api_export(s: StoreDep, query: QueryDep,
                   format: Annotated[str, Query(pattern=r"^(csv|json|geojson)$")] = "csv",
                   all_rows: Annotated[bool, Query(alias="all")] = False) -> Response:
        if all_rows:
            query.limit, query.offset = None, 0
        media = {"csv": "text/csv", "json": "application/json",
                 "geojson": "application/geo+json"}[format]
        rows = list(dashboard.export_rows(s, query, format))
        return StreamingResponse(iter(rows), media_type=media, headers={
            "Content-Disposition": f'attachment; filename="frenemy-events.{format}"'})

    @app.post("/api/ingest", tags=["write"], dependencies=[Depends(require_token)],
              summary="Code and store pasted text or uploaded files (needs the token)")
    async def api_ingest(request: Request) -> dict[str, Any]:
        return await _ingest_request(request, base, write_lock, cache)


async def _ingest_request(request: Request, store: Store, lock: threading.Lock,
                          cache: Cache) -> dict[str, Any]:
    """Pasted text (form field or JSON ``text``) and uploaded files, ingested like files
    given to ``frenemy ingest``."""
    from frenemy.coding.dates import parse_iso_date
    from frenemy.model import Document
    from frenemy.news.ingest import IngestOptions, ingest
    from frenemy.news.readers import read_documents

    kind = request.headers.get("content-type", "")
    uploads: list[tuple[str, bytes]] = []
    if kind.startswith("application/json"):
        try:
            body = await request.json()
        except ValueError as exc:
            raise InputError("the body is not JSON", "Send {\"text\": \"...\"}") from exc
        if not isinstance(body, dict):
            raise InputError("the body is not a JSON object", "Send {\"text\": \"...\"}")
        fields = {k: str(v) for k, v in body.items() if isinstance(v, str | int | float)}
    else:
        form = await request.form()
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        for item in form.getlist("files"):
            if not isinstance(item, str) and item.filename:
                uploads.append((item.filename, await item.read()))
    when = parse_iso_date(fields["date"]) if fields.get("date") else None
    if fields.get("date") and when is None:
        raise InputError(f"date {fields['date']!r} is not a date", "Write it as YYYY-MM-DD")
    if not fields.get("text", "").strip() and not uploads:
        raise InputError("nothing to ingest", "Paste text or upload files")

    def work() -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="frenemy-web-") as folder:
            paths = []
            if fields.get("text", "").strip():
                record = {"text": fields["text"], "title": fields.get("title") or None,
                          "url": fields.get("url") or None, "date": fields.get("date") or None}
                path = Path(folder) / "pasted.jsonl"
                path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
                paths.append(str(path))
            for n, (name, content) in enumerate(uploads):
                path = Path(folder) / f"{n}-{_SAFE_NAME.sub('_', Path(name).name)[-100:]}"
                path.write_bytes(content)
                paths.append(str(path))
            with lock:
                writer = store.cursor()
                try:
                    result = ingest(paths, writer, IngestOptions(date=when))
                finally:
                    writer.conn.close()
                cache.clear()
            doc_ids = [d.doc_id for d in read_documents(paths, when)
                       if isinstance(d, Document)]
            shown = {p: name for p, (name, _) in zip(paths[-len(uploads):], uploads,
                                                     strict=True)} if uploads else {}
            return {"documents_read": result.documents_read,
                    "documents_added": result.documents_added,
                    "documents_skipped": result.documents_skipped,
                    "events_added": result.events_added, "doc_ids": doc_ids,
                    "issues": [{"file": _shown(i.file, shown, folder), "line": i.line,
                                "reason": i.reason} for i in result.issues]}

    return await run_in_threadpool(work)


def _shown(file: str, names: dict[str, str], folder: str) -> str:
    """The user's name for a temporary file, never the server's path."""
    for path, name in names.items():
        file = file.replace(path, name)
    return file.replace(folder + "/", "")

