"""Web: the REST API under /api and the dashboard pages, one FastAPI app over a database.

Each page and its JSON twin call the same function of ``frenemy.web.dashboard``. The app is
read-only unless it has a token; write endpoints then need ``Authorization: Bearer <token>``.
"""


import hmac
import json
import os
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frenemy.errors import FrenemyError, InputError, NotFoundError
from frenemy.store import EventQuery, Store
from frenemy.version import __version__
from frenemy.web import dashboard
from frenemy.web.charts import QUAD_COLOURS, QUAD_NAMES, fill_periods, network_svg, timeline_svg

__all__ = ["ServeOptions", "create_app", "serve"]

HERE = Path(__file__).parent
CODE = r"^[A-Za-z0-9]{2,20}$"
PERIOD = r"^(day|week|month|quarter|year)$"
_SECURITY_HEADERS = {
    # No inline script and no third party: whatever an article contains cannot run.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                               "frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


@dataclass
class ServeOptions:
    """What the server serves and how it guards it."""

    db: Path
    token: str | None = None  # None: read-only
    max_body_bytes: int = 20 * 2**20
    cors_origins: tuple[str, ...] = ()  # none: no cross-origin access
    cache_entries: int = 512
    # Read-only servers copy the events into memory, sorted by country (faster dyad
    # queries), when there are at most this many; 0 never does.
    memory_events: int = 5_000_000


class _Cache:
    """Answers by query, dropped whenever the database changes (an ingest). Concurrent
    requests for the same answer wait for one computation instead of repeating it."""

    def __init__(self, size: int) -> None:
        self.size, self.lock, self.items = size, threading.Lock(), OrderedDict[Any, Any]()
        self.pending: dict[Any, threading.Event] = {}

    def peek(self, key: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        while True:
            with self.lock:
                if key in self.items:
                    self.items.move_to_end(key)
                    return self.items[key]
                waiting = self.pending.get(key)
                if waiting is None:
                    done = self.pending[key] = threading.Event()
                    break
            waiting.wait()
        try:
            value = compute()
            with self.lock:
                self.items[key] = value
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
            return value
        finally:
            with self.lock:
                del self.pending[key]
            done.set()

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class _SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI layer: cheaper than an
    HTTP middleware on every request)."""

    headers = [(k.lower().encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, with_headers)


class _TooLarge(Exception):
    pass


class _BodyLimit:
    """Refuses request bodies over the limit, announced or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > self.limit:
            await _send_json(send, 413, "request body too large",
                             f"Send at most {self.limit:,} bytes")
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            if not started:
                await _send_json(send, 413, "request body too large",
                                 f"Send at most {self.limit:,} bytes")


async def _send_json(send: Send, status: int, message: str, hint: str) -> None:
    body = json.dumps(_error_body(status, message, hint)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _error_body(status: int, message: str, hint: str = "",
                details: list[Any] | None = None) -> dict[str, Any]:
    """The one shape of every error the API returns."""
    return {"error": {"status": status, "message": message, "hint": hint,
                      "details": details or []}}


def create_app(options: ServeOptions) -> FastAPI:
    """The FastAPI application for one database."""
    base = Store(options.db, read_only=options.token is None)
    if options.token is None and 0 < base.count("events") <= options.memory_events:
        base.close()
        base = Store.in_memory(options.db)
    if base.memo is not None:
        # What every dyad page shares (all dyads' status and alerts) is computed while the
        # server starts; a page asked for meanwhile waits for it.
        threading.Thread(target=dashboard.warm, args=(base.cursor(),), daemon=True).start()
    cache = _Cache(options.cache_entries)
    # As many queries at once as there are cores: more would only slow the answers that are
    # already cached (they need the same CPU) without computing the others sooner.
    computing = threading.BoundedSemaphore(os.cpu_count() or 2)
    write_lock = threading.Lock()
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, writable=options.token is not None,
                                 quad_colours=QUAD_COLOURS, quad_names=QUAD_NAMES)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> Any:
        yield
        base.close()

    app = FastAPI(title="frenemy", version=__version__, docs_url=None, redoc_url=None,
                  lifespan=lifespan,
                  description="Political event data and relations: events, documents, "
                              "dyads, status, alerts and networks.")
    app.state.store = base
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(_BodyLimit, limit=options.max_body_bytes)
    if options.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(options.cors_origins),
                           allow_methods=["GET"], allow_headers=["Authorization"])

    app.add_middleware(_SecurityHeaders)

    # -- errors: one JSON shape under /api, an error page elsewhere ------------------------
    def error(request: Request, status: int, message: str, hint: str = "",
              details: list[Any] | None = None) -> Response:
        if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
            return JSONResponse(_error_body(status, message, hint, details), status)
        return templates.TemplateResponse(request, "error.html", {
            "status": status, "message": message, "hint": hint, "details": details or []},
            status_code=status)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(p) for p in e.get("loc", ())),
                    "problem": e.get("msg", "")} for e in exc.errors()]
        return error(request, 422, "invalid request",
                     "; ".join(f"{d['where']}: {d['problem']}" for d in details), details)

    @app.exception_handler(FrenemyError)
    async def frenemy_error(request: Request, exc: FrenemyError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400 if isinstance(
            exc, InputError) else 500
        return error(request, status, exc.message, exc.hint)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return error(request, 500, f"internal error ({type(exc).__name__})",
                     "This is a bug in frenemy; please report it")

    # -- dependencies ----------------------------------------------------------------------
    def store() -> Iterator[Store]:
        view = base.cursor()
        try:
            yield view
        finally:
            view.conn.close()

    async def view_options(since: date | None = None, until: date | None = None,
                     by: Annotated[str, Query(pattern=PERIOD)] = "month",
                     limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                     offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0
                     ) -> dashboard.ViewOptions:
        if since and until and since > until:
            raise InputError("since is after until", "Swap the dates")
        return dashboard.ViewOptions(since=since, until=until, by=by,
                                     events=EventQuery(limit=limit, offset=offset))

    async def event_query(
            actor: Annotated[str | None, Query(pattern=CODE, description="actor code prefix")]
            = None,
            dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{2,20}-[A-Za-z0-9]{2,20}$",
                                              description="two actor codes, e.g. IRN-AZE")]
            = None,
            country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
            root: Annotated[str | None, Query(pattern=r"^\d{1,2}$")] = None,
            code: Annotated[str | None, Query(pattern=r"^\d{2,4}$")] = None,
            quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
            since: date | None = None, until: date | None = None,
            dataset: Annotated[str | None, Query(pattern=r"^[\w.-]{1,40}$")] = None,
            q: Annotated[str | None, Query(max_length=200, description="full-text search")]
            = None,
            limit: Annotated[int, Query(ge=1, le=1000)] = 50,
            offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> EventQuery:
        pair = tuple(dyad.split("-")) if dyad else None
        return EventQuery(actor=actor, dyad=pair, country=country, root=root,  # type: ignore[arg-type]
                          code=code, quad_class=quad_class, since=since, until=until,
                          dataset=dataset, text=q or None, limit=limit, offset=offset)

    def require_token(request: Request) -> None:
        if options.token is None:
            raise HTTPException(403, "this server is read-only; start it with --token to "
                                     "allow writes")
        given = request.headers.get("authorization", "")
        scheme, _, credential = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                credential.strip().encode(), options.token.encode()):
            raise HTTPException(401, "missing or wrong bearer token")

    StoreDep = Annotated[Store, Depends(store)]
    ViewDep = Annotated[dashboard.ViewOptions, Depends(view_options)]
    QueryDep = Annotated[EventQuery, Depends(event_query)]

    def cached(name: str, call: Callable[[], Any], *key: Any) -> Any:
        return cache.get((name, *map(repr, key)), call)

    # -- shared query functions (a page and its JSON twin call the same one) ----------------
    def overview_data(s: Store, v: dashboard.ViewOptions) -> dict[str, Any]:
        return cached("overview", lambda: dashboard.overview(s, v), v)

    def dyad_data(s: Store, a: str, b: str, v: dashboard.ViewOptions) -> dict[str, Any]:
        return cached("dyad", lambda: dashboard.dyad_detail(s, a, b, v), a.upper(), b.upper(), v)

    def events_data(s: Store, query: EventQuery) -> dict[str, Any]:
        return cached("events", lambda: dashboard.events_page(s, query), query)

    def network_data(s: Store, v: dashboard.ViewOptions, min_events: int) -> dict[str, Any]:
        return cached("network", lambda: dashboard.network_view(s, v, min_events), v,
                      min_events)

    def alerts_data(s: Store, v: dashboard.ViewOptions) -> dict[str, Any]:
        return cached("alerts", lambda: dashboard.alerts_view(s, v), v)

    def actor_data(s: Store, code: str, v: dashboard.ViewOptions) -> dict[str, Any]:
        return cached("actor", lambda: dashboard.actor_detail(s, code, v), code.upper(), v)

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
    async def api_event(event_id: Annotated[str, _IdPath]) -> Response:
        return await answer("event", lambda s: dashboard.event_detail(s, event_id), event_id)

    @app.get("/api/documents", tags=["documents"], summary="Documents, newest first, paged")
    async def api_documents(v: ViewDep) -> Response:
        return await answer("documents", lambda s: dashboard.documents_page(
            s, v.events.limit or 50, v.events.offset), v)

    @app.get("/api/document/{doc_id}", tags=["documents"],
             summary="A document: text, sentences, their events with offsets")
    async def api_document(doc_id: Annotated[str, _IdPath]) -> Response:
        return await answer("document", lambda s: dashboard.document_detail(s, doc_id), doc_id)

    @app.get("/api/dyad/{a}/{b}", tags=["relations"],
             summary="A dyad: series, status history, alerts and events")
    async def api_dyad(a: Annotated[str, _CodePath], b: Annotated[str, _CodePath],
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
    async def api_actor(code: Annotated[str, _CodePath], v: ViewDep) -> Response:
        return await answer("actor", lambda s: dashboard.actor_detail(s, code, v),
                            code.upper(), v)

    @app.get("/api/forecast/{a}/{b}", tags=["relations"],
             summary="P(material conflict between a and b within the horizon), its drivers "
                     "and the likeliest next events")
    async def api_forecast(a: Annotated[str, _CodePath], b: Annotated[str, _CodePath],
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

    # -- pages ------------------------------------------------------------------------------
    def page(request: Request, name: str, twin: str, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"twin": twin, **context})

    def twin_of(request: Request) -> str:
        query = request.url.query
        return f"/api{request.url.path if request.url.path != '/' else '/overview'}" + (
            f"?{query}" if query else "")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, s: StoreDep, v: ViewDep) -> HTMLResponse:
        data = overview_data(s, v)
        periods = [{"start": q["period"], "counts": q["counts"]} for q in data["quad_classes"]]
        return page(request, "overview.html", twin_of(request), data=data, options=v,
                    chart=timeline_svg(fill_periods(periods, v.by), v.by, "/",
                                       (v.since, v.until)))

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, s: StoreDep, a: Annotated[str, _CodePath],
                  b: Annotated[str, _CodePath], v: ViewDep) -> HTMLResponse:
        data = dyad_data(s, a, b, v)
        periods = [{"start": p["start"], "period": p["period"], "score": p["score"],
                    "counts": [p["verbal_cooperation"], p["material_cooperation"],
                               p["verbal_conflict"], p["material_conflict"]]}
                   for p in data["series"]]
        return page(request, "dyad.html", twin_of(request), data=data, options=v,
                    chart=timeline_svg(fill_periods(periods, v.by), v.by,
                                       f"/dyad/{data['a']}/{data['b']}",
                                       (v.since, v.until)))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_html(request: Request, s: StoreDep, query: QueryDep) -> HTMLResponse:
        return page(request, "events.html", twin_of(request), data=events_data(s, query),
                    query=query, params=dict(request.query_params))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, s: StoreDep, v: ViewDep,
                     min_events: Annotated[int, Query(ge=1, le=10_000)] = 3) -> HTMLResponse:
        data = network_data(s, v, min_events)
        return page(request, "network.html", twin_of(request), data=data, options=v,
                    min_events=min_events, chart=network_svg(data))

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts_page(request: Request, s: StoreDep, v: ViewDep) -> HTMLResponse:
        return page(request, "alerts.html", twin_of(request), data=alerts_data(s, v),
                    options=v)

    @app.get("/actor/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, s: StoreDep, code: Annotated[str, _CodePath],
                   v: ViewDep) -> HTMLResponse:
        return page(request, "actor.html", twin_of(request), data=actor_data(s, code, v),
                    options=v)

    @app.get("/document/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, s: StoreDep, doc_id: Annotated[str, _IdPath],
                      event: Annotated[str | None, Query(max_length=200)] = None
                      ) -> HTMLResponse:
        return page(request, "document.html", twin_of(request),
                    data=dashboard.document_detail(s, doc_id), selected=event)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, s: StoreDep,
                    q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        return page(request, "search.html", twin_of(request), data=dashboard.search(s, q))

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request) -> HTMLResponse:
        if options.token is None:
            raise HTTPException(404, "ingest is off: this server is read-only (start it with "
                                     "--token)")
        return page(request, "ingest.html", "/api/ingest")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", "/openapi.json", spec=app.openapi())

    return app


def _path(pattern: str, max_length: int) -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=pattern, max_length=max_length)


_CodePath = _path(CODE, 20)
_IdPath = _path(r"^[\w.:@-]{1,200}$", 200)
_SAFE_NAME = re.compile(r"[^\w.-]+")


async def _ingest_request(request: Request, store: Store, lock: threading.Lock,
                          cache: _Cache) -> dict[str, Any]:
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


def serve(options: ServeOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(options), host=host, port=port, log_level="warning")
