"""Web: the REST API under /api and the dashboard pages, one FastAPI app over a database.

This module builds the app (security middleware, error pages) and serves it; the routes are in
``frenemy.web.api`` (JSON) and ``frenemy.web.pages`` (HTML). Each page and its JSON twin call
the same function of ``frenemy.web.dashboard``. The app is read-only unless it has a token;
write endpoints then need ``Authorization: Bearer <token>``.
"""


import json
import os
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frenemy.errors import FrenemyError, InputError, NotFoundError
from frenemy.store import Store
from frenemy.version import __version__
from frenemy.web import api, dashboard, pages
from frenemy.web.charts import QUAD_COLOURS, QUAD_NAMES
from frenemy.web.context import Cache, RouteContext

__all__ = ["ServeOptions", "create_app", "serve"]

HERE = Path(__file__).parent
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
        # What every dyad page shares (all dyads' status and alerts) is computed while the
        # server starts; a page asked for meanwhile computes its own dyad's.
        threading.Thread(target=dashboard.warm, args=(base.cursor(),), daemon=True).start()
    elif options.token is None:
        base.memo = {}  # read-only: answers never change, so those every page shares are kept
    dashboard.preload()
    cache = Cache(options.cache_entries)
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

    shared = RouteContext(base, cache, computing, write_lock, templates, options.token)
    api.add_routes(app, shared)
    pages.add_routes(app, shared)
    return app


def serve(options: ServeOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(options), host=host, port=port, log_level="warning")
