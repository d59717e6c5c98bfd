"""Local servers for the watch tests: a news site whose feed changes between rounds, and a
webhook receiver that records what is POSTed to it (both real HTTP on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

START = date(2023, 1, 2)  # a Monday: week w of the feed starts START + w weeks
PLACES = ("Tovuz", "Gazakh", "Aghdam", "Lachin", "Shusha", "Kalbajar")
BASELINE = [  # one accusation a week for six weeks: a quiet dyad
    (f"w{week}", START + timedelta(weeks=week),
     f"Azerbaijan accused Armenia of violating the ceasefire near {place}. The ministry "
     f"in Baku published a statement about the incident near {place} that evening.")
    for week, place in enumerate(PLACES)]
SPIKE = [  # then, in week seven, fighting: the dyad's conflict jumps far above its baseline
    (f"s{n}", START + timedelta(weeks=6, days=n),
     f"Azerbaijani troops attacked Armenian positions near {place}. Armenian forces shelled "
     f"Azerbaijani villages near {place}. Azerbaijan bombed Armenian military posts.")
    for n, place in enumerate(("Jermuk", "Vardenis"))]


def feed_xml(base: str, items: list[tuple[str, date, str]]) -> str:
    entries = "".join(
        f"<item><title>Report {slug}</title><link>{base}/{slug}.html</link>"
        f"<guid>{base}/{slug}.html</guid><description>{text.split('.')[0]}.</description>"
        f"<pubDate>{day:%a, %d %b %Y} 10:00:00 GMT</pubDate></item>"
        for slug, day, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Caucasus wire</title>'
            f"{entries}</channel></rss>")


def article_html(slug: str, day: date, text: str) -> str:
    return (f"<!doctype html><html><head><title>Report {slug}</title>"
            f'<meta property="article:published_time" content="{day}"></head><body><article>'
            f"<h1>Report {slug}</h1><p>{text}</p></article></body></html>")


class Site:
    """What the news site serves (path -> (content type, body)), and the paths asked for."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.requests: list[str] = []
        self.base = ""
        self.stall: str | None = None  # a path answered only once ``release`` is set
        self.stalled = threading.Event()  # set when the stalled path is asked for
        self.release = threading.Event()

    def publish(self, items: list[tuple[str, date, str]]) -> None:
        """The feed lists these items, and each links to its article."""
        self.pages["/feed.xml"] = ("application/rss+xml", feed_xml(self.base, items).encode())
        for slug, day, text in items:
            self.pages[f"/{slug}.html"] = ("text/html", article_html(slug, day, text).encode())


class Receiver:
    """A webhook: records the JSON of every POST; answers ``status``."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []
        self.status = 200
        self.url = ""


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def news_site() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            site.requests.append(self.path)
            if self.path == site.stall:
                site.stalled.set()
                site.release.wait(30)
            if self.path not in site.pages:
                self.send_error(404)
                return
            kind, body = site.pages[self.path]
            try:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client left (a stopped watch)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    with serve(Handler) as base:
        site.base = base
        yield site


@contextmanager
def webhook() -> Iterator[Receiver]:
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if receiver.status == 200:
                receiver.posts.append(json.loads(body))
            self.send_response(receiver.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    with serve(Handler) as base:
        receiver.url = f"{base}/hook"
        yield receiver
