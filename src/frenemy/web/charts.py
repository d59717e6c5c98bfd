"""Charts: the dashboard's SVG pictures (timelines and the network), drawn on the server.

Every label passes through ``escape``: the pictures carry no markup from the data. Bars carry
their period's dates (``data-since``, ``data-until``) and link to the page filtered to them, so
choosing a period works with or without JavaScript.
"""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import Any
from urllib.parse import urlencode

__all__ = ["timeline_svg", "network_svg", "fill_periods", "QUAD_COLOURS", "period_end"]

QUAD_COLOURS = ("#7fb3d5", "#1f618d", "#f5b041", "#c0392b")  # verbal/material coop/conflict
QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict",
              "material conflict")
BLOC_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
                "#bcbd22")


def period_end(start: date, by: str) -> date:
    """The last day of the period that starts on ``start``."""
    if by == "day":
        return start
    if by == "week":
        return start + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}[by]
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def period_label(start: date, by: str) -> str:
    """The period's usual name: 2022-10-03, 2022-W40, 2022-10, 2022-Q4 or 2022."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    return {"day": start.isoformat(), "month": start.strftime("%Y-%m"),
            "quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}",
            "year": str(start.year)}[by]


def fill_periods(periods: list[dict[str, Any]], by: str, limit: int = 400
                 ) -> list[dict[str, Any]]:
    """The periods with the empty ones between them put back, so that the time axis is
    even (unless that would make more than ``limit`` bars)."""
    if len(periods) < 2:
        return periods
    have = {p["start"]: p for p in periods}
    filled, day = [], date.fromisoformat(periods[0]["start"])
    last = date.fromisoformat(periods[-1]["start"])
    while day <= last:
        filled.append(have.get(day.isoformat()) or {"start": day.isoformat(),
                                                   "counts": [0, 0, 0, 0], "score": None})
        if len(filled) > limit:
            return periods
        day = period_end(day, by) + timedelta(days=1)
    return filled


def timeline_svg(periods: list[dict[str, Any]], by: str, link: str = "",
                 selected: tuple[date | None, date | None] = (None, None),
                 width: int = 860, height: int = 260) -> str:
    """Stacked bars of the four quad classes per period and, where periods have one, the
    cooperation-conflict score as a line on its own axis (-1 to +1).

    ``periods``: dicts with ``start`` (ISO date), ``counts`` (four numbers) and optionally
    ``score`` and ``period`` (its label)."""
    if not periods:
        return ('<svg class="chart empty" xmlns="http://www.w3.org/2000/svg" width="300" '
                'height="40" role="img"><text x="4" y="24">No events in this range</text></svg>')
    left, right, top, bottom = 40, 40, 12, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    peak = max(sum(p["counts"]) for p in periods) or 1
    slot = inner_w / len(periods)
    bar = max(slot * 0.8, 1.0)
    parts = [f'<svg class="chart timeline" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             f'aria-label="events per {escape(by)} by quad class, and the score">',
             f'<line class="axis" x1="{left}" y1="{top + inner_h}" x2="{left + inner_w}" '
             f'y2="{top + inner_h}"/>',
             f'<text class="tick" x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}</text>',
             f'<text class="tick" x="{left - 4}" y="{top + inner_h}" text-anchor="end">0</text>']
    since, until = selected
    points = []
    label_every = max(1, len(periods) // 12)
    for i, period in enumerate(periods):
        start = date.fromisoformat(period["start"])
        end = period_end(start, by)
        chosen = bool((since or until) and (since is None or start >= since)
                      and (until is None or end <= until))
        x = left + i * slot + (slot - bar) / 2
        query = urlencode({"since": start.isoformat(), "until": end.isoformat(), "by": by})
        label = escape(str(period.get("period") or period_label(start, by)))
        parts.append(f'<a class="period{" selected" if chosen else ""}" href="{escape(link)}?'
                     f'{escape(query)}" data-since="{start.isoformat()}" '
                     f'data-until="{end.isoformat()}" data-index="{i}">')
        total = sum(period["counts"])
        parts.append(f"<title>{label}: {total} events "
                     + escape(", ".join(f"{n} {name}" for n, name in
                                        zip(period["counts"], QUAD_NAMES, strict=True)))
                     + (f"; score {period['score']:+.2f}" if period.get("score") is not None
                        else "") + "</title>")
        # A transparent column makes the whole slot clickable, not only the bars.
        parts.append(f'<rect class="hit" x="{left + i * slot:.1f}" y="{top}" '
                     f'width="{slot:.1f}" height="{inner_h}" fill="transparent"/>')
        y = top + inner_h
        for count, colour, name in zip(period["counts"], QUAD_COLOURS, QUAD_NAMES, strict=True):
            if not count:
                continue
            h = inner_h * count / peak
            y -= h
            parts.append(f'<rect class="bar q{QUAD_COLOURS.index(colour) + 1}" x="{x:.1f}" '
                         f'y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                         f'<title>{label}: {count} {name}</title></rect>')
        parts.append("</a>")
        if i % label_every == 0:
            parts.append(f'<text class="tick" x="{left + i * slot + slot / 2:.1f}" '
                         f'y="{top + inner_h + 14}" text-anchor="middle">{label}</text>')
        if period.get("score") is not None:
            points.append((left + i * slot + slot / 2,
                           top + inner_h * (1 - period["score"]) / 2))
    if points:
        path = " ".join(f"{'M' if n == 0 else 'L'}{x:.1f},{y:.1f}"
                        for n, (x, y) in enumerate(points))
        parts.append(f'<path class="score" d="{path}" fill="none" stroke="#111" '
                     'stroke-width="2"/>')
        parts += [f'<circle class="score-point" cx="{x:.1f}" cy="{y:.1f}" r="3"/>'
                  for x, y in points]
        parts += [f'<text class="tick" x="{left + inner_w + 4}" y="{top + 8}">+1</text>',
                  f'<text class="tick" x="{left + inner_w + 4}" y="{top + inner_h / 2 + 4}">0'
                  '</text>',
                  f'<text class="tick" x="{left + inner_w + 4}" y="{top + inner_h}">-1</text>']
    parts.append("</svg>")
    return "".join(parts)


def network_svg(result: dict[str, Any], link: str = "/actor/", width: int = 760,
                height: int = 560) -> str:
    """Countries placed by the layout, coloured by bloc; green edges friends, red foes."""
    positions = result.get("positions") or {}
    if not positions:
        return ('<svg class="chart empty" xmlns="http://www.w3.org/2000/svg" width="300" '
                'height="40" role="img"><text x="4" y="24">No ties in this range</text></svg>')
    bloc_of = {code: n for n, bloc in enumerate(result.get("blocs", [])) for code in bloc}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def place(code: str) -> tuple[float, float]:
        x, y = positions[code]
        return (40 + (width - 80) * (x - min(xs)) / span_x,
                30 + (height - 60) * (y - min(ys)) / span_y)

    parts = [f'<svg class="chart network" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
             'aria-label="signed network of countries">']
    for edge in result.get("edges", []):
        (x1, y1), (x2, y2) = place(edge["a"]), place(edge["b"])
        sign = "friend" if edge["weight"] > 0 else "foe"
        parts.append(f'<line class="edge {sign}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
                     f'y2="{y2:.1f}" stroke="{"#2e8b57" if sign == "friend" else "#c0392b"}" '
                     f'stroke-width="{1 + 3 * abs(edge["weight"]):.1f}">'
                     f'<title>{escape(edge["a"])}-{escape(edge["b"])}: {edge["weight"]:+.2f}, '
                     f'{edge["events"]} events</title></line>')
    for code in sorted(positions):
        x, y = place(code)
        colour = BLOC_COLOURS[bloc_of[code] % len(BLOC_COLOURS)] if code in bloc_of else "#888"
        parts.append(f'<a href="{escape(link + code)}"><circle class="node" cx="{x:.1f}" '
                     f'cy="{y:.1f}" r="9" fill="{colour}"><title>{escape(code)}'
                     f'{f", bloc {bloc_of[code] + 1}" if code in bloc_of else ""}</title></circle>'
                     f'<text class="label" x="{x + 11:.1f}" y="{y + 4:.1f}">{escape(code)}</text>'
                     "</a>")
    parts.append("</svg>")
    return "".join(parts)
