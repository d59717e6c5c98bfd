"""The REST API and the pages, through FastAPI's in-process client on the demo database."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from frenemy import StoreError, open_store
from frenemy.web.app import ServeOptions, create_app

from ..conftest import dump_tables

TOKEN = "s3cret-token"
PAYLOAD_TITLE = 'Tehran <script>window.__pwned = "title"</script>'
PAYLOAD_TEXT = (
    'Iran accused Azerbaijan of spying <script>window.__pwned = "script"</script> on Monday. '
    'Azerbaijan denied it <img src=x onerror="window.__pwned = \'img\'"> in Baku. '
    'Read <a href="javascript:window.__pwned=\'link\'">more</a> about "quotes" & ampersands.')


@pytest.fixture(scope="module")
def client(demo_db: Path) -> TestClient:
    return TestClient(create_app(ServeOptions(db=demo_db)))


@pytest.fixture
def writable(demo_db: Path, tmp_path: Path) -> tuple[TestClient, Path]:
    path = tmp_path / "w.duckdb"
    shutil.copy(demo_db, path)
    return TestClient(create_app(ServeOptions(db=path, token=TOKEN))), path


def assert_error(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "message", "hint", "details"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


# -- pages and their JSON twins ---------------------------------------------------------
@pytest.mark.parametrize("page", ["/", "/dyad/IRN/AZE", "/network", "/alerts", "/events",
                                  "/actor/IRN", "/search?q=Tehran", "/docs"])
def test_every_page_renders_and_links_its_json_twin(client: TestClient, page: str):
    response = client.get(page)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in response.headers
    twin = response.text.split('class="twin" href="')[1].split('"')[0].replace("&amp;", "&")
    answer = client.get(twin)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")


def test_dyad_page_and_twin_show_the_same_data(client: TestClient):
    data = client.get("/api/dyad/IRN/AZE").json()
    assert data["a"] == "IRN" and data["b"] == "AZE"
    assert data["series"] and data["events"]["total"] >= 10
    assert {e["source"][:3] for e in data["events"]["events"]} <= {"IRN", "AZE"}
    assert any(s["status"] != "insufficient data" for s in data["status"])
    html = client.get("/dyad/IRN/AZE").text
    assert f"{data['events']['total']} events" in html
    assert html.count('class="bar ') == sum(
        1 for p in data["series"] for key in ("verbal_cooperation", "material_cooperation",
                                              "verbal_conflict", "material_conflict") if p[key])
    for event in data["events"]["events"]:
        assert f'data-event="{event["event_id"]}"' in html


def test_dyad_window_filters_events_status_and_alerts(client: TestClient):
    whole = client.get("/api/dyad/IRN/AZE").json()
    part = client.get("/api/dyad/IRN/AZE?since=2022-01-01&until=2022-12-31").json()
    assert 0 < part["events"]["total"] < whole["events"]["total"]
    assert all("2022-01-01" <= e["date"] <= "2022-12-31" for e in part["events"]["events"])
    assert all(s["period"].startswith("2022") for s in part["status"])
    assert part["series"] == whole["series"]  # the chart keeps the whole history


def test_served_from_the_file_or_from_memory_the_answers_are_the_same(client: TestClient,
                                                                      demo_db: Path):
    # A large database is served from its file (no copy in memory), keeping the answers
    # every page shares once asked: a dyad before and after every dyad's alerts and status.
    from_file = TestClient(create_app(ServeOptions(db=demo_db, memory_events=0)))
    for path in ("/api/dyad/IRN/AZE", "/api/alerts", "/api/status?by=quarter",
                 "/api/dyad/IRN/AZE?limit=5", "/api/dyad/AZE/IRN?by=quarter", "/api/overview",
                 "/api/network"):
        assert from_file.get(path).json() == client.get(path).json(), path


def test_event_detail_marks_source_target_and_trigger(client: TestClient):
    events = client.get("/api/events?dyad=IRN-AZE&limit=100").json()["events"]
    coded = next(e for e in events if e["trigger_start"] is not None)
    detail = client.get(f"/api/event/{coded['event_id']}").json()
    text = "".join(s["text"] for s in detail["segments"])
    assert text == detail["sentence"]
    trigger = "".join(s["text"] for s in detail["segments"] if s["mark"] == "trigger")
    assert trigger == detail["sentence"][coded["trigger_start"]:coded["trigger_end"]]
    assert {s["mark"] for s in detail["segments"]} >= {"trigger", "source"}
    assert detail["document"]["doc_id"] == coded["doc_id"]


def test_document_has_sentences_with_their_events(client: TestClient, demo_db: Path):
    with open_store(demo_db, read_only=True) as store:
        doc_id, count = store.sql("SELECT doc_id, count(*) FROM events GROUP BY doc_id "
                                  "ORDER BY count(*) DESC, doc_id LIMIT 1")[0]
    data = client.get(f"/api/document/{doc_id}").json()
    assert data["events"] == count == sum(len(s["events"]) for s in data["sentences"])
    body = [s for s in data["sentences"] if s["index"] >= 0]
    assert data["text"].startswith(body[0]["text"])
    # The headline, coded with the text, is sentence -1 when it gave events of its own.
    assert all(s["text"] == data["title"] for s in data["sentences"] if s["index"] == -1)
    page = client.get(f"/document/{doc_id}").text
    assert '<mark class="trigger">' in page


def test_event_filters_and_paging(client: TestClient):
    everything = client.get("/api/events?limit=1000").json()
    total = everything["total"]
    assert total == len(everything["events"]) > 20
    first = client.get("/api/events?limit=5&offset=0").json()["events"]
    second = client.get("/api/events?limit=5&offset=5").json()["events"]
    assert [e["event_id"] for e in first + second] == [
        e["event_id"] for e in everything["events"][:10]]
    checks = {
        "root=19": lambda e: e["root"] == "19",
        "code=17": lambda e: e["code"].startswith("17"),
        "quad_class=4": lambda e: e["quad_class"] == 4,
        "since=2022-10-01&until=2022-12-31": lambda e: "2022-10-01" <= e["date"] <= "2022-12-31",
        "actor=IRN": lambda e: "IRN" in (e["source"][:3], (e["target"] or "")[:3]),
        "country=AZE": lambda e: "AZE" in (e["source_country"], e["target_country"]),
        "dataset=frenemy": lambda e: e["dataset"] == "frenemy",
        "q=tehran": lambda e: "tehran" in ((e["sentence"] or "") + (e["source_name"] or "")
                                           + (e["target_name"] or "")).lower(),
    }
    for query, check in checks.items():
        page = client.get(f"/api/events?{query}&limit=1000").json()
        assert 0 < page["total"] < total or query == "dataset=frenemy", query
        assert all(check(e) for e in page["events"]), query
        assert page["total"] == sum(1 for e in everything["events"] if check(e)), query
    assert client.get("/api/events?dataset=icews").json()["total"] == 0


def test_export_csv_json_and_geojson(client: TestClient):
    rows = list(csv.DictReader(io.StringIO(client.get(
        "/api/export?dyad=IRN-AZE&all=true&format=csv").text)))
    listed = client.get("/api/events?dyad=IRN-AZE&limit=1000").json()
    assert [r["event_id"] for r in rows] == [e["event_id"] for e in listed["events"]]
    as_json = client.get("/api/export?dyad=IRN-AZE&all=true&format=json").json()
    assert len(as_json) == listed["total"]
    geo = client.get("/api/export?all=true&format=geojson").json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["properties"]["location_lat"] == lat and -180 <= lon <= 180


def test_overview_status_alerts_network_and_search(client: TestClient):
    overview = client.get("/api/overview").json()
    assert overview["top_dyads"][0] == {**overview["top_dyads"][0], "a": "AZE", "b": "IRN"}
    assert sum(sum(q["counts"]) for q in overview["quad_classes"]) == overview["totals"][
        "events"] - sum(1 for e in client.get("/api/events?limit=1000").json()["events"]
                        if e["date"] is None)
    assert any(a["dyad"] == "AZE-IRN" for a in client.get("/api/alerts").json()["alerts"])
    network = client.get("/api/network?min_events=2").json()
    assert any({"AZE", "TUR"} <= set(bloc) for bloc in network["blocs"])
    assert set(network["positions"]) == set(network["nodes"])
    status = client.get("/api/status?by=year").json()
    assert any(t["dyad"] == "AZE-IRN" for t in status["transitions"])
    found = client.get("/api/search?q=Azerbaijan").json()
    assert found["documents"] and found["events"]["total"] > 0


def test_overview_says_when_the_data_was_last_updated(client: TestClient, demo_db: Path):
    with open_store(demo_db, read_only=True) as store:
        ((finished,),) = store.sql("SELECT max(finished) FROM ingest_runs")
    totals = client.get("/api/overview").json()["totals"]
    assert totals["updated"] == finished.isoformat(timespec="seconds") + "Z"
    assert totals["updated_by"] == "ingest"
    assert f'updated <time datetime="{totals["updated"]}">' in client.get("/").text


# -- errors ----------------------------------------------------------------------------------
def test_one_error_shape_for_every_error(client: TestClient):
    assert_error(client.get("/api/event/no-such-event"), 404)
    assert_error(client.get("/api/document/no-such-document"), 404)
    assert_error(client.get("/api/no-such-endpoint"), 404)
    assert_error(client.get("/api/events?quad_class=9"), 422)
    assert_error(client.get("/api/events?since=yesterday"), 422)
    assert_error(client.get("/api/dyad/IRN/AZE?since=2023-01-01&until=2022-01-01"), 400)
    assert_error(client.post("/api/events"), 405)
    assert_error(client.post("/api/ingest", json={"text": "x"}), 403)
    page = client.get("/document/no-such-document")
    assert page.status_code == 404 and "Error 404" in page.text


def test_empty_database_pages_say_so(tmp_path: Path):
    open_store(tmp_path / "empty.duckdb").close()
    client = TestClient(create_app(ServeOptions(db=tmp_path / "empty.duckdb")))
    assert "No events yet" in client.get("/").text
    for url in ("/dyad/IRN/AZE", "/network", "/alerts", "/events", "/api/status"):
        assert client.get(url).status_code == 200, url
    totals = client.get("/api/overview").json()["totals"]
    assert totals["events"] == 0 and totals["updated"] is None


@pytest.mark.parametrize("memory_events", [5_000_000, 0])
def test_a_parquet_lake_is_served_like_its_database(client: TestClient, demo_lake: Path,
                                                     memory_events: int):
    """In memory (events sorted by country) or read in place: the same answers."""
    lake = TestClient(create_app(ServeOptions(db=demo_lake, memory_events=memory_events)))
    doc_id = client.get("/api/documents").json()["documents"][0]["doc_id"]
    for url in ("/api/overview", "/api/dyad/IRN/AZE", "/api/events?actor=IRN", "/api/alerts",
                "/api/network", "/api/search?q=Tehran", f"/api/document/{doc_id}"):
        assert lake.get(url).json() == client.get(url).json(), url
    assert "Iran" in lake.get("/dyad/IRN/AZE").text
    assert_error(lake.post("/api/ingest", json={"text": "Iran met Azerbaijan."}), 403)
    with pytest.raises(StoreError, match="is a Parquet lake, which is read-only"):
        create_app(ServeOptions(db=demo_lake, token=TOKEN))


# -- security ------------------------------------------------------------------------------
def test_read_only_without_token_and_bearer_token_checked(writable):
    client, _ = writable
    assert client.get("/ingest").status_code == 200
    assert_error(client.post("/api/ingest", json={"text": "Iran met Azerbaijan."}), 401)
    assert_error(client.post("/api/ingest", json={"text": "x"},
                             headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(client.post("/api/ingest", json={"text": "x"},
                             headers={"Authorization": TOKEN}), 401)
    assert_error(client.post("/api/ingest", json={},
                             headers={"Authorization": f"Bearer {TOKEN}"}), 400)


def test_request_size_limit(demo_db: Path, tmp_path: Path):
    path = tmp_path / "w.duckdb"
    shutil.copy(demo_db, path)
    client = TestClient(create_app(ServeOptions(db=path, token=TOKEN, max_body_bytes=1000)))
    assert_error(client.post("/api/ingest", content=b"x" * 5000,
                             headers={"Authorization": f"Bearer {TOKEN}",
                                      "Content-Type": "application/json"}), 413)


def test_cors_is_off_unless_asked(demo_db: Path, client: TestClient):
    origin = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/overview", headers=origin).headers
    allowed = TestClient(create_app(ServeOptions(db=demo_db,
                                                 cors_origins=("https://elsewhere.example",))))
    response = allowed.get("/api/overview", headers=origin)
    assert response.headers["access-control-allow-origin"] == "https://elsewhere.example"


def test_ingest_stores_text_as_plain_data_and_pages_escape_it(writable):
    client, path = writable
    response = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                           data={"text": PAYLOAD_TEXT, "title": PAYLOAD_TITLE,
                                 "date": "2023-02-01"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["documents_added"] == 1 and result["events_added"] >= 1
    doc_id = result["doc_ids"][0]
    document = client.get(f"/api/document/{doc_id}").json()
    assert document["title"] == PAYLOAD_TITLE  # returned as data, unchanged
    assert "<script>" in document["text"] and "onerror=" in document["text"]
    for url in (f"/document/{doc_id}", "/search?q=script", "/events?q=spying"):
        html = client.get(url).text
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert 'href="javascript:' not in html, url
    assert "&lt;script&gt;" in client.get(f"/document/{doc_id}").text
    again = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                        data={"text": PAYLOAD_TEXT, "title": PAYLOAD_TITLE,
                              "date": "2023-02-01"}).json()
    assert again["documents_added"] == 0 and again["documents_skipped"] == 1


def test_ingest_upload_reports_bad_files_by_their_name(writable):
    client, _ = writable
    files = [("files", ("good.txt", b"Turkey and Azerbaijan signed a defence pact.", "text/plain")),
             ("files", ("bad.jsonl", b'{"text": "fine"}\n{not json\n', "application/json"))]
    result = client.post("/api/ingest", headers={"Authorization": f"Bearer {TOKEN}"},
                         data={"date": "2023-03-01"}, files=files).json()
    assert result["documents_added"] >= 1
    assert any(i["file"] == "bad.jsonl" and i["line"] == 2 for i in result["issues"]), result
    assert all("/tmp" not in i["file"] for i in result["issues"])


INJECTIONS = ["' OR '1'='1", "'; DROP TABLE events; --", "IRN'--", "1; DELETE FROM events",
              '" OR ""="', "%' UNION SELECT * FROM documents --", "\\'; --", "%", "_",
              "IRN) OR (1=1", "é'\x00", "../../etc/passwd", "<script>alert(1)</script>"]
FILTERS = ["actor", "dyad", "country", "root", "code", "quad_class", "since", "until",
           "dataset", "q", "limit", "offset", "by"]


def test_sql_injection_in_every_filter_is_refused_or_finds_nothing(demo_db: Path,
                                                                    tmp_path: Path):
    path = tmp_path / "w.duckdb"
    shutil.copy(demo_db, path)
    before = dump_tables(path)
    client = TestClient(create_app(ServeOptions(db=path, token=TOKEN)))
    for name in FILTERS:
        for payload in INJECTIONS:
            for url in ("/api/events", "/api/export", "/events", "/api/dyad/IRN/AZE"):
                response = client.get(url, params={name: payload})
                assert response.status_code in (200, 400, 422), (url, name, payload)
                if response.status_code == 200 and url == "/api/events" and name != "by":
                    assert response.json()["total"] == 0, (name, payload)
    for raw in INJECTIONS:
        payload = quote(raw, safe="")
        for url in (f"/api/event/{payload}", f"/api/document/{payload}",
                    f"/api/actor/{payload}", f"/api/dyad/{payload}/AZE"):
            assert client.get(url).status_code in (400, 404, 422), url
        response = client.get("/api/search", params={"q": raw})
        assert response.status_code == 200 and response.json()["events"]["total"] == 0
    client.app.state.store.close()
    assert dump_tables(path) == before


def test_openapi_lists_the_endpoints(client: TestClient):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/event/{event_id}", "/api/document/{doc_id}",
            "/api/dyad/{a}/{b}", "/api/status", "/api/alerts", "/api/network",
            "/api/export", "/api/ingest", "/api/search"} <= set(spec["paths"])
    docs = client.get("/docs").text
    assert "/api/dyad/{a}/{b}" in docs and "cdn" not in docs.lower()
    assert json.loads(client.get("/openapi.json").text)["info"]["title"] == "frenemy"


def test_forecast_endpoint_matches_the_library(client: TestClient, demo_db: Path):
    from frenemy.forecasting.risk import RiskOptions, forecast_dyad

    answer = client.get("/api/forecast/IRN/AZE?horizon=3m").json()
    with open_store(demo_db, read_only=True) as store:
        expected = forecast_dyad(store, "IRN", "AZE", RiskOptions(horizon="3m"))
    assert answer == json.loads(json.dumps(expected))
    assert_error(client.get("/api/forecast/IRN/AZE?horizon=2y"), 422)
