import csv
import gzip
import itertools
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frenemy import Document, IngestOptions, ingest, open_store, read_documents
from frenemy.errors import InputIssue
from frenemy.news.decode import detect_language
from frenemy.news.readers import FieldNames
from frenemy.store import Store

from ..conftest import EXAMPLES

PETRARCH = Path(__file__).parents[1] / "data" / "petrarch"


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


# -- any text goes in through ingest and comes back unchanged ------------------------------
# 36 short sentences in our words, so that langid reads the first 1,000 characters as
# English; the test puts paragraph breaks and nasty characters between them.
ENGLISH = [f"Delegations from Iran and Armenia met in Yerevan on day {n}." for n in range(36)]
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)  # no lone surrogate
_NASTY = st.sampled_from(['"', "'", '""', "#", ",", ";", "\t", "\\", "\r", "\n", "\r\n", "\x00",
                          "\x00NULL", "\u2400NULL\u2400", "\ufeff", "\u2028", "\x85", "😀",
                          "é", "a\u0301", "<Sentence>", "'); DROP TABLE documents; --"])
_BETWEEN = st.one_of(st.sampled_from([" ", " ", "\n", "\n\n", "\r\n\r\n", "\r"]),
                     _NASTY.map(lambda nasty: f" {nasty} "))
# Long lines of few words: spaCy's time grows with the words, not with the characters.
_LONG_LINE = st.builds(lambda unit, n: unit * n, st.sampled_from(["x" * 9, "é", "a\u0301"]),
                       st.integers(0, 30000))
_ANY_TEXT = st.lists(st.one_of(_TEXT, _NASTY, _LONG_LINE), max_size=8).map("".join)
_NUMBERS = itertools.count()


@pytest.fixture(scope="module")
def text_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    folder = tmp_path_factory.mktemp("any-text")
    with open_store(folder / "text.duckdb") as store:
        yield store, folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(between=st.lists(_BETWEEN, min_size=len(ENGLISH), max_size=len(ENGLISH)),
       tail=_ANY_TEXT, title=_ANY_TEXT, identifier=_ANY_TEXT)
def test_any_text_ingested_reads_back_unchanged(text_store: tuple[Store, Path],
                                                between: list[str], tail: str, title: str,
                                                identifier: str):
    store, folder = text_store
    number = next(_NUMBERS)
    path = folder / f"{number}.jsonl"
    body = "".join(sentence + gap for sentence, gap in zip(ENGLISH, between, strict=True))
    record = {"id": f"{number}:{identifier}", "title": title, "date": "2023-08",
              "text": f"{number}. {body}{tail}"}
    # Written as editors and most tools write JSONL: UTF-8, non-ASCII unescaped.
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    result = ingest([str(path)], store)
    assert result.exit_code == 0 and result.documents_added == 1, result.issues
    expected = Document(text=record["text"])
    assert store.sql("SELECT text, title, source_id, published, date_precision FROM documents "
                     "WHERE doc_id = ?", [expected.doc_id]) == [
        (expected.text, title or None, record["id"], date(2023, 8, 1), "month")]
    sentences = store.sql("SELECT start_char, end_char, text FROM sentences WHERE doc_id = ? "
                          "AND sentence_index >= 0 ORDER BY sentence_index", [expected.doc_id])
    assert sentences
    assert all(text == expected.text[start:end] for start, end, text in sentences)


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path: Path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"id": "s", "title": "half \\ud83d", "text": "Iran condemned Armenia '
                    '\\ud83d."}\n', encoding="utf-8")
    with open_store(tmp_path / "x.duckdb") as store:
        assert ingest([str(path)], store).exit_code == 0
        assert store.sql("SELECT title, text FROM documents") == [
            ("half \ufffd", "Iran condemned Armenia \ufffd.")]


# -- dates as users have them ---------------------------------------------------------------
@pytest.mark.parametrize(("raw", "published", "precision"), [
    ("2023-08-15", date(2023, 8, 15), "day"),
    ("2023-08", date(2023, 8, 1), "month"),
    ("2023", date(2023, 1, 1), "year"),
    (2023, date(2023, 1, 1), "year"),
    ("March 3, 2022", date(2022, 3, 3), "day"),
    ("3 March 2022", date(2022, 3, 3), "day"),
    ("Tue, 03 Mar 2022 10:00:00 +0000", date(2022, 3, 3), "day"),
    ("2022-03-03T10:00:00Z", date(2022, 3, 3), "day"),
    ("2022-03-03T23:30:00-05:00", date(2022, 3, 3), "day"),
    (1646301600, date(2022, 3, 3), "day"),
    ("1646301600", date(2022, 3, 3), "day"),
    ("20220303", date(2022, 3, 3), "day"),
])
def test_jsonl_and_csv_dates(tmp_path: Path, raw, published: date, precision: str):
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": "Iran condemned Armenia.", "date": raw}) + "\n")
    table = tmp_path / "rows.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([("text", "date"), ("Iran condemned Armenia.", raw)])
    for path in (rows, table):
        (document,) = list(read_documents([str(path)]))
        assert not isinstance(document, InputIssue), document
        assert (document.published, document.date_precision) == (published, precision)


def test_unreadable_dates_skip_the_document_with_file_line_and_reason(tmp_path: Path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "a", "text": "Iran condemned Armenia.", "date": "2023-08"}\n'
                    '{"id": "b", "text": "Armenia praised Iran.", "date": "03/04/2022"}\n'
                    '{"id": "c", "text": "Iran praised Armenia.", "date": "soon"}\n'
                    '{"id": "d", "text": "Armenia condemned Iran.", "date": ""}\n')
    items = list(read_documents([str(rows)], default_date=date(2020, 1, 2)))
    assert [(d.source_id, d.published, d.date_precision) for d in _documents(items)] == [
        ("a", date(2023, 8, 1), "month"), ("d", date(2020, 1, 2), "day")]
    issues = [(Path(i.file).name, i.line, i.reason.split(" (")[0]) for i in items
              if isinstance(i, InputIssue)]
    assert issues == [("rows.jsonl", 2, "date '03/04/2022' is not a date frenemy reads"),
                      ("rows.jsonl", 3, "date 'soon' is not a date frenemy reads")]


def test_month_precision_is_stored(tmp_path: Path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"id": "a", "text": "Iran condemned Armenia.", "date": "2023-08"}\n'
                    '{"id": "b", "text": "Armenia praised Iran."}\n')
    with open_store(tmp_path / "x.duckdb") as store:
        assert ingest([str(rows)], store).exit_code == 0
        assert store.sql("SELECT source_id, published, date_precision FROM documents "
                         "ORDER BY source_id") == [("a", date(2023, 8, 1), "month"),
                                                   ("b", None, None)]


def test_feed_dates_as_written_and_unreadable_ones(tmp_path: Path):
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>Late</title><link>https://example.org/1</link>"
        "<pubDate>Fri, 27 Jan 2023 23:30:00 -0500</pubDate>"
        "<description>Azerbaijan condemned Iran after the attack.</description></item>"
        "<item><title>Month</title><link>https://example.org/2</link>"
        "<pubDate>2023-02</pubDate>"
        "<description>Iran condemned Azerbaijan after the arrests.</description></item>"
        "<item><title>Never</title><link>https://example.org/3</link>"
        "<pubDate>when pigs fly</pubDate>"
        "<description>Armenia praised Iran after the talks.</description></item>"
        "</channel></rss>", encoding="utf-8")
    items = list(read_documents([str(feed)]))
    assert [(d.title, d.published, d.date_precision) for d in _documents(items)] == [
        ("Late", date(2023, 1, 27), "day"),  # the day the wire printed, not UTC's
        ("Month", date(2023, 2, 1), "month")]
    (issue,) = [i for i in items if isinstance(i, InputIssue)]
    assert issue.line == 3 and issue.reason.startswith("date 'when pigs fly' is not a date")


def test_html_metadata_date(tmp_path: Path):
    page = tmp_path / "article.html"
    body = " ".join(["Azerbaijan condemned Iran after the attack on its embassy in Tehran."] * 3)
    page.write_text('<html><head><meta property="article:published_time" '
                    f'content="2023-01-28T09:00:00+04:00"></head><body><article><p>{body}</p>'
                    "</article></body></html>", encoding="utf-8")
    (document,) = _documents(read_documents([str(page)]))
    assert (document.published, document.date_precision) == (date(2023, 1, 28), "day")


def test_petrarch_xml_dates(tmp_path: Path):
    path = tmp_path / "input.xml"
    path.write_text(
        "<Sentences>\n"
        '<Sentence date = "20230127" id ="A-1" source = "Wire">'
        "<Text>Iran condemned Armenia.</Text></Sentence>\n"
        '<!-- <Sentence date="19990101" id="gone"><Text>Not read.</Text></Sentence> -->\n'
        '<Sentence date="2023-08" id="A-2"><Text>Armenia praised Iran.</Text></Sentence>\n'
        '<Sentence date="someday" id="A-3"><Text>Iran praised Armenia.</Text></Sentence>\n'
        '<Sentence id="A-4"><Text>Armenia condemned Iran.</Text></Sentence>\n'
        '<Sentence date="121108" id="A-5"><Text>Iran condemned Iraq.</Text></Sentence>\n'
        '<Sentence date="950101" id="A-6"><Text>Iraq condemned Iran.</Text></Sentence>\n'
        "</Sentences>\n", encoding="utf-8")
    items = list(read_documents([str(path)], default_date=date(2020, 1, 2)))
    assert [(d.source_id, d.published, d.date_precision) for d in _documents(items)] == [
        ("A-1", date(2023, 1, 27), "day"), ("A-2", date(2023, 8, 1), "month"),
        ("A-4", date(2020, 1, 2), "day"),
        ("A-5", date(2012, 11, 8), "day"), ("A-6", date(1995, 1, 1), "day")]  # YYMMDD
    (issue,) = [i for i in items if isinstance(i, InputIssue)]
    assert issue.file.endswith("input.xml:A-3") and "'someday'" in issue.reason


def test_worker_shards_keep_any_text_and_the_date_precision(tmp_path: Path):
    """What a Dask worker writes and the driver reads back (run here, without a cluster)."""
    from dataclasses import asdict

    from frenemy.coding.coder import CoderOptions
    from frenemy.news.workers import _code_chunk, _read_shards

    nasty = 'Iran condemned Armenia, "again" # \x00NULL\r\n; \u2028 é 😀 ' + "ab," * 5000
    documents = [Document(text=nasty, title='a "title", #1', published=date(2023, 8, 1),
                          date_precision="month", source_id="n"),
                 Document(text="Armenia praised Iran.", source_id="plain")]
    payload = [{**asdict(d), "published": d.published.isoformat() if d.published else None}
               for d in documents]
    prefix = _code_chunk(0, payload, CoderOptions(), str(tmp_path), None)
    coded = _read_shards(prefix)
    assert [c.document for c in coded] == documents
    assert all(c.sentences and all(s.text == c.document.text[s.start_char:s.end_char]
                                   for s in c.sentences if s.sentence_index >= 0)
               for c in coded)
    assert not list(tmp_path.iterdir())
