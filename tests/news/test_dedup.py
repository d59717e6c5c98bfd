import json
from pathlib import Path

from frenemy import IngestOptions, ingest, open_store
from frenemy.news.dedup import Clusterer, DedupOptions

STORY = ("Azerbaijan condemned Iran on Saturday after a gunman attacked the Azerbaijani embassy "
         "in Tehran, killing its head of security. Azerbaijani President Ilham Aliyev accused "
         "Iran of failing to protect the embassy. Azerbaijan evacuated its diplomats from Iran "
         "on Sunday, and Baku summoned the Iranian ambassador.")
EDITS = [
    lambda t: t,
    lambda t: "BAKU (Wire) - " + t,
    lambda t: t.replace("on Saturday", "on Saturday morning"),
    lambda t: t + " The foreign ministry gave no further details.",
    lambda t: t.replace("killing its head of security", "killing the head of its security"),
]
OUTLETS = ["Wire A", "Wire B", "Daily C", "Wire A", "Wire B"]


def _write(path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for n, (edit, outlet) in enumerate(zip(EDITS, OUTLETS, strict=True)):
            handle.write(json.dumps({"id": f"copy{n}", "date": "2023-01-29", "outlet": outlet,
                                     "text": edit(STORY)}) + "\n")
        handle.write(json.dumps({"id": "other", "date": "2023-01-29", "outlet": "Daily C",
                                 "text": "Armenia and Iran signed a gas agreement in Yerevan "
                                         "and Turkey praised Armenia."}) + "\n")


def test_syndicated_copies_give_one_set_of_events(tmp_path: Path):
    corpus = tmp_path / "copies.jsonl"
    _write(corpus)
    with open_store(tmp_path / "x.duckdb") as store:
        result = ingest([str(corpus)], store, IngestOptions(batch_size=2))
        assert result.documents_added == 6
        clusters = store.sql("SELECT count(DISTINCT cluster_id) FROM document_clusters")
        assert clusters == [(2,)]
        story = store.sql(
            "SELECT source, code, target, num_articles, num_sources, num_mentions FROM events "
            "WHERE doc_id = (SELECT doc_id FROM documents WHERE source_id = 'copy0')")
        assert story and len(story) == len({(s, c, t) for s, c, t, *_ in story})
        assert all(row[3:5] == (5, 3) for row in story), story
        # Every article still links to each of the story's events.
        links = store.sql("SELECT count(DISTINCT m.doc_id) FROM event_mentions m JOIN events e "
                          "USING (event_id) WHERE e.code = '111'")
        assert links == [(5,)]
        other = store.sql("SELECT num_articles, num_sources FROM events WHERE doc_id = "
                          "(SELECT doc_id FROM documents WHERE source_id = 'other')")
        assert other and all(row == (1, 1) for row in other)
        before = store.sql("SELECT * FROM events ORDER BY event_id")
        again = ingest([str(corpus)], store)
        assert again.documents_added == 0
        assert store.sql("SELECT * FROM events ORDER BY event_id") == before


def test_dedup_can_be_switched_off(tmp_path: Path):
    corpus = tmp_path / "copies.jsonl"
    _write(corpus)
    with open_store(tmp_path / "x.duckdb") as store:
        ingest([str(corpus)], store, IngestOptions(dedup=None))
        counts = store.sql("SELECT max(num_articles) FROM events")
        assert counts == [(1,)]


def test_clusterer_is_order_independent_within_a_cluster():
    options = DedupOptions()
    clusterer = Clusterer(options)
    first, _ = clusterer.assign("a", STORY)
    second, _ = clusterer.assign("b", EDITS[2](STORY))
    third, _ = clusterer.assign("c", "Something else entirely about Peru and its elections.")
    assert first == second == "a" and third == "c"
    # A clusterer rebuilt from stored signatures places a new copy in the same cluster.
    stored = [(doc, cluster, sig) for doc, (cluster, sig) in
              {d: clusterer.assign(d, t) for d, t in (("a", STORY),)}.items()]
    rebuilt = Clusterer(options, stored)
    assert rebuilt.assign("d", EDITS[1](STORY))[0] == "a"
