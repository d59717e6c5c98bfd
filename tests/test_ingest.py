import gzip
from pathlib import Path

from frenemy import IngestOptions, ingest, open_store, read_documents
from frenemy.ingest import FieldNames, InputIssue, detect_language

from .conftest import EXAMPLES

PETRARCH = Path(__file__).parent / "data" / "petrarch"


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
    broken = tmp_path / "x.txt.gz"
    broken.write_bytes(b"not gzip at all")
    inputs = [good, rows, binary, latin, empty, pdf, broken, tmp_path / "missing.txt"]
    with open_store(tmp_path / "x.duckdb") as store:
        result = ingest([str(p) for p in inputs], store)
        assert result.exit_code == 2
        assert result.documents_added == 3  # good.txt, the good row, latin.txt (decoded)
        where = {(Path(i.file).name, i.line) for i in result.issues}
        assert where == {("rows.jsonl", 2), ("rows.jsonl", 3), ("rows.jsonl", 4),
                         ("rows.jsonl", 5), ("blob.txt", None), ("empty.txt", None),
                         ("paper.pdf", None), ("x.txt.gz", None), ("missing.txt", None)}
        texts = [r[0] for r in store.sql("SELECT text FROM documents")]
        assert "Café attack" in texts  # Latin-1 detected and decoded, not mangled
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


def _documents(items):
    return [d for d in items if not isinstance(d, InputIssue)]


def test_csv_and_tsv_with_configured_fields(tmp_path: Path):
    csv_path = tmp_path / "news.csv"
    csv_path.write_text('headline,body,day\n"Baku, again","Azerbaijan condemned Iran.",'
                        '2023-01-27\nx,,2023-01-27\n', encoding="utf-8")
    fields = FieldNames(text="body", date="day", title="headline")
    items = list(read_documents([str(csv_path)], fields=fields))
    (document,) = _documents(items)
    assert document.title == "Baku, again" and str(document.published) == "2023-01-27"
    assert [(i.line, i.reason) for i in items if isinstance(i, InputIssue)] == [
        (3, "no body field")]
    tsv_path = tmp_path / "news.tsv"
    tsv_path.write_text("text\tdate\nIran threatened Azerbaijan.\t2023-01-27\n")
    assert len(_documents(read_documents([str(tsv_path)]))) == 1
    missing = list(read_documents([str(csv_path)]))  # default field "text" is absent
    assert isinstance(missing[0], InputIssue) and "--text-field" in missing[0].reason


def test_gzip_and_zip_inputs(tmp_path: Path):
    import zipfile

    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(b"Azerbaijan condemned Iran."))
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as archive:
        archive.writestr("one.txt", "Iran threatened Azerbaijan.")
        archive.writestr("rows.jsonl", '{"id": "r1", "text": "Armenia praised Iran."}\n')
        archive.writestr("image.png", b"\x89PNG")
    items = list(read_documents([str(tmp_path / "a.txt.gz"), str(tmp_path / "b.zip")]))
    assert sorted(d.source_id for d in _documents(items)) == ["a.txt", "one.txt", "r1"]
    assert [i.reason for i in items if isinstance(i, InputIssue)] == [
        "unsupported file type in archive: image.png"]


def test_rss_feed(tmp_path: Path):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Caucasus Wire</title>'
        "<item><title>Baku protests</title><link>https://example.org/1</link>"
        "<pubDate>Fri, 27 Jan 2023 10:00:00 GMT</pubDate>"
        "<description>Azerbaijan condemned Iran after the attack.</description></item>"
        "</channel></rss>", encoding="utf-8")
    (document,) = _documents(read_documents([str(feed)]))
    assert document.outlet == "Caucasus Wire" and document.url == "https://example.org/1"
    assert str(document.published) == "2023-01-27" and "condemned Iran" in document.text


def test_non_english_documents_are_skipped_with_a_reason(tmp_path: Path):
    path = tmp_path / "es.txt"
    path.write_text("El gobierno de Irán condenó el ataque contra la embajada de Azerbaiyán "
                    "en Teherán y pidió una investigación.", encoding="utf-8")
    (issue,) = list(read_documents([str(path)]))
    assert isinstance(issue, InputIssue) and issue.reason == "language es, not English"
    assert detect_language("Short text.") == "en"


def test_glob_picks_the_files_of_a_directory(tmp_path: Path):
    folder = tmp_path / "news" / "2023"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Azerbaijan condemned Iran on Monday.", encoding="utf-8")
    (folder / "b.html").write_text("<html><body><p>Iran praised Armenia.</p></body></html>",
                                   encoding="utf-8")
    every = [d.source_id for d in read_documents([str(tmp_path / "news")])]
    only_text = [d.source_id for d in read_documents([str(tmp_path / "news")], glob="*.txt")]
    assert sorted(every) == ["a.txt", "b.html"] and only_text == ["a.txt"]


def test_petrarch_input_xml():
    items = list(read_documents([str(PETRARCH / "input.xml")]))
    documents = [i for i in items if not isinstance(i, InputIssue)]
    issues = [i for i in items if isinstance(i, InputIssue)]
    assert [d.source_id for d in documents] == ["ZEN-1", "ZEN-2"]
    assert str(documents[0].published) == "1895-03-01"
    assert documents[0].outlet == "Strelsau Gazette"
    assert documents[0].text == "Ruritania signed a pact with Graustark on Friday."
    assert documents[1].text == "Zenda visited Graustark & stayed a week."
    assert [(i.reason, i.file.endswith("input.xml:ZEN-3")) for i in issues] == [
        ("sentence without text", True)]
