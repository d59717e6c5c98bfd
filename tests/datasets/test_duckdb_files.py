import gzip
import zipfile
from pathlib import Path

import pytest

from frenemy.datasets.duckdb_files import Member, _Scan, members

PLAIN = [b"", b"a", b"a\n", b"\n", b"\n\na\n", b"a\n\n", b"a\n\nb\n\n\nc", b"a\r\nb\r\n",
         b"\r\n\r\na\r\n\r\n", b"x\ty\n\t\n \n", "é\n\nü".encode(),
         # bytes a separator begins or ends with (\xe2, \x85), in other characters
         "\u0145a \u2013 b\u00a0c\n".encode()]
ODD = [b"a\x0cb\n", b"a\rb\n", b"a\r\nb\nc\r\n", b"a\xe2\x80\xa8b", b"\xef\xbb\xbfa\n",
       b"a\x1cb", b"a\xc2\x85b\n", b"a\r"]


def _scan(data: bytes, size: int) -> tuple[Member, list[int]]:
    scan = _Scan(Member("x", Path("x")), blank=True)
    for start in range(0, len(data), size):
        scan.feed(data[start:start + size])
    return scan.finish(), scan.empty


@pytest.mark.parametrize("data", PLAIN)
def test_lines_and_empty_lines_are_counted_as_splitlines_counts_them(data: bytes):
    lines = data.decode().splitlines()
    for size in (1, 2, 3, 1 << 20):
        member, empty = _scan(data, size)
        assert not member.odd
        assert member.lines == len(lines)
        assert empty == [n for n, line in enumerate(lines, start=1) if not line]


@pytest.mark.parametrize("data", ODD)
def test_line_breaks_duckdb_reads_otherwise_are_found(data: bytes):
    for size in (1, 2, 1 << 20):
        assert _scan(data, size)[0].odd


def test_members_of_plain_gzip_and_zip_files(tmp_path: Path):
    plain = tmp_path / "a.tsv"
    plain.write_bytes(b"h\nx\n\ny\n")
    gzipped = tmp_path / "a.tsv.gz"
    gzipped.write_bytes(gzip.compress(plain.read_bytes()))
    zipped = tmp_path / "a.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("one.tsv", "h\nx\n")
        archive.writestr("dir/", "")
        archive.writestr("dir/two.tsv", "h\r\ny\r\n\r\n")
    with members(plain) as files:
        [member] = list(files)
        assert not member.scanned  # a plain file is scanned as DuckDB reads it
        assert (member.name, member.path, member.scan().lines, member.blank()) == (
            str(plain), plain, 4, [3])
    with members(gzipped) as files:
        [member] = list(files)
        assert (member.name, member.lines, member.blank()) == (str(gzipped), 4, [3])
    with members(zipped) as files:
        found = []
        for member in files:
            found.append((member.name, member.lines, member.blank(),
                          list(member.lines_at({2, 3}))))
    assert found == [(f"{zipped}!one.tsv", 2, [], [(2, "x")]),
                     (f"{zipped}!dir/two.tsv", 3, [3], [(2, "y"), (3, "")])]
