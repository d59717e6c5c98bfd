"""Coder speed on one core: spaCy parsing alone vs the whole coder.

Usage: .venv/bin/python benchmarks/coder_speed.py [--copies N] [--rounds N] [--news-rounds N]
       .venv/bin/python benchmarks/coder_speed.py --profile

Two corpora, each timed in interleaved rounds (parse, code, parse, code, ...) after a warm-up,
keeping the best time of each, so that both sides of the ratio see the same machine state.
Each side is timed on the wall clock and on the process's CPU time; the verdict uses CPU time,
which leaves out the moments other processes held the core:

- short sentences: copies of the sample corpus in examples/ (sentences/s);
- real news: the 200 Wikinews politics articles in ../shared (tokens/s and sentences/s), parsed
  exactly as the coder parses them (same model, batch size and batching) and coded with
  frenemy.coding.coder.code_documents (parse included); Coder._code_doc alone on the parsed Docs is
  timed too, as a cross-check. Skipped, with the reason, without ../shared.

`--profile` times nothing: it parses the articles first, then runs cProfile over
Coder._code_doc alone (no parsing) and prints the 25 frenemy functions with the most
cumulative time, the 12 with the most own time and the 12 heaviest calls out of frenemy.
The acceptance bar (issues 3 and 14): the coder adds at most 30% to the parsing time.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import inspect
import json
import os
import platform
import pstats
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import spacy  # noqa: E402

import frenemy  # noqa: E402
import frenemy.coding.coder  # noqa: E402
from frenemy import CoderOptions, Document  # noqa: E402
from frenemy.coding.coder import Coder, code_documents  # noqa: E402
from frenemy.coding.nlp import load_model, model_name, parse  # noqa: E402

if TYPE_CHECKING:
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles.jsonl"
WIKINEWS = ROOT.parent / "shared" / "data" / "news" / "wikinews_politics.jsonl"
BAR = 0.30
T = TypeVar("T")


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


@dataclass
class Rounds:
    """Best times of one side over the rounds: wall clock, and the process's CPU time, which
    leaves out the moments other processes held the core."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, run: Callable[[], T]) -> T:
        gc.collect()  # the previous round's garbage is not this round's cost
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)
        return result

    def series(self) -> str:
        return " / ".join(f"{w:.1f} ({c:.1f})" for w, c in zip(self.wall, self.cpu, strict=True))

    def rate(self, count: int, unit: str, digits: int = 0) -> str:
        return (f"{count / min(self.wall):.{digits}f} {unit}/s "
                f"(CPU time: {count / min(self.cpu):.{digits}f})")


def overhead(parsing: Rounds, coding: Rounds) -> str:
    """The coder's time over parsing time, on CPU time (the verdict) and on wall time."""
    cpu = (min(coding.cpu) - min(parsing.cpu)) / min(parsing.cpu)
    wall = (min(coding.wall) - min(parsing.wall)) / min(parsing.wall)
    verdict = "meets" if cpu <= BAR else "misses"
    return (f"{cpu:+.1%} on CPU time, {wall:+.1%} on wall time "
            f"(bar: at most {BAR:+.0%}, {verdict} it)")


def short_sentences(copies: int, rounds: int) -> None:
    """The sample corpus, copied: short texts of a few sentences each."""
    articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
    texts = [f"Report {n}. {a['text']}" for n in range(copies) for a in articles]
    nlp = load_model()
    coder = Coder(CoderOptions(batch_size=64))
    list(coder.code_documents([Document(text=texts[0])]))  # warm up caches and gazetteer

    parsing, coding = Rounds(), Rounds()
    sentences = events = 0
    for _ in range(rounds):  # interleaved rounds: both see the same machine state
        docs = parsing.time(lambda: list(nlp.pipe(texts, batch_size=64)))
        sentences = sum(len(list(d.sents)) for d in docs)
        del docs
        documents = [Document(text=t) for t in texts]
        coded = coding.time(partial(lambda d: list(coder.code_documents(d)), documents))
        events = sum(len(c.events) for c in coded)
        del coded

    print(f"short sentences ({EXAMPLES.relative_to(ROOT)} x {copies}): {len(texts)} documents, "
          f"{sentences} sentences, {events} events (best of {rounds} rounds, batch size 64)")
    print(f"  spaCy parsing alone: {parsing.rate(sentences, 'sentences')}")
    print(f"  whole coder (parse + actors + events + dates + places): "
          f"{coding.rate(sentences, 'sentences')}")
    print(f"  coder overhead over parsing: {overhead(parsing, coding)}")


def news_documents(path: Path) -> list[Document]:
    """The articles as `frenemy code file.jsonl` reads them (text, date, title, url, id)."""
    documents = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            published = date.fromisoformat(row["date"]) if row.get("date") else None
            documents.append(Document(text=row["text"], published=published,
                                      title=row.get("title"), url=row.get("url"),
                                      source_id=row.get("id")))
    return documents


def _headline(document: Document) -> str | None:
    """The headline the coder parses apart from the text, if this coder does that."""
    headline = getattr(frenemy.coding.coder, "_headline", None)
    return headline(document) if headline is not None else None


def parse_like_coder(documents: Sequence[Document], batch_size: int
                     ) -> tuple[list[Doc], list[Doc | None]]:
    """What Coder.code_documents parses: batches of batch_size documents, each batch's
    headlines (when the coder parses them apart) and texts through frenemy.coding.nlp.parse
    (nlp.pipe with that batch size). Returns the texts' and the headlines' Docs."""
    docs: list[Doc] = []
    titles: list[Doc | None] = []
    for start in range(0, len(documents), batch_size):
        batch = documents[start:start + batch_size]
        headlines = [_headline(d) for d in batch]
        parsed = iter(parse([h for h in headlines if h], batch_size))
        titles += [next(parsed) if h else None for h in headlines]
        docs += parse([d.text for d in batch], batch_size)
    return docs, titles


def code_parsed(coder: Coder, documents: Sequence[Document], docs: list[Doc],
                titles: list[Doc | None]) -> list[frenemy.CodedDocument]:
    """Coder._code_doc over already parsed Docs: the coder's own work, no parsing."""
    takes_title = len(inspect.signature(coder._code_doc).parameters) > 2
    return [coder._code_doc(document, doc, *([title] if takes_title else []))
            for document, doc, title in zip(documents, docs, titles, strict=True)]


def news(path: Path, rounds: int, warmup: int) -> None:
    """Real articles: tokens/s and sentences/s, parse alone and the whole code path, and
    the coder alone on the parsed Docs as a cross-check."""
    if not path.is_file():
        print(f"Wikinews articles: skipped, {path} is absent (no ../shared here)")
        return
    documents = news_documents(path)
    options = CoderOptions()  # what `frenemy code` uses: the default batch size
    batch = options.batch_size
    # Warm-up: model, gazetteer, lexicon, city table and date parser loaded and exercised.
    parse_like_coder(documents[:warmup], batch)
    list(code_documents(documents[:warmup], options))

    coder = Coder(options)
    parsing, coding, alone = Rounds(), Rounds(), Rounds()
    sentences = tokens = coded_sentences = events = headlines = 0
    for _ in range(rounds):  # interleaved: parse, (coder alone), code, parse, ...
        docs, titles = parsing.time(lambda: parse_like_coder(documents, batch))
        tokens = sum(len(d) for d in docs)
        sentences = sum(1 for d in docs for _ in d.sents)
        headlines = sum(1 for t in titles if t is not None)
        alone.time(partial(code_parsed, coder, documents, docs, titles))
        del docs, titles
        coded = coding.time(lambda: list(code_documents(documents, options)))
        coded_sentences = sum(len(c.sentences) for c in coded)
        events = sum(len(c.events) for c in coded)
        del coded

    print(f"Wikinews politics ({path.name}): {len(documents)} articles, {tokens} tokens, "
          f"{sentences} sentences, {events} events (best of {rounds} interleaved rounds "
          f"after a {warmup}-article warm-up, batch size {batch})")
    if headlines:
        print(f"  the coder parses {headlines} headlines apart from the texts: parsing alone "
              f"parses them too; tokens and sentences count the texts")
    if not sentences <= coded_sentences <= sentences + headlines:  # + a headline with events
        print(f"  note: the coder counted {coded_sentences} sentences, the parse {sentences}")
    print(f"  spaCy parsing alone (frenemy.coding.nlp.parse): {parsing.rate(tokens, 'tokens')}, "
          f"{parsing.rate(sentences, 'sentences', 1)}")
    print(f"  whole code path (frenemy.coding.coder.code_documents, parse included): "
          f"{coding.rate(tokens, 'tokens')}, {coding.rate(sentences, 'sentences', 1)}")
    print(f"  rounds, wall (CPU) s: parse {parsing.series()}, code {coding.series()}, "
          f"coder alone {alone.series()}")
    print(f"  coder overhead over parsing: {overhead(parsing, coding)}")
    print(f"  cross-check, Coder._code_doc alone on the parsed Docs: "
          f"{min(alone.cpu) / min(parsing.cpu):+.1%} of parsing on CPU time, "
          f"{min(alone.wall) / min(parsing.wall):+.1%} on wall time")


def _cython_name(file: str, line: int, function: str) -> str:
    """'doc.pyx:741 ents' for spaCy's Cython properties, which cProfile calls __get__."""
    name = f"{Path(file).name}:{line} {function}"
    if function != "__get__" or not file.endswith(".pyx"):
        return name
    source = Path(spacy.__file__).parent.parent / file
    try:
        text = " ".join(source.read_text(encoding="utf-8").splitlines()[line - 1:line + 2])
    except OSError:
        return name
    found = re.search(r"def (\w+)", text)
    return f"{Path(file).name}:{line} {found.group(1)} (property)" if found else name


def profile(path: Path, copies: int, top: int = 25) -> None:
    """cProfile over Coder._code_doc on parsed Docs: the coder's own time, no parsing."""
    if path.is_file():
        documents = news_documents(path)
        label = f"{len(documents)} Wikinews articles"
    else:
        print(f"profile: {path} is absent, profiling the sample corpus x {copies} instead")
        articles = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line]
        documents = [Document(text=f"Report {n}. {a['text']}")
                     for n in range(copies) for a in articles]
        label = f"{len(documents)} sample documents"
    coder = Coder(CoderOptions())
    docs, titles = parse_like_coder(documents, coder.options.batch_size)
    # warm-up: lazy tables loaded outside the profile
    code_parsed(coder, documents[:8], docs[:8], titles[:8])

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    code_parsed(coder, documents, docs, titles)
    profiler.disable()
    wall = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    package = str(Path(frenemy.__file__).resolve().parent)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, object]] = (
        stats.stats)  # type: ignore[attr-defined]
    ours = [(key, value) for key, value in raw.items()
            if str(Path(key[0]).resolve()).startswith(package)]
    total = max([stats.total_tt] + [value[3] for _, value in ours])  # type: ignore[attr-defined]

    def show(rows: list[tuple[tuple[str, int, str], tuple[int, int, float, float, object]]]
             ) -> None:
        print(f"  {'calls':>9} {'tottime':>8} {'cumtime':>8} {'cum%':>6}  function")
        for (file, line, function), (_, calls, own, cumulative, _) in rows:
            where = os.path.relpath(file, Path(package).parent)
            print(f"  {calls:>9} {own:>8.2f} {cumulative:>8.2f} {cumulative / total:>6.1%}  "
                  f"{where}:{line} {function}")

    print(f"profile of Coder._code_doc over {label} ({sum(len(d) for d in docs)} tokens, "
          f"already parsed): {wall:.1f} s under cProfile, {total:.1f} s profiled")
    print(f"top {top} frenemy functions by cumulative time (cumtime includes the callees, "
          f"tottime is the function's own):")
    show(sorted(ours, key=lambda item: item[1][3], reverse=True)[:top])
    print(f"top {top // 2} frenemy functions by own time:")
    show(sorted(ours, key=lambda item: item[1][2], reverse=True)[:top // 2])
    # Time spent in other packages' functions (spaCy's, dateparser's) straight from frenemy
    # code, per calling frenemy function: what the frenemy-only lists spread over callees.
    calls_out: list[tuple[float, int, str, str]] = []
    for (file, line, function), (*_, callers) in raw.items():
        if str(Path(file).resolve()).startswith(package) or file == "~":
            continue
        for caller, value in callers.items():  # type: ignore[attr-defined]
            if str(Path(caller[0]).resolve()).startswith(package):
                calls_out.append((value[3], value[1], _cython_name(file, line, function),
                                  f"{os.path.relpath(caller[0], Path(package).parent)}:"
                                  f"{caller[1]} {caller[2]}"))
    calls_out.sort(reverse=True)
    print(f"top {top // 2} calls out of frenemy (other packages' functions, by the time spent "
          f"in them from one frenemy caller):")
    print(f"  {'calls':>9} {'cumtime':>8} {'cum%':>6}  function <- frenemy caller")
    for cumulative, calls, callee, caller in calls_out[:top // 2]:
        print(f"  {calls:>9} {cumulative:>8.2f} {cumulative / total:>6.1%}  {callee} <- {caller}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample corpus")
    parser.add_argument("--rounds", type=int, default=3, help="rounds on short sentences")
    parser.add_argument("--news", type=Path, default=WIKINEWS, help="articles (JSON lines)")
    parser.add_argument("--news-rounds", type=int, default=3,
                        help="interleaved rounds on the articles (at least 2)")
    parser.add_argument("--warmup", type=int, default=32, help="articles coded to warm up")
    parser.add_argument("--profile", action="store_true",
                        help="profile the coder (parsing excluded) instead of timing")
    args = parser.parse_args()
    one_core()
    print(f"machine: {platform.platform()}, 1 of {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, spaCy {spacy.__version__}, model {model_name()}")
    if args.profile:
        profile(args.news, args.copies)
        return
    short_sentences(args.copies, args.rounds)
    news(args.news, max(2, args.news_rounds), args.warmup)


if __name__ == "__main__":
    main()
