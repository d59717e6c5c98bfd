"""Files for the DuckDB imports: archive members as plain files, their lines, and read_csv."""

from __future__ import annotations

import gzip
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["Member", "members", "read_csv"]

# Chunks that stay in the CPU's cache while each byte is looked for in turn.
_CHUNK = 1 << 18
# Line breaks of str.splitlines() that DuckDB does not break lines at, and the UTF-8 byte
# order mark (DuckDB drops it, Python keeps it): a file with any is read by the row reader.
_ODD = (b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e")  # and U+0085, U+2028, U+2029:
_SEPARATORS = {b"\x85": (b"\xc2\x85",), b"\xe2": (b"\xe2\x80\xa8", b"\xe2\x80\xa9")}
_BOM = b"\xef\xbb\xbf"


@dataclass
class Member:
    """One file to import as DuckDB reads it: its name in reports (``archive.zip!name`` for
    an archive's member), the plain file, and its lines as the row reader counts them."""

    name: str
    path: Path
    lines: int = 0  # what str.splitlines() gives
    odd: bool = False  # lines DuckDB would break otherwise than str.splitlines()
    scanned: bool = True  # whether lines and odd are known (scan() finds them)

    def scan(self) -> Member:
        """Count the lines and look for odd ones, once."""
        if not self.scanned:
            _Scan(self).read(self.path)
            self.scanned = True
        return self

    def blank(self) -> list[int]:
        """The numbers of the empty lines, which DuckDB passes over (read again: few files
        have any, and DuckDB's count tells which)."""
        scan = _Scan(Member(self.name, self.path), blank=True)
        scan.read(self.path)
        return scan.empty

    def text_lines(self) -> list[str]:
        """All lines, decoded as the row readers decode them."""
        return self.path.read_bytes().decode("utf-8", errors="replace").splitlines()

    def lines_at(self, numbers: set[int]) -> Iterator[tuple[int, str]]:
        """(number, text) of the lines with these numbers, in order (for a file not odd,
        whose lines end at \\n or \\r\\n only)."""
        if not numbers:
            return
        last = max(numbers)
        with self.path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if number in numbers:
                    yield number, raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if number >= last:
                    return

    def first_line(self, non_blank: bool = False) -> str | None:
        """The first line (or the first that is not blank), None if there is none."""
        with self.path.open("rb") as handle:
            for raw in handle:
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                if not non_blank or line.strip():
                    return line
        return None


class _Scan:
    """Counts lines chunk by chunk as str.splitlines() would, and finds what DuckDB reads
    otherwise: odd line breaks, a lone \r, \r\n mixed with \n; and, if asked, empty lines.
    A search for one byte is fast: the others run only where it is found."""

    def __init__(self, member: Member, blank: bool = False) -> None:
        self.member, self.tail, self.head, self.size = member, b"", b"", 0
        self.newlines = self.returns = self.crlf = 0
        self.last, self.blank, self.empty = b"", blank, list[int]()

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            return
        member, buffer = self.member, self.tail + chunk[:2]  # what spans the chunks
        if len(self.head) < 3:
            self.head += chunk[:3 - len(self.head)]
        if not member.odd:
            member.odd = (any(byte in chunk for byte in _ODD)
                          or any(separator in chunk or separator in buffer
                                 for byte, separators in _SEPARATORS.items()
                                 if byte in chunk or byte in buffer
                                 for separator in separators))
        if self.tail.endswith(b"\r") and chunk.startswith(b"\n"):
            self.crlf += 1
        if b"\r" in chunk:
            self.returns += chunk.count(b"\r")
            self.crlf += chunk.count(b"\r\n")
        if self.blank:
            self._empty_lines(self.tail + chunk)
        # numpy counts a byte several times faster than bytes.count.
        self.newlines += int(np.count_nonzero(np.frombuffer(chunk, np.uint8) == 10))
        self.size += len(chunk)
        self.tail, self.last = (self.tail + chunk[-2:])[-2:], chunk[-1:]

    def _empty_lines(self, buffer: bytes) -> None:
        for pattern in (b"\n\n", b"\n\r\n"):
            newlines, counted = self.newlines - self.tail.count(b"\n"), 0  # before buffer
            at = buffer.find(pattern)
            while at >= 0:
                if at + len(pattern) > len(self.tail):  # not found in the chunk before
                    newlines += buffer.count(b"\n", counted, at + 1)
                    counted = at + 1
                    self.empty.append(newlines + 1)
                at = buffer.find(pattern, at + 1)

    def read(self, path: Path) -> Member:
        """Scan a whole file."""
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                self.feed(chunk)
        return self.finish()

    def finish(self) -> Member:
        member = self.member
        member.lines = self.newlines + (1 if self.size and self.last != b"\n" else 0)
        if self.head.startswith(_BOM):
            member.odd = True
        elif self.head.startswith((b"\n", b"\r\n")):
            self.empty.append(1)
        if self.returns != self.crlf or (self.crlf and self.crlf != self.newlines):
            member.odd = True
        self.empty.sort()
        return member


def _copy(name: str, read: Callable[[int], bytes], target: Path) -> Member:
    scan = _Scan(Member(name, target))
    with target.open("wb") as sink:
        while chunk := read(_CHUNK):
            scan.feed(chunk)
            sink.write(chunk)
    return scan.finish()


@contextmanager
def members(path: Path) -> Iterator[Iterator[Member]]:
    """The files of a plain, .gz or .zip file, each as a plain file DuckDB reads, named as
    the row readers name them: a .gz is decompressed, a .zip's members extracted, one at a
    time, to a temporary folder, and scanned as they are written (a plain file is not yet:
    Member.scan)."""
    suffix = path.suffix.lower()
    if suffix not in {".gz", ".zip"}:
        yield iter([Member(str(path), path, scanned=False)])  # scanned as DuckDB reads it
        return
    with tempfile.TemporaryDirectory(prefix="frenemy-import-") as folder:
        target = Path(folder) / "member"
        if suffix == ".gz":
            def unzip() -> Iterator[Member]:
                with gzip.open(path, "rb") as source:
                    yield _copy(str(path), source.read, target)
            yield unzip()
            return
        with zipfile.ZipFile(path) as archive:
            def extract() -> Iterator[Member]:
                for name in archive.namelist():
                    if name.endswith("/"):
                        continue
                    with archive.open(name) as source:
                        member = _copy(f"{path}!{name}", source.read, target)
                    yield member
                    target.unlink()
            yield extract()


def read_csv(path: Path, width: int, skip: int, rejects: str, scans: str) -> str:
    """DuckDB's read_csv of a tab-separated file as it is: the columns c0, c1, ... as text,
    no quoting, no sniffing; rows with another number of fields, or not UTF-8, go to the
    rejects table (with their line numbers) instead."""
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    return (f"read_csv('{str(path).replace(chr(39), chr(39) * 2)}', columns = {columns}, "
            "delim = '\t', quote = '', escape = '', header = false, auto_detect = false, "
            f"skip = {skip}, strict_mode = true, null_padding = false, compression = 'none', "
            f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}')")
