"""Rows of event files: lines of plain, .gz and .zip files, TSV fields and the Event a row makes."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from frenemy.errors import InputIssue
from frenemy.model import Event, content_hash
from frenemy.taxonomy import cameo, cameo_codes, plover_for

__all__ = ["cameo_code", "dataset_event", "open_lines", "parse_float", "parse_int", "read_headed",
           "tsv"]


# -- reading files -----------------------------------------------------------------------
def open_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(member name, lines) of a plain, .gz or .zip file."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith("/"):
                    text = archive.read(name).decode("utf-8", errors="replace")
                    yield f"{path}!{name}", text.splitlines()
        return
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        data = gzip.decompress(data)
    yield str(path), data.decode("utf-8", errors="replace").splitlines()


def tsv(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))


def parse_float(value: str) -> float | None:
    try:
        return float(value) if value not in ("", "NA") else None
    except ValueError:
        return None


def parse_int(value: str, default: int = 1) -> int:
    try:
        return int(value)
    except ValueError:
        return default


def cameo_code(raw: str) -> str:
    """A CAMEO code as a string with its zeros ("40" written by a spreadsheet is "040")."""
    code = raw.strip()
    if code in cameo_codes():
        return code
    for candidate in (code.zfill(3), code.zfill(4)):
        if candidate in cameo_codes():
            return candidate
    raise ValueError(f"unknown CAMEO code {raw!r}")


def dataset_event(dataset: str, native_id: str, day: date | None, code: str,
                  **fields: Any) -> Event:
    info = cameo(code)
    plover_type, plover_mode = plover_for(code)
    values: dict[str, Any] = {
        "event_id": content_hash(dataset, native_id),
        "doc_id": None, "sentence_index": None, "date": day,
        "date_precision": "day" if day else None,
        "source": None, "source_name": None, "source_country": None,
        "target": None, "target_name": None, "target_country": None,
        "code": code, "root": info.root, "quad_class": info.quad_class,
        "goldstein": info.goldstein, "plover_type": plover_type, "plover_mode": plover_mode,
        "confidence": 1.0, "coder_version": "", "dataset": dataset,
    }
    values.update({k: v for k, v in fields.items() if v is not None})
    return Event(**values)


def read_headed(path: Path, kind: str, needed: set[str],
                to_event: Callable[[dict[str, str]], Event],
                strip_header: bool = False) -> Iterator[Event | InputIssue]:
    """Rows of tab-separated files with a header (ICEWS, POLECAT), read by column name; a
    file without the needed columns, and each row that fails, is reported and skipped."""
    for member, lines in open_lines(path):
        if not lines:
            continue
        header = [h.strip() if strip_header else h for h in tsv(lines[0])]
        if not needed <= set(header):
            yield InputIssue(member, 1, f"not {kind}: missing columns "
                             + ", ".join(sorted(needed - set(header))))
            continue
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            try:
                yield to_event(dict(zip(header, tsv(line), strict=False)))
            except (ValueError, KeyError) as exc:
                yield InputIssue(member, number, str(exc))
