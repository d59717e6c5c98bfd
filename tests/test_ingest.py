import gzip
from pathlib import Path

from frenemy import IngestOptions, ingest, open_store, read_documents
from frenemy.ingest import InputIssue

from .conftest import EXAMPLES


def test_sample_corpus_goes_in_whole(tmp_path: Path):
    with open_store(tmp_path / "x.duckdb") as store:
        result = ingest([str(EXAMPLES)], store, IngestOptions(batch_size=4))
        assert result.exit_code == 0 and not result.issues
        lines = [line for line in EXAMPLES.read_text().splitlines() if line.strip()]
        assert result.documents_added == len(lines) == store.count("documents")
        assert result.events_added == store.count("events") > 0
        run = store.sql("SELECT status, documents_added FROM ingest_runs")
        assert run == [("ok", len(lines))]


def test_reingest_changes_nothing(tmp_path: Path):
    with open_store(tmp_path / "x.duckdb") as store:
        ingest([str(EXAMPLES)], store)
        before = {t: store.count(t) for t in ("documents", "sentences", "events", "actors")}
        again = ingest([str(EXAMPLES)], store)
        after = {t: store.count(t) for t in ("documents", "sentences", "events", "actors")}
        assert before == after
        assert again.documents_added == 0 and again.documents_skipped == before["documents"]


def test_bad_inputs_are_reported_and_skipped(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("Azerbaijan condemned Iran.", encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"id": "ok", "text": "Iran threatened Azerbaijan.", "date": "2023-01-27"}\n'
        "{not json\n"
        '{"id": "notext"}\n'
        '{"id": "baddate", "text": "Armenia praised Iran.", "date": "27/01/2023"}\n'
        "[1, 2]\n",
        encoding="utf-8",
    )
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 attack".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    zipped = tmp_path / "x.txt.gz"
    zipped.write_bytes(gzip.compress(b"hello"))
    inputs = [good, rows, binary, latin, empty, pdf, zipped, tmp_path / "missing.txt"]
    with open_store(tmp_path / "x.duckdb") as store:
        result = ingest([str(p) for p in inputs], store)
        assert result.exit_code == 2
        assert result.documents_added == 2
        where = {(Path(i.file).name, i.line) for i in result.issues}
        assert where == {("rows.jsonl", 2), ("rows.jsonl", 3), ("rows.jsonl", 4),
                         ("rows.jsonl", 5), ("blob.txt", None), ("latin.txt", None),
                         ("empty.txt", None), ("paper.pdf", None), ("x.txt.gz", None),
                         ("missing.txt", None)}
        stored = store.sql("SELECT file, line, reason FROM ingest_errors ORDER BY file, line")
        assert len(stored) == len(result.issues)
        assert all(reason for _, _, reason in stored)


def test_nothing_readable_exits_1(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n")
    with open_store(tmp_path / "x.duckdb") as store:
        assert ingest([str(bad)], store).exit_code == 1
        assert ingest([str(tmp_path / "emptydir")], store).exit_code == 1


def test_directories_are_read_recursively(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("Azerbaijan condemned Iran.")
    (tmp_path / "a" / "b" / "two.txt").write_text("Iran threatened Azerbaijan.")
    (tmp_path / "a" / "b" / "notes.md").write_text("ignored")
    found = list(read_documents([str(tmp_path / "a")]))
    assert sorted(d.source_id for d in found if not isinstance(d, InputIssue)) == [
        "one.txt", "two.txt"]


def test_html_article_text_and_date(tmp_path: Path):
    page = tmp_path / "article.html"
    body = " ".join(["Azerbaijan condemned Iran after the attack on its embassy in Tehran."] * 3)
    page.write_text(
        "<html><head><title>Baku condemns Tehran</title>"
        '<meta property="article:published_time" content="2023-01-28"></head>'
        f"<body><nav>Home | World</nav><article><h1>Baku condemns Tehran</h1><p>{body}</p>"
        "</article></body></html>", encoding="utf-8")
    (document,) = list(read_documents([str(page)]))
    assert not isinstance(document, InputIssue)
    assert "Azerbaijan condemned Iran" in document.text and "Home | World" not in document.text
    assert str(document.published) == "2023-01-28"
    assert document.title == "Baku condemns Tehran"
