"""Fetch: news pages and feeds named by http(s) URL, read only when the user asks for them."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from frenemy.errors import InputError
from frenemy.news.decode import decode_bytes, html_document
from frenemy.version import __version__

__all__ = ["FetchOptions", "Fetched", "fetch", "is_url", "url_units"]


@dataclass
class FetchOptions:
    """How URLs are fetched: a timeout per request and an upper bound on each body."""

    timeout: float = 20.0
    max_bytes: int = 20_000_000


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def is_url(item: str) -> bool:
    return item.lower().startswith(("http://", "https://"))


def fetch(url: str, options: FetchOptions | None = None) -> Fetched:
    """GET one URL; network and HTTP failures become an InputError saying what happened."""
    options = options or FetchOptions()
    request = urllib.request.Request(url, headers={
        "User-Agent": f"frenemy/{__version__} (+https://github.com/frenemy)",
        "Accept": "text/html, application/rss+xml, application/atom+xml, text/xml, */*;q=0.5",
    })
    try:
        with urllib.request.urlopen(request, timeout=options.timeout) as response:
            data = response.read(options.max_bytes + 1)
            content_type = response.headers.get_content_type() or ""
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise InputError(f"{url}: HTTP {exc.code} {exc.reason}",
                         "Check the address, or save the page and ingest the file") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(f"{url}: cannot fetch ({reason})",
                         "Check the address and the network, or ingest a saved copy") from exc
    if len(data) > options.max_bytes:
        raise InputError(f"{url}: larger than {options.max_bytes:,} bytes",
                         "Save it and ingest the file")
    return Fetched(final, content_type, data)


def _suffix(fetched: Fetched) -> str:
    """The file type the body is read as: by content type, else by sniffing it."""
    kind = fetched.content_type
    head = fetched.data[:500].lstrip().lower()
    if "rss" in kind or "atom" in kind or head.startswith((b"<rss", b"<feed")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head)
    ):
        return ".xml"
    if "html" in kind or head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    if kind in {"application/json", "application/x-ndjson", "application/jsonl"}:
        return ".jsonl"
    if kind == "text/csv":
        return ".csv"
    return ".txt"


def url_units(url: str, options: FetchOptions | None = None) -> Iterator[tuple[str, str, bytes]]:
    """(display name, file name with the type's suffix, bytes) of what a URL serves, as the
    ingest readers take files."""
    fetched = fetch(url, options)
    name = fetched.url.rstrip("/").rsplit("/", 1)[-1] or "index"
    yield url, f"{name.split('?')[0]}{_suffix(fetched)}", fetched.data


def article_text(url: str, options: FetchOptions | None = None) -> tuple[str, date | None]:
    """The main text and date of an article page (for feed entries that carry a summary)."""
    fetched = fetch(url, options)
    if _suffix(fetched) != ".html":
        raise InputError(f"{url}: not an HTML page ({fetched.content_type})", "")
    document = html_document(decode_bytes(fetched.data, url), url, None)
    return document.text, document.published
