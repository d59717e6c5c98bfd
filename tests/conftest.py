"""Shared fixtures: paths, the reference data in ../shared, and a demo database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent


def shared_path(*parts: str) -> Path:
    """A file under ../shared; skipped when absent, except on CI where it must be there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared")
        pytest.skip(f"{path} not present (reference data lives in ../shared)")
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def frenemy(*args: str, cwd: Path | None = None, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a user would."""
    exe = shutil.which("frenemy", path=str(BIN)) or "frenemy"
    return subprocess.run([exe, *args], cwd=cwd, input=input, capture_output=True, text=True,
                          timeout=600, env={**os.environ, **(env or {})})


CONTENT_TABLES = ("documents", "sentences", "events", "actors", "document_clusters",
                  "event_mentions")


def dump_tables(db: Path, tables: tuple[str, ...] = CONTENT_TABLES) -> dict[str, list[tuple]]:
    """Every row of the content tables, sorted: two databases are equal when these are."""
    import duckdb

    conn = duckdb.connect(str(db), read_only=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested once into a database the tests only read."""
    from frenemy import IngestOptions, ingest, open_store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with open_store(path) as store:
        result = ingest([str(EXAMPLES)], store, IngestOptions())
    assert result.exit_code == 0, result.issues
    return path


# -- a local web site for URL and feed inputs (127.0.0.1 only) -----------------------
ARTICLE = """<!doctype html><html><head><title>Iran and Azerbaijan trade accusations</title>
<meta property="article:published_time" content="2023-01-28"></head><body><article>
<h1>Iran and Azerbaijan trade accusations</h1>
<p>Azerbaijan accused Iran of training a spy network on Friday. The foreign ministry in Baku
said nineteen citizens had been arrested after months of surveillance.</p>
<p>Iran denied the charges and summoned the Azerbaijani ambassador in Tehran.</p>
</article></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Test wire</title>
<item><title>Accusations</title><link>{base}/article.html</link>
<description>Azerbaijan accused Iran.</description>
<pubDate>Sat, 28 Jan 2023 10:00:00 GMT</pubDate></item>
<item><title>Gone</title><link>{base}/gone.html</link>
<description>Armenia and Iran held talks in Tehran on trade and transit.</description>
<pubDate>Sun, 29 Jan 2023 10:00:00 GMT</pubDate></item>
</channel></rss>"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving an article and a feed that links to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (tmp_path / "article.html").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "feed.xml").write_text(FEED.format(base=base), encoding="utf-8")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


# -- hand-made events for the relations and network tests ------------------------------
# (code, quad class): a consultation, aid, an accusation and a fight
KINDS = {"consult": "040", "aid": "070", "accuse": "112", "fight": "190"}


def _event(n: int, day: date, source: str, target: str, kind: str) -> Any:
    from frenemy.model import Event, content_hash
    from frenemy.taxonomy import cameo

    code = KINDS[kind]
    info = cameo(code)
    return Event(event_id=content_hash("test", str(n)), doc_id=None, sentence_index=None,
                 date=day, date_precision="day", source=source, source_name=source,
                 source_country=source[:3], target=target, target_name=target,
                 target_country=target[:3], code=code, root=info.root,
                 quad_class=info.quad_class, goldstein=info.goldstein, plover_type=None,
                 plover_mode=None, confidence=1.0, coder_version="", dataset="test")


def event_store(tmp_path: Path, plan: list[tuple[date, str, str, str, int]]) -> Any:
    """A database of hand-made events: (day, source, target, kind, how many)."""
    events, n = [], 0
    for day, source, target, kind, times in plan:
        for _ in range(times):
            n += 1
            events.append(_event(n, day, source, target, kind))
    from frenemy import open_store

    store = open_store(tmp_path / "r.duckdb")
    store.add_events(events)
    return store


# -- a copy of GDELT's site on 127.0.0.1, made from the shared samples -----------------
GDELT_V2 = ("20231231234500", "20240101000000", "20240101001500", "20240102120000",
            "20240103234500", "20240104000000")  # 15-minute stamps; the middle four: Jan 1-3
GDELT_V1 = ("20231231", "20240101", "20240102", "20240103")


class GdeltSite:
    """GDELT's lists and zip files served by a real HTTP server on 127.0.0.1. ``faults`` maps
    a path to the HTTP statuses it answers before it serves the file (a path not in ``files``
    is a 404); ``held`` paths send half their body and wait until ``release`` is set;
    ``requests`` logs every path asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, list[int]] = {}
        self.held: set[str] = set()
        self.holding, self.release = threading.Event(), threading.Event()
        self.requests: list[str] = []
        self.base = ""

    def publish(self, folder: str, name: str, text: str) -> Path:
        """Zip ``text`` as GDELT names its files; the plain text is kept for comparison."""
        import io
        import zipfile

        plain = self.folder / name.removesuffix(".zip")
        plain.write_text(text, encoding="utf-8")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(plain.name, text)
        self.files[f"/{folder}/{name}"] = buffer.getvalue()
        return plain

    def listing(self, folder: str, version: int, wrong_md5: str = "") -> None:
        import hashlib

        lines = []
        for path, body in sorted(self.files.items()):
            if not path.startswith(f"/{folder}/"):
                continue
            name = path.rsplit("/", 1)[1]
            md5 = "0" * 32 if name == wrong_md5 else hashlib.md5(body).hexdigest()
            url = f"http://data.gdeltproject.org/{folder}/{name}"
            lines.append(f"{len(body)} {md5} {url}" if version == 2 else f"{md5}  {name}")
        if version == 2:  # other kinds of file, and a broken line, as the real list has
            lines += [f"123 {'a' * 32} http://data.gdeltproject.org/gdeltv2/"
                      f"{GDELT_V2[2]}.gkg.csv.zip", "", "12 http://data.gdeltproject.org/x"]
        else:
            lines.append(f"{'b' * 32}  GDELT.MASTERREDUCEDV2.1979-2013.zip")
        name = "masterfilelist.txt" if version == 2 else "md5sums"
        self.files[f"/{folder}/{name}"] = ("\n".join(lines) + "\n").encode()

    def asked(self, suffix: str = ".zip") -> list[str]:
        return [p for p in self.requests if p.endswith(suffix)]


def _gdelt_handler(site: GdeltSite) -> type:
    from http.server import BaseHTTPRequestHandler

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:  # noqa: N802
            site.requests.append(self.path)
            faults = site.faults.get(self.path)
            if faults:
                self.send_error(faults.pop(0))
                return
            body = site.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.path in site.held:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                site.holding.set()
                site.release.wait(30)
                return
            self.wfile.write(body)

    return Handler


@pytest.fixture
def gdelt_site(tmp_path: Path) -> Iterator[GdeltSite]:
    """GDELT 2.0 (six export files, two mentions files) and GDELT 1.0 (four daily files and
    a yearly one), cut from the shared samples, on a real HTTP server on 127.0.0.1."""
    formats = shared_path("data", "formats")
    site = GdeltSite(tmp_path / "gdelt-plain")
    site.folder.mkdir()
    export = (formats / "gdelt2_events_export_20180326044500_300rows.tsv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    for n, stamp in enumerate(GDELT_V2):
        site.publish("gdeltv2", f"{stamp}.export.CSV.zip", "".join(export[n * 50:n * 50 + 50]))
    mentions = (formats / "gdelt2_mentions_raw_8rows_newsnet.tsv").read_text(encoding="utf-8")
    for stamp in (GDELT_V2[1], GDELT_V2[5]):
        site.publish("gdeltv2", f"{stamp}.mentions.CSV.zip", mentions)
    daily = (formats / "gdelt1_events_daily_20160728_509rows.tsv").read_text(
        encoding="utf-8").splitlines(keepends=True)
    for n, day in enumerate(GDELT_V1):
        site.publish("events", f"{day}.export.CSV.zip", "".join(daily[n * 130:n * 130 + 130]))
    site.publish("events", "1982.zip", (formats / "gdelt1_events_historical_1982_201rows.tsv")
                 .read_text(encoding="utf-8"))
    site.listing("gdeltv2", 2)
    site.listing("events", 1)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _gdelt_handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield site
    site.release.set()
    server.shutdown()
    server.server_close()


def mixed_events(count: int, seed: int = 7) -> list[Any]:
    """Imported-looking events with a bit of everything: countries and sub-actors on either
    side, a side without a country, Goldstein scores in tenths, dates over three years and
    some without a date."""
    import random

    from frenemy.model import Event, content_hash
    from frenemy.taxonomy import cameo

    rng = random.Random(seed)
    actors = ["IRN", "IRNGOV", "IRNMIL", "AZE", "AZEGOV", "ARM", "TUR", "RUS", "IGOUNO", None]
    codes = ["040", "043", "057", "070", "112", "1384", "150", "173", "190"]
    events = []
    for n in range(count):
        source, target = rng.sample(actors, 2)
        code = rng.choice(codes)
        info = cameo(code)
        day = (None if rng.random() < 0.05
               else date(2021, 1, 1) + timedelta(days=rng.randrange(3 * 365)))
        events.append(Event(
            event_id=content_hash("mixed", str(seed), str(n)), doc_id=None,
            sentence_index=None, date=day, date_precision="day" if day else None,
            source=source, source_name=source, source_country=None, target=target,
            target_name=target, target_country=None, code=code, root=info.root,
            quad_class=info.quad_class, goldstein=rng.randrange(-100, 101) / 10,
            plover_type=None, plover_mode=None, coder_version="", dataset="mixed"))
    return events


@pytest.fixture(scope="session")
def demo_lake(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database exported once as a Parquet lake the tests only read."""
    from frenemy import open_store
    from frenemy.datasets.lake import LakeOptions, export_lake

    path = tmp_path_factory.mktemp("lake") / "lake"
    with open_store(demo_db, read_only=True) as store:
        export_lake(store, LakeOptions(output=path))
    return path
