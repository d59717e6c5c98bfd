"""What the JSON routes and the pages share: the answer cache, the dependencies, path parameters."""

import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from frenemy.errors import InputError
from frenemy.store import EventQuery, Store
from frenemy.web import dashboard

__all__ = ["Cache", "RouteContext", "ViewDep", "QueryDep", "CodePath", "IdPath"]

CODE = r"^[A-Za-z0-9]{2,20}$"
PERIOD = r"^(day|week|month|quarter|year)$"


class Cache:
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


class RouteContext:
    """What the routes of one app read: its store, answer cache, semaphore, write lock,
    templates and token."""

    def __init__(self, base: Store, cache: Cache, computing: threading.BoundedSemaphore,
                 write_lock: threading.Lock, templates: Jinja2Templates,
                 token: str | None) -> None:
        self.base, self.cache, self.computing = base, cache, computing
        self.write_lock, self.templates, self.token = write_lock, templates, token

    def store(self) -> Iterator[Store]:
        view = self.base.cursor()
        try:
            yield view
        finally:
            view.conn.close()

    def require_token(self, request: Request) -> None:
        if self.token is None:
            raise HTTPException(403, "this server is read-only; start it with --token to "
                                     "allow writes")
        given = request.headers.get("authorization", "")
        scheme, _, credential = given.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
                credential.strip().encode(), self.token.encode()):
            raise HTTPException(401, "missing or wrong bearer token")

    def cached(self, name: str, call: Callable[[], Any], *key: Any) -> Any:
        return self.cache.get((name, *map(repr, key)), call)


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


ViewDep = Annotated[dashboard.ViewOptions, Depends(view_options)]
QueryDep = Annotated[EventQuery, Depends(event_query)]


def _path(pattern: str, max_length: int) -> Any:
    from fastapi import Path as PathParam

    return PathParam(pattern=pattern, max_length=max_length)


CodePath = _path(CODE, 20)
IdPath = _path(r"^[\w.:@-]{1,200}$", 200)
