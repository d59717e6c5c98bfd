"""The dashboard's HTML pages, each beside its JSON twin under /api."""

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from frenemy.store import EventQuery, Store
from frenemy.web import dashboard
from frenemy.web.charts import fill_periods, network_svg, timeline_svg
from frenemy.web.context import CodePath, IdPath, QueryDep, RouteContext, ViewDep

__all__ = ["add_routes"]


def add_routes(app: FastAPI, shared: RouteContext) -> None:
    """Adds the HTML pages to the app."""
    templates, cached = shared.templates, shared.cached
    StoreDep = Annotated[Store, Depends(shared.store)]

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
    def dyad_page(request: Request, s: StoreDep, a: Annotated[str, CodePath],
                  b: Annotated[str, CodePath], v: ViewDep) -> HTMLResponse:
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
    def actor_page(request: Request, s: StoreDep, code: Annotated[str, CodePath],
                   v: ViewDep) -> HTMLResponse:
        return page(request, "actor.html", twin_of(request), data=actor_data(s, code, v),
                    options=v)

    @app.get("/document/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, s: StoreDep, doc_id: Annotated[str, IdPath],
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
        if shared.token is None:
            raise HTTPException(404, "ingest is off: this server is read-only (start it with "
                                     "--token)")
        return page(request, "ingest.html", "/api/ingest")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html", "/openapi.json", spec=app.openapi())
