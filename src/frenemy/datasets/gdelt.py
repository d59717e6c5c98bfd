"""GDELT: readers of GDELT 1.0 and 2.0 event files and GDELT 2.0 mentions files."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frenemy.datasets.rows import (
    cameo_code,
    dataset_event,
    open_lines,
    parse_float,
    parse_int,
    tsv,
)
from frenemy.errors import InputIssue
from frenemy.model import Event, content_hash
from frenemy.taxonomy import country_by_fips

__all__ = ["Mention", "gdelt_lines", "read_gdelt", "read_gdelt_line"]


@dataclass(frozen=True)
class Mention:
    """An article that reported an imported event (a GDELT 2.0 mentions row)."""

    event_id: str
    doc_id: str
    url: str
    outlet: str | None
    published: date | None
    sentence_index: int | None


# -- GDELT -------------------------------------------------------------------------------
def _gdelt_date(value: str) -> date:
    return date(int(value[:4]), int(value[4:6]), int(value[6:8]))


def _gdelt_row(fields: list[str]) -> Event:
    width = len(fields)
    if width not in (57, 58, 61):
        raise ValueError(f"{width} columns; GDELT events have 57, 58 or 61")
    geo = 8 if width == 61 else 7
    action = 5 + 20 + 10 + 2 * geo  # ActionGeo block
    actor = [fields[5:15], fields[15:25]]
    code = cameo_code(fields[26])
    lat, lon = parse_float(fields[action + geo - 3]), parse_float(fields[action + geo - 2])
    fips = fields[action + 2]
    country = country_by_fips().get(fips)
    return dataset_event(
        "gdelt", fields[0], _gdelt_date(fields[1]), code,
        source=actor[0][0] or None, source_name=actor[0][1] or None,
        source_country=actor[0][2] or None,
        target=actor[1][0] or None, target_name=actor[1][1] or None,
        target_country=actor[1][2] or None,
        goldstein=parse_float(fields[30]),
        num_mentions=parse_int(fields[31]), num_sources=parse_int(fields[32]),
        num_articles=parse_int(fields[33]),
        location_name=fields[action + 1] or None,
        location_country=country.code if country else None,
        location_lat=lat, location_lon=lon,
    )


def _gdelt_mention(fields: list[str]) -> Mention:
    """GlobalEventID, EventTimeDate, MentionTimeDate, MentionType, MentionSourceName,
    MentionIdentifier, SentenceID, ...: the article is identified by its URL or citation."""
    event_id, identifier = fields[0].strip(), fields[5].strip()
    if not event_id.isdigit() or not identifier:
        raise ValueError("a GDELT mentions row needs GlobalEventID and MentionIdentifier")
    sentence = parse_int(fields[6], default=0)
    return Mention(content_hash("gdelt", event_id), content_hash("gdelt-mention", identifier),
                   identifier, fields[4].strip() or None, _gdelt_date(fields[2]),
                   sentence - 1 if sentence > 0 else None)  # GDELT counts sentences from 1


def read_gdelt_line(member: str, number: int, line: str) -> Event | Mention | InputIssue | None:
    """The event or mention one line of a GDELT file holds, an issue, or None if blank."""
    if not line.strip():
        return None
    fields = tsv(line)
    try:
        return _gdelt_mention(fields) if len(fields) in (15, 16) else _gdelt_row(fields)
    except (ValueError, IndexError) as exc:
        return InputIssue(member, number, str(exc))


def gdelt_lines(member: str, lines: list[str]) -> Iterator[Event | Mention | InputIssue]:
    """What the lines of one GDELT file give: events, mentions and issues."""
    for number, line in enumerate(lines, start=1):
        item = read_gdelt_line(member, number, line)
        if item is not None:
            yield item


def read_gdelt(path: Path) -> Iterator[Event | Mention | InputIssue]:
    for member, lines in open_lines(path):
        yield from gdelt_lines(member, lines)
