"""Workers: codes documents on a Dask cluster; each worker writes Parquet shards to disk."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from frenemy.coding.coder import CodedDocument, CoderOptions
from frenemy.errors import ConfigError
from frenemy.model import EVENT_FIELDS, Document, Event, Sentence
from frenemy.news.dedup import DedupOptions, signature

__all__ = ["WorkerOptions", "code_on_cluster"]

_DOCUMENT_COLUMNS = ("doc_id", "text", "published", "date_precision", "title", "url", "outlet",
                     "language", "source_id", "origin")
_SHARD_DOCUMENT_COLUMNS = (*_DOCUMENT_COLUMNS, "signature")
_SENTENCE_COLUMNS = ("doc_id", "sentence_index", "start_char", "end_char", "text")


@dataclass
class WorkerOptions:
    """Where to code: ``workers`` local processes, or an existing cluster at ``scheduler``."""

    workers: int = 2
    scheduler: str | None = None  # tcp://host:port of a running Dask scheduler
    chunk_size: int = 64  # documents per task: coarse, so each task pays little overhead
    shard_dir: Path | None = None  # shared folder for the shards; default a temporary one


def _write_parquet(path: Path, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows to a Parquet shard, all as text (the driver restores the types). Written from an
    Arrow table, so nothing is parsed on the way and no text can break it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    arrays = [pa.array([None if v is None else v if isinstance(v, str) else str(v)
                        for v in column], type=pa.string()) for column in values]
    pq.write_table(pa.Table.from_arrays(arrays, names=list(columns)), str(path))


def _code_chunk(number: int, documents: list[dict[str, Any]], options: CoderOptions,
                shard_dir: str, dedup: DedupOptions | None) -> str:
    """Run on a worker: code a chunk and write its three shards; returns the shard prefix.

    The spaCy model is loaded once per worker process (the loader caches it)."""
    from frenemy.coding.coder import Coder

    coder = Coder(options)
    docs = [Document(**{k: v for k, v in d.items() if k != "published"},
                     published=date.fromisoformat(d["published"]) if d["published"] else None)
            for d in documents]
    coded = list(coder.code_documents(docs))
    prefix = Path(shard_dir) / f"chunk-{number:06d}"
    _write_parquet(Path(f"{prefix}-documents.parquet"), _SHARD_DOCUMENT_COLUMNS,
                   [(*(getattr(c.document, k) for k in _DOCUMENT_COLUMNS),
                     signature(c.document.text, dedup).hex() if dedup else None)
                    for c in coded])
    _write_parquet(Path(f"{prefix}-sentences.parquet"), _SENTENCE_COLUMNS,
                   [tuple(getattr(s, k) for k in _SENTENCE_COLUMNS)
                    for c in coded for s in c.sentences])
    _write_parquet(Path(f"{prefix}-events.parquet"), EVENT_FIELDS,
                   [tuple(getattr(e, k) for k in EVENT_FIELDS)
                    for c in coded for e in c.events])
    return str(prefix)


def _to_bool(value: str) -> bool:
    return value in {"True", "true", "1"}


@cache
def _converters(cls: type) -> dict[str, Callable[[str], Any] | None]:
    """Per field of a dataclass, how to turn a shard's text back into its type."""
    found: dict[str, Callable[[str], Any] | None] = {}
    for item in fields(cls):
        kind = str(item.type)
        if "date" in kind and "str" not in kind:
            found[item.name] = date.fromisoformat
        elif kind.startswith("int") or kind == "int | None":
            found[item.name] = int
        elif kind.startswith("float"):
            found[item.name] = float
        elif kind == "bool":
            found[item.name] = _to_bool
        else:
            found[item.name] = None
    return found


def _typed(cls: type, row: dict[str, Any]) -> dict[str, Any]:
    """Parquet shards hold text; give each field its dataclass type back."""
    result: dict[str, Any] = {}
    for name, convert in _converters(cls).items():
        if name in row:
            value = row[name]
            result[name] = value if value is None or convert is None else convert(value)
    return result


def _read_shards(prefix: str) -> list[CodedDocument]:
    import duckdb

    conn = duckdb.connect()  # one connection for the three shards: connecting is not free

    def rows(kind: str) -> list[dict[str, Any]]:
        cursor = conn.execute(f"SELECT * FROM read_parquet('{prefix}-{kind}.parquet')")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    sentences: dict[str, list[Sentence]] = {}
    for row in rows("sentences"):
        sentence = Sentence(**_typed(Sentence, row))
        sentences.setdefault(sentence.doc_id, []).append(sentence)
    events: dict[str, list[Event]] = {}
    for row in rows("events"):
        event = Event(**_typed(Event, row))
        events.setdefault(event.doc_id, []).append(event)
    coded = []
    for row in rows("documents"):
        document = Document(**_typed(Document, row))
        raw = bytes.fromhex(row["signature"]) if row.get("signature") else None
        coded.append(CodedDocument(document, sentences.get(document.doc_id, []),
                                   events.get(document.doc_id, []), raw))
    conn.close()
    for kind in ("documents", "sentences", "events"):  # read: a shared folder stays clean
        Path(f"{prefix}-{kind}.parquet").unlink(missing_ok=True)
    return coded


def _warm(options: CoderOptions) -> bool:
    """Run on a worker as soon as it starts: load the model and the data while the driver
    is still reading the inputs."""
    from frenemy.coding.coder import Coder

    coder = Coder(options)
    list(coder.code_documents([Document(text="Iran and Azerbaijan met in Baku on Monday.")]))
    return True


def code_on_cluster(documents: Iterable[Document], coder: CoderOptions, options: WorkerOptions,
                    dedup: DedupOptions | None = None) -> Iterator[CodedDocument]:
    """Code documents on a Dask cluster, in chunks submitted as the inputs are read; yields
    coded documents in input order, so that the store ends the same as with one process."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise ConfigError("Dask is not installed", "pip install 'dask[distributed]'") from exc
    with tempfile.TemporaryDirectory(prefix="frenemy-shards-") as temporary:
        shard_dir = str(options.shard_dir or temporary)
        cluster = None
        try:
            if options.scheduler:
                client = Client(options.scheduler, timeout="10s")
            else:
                cluster = LocalCluster(n_workers=options.workers, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                client = Client(cluster)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask cluster ({exc})",
                              "Check --scheduler, or use --workers N for a local one") from exc
        try:
            workers = list(client.scheduler_info().get("workers", {}))
            warming = [client.submit(_warm, coder, workers=[w], pure=False) for w in workers]
            futures: list[Any] = []
            chunk: list[Document] = []
            numbers = itertools.count()

            def submit(items: list[Document]) -> None:
                payload = [{**asdict(d), "published": d.published.isoformat()
                            if d.published else None} for d in items]
                futures.append(client.submit(_code_chunk, next(numbers), payload, coder,
                                             shard_dir, dedup, pure=False))

            for document in documents:
                chunk.append(document)
                if len(chunk) >= options.chunk_size:
                    submit(chunk)
                    chunk = []
                while futures and futures[0].done():  # in order, as soon as ready
                    yield from _read_shards(futures.pop(0).result())
            if chunk:
                submit(chunk)
            for future in futures:  # in order: the store's result must not depend on timing
                yield from _read_shards(future.result())
            client.gather(warming)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
