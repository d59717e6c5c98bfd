"""GDELT by date: a date range's files, listed by GDELT's master lists, downloaded and imported."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from frenemy.datasets.gdelt_duckdb import import_gdelt
from frenemy.datasets.importers import ImportResult
from frenemy.errors import InputError, InputIssue, exit_code
from frenemy.store import Store
from frenemy.version import __version__

__all__ = ["GDELT_SITE", "GdeltFetchOptions", "GdeltFetchResult", "GdeltFile", "GdeltProgress",
           "fetch_gdelt"]

GDELT_SITE = "http://data.gdeltproject.org"
FIRST_DAY = {1: date(1979, 1, 1), 2: date(2015, 2, 18)}  # the first day of each version's files
_FOLDER = {1: "events", 2: "gdeltv2"}
_LIST = {1: "md5sums", 2: "masterfilelist.txt"}  # 1.0: "md5  name"; 2.0: "size md5 url"
_V2_NAME = re.compile(r"^(\d{8})\d{6}\.(export|mentions)\.CSV\.zip$")
_V1_NAME = re.compile(r"^(?:(\d{8})\.export\.CSV|(\d{6}|\d{4}))\.zip$")
_MD5 = re.compile(r"^[0-9a-f]{32}$")
_CHUNK = 1 << 16


@dataclass
class GdeltFetchOptions:
    """What to download: the days (inclusive; the days GDELT published the files), GDELT 1.0
    (daily files; monthly and yearly ones before 2013-04) or 2.0 (15-minute files), with
    2.0's mentions files or not, and from where (``mirror`` stands for GDELT's site). How:
    ``downloads`` files at a time into ``download_dir`` (default: beside the database),
    ``retries`` more tries after a failure, ``backoff`` seconds before the first, doubled each
    time."""

    start: date
    end: date
    version: int = 2
    mentions: bool = False
    mirror: str | None = None
    download_dir: Path | None = None
    downloads: int = 4
    retries: int = 3
    backoff: float = 2.0
    timeout: float = 60.0
    on_progress: Callable[[GdeltProgress], None] | None = None


@dataclass(frozen=True)
class GdeltFile:
    """One file of GDELT's list: its name below the site ("gdeltv2/....export.CSV.zip"), where
    to get it, its MD5 and size (when listed) and its first and last day."""

    name: str
    url: str
    md5: str
    size: int | None
    first: date
    last: date


@dataclass(frozen=True)
class GdeltProgress:
    """Where a run is: reading GDELT's list ("listing", bytes_downloaded counts the list's
    bytes), or downloading and importing its files ("importing")."""

    phase: str
    files_done: int
    files_total: int  # files this run downloads
    bytes_downloaded: int
    rows_read: int
    current: str  # the file just done, or "" before the first


@dataclass
class GdeltFetchResult:
    """Files of the range in GDELT's list, imported by an earlier run (skipped), imported now
    and failed; bytes downloaded; the rows of the files imported and every issue (a file that
    failed, as its URL and why; a bad row, as its file and line)."""

    files_listed: int = 0
    files_skipped: int = 0
    files_imported: int = 0
    files_failed: int = 0
    bytes_downloaded: int = 0
    rows: ImportResult = field(default_factory=ImportResult)

    @property
    def exit_code(self) -> int:
        return exit_code(self.rows.issues, self.files_imported + self.files_skipped)


# -- GDELT's lists -----------------------------------------------------------------------
class _Failed(Exception):
    """A download that may go right if tried again (a server error, a broken transfer)."""


class _Missing(Exception):
    """A download that will not go right if tried again (HTTP 404 and the like)."""


def _status(code: int) -> Exception:
    if code >= 500 or code in (408, 425, 429):
        return _Failed(f"HTTP {code}")
    return _Missing(f"HTTP {code}")


def _why(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _days(name: str, version: int) -> tuple[date, date, str] | None:
    """(first day, last day, kind) of a file named in the list, or None for other files."""
    if version == 2:
        found = _V2_NAME.match(name)
        if not found:
            return None
        digits, kind = found.group(1), found.group(2)
    else:
        found = _V1_NAME.match(name)
        if not found:
            return None
        digits, kind = found.group(1) or found.group(2), "export"
    try:
        first = date(int(digits[:4]), int(digits[4:6] or 1), int(digits[6:8] or 1))
    except ValueError:
        return None
    if len(digits) == 8:
        return first, first, kind
    if len(digits) == 6:  # a month of GDELT 1.0's backfiles
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, date.fromordinal(following.toordinal() - 1), kind
    return first, date(first.year, 12, 31), kind  # a year of them


def _entry(line: str, base: str, options: GdeltFetchOptions) -> GdeltFile | None:
    """The file a line of the list names, if it is one this run wants."""
    parts = line.split()
    if options.version == 2:
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        size, md5, name = int(parts[0]), parts[1], parts[2].rsplit("/", 1)[-1]
    else:
        if len(parts) != 2:
            return None
        size, md5, name = None, parts[0], parts[1].rsplit("/", 1)[-1]
    days = _days(name, options.version)
    if days is None or not _MD5.match(md5.lower()):
        return None
    first, last, kind = days
    if (kind == "mentions" and not options.mentions) or last < options.start \
            or first > options.end:
        return None
    return GdeltFile(f"{_FOLDER[options.version]}/{name}", f"{base}/{name}", md5.lower(), size,
                     first, last)


def _listed(client: httpx.Client, options: GdeltFetchOptions) -> list[GdeltFile]:
    """The wanted files of GDELT's list, in time order (events before their mentions)."""
    base = f"{(options.mirror or GDELT_SITE).rstrip('/')}/{_FOLDER[options.version]}"
    url = f"{base}/{_LIST[options.version]}"
    for attempt in range(options.retries + 1):
        try:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise _status(response.status_code)
                files = {}
                for number, line in enumerate(response.iter_lines()):
                    entry = _entry(line, base, options)
                    if entry is not None:
                        files[entry.name] = entry
                    if options.on_progress and number % 20000 == 0:
                        options.on_progress(GdeltProgress("listing", 0, 0,
                                                          response.num_bytes_downloaded, 0, ""))
            return sorted(files.values(),
                          key=lambda f: (f.first, f.name.split(".", 1)[0], ".mentions." in f.name))
        except _Missing as exc:
            raise InputError(f"cannot read GDELT's list of files {url} ({exc})",
                             "Check the address given to --mirror") from exc
        except (_Failed, httpx.HTTPError) as exc:
            if attempt == options.retries:
                raise InputError(f"cannot read GDELT's list of files {url} ({_why(exc)})",
                                 "Check the network (or --mirror), and run the command "
                                 "again") from exc
            time.sleep(options.backoff * 2 ** attempt)
    raise AssertionError("unreachable")


# -- downloads ---------------------------------------------------------------------------
def _md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _download(client: httpx.Client, item: GdeltFile, folder: Path, options: GdeltFetchOptions,
              stop: threading.Event) -> tuple[Path, int] | InputIssue:
    """The file on disk and the bytes fetched for it (0 when a killed run had fetched it
    already), or why it could not be had. It is written to NAME.part and renamed when whole
    and its MD5 is the listed one; failures that may pass are tried again."""
    target = folder / item.name.rsplit("/", 1)[-1]
    partial, reason = target.with_name(target.name + ".part"), ""
    if target.exists() and _md5_of(target) == item.md5:
        partial.unlink(missing_ok=True)
        return target, 0
    for attempt in range(options.retries + 1):
        try:
            fetched = _get(client, item, partial, stop)
            partial.replace(target)
            return target, fetched
        except (_Failed, httpx.HTTPError) as exc:
            reason = _why(exc)
        except _Missing as exc:
            return InputIssue(item.url, None, f"cannot download ({exc})")
        finally:
            partial.unlink(missing_ok=True)
        if stop.is_set():
            break
        if attempt < options.retries:
            time.sleep(options.backoff * 2 ** attempt)
    tries = f"{options.retries + 1} tries" if options.retries else "1 try"
    return InputIssue(item.url, None, f"cannot download ({reason}; {tries})")


def _get(client: httpx.Client, item: GdeltFile, partial: Path, stop: threading.Event) -> int:
    digest, size = hashlib.md5(usedforsecurity=False), 0
    with client.stream("GET", item.url) as response, partial.open("wb") as sink:
        if response.status_code >= 400:
            raise _status(response.status_code)
        for chunk in response.iter_bytes(_CHUNK):
            if stop.is_set():
                raise _Failed("stopped")
            sink.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    if item.size is not None and size != item.size:
        raise _Failed(f"{size} bytes where the list says {item.size}")
    if digest.hexdigest() != item.md5:
        raise _Failed(f"MD5 {digest.hexdigest()} where the list says {item.md5}")
    return size


def _downloaded(client: httpx.Client, files: list[GdeltFile], folder: Path,
                options: GdeltFetchOptions
                ) -> Generator[tuple[GdeltFile, tuple[Path, int] | InputIssue], None, None]:
    """Each file and its download, in list order, with up to ``downloads`` files fetched
    ahead of the one being imported; stopping (or an error) abandons those in flight."""
    stop = threading.Event()
    pool = ThreadPoolExecutor(max(1, options.downloads), thread_name_prefix="frenemy-gdelt")
    pending: deque[tuple[GdeltFile, Future[tuple[Path, int] | InputIssue]]] = deque()
    waiting = iter(files)

    def submit() -> None:
        item = next(waiting, None)
        if item is not None:
            pending.append((item, pool.submit(_download, client, item, folder, options, stop)))

    try:
        for _ in range(max(1, options.downloads)):
            submit()
        while pending:
            item, future = pending.popleft()
            outcome = future.result()
            submit()
            yield item, outcome
    finally:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)


# -- the run -----------------------------------------------------------------------------
def _imported(store: Store) -> set[str]:
    return {r[0] for r in store.sql("SELECT name FROM imported_files WHERE source = 'gdelt'")}


def _record(store: Store, item: GdeltFile, size: int, counts: tuple[int, int, int],
            run: str) -> None:
    store.conn.execute("INSERT OR IGNORE INTO imported_files VALUES "
                       "('gdelt', ?, ?, ?, ?, ?, ?, ?, ?)",
                       [item.name, item.md5, size, *counts, run,
                        datetime.now(UTC).replace(tzinfo=None)])


def _import_one(store: Store, item: GdeltFile, path: Path, result: GdeltFetchResult,
                run: str) -> None:
    """Import one downloaded file; it is recorded as imported unless it could not be read
    (its bad rows are reported and skipped, as a re-run would skip them again)."""
    rows = result.rows
    before = (rows.rows_read, rows.events_added, rows.mentions_added, len(rows.issues))
    import_gdelt([path], store, rows)
    issues = [replace(i, file=i.file.replace(str(path), item.url, 1))
              for i in rows.issues[before[3]:]]
    rows.issues[before[3]:] = issues
    if any(i.line is None for i in issues):
        result.files_failed += 1
        return
    counts = (rows.rows_read - before[0], rows.events_added - before[1],
              rows.mentions_added - before[2])
    _record(store, item, path.stat().st_size, counts, run)
    result.files_imported += 1


def fetch_gdelt(store: Store, options: GdeltFetchOptions) -> GdeltFetchResult:
    """Download GDELT's files of a date range and import them, one file at a time; files
    imported before are skipped, a download that fails is tried again and then reported, and
    a run killed midway, run again, goes on where it stopped."""
    if options.version not in _FOLDER:
        raise InputError(f"there is no GDELT version {options.version}", "Use 1 or 2")
    if options.mentions and options.version == 1:
        raise InputError("GDELT 1.0 has no mentions files", "Drop --mentions, or use --version 2")
    if options.start > options.end:
        raise InputError(f"the range ends ({options.end}) before it starts ({options.start})",
                         "Give --to a day on or after --from")
    result = GdeltFetchResult()
    headers = {"User-Agent": f"frenemy/{__version__} (+https://github.com/frenemy)"}
    with httpx.Client(headers=headers, follow_redirects=True,
                      timeout=httpx.Timeout(options.timeout, connect=20.0)) as client:
        listed = _listed(client, options)
        if not listed:
            raise InputError(
                f"GDELT {options.version}.0 lists no files from {options.start} to "
                f"{options.end}", f"GDELT {options.version}.0's files start on "
                f"{FIRST_DAY[options.version]} and end today; check the dates and --version")
        done = _imported(store)
        todo = [f for f in listed if f.name not in done]
        result.files_listed, result.files_skipped = len(listed), len(listed) - len(todo)
        if todo:
            _fetch(client, store, todo, options, result)
    return result


def _fetch(client: httpx.Client, store: Store, todo: list[GdeltFile], options: GdeltFetchOptions,
           result: GdeltFetchResult) -> None:
    folder = options.download_dir or store.path.with_name(store.path.name + ".downloads")
    folder.mkdir(parents=True, exist_ok=True)
    run = store.start_run(f"import gdelt --from {options.start} --to {options.end} "
                          f"--version {options.version}", [f.url for f in todo])
    _progress(options, result, len(todo), "")
    with closing(_downloaded(client, todo, folder, options)) as downloads:
        for item, outcome in downloads:
            if isinstance(outcome, InputIssue):
                result.rows.issues.append(outcome)
                result.files_failed += 1
            else:
                path, fetched = outcome
                result.bytes_downloaded += fetched
                _import_one(store, item, path, result, run)
                path.unlink(missing_ok=True)
            _progress(options, result, len(todo), item.name)
    issues = result.rows.issues  # a run killed before here stays "running", as ingest's do
    store.add_errors(run, [(i.file, i.line, i.reason) for i in issues])
    store.finish_run(run, read=result.rows.rows_read, added=0,
                     skipped=result.rows.events_skipped, events=result.rows.events_added,
                     errors=len(issues), status={0: "ok", 2: "partial", 1: "failed"}[
                         result.exit_code])
    if options.download_dir is None and not any(folder.iterdir()):
        folder.rmdir()


def _progress(options: GdeltFetchOptions, result: GdeltFetchResult, total: int,
              current: str) -> None:
    if options.on_progress:
        options.on_progress(GdeltProgress("importing", result.files_imported
                                          + result.files_failed, total,
                                          result.bytes_downloaded, result.rows.rows_read,
                                          current))
