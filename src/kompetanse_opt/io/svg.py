"""Inline SVG pictures for the report: a map and bar charts, as plain strings.

No tiles, fonts or scripts: the report must open offline and from an e-mail attachment. The map
uses an equirectangular projection with longitudes scaled by cos(mean latitude), which keeps
Vestland's shape right (at 61° N a degree of longitude is half a degree of latitude). Every text
is escaped here, so callers can pass user data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

#: Cohort colours: Okabe-Ito (colour-blind safe) first, then Tableau's, then they repeat.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#EDC948", "#76B7B2", "#FF9DA7",
)  # fmt: skip
UNASSIGNED = "#9E9E9E"


def colour(cohort: int | None) -> str:
    return UNASSIGNED if cohort is None else PALETTE[(cohort - 1) % len(PALETTE)]


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class MapPoint:
    key: str
    label: str
    lat: float
    lon: float
    cohort: int | None = None
    weight: int = 1
    tooltip: str = ""


@dataclass(frozen=True)
class MapLine:
    lat1: float
    lon1: float
    lat2: float
    lon2: float
    dashed: bool = False


class Projection:
    """Fits (lat, lon) into a width x height box with a margin, north up."""

    def __init__(
        self, points: Sequence[tuple[float, float]], width: int, height: int, margin: int
    ) -> None:
        lats = [p[0] for p in points] or [0.0]
        lons = [p[1] for p in points] or [0.0]
        self.k = math.cos(math.radians((min(lats) + max(lats)) / 2))
        self.lat_max, self.lon_min = max(lats), min(lons)
        span_x = max((max(lons) - min(lons)) * self.k, 1e-6)
        span_y = max(max(lats) - min(lats), 1e-6)
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        # Centre the drawing in the box along the axis with room to spare.
        self.dx = margin + ((width - 2 * margin) - span_x * self.scale) / 2
        self.dy = margin + ((height - 2 * margin) - span_y * self.scale) / 2

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.dx + (lon - self.lon_min) * self.k * self.scale
        y = self.dy + (self.lat_max - lat) * self.scale
        return x, y


def map_svg(
    municipalities: Sequence[MapPoint],
    venues: Sequence[MapPoint],
    lines: Sequence[MapLine] = (),
    *,
    width: int = 760,
    height: int = 820,
    title: str = "",
) -> str:
    """Municipalities as dots coloured by cohort (area by weight), venues as labelled squares."""
    project = Projection(
        [(p.lat, p.lon) for p in (*municipalities, *venues)], width, height, margin=40
    )
    parts = [
        f'<svg class="map" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" width="100%">',
        f'<rect width="{width}" height="{height}" fill="#F4F8FB" rx="6"/>',
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append('<g class="network">')
    for line in lines:
        x1, y1 = project(line.lat1, line.lon1)
        x2, y2 = project(line.lat2, line.lon2)
        style = 'stroke="#6FA8DC" stroke-dasharray="4 3"' if line.dashed else 'stroke="#C9CED3"'
        parts.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" {style} '
            'stroke-width="1.2"/>'
        )
    parts.append("</g>")
    heaviest = max((p.weight for p in municipalities), default=1) or 1
    parts.append('<g class="municipalities">')
    for p in municipalities:
        x, y = project(p.lat, p.lon)
        r = 4 + 8 * math.sqrt(max(p.weight, 0) / heaviest)
        parts.append(
            f'<g class="municipality" data-id="{escape(p.key)}">'
            f"<title>{escape(p.tooltip or p.label)}</title>"
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{colour(p.cohort)}" '
            'fill-opacity="0.85" stroke="#fff" stroke-width="1"/>'
            f'<text x="{_num(x + r + 2)}" y="{_num(y + 3)}" class="label">{escape(p.label)}</text>'
            "</g>"
        )
    parts.append("</g>")
    parts.append('<g class="venues">')
    for v in venues:
        x, y = project(v.lat, v.lon)
        parts.append(
            f'<g class="venue" data-id="{escape(v.key)}">'
            f"<title>{escape(v.tooltip or v.label)}</title>"
            f'<rect x="{_num(x - 7)}" y="{_num(y - 7)}" width="14" height="14" fill="#222" '
            'stroke="#fff" stroke-width="2"/>'
            f'<text x="{_num(x - 10)}" y="{_num(y - 10)}" text-anchor="end" '
            f'class="venue-label">{escape(v.label)}</text></g>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _short(label: str, limit: int = 22) -> str:
    """Long labels would run off the chart's left edge: cut them (the tooltip has them whole)."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str = PALETTE[0]
    text: str = ""  # the value as shown; default: the number


def bar_chart_svg(bars: Sequence[Bar], *, title: str = "", width: int = 440) -> str:
    """A horizontal bar chart with the labels left and the values at the bar ends."""
    row, label_width, value_width = 24, 120, 64
    height = 12 + row * max(1, len(bars))
    biggest = max((b.value for b in bars), default=0) or 1
    plot = width - label_width - value_width
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    for i, b in enumerate(bars):
        y = 6 + i * row
        w = max(0.0, plot * b.value / biggest)
        shown = b.text or _num(b.value)
        parts.append(
            f'<g class="bar"><text x="{label_width - 8}" y="{y + 16}" text-anchor="end" '
            f'class="label">{escape(_short(b.label))}<title>{escape(b.label)}</title></text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{_num(w)}" height="{row - 8}" '
            f'fill="{b.colour}" rx="2"/>'
            f'<text x="{_num(label_width + w + 6)}" y="{y + 16}" class="value">'
            f"{escape(shown)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    text: str


def timeline_svg(
    lanes: Sequence[tuple[str, str, Sequence[Span]]], *, title: str = "", width: int = 760
) -> str:
    """One lane per (label, colour, spans): sessions as marks on a shared date axis by month."""
    spans = [s for _, _, lane in lanes for s in lane]
    if not spans:
        return ""
    first = min(s.start for s in spans).replace(day=1)
    last = max(s.end for s in spans)
    days = max((last - first).days + 1, 1)
    row, left, top = 28, 110, 24
    height = top + row * len(lanes) + 8
    plot = width - left - 12

    def x(day: date) -> float:
        return left + plot * (day - first).days / days

    parts = [
        f'<svg class="chart timeline" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" width="100%">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    month = first
    while month <= last:
        parts.append(
            f'<line x1="{_num(x(month))}" y1="{top - 6}" x2="{_num(x(month))}" y2="{height}" '
            f'stroke="#DDD"/><text x="{_num(x(month) + 3)}" y="{top - 10}" class="tick">'
            f"{month.strftime('%Y-%m')}</text>"
        )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for i, (label, fill, lane) in enumerate(lanes):
        y = top + i * row
        parts.append(
            f'<text x="{left - 8}" y="{y + 17}" text-anchor="end" class="label">'
            f"{escape(label)}</text>"
        )
        for s in lane:
            w = max(4.0, x(s.end) - x(s.start) + plot / days)
            parts.append(
                f'<rect x="{_num(x(s.start))}" y="{y + 5}" width="{_num(w)}" height="{row - 10}" '
                f'fill="{fill}" rx="2"><title>{escape(s.text)}</title></rect>'
            )
    parts.append("</svg>")
    return "".join(parts)
