from pathlib import Path

import pytest

from frenemy import read_documents
from frenemy.errors import InputError, InputIssue
from frenemy.news.fetch import fetch, is_url


def test_a_page_url_is_fetched_and_extracted(site: str):
    (document,) = read_documents([f"{site}/article.html"])
    assert "accused Iran of training a spy network" in document.text
    assert document.url == f"{site}/article.html"
    assert str(document.published) == "2023-01-28"


def test_a_feed_url_gives_its_entries_with_their_articles(site: str):
    first, second = read_documents([f"{site}/feed.xml"])
    assert "nineteen citizens had been arrested" in first.text  # the linked page's full text
    assert second.text.endswith("trade and transit.")  # page gone: the entry's summary stays
    assert str(second.published) == "2023-01-29" and first.outlet == "Test wire"


def test_unreachable_urls_are_reported_not_raised(site: str):
    items = list(read_documents([f"{site}/missing.html", "http://127.0.0.1:9/nothing"]))
    assert all(isinstance(i, InputIssue) for i in items)
    assert "HTTP 404" in items[0].reason and "cannot fetch" in items[1].reason


def test_fetch_errors_say_what_happened():
    with pytest.raises(InputError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/nothing")
    assert is_url("https://example.org/a") and not is_url("news/a.html")


def test_feed_entries_whose_links_are_stored_are_not_fetched_again(site: str, tmp_path: Path):
    from frenemy import IngestOptions, ingest, open_store

    with open_store(tmp_path / "f.duckdb") as store:
        first = ingest([f"{site}/feed.xml"], store, IngestOptions(skip_stored_urls=True))
        assert (first.documents_added, first.issues) == (2, [])
        (tmp_path / "article.html").unlink()  # fetched again, the entry would be its summary
        again = ingest([f"{site}/feed.xml"], store, IngestOptions(skip_stored_urls=True))
        assert (again.documents_read, again.documents_skipped, again.issues) == (2, 2, [])
        assert again.exit_code == 0
        fetched = ingest([f"{site}/feed.xml"], store, IngestOptions())
        assert fetched.documents_added == 1  # the summary of the article no longer there
