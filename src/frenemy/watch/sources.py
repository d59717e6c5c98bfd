"""Sources of a watch: the inputs each round reads, and GDELT 2.0's latest 15-minute update."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.errors import InputError, InputIssue
from frenemy.news.fetch import FetchOptions, fetch, is_url
from frenemy.store import Store

__all__ = ["GDELT", "GDELT_MIRROR", "GdeltFile", "GdeltRound", "check_sources",
           "import_latest_gdelt", "latest_gdelt_file"]

GDELT = "gdelt"  # the source word for GDELT 2.0's latest update
GDELT_MIRROR = "http://data.gdeltproject.org/gdeltv2"  # where lastupdate.txt is
_EXPORT = ".export.csv.zip"
_MAX_BYTES = 500_000_000  # an update's zip is a few hundred kilobytes to a few megabytes


def check_sources(sources: list[str]) -> None:
    """Every source is a URL, an existing file or folder, or the word gdelt."""
    if not sources:
        raise InputError("nothing to watch", "Name feeds, pages, folders or gdelt")
    for source in sources:
        if source == "-":
            raise InputError("a watch cannot read stdin", "Name feeds, pages, folders or gdelt")
        if source != GDELT and not is_url(source) and not Path(source).exists():
            raise InputError(f"no such file or folder: {source}",
                             "Check the path, or give a feed's or page's http(s) URL")


@dataclass(frozen=True)
class GdeltFile:
    """One file of GDELT's update list: its name, where to get it, its size and MD5."""

    name: str
    url: str
    size: int
    md5: str


@dataclass
class GdeltRound:
    """What a round did with GDELT's latest update."""

    file: GdeltFile | None = None
    imported: bool = False  # False: already imported, or it could not be read
    rows_read: int = 0
    events_added: int = 0
    issues: list[InputIssue] = field(default_factory=list)


def latest_gdelt_file(mirror: str = GDELT_MIRROR, options: FetchOptions | None = None
                      ) -> GdeltFile:
    """The events export of GDELT's latest 15-minute update, as lastupdate.txt lists it
    ("size md5 url" lines); the file is fetched from the same mirror."""
    base = mirror.rstrip("/")
    listing = fetch(f"{base}/lastupdate.txt", options)
    for line in listing.data.decode("utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2].lower().endswith(_EXPORT) and parts[0].isdigit():
            name = parts[2].rsplit("/", 1)[-1]
            return GdeltFile(name, f"{base}/{name}", int(parts[0]), parts[1].lower())
    raise InputError(f"{base}/lastupdate.txt lists no events export (*{_EXPORT})",
                     "Check --gdelt-mirror: it names the folder that holds lastupdate.txt")


def _record_name(name: str) -> str:
    """The name `frenemy import gdelt --from` records a GDELT 2.0 file under, so that the two
    skip each other's files."""
    return f"gdeltv2/{name}"


def _imported(store: Store, name: str) -> bool:
    return bool(store.sql("SELECT 1 FROM imported_files WHERE source = 'gdelt' AND name = ?",
                          [_record_name(name)]))


def import_latest_gdelt(store: Store, mirror: str = GDELT_MIRROR,
                        options: FetchOptions | None = None) -> GdeltRound:
    """Download and import GDELT's latest events export unless it is already imported. A
    failed download or a file whose size or MD5 differs from the list is reported and
    left for the next round."""
    found = GdeltRound()
    try:
        found.file = gdelt = latest_gdelt_file(mirror, options)
        if _imported(store, gdelt.name):
            return found
        data = fetch(gdelt.url, FetchOptions(timeout=(options or FetchOptions()).timeout,
                                             max_bytes=_MAX_BYTES)).data
    except InputError as exc:
        found.issues.append(InputIssue(mirror, None, exc.message))
        return found
    if len(data) != gdelt.size or hashlib.md5(data).hexdigest() != gdelt.md5:
        found.issues.append(InputIssue(gdelt.url, None, "size or MD5 differs from "
                                       "lastupdate.txt (a partial download?); tried again "
                                       "next round"))
        return found
    with tempfile.TemporaryDirectory(prefix="frenemy-watch-") as folder:
        path = Path(folder) / gdelt.name
        path.write_bytes(data)
        result = import_events([path], store, ImportOptions(format="gdelt"))
    found.issues = [InputIssue(i.file.replace(str(path), gdelt.url), i.line, i.reason)
                    for i in result.issues]
    found.rows_read, found.events_added = result.rows_read, result.events_added
    if result.rows_read:  # read, wholly or in part: not downloaded again
        found.imported = True
        store.conn.execute("INSERT OR REPLACE INTO imported_files VALUES "
                           "('gdelt', ?, ?, ?, ?, ?, ?, NULL, ?)",
                           [_record_name(gdelt.name), gdelt.md5, len(data), result.rows_read,
                            result.events_added, result.mentions_added,
                            datetime.now(UTC).replace(tzinfo=None)])
    return found
