"""The gdelt source against a real local mirror: GDELT 2.0's latest update is downloaded,
checked and imported once; a bad download is reported and tried again next round."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from frenemy import open_store
from frenemy.datasets.importers import ImportOptions, import_events
from frenemy.watch.rounds import WatchOptions, watch

from ..conftest import shared_path
from .servers import news_site

STAMPS = ("20180326044500", "20180326050000")


def _zip(stamp: str, lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{stamp}.export.CSV", "\n".join(lines) + "\n")
    return buffer.getvalue()


def _listing(stamp: str, data: bytes, md5: str | None = None) -> bytes:
    """lastupdate.txt as GDELT writes it: the export, mentions and GKG of one update."""
    md5 = md5 or hashlib.md5(data).hexdigest()
    return "".join(f"{len(data)} {md5} http://data.gdeltproject.org/gdeltv2/{stamp}.{kind}\n"
                   for kind in ("export.CSV.zip", "mentions.CSV.zip", "gkg.csv.zip")).encode()


def test_gdelt_latest_update_is_imported_once(tmp_path: Path):
    sample = shared_path("data", "formats", "gdelt2_events_export_20180326044500_300rows.tsv")
    rows = sample.read_text(encoding="utf-8").splitlines()
    zips = {stamp: _zip(stamp, part) for stamp, part in zip(STAMPS, (rows[:150], rows[150:]),
                                                            strict=True)}
    db = tmp_path / "watch.duckdb"
    with news_site() as mirror:
        base = f"{mirror.base}/gdeltv2"
        for stamp, data in zips.items():
            mirror.pages[f"/gdeltv2/{stamp}.export.CSV.zip"] = ("application/zip", data)

        def round_with(stamp: str, md5: str | None = None):
            mirror.pages["/gdeltv2/lastupdate.txt"] = ("text/plain",
                                                       _listing(stamp, zips[stamp], md5))
            mirror.requests.clear()
            (result,) = watch(db, WatchOptions(sources=["gdelt"], every=0, rounds=1,
                                               gdelt_mirror=base))
            return result

        corrupt = round_with(STAMPS[0], md5="0" * 32)
        assert not corrupt.gdelt.imported and corrupt.events_added == 0
        assert "MD5" in corrupt.issues[0].reason and corrupt.exit_code == 1

        first = round_with(STAMPS[0])  # tried again, and now it is whole
        assert first.gdelt.imported and first.events_added > 0 and first.issues == []
        assert mirror.requests == ["/gdeltv2/lastupdate.txt",
                                   f"/gdeltv2/{STAMPS[0]}.export.CSV.zip"]
        same = round_with(STAMPS[0])  # no new update: nothing downloaded, nothing added
        assert mirror.requests == ["/gdeltv2/lastupdate.txt"]
        assert not same.gdelt.imported and same.events_added == 0 and same.exit_code == 0
        second = round_with(STAMPS[1])
        assert second.gdelt.imported and second.gdelt.file.name == f"{STAMPS[1]}.export.CSV.zip"
    with open_store(tmp_path / "direct.duckdb") as direct:
        whole = import_events([sample], direct, ImportOptions(format="gdelt"))
    assert first.events_added + second.events_added == whole.events_added
    with open_store(db) as store:
        # Recorded as `frenemy import gdelt --from` records them, so each skips the other's.
        assert store.sql("SELECT source, name FROM imported_files ORDER BY name") == [
            ("gdelt", f"gdeltv2/{stamp}.export.CSV.zip") for stamp in STAMPS]
