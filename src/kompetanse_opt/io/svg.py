"""Inline SVG pictures for the report: a map of Vestland and bar charts.

No tiles, fonts or scripts: the report must open offline and from an e-mail attachment. The map
draws the land from ``data/vestland_land.json`` (Natural Earth 1:10m land, public domain, clipped
to Vestland and simplified by ``tools/build_vestland_map.py``) in an equirectangular projection
with longitudes scaled by cos(mean latitude), which keeps Vestland's shape right (at 61° N a
degree of longitude is half a degree of latitude). Labels are placed by :mod:`.labelling`, so no
two overlap. Python computes the geometry; the templates under ``templates/svg`` write the markup
(autoescaped), so callers can pass user data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kompetanse_opt.io.labelling import Anchor, Box, PlacedLabel, place_labels
from kompetanse_opt.io.templating import render, svg_number

#: Cohort colours: Okabe-Ito (colour-blind safe) first, then Tableau's, then they repeat.
PALETTE: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#9C755F", "#EDC948", "#76B7B2", "#FF9DA7",
)  # fmt: skip
UNASSIGNED = "#9E9E9E"


def colour(cohort: int | None) -> str:
    return UNASSIGNED if cohort is None else PALETTE[(cohort - 1) % len(PALETTE)]


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


@dataclass(frozen=True)
class LandData:
    """Land outlines as rings of (lon, lat), with the box they were clipped to."""

    rings: tuple[tuple[tuple[float, float], ...], ...]
    bbox: tuple[float, float, float, float]
    source: str
    licence: str


@cache
def vestland_land() -> LandData:
    """The shipped land of Vestland (see ``tools/build_vestland_map.py``)."""
    raw = json.loads(files("kompetanse_opt.data").joinpath("vestland_land.json").read_text())
    rings = tuple(tuple((float(x), float(y)) for x, y in ring) for ring in raw["rings"])
    return LandData(rings, tuple(raw["bbox"]), raw["source"], raw["licence"])


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


def _padded(points: Sequence[MapPoint]) -> list[tuple[float, float]]:
    """The points' box with a margin of about 15 km, as two corners (lat, lon)."""
    lats = [p.lat for p in points] or [0.0]
    lons = [p.lon for p in points] or [0.0]
    return [(min(lats) - 0.15, min(lons) - 0.3), (max(lats) + 0.15, max(lons) + 0.3)]


def _land_paths(project: Projection, corners: list[tuple[float, float]]) -> list[str]:
    """SVG path data of the land rings when the map's box lies over the shipped land."""
    land = vestland_land()
    (lat0, lon0), (lat1, lon1) = corners
    west, south, east, north = land.bbox
    if lon1 < west or lon0 > east or lat1 < south or lat0 > north:
        return []
    paths = []
    for ring in land.rings:
        xy = [project(lat, lon) for lon, lat in ring]
        steps = " L".join(f"{svg_number(x)} {svg_number(y)}" for x, y in xy)
        paths.append(f"M{steps}Z")
    return paths


@dataclass(frozen=True)
class _Dot:
    key: str
    x: float
    y: float
    r: float
    fill: str
    tooltip: str


def map_svg(
    municipalities: Sequence[MapPoint],
    venues: Sequence[MapPoint],
    lines: Sequence[MapLine] = (),
    *,
    width: int = 640,
    title: str = "",
    font: float = 11.0,
    css: str = "map",
) -> str:
    """Land, municipalities as dots coloured by cohort (area by weight), venues as squares, and
    every label that fits without overlapping another (``font``: the labels' size in the
    drawing's units; ``css``: the svg element's class)."""
    corners = _padded([*municipalities, *venues])
    k = math.cos(math.radians((corners[0][0] + corners[1][0]) / 2))
    aspect = (corners[1][0] - corners[0][0]) / max((corners[1][1] - corners[0][1]) * k, 1e-6)
    height = round(min(max(width * aspect, 320), width * 1.8))
    project = Projection(corners, width, height, margin=8)
    heaviest = max((p.weight for p in municipalities), default=1) or 1
    dots = []
    for p in municipalities:
        x, y = project(p.lat, p.lon)
        r = 3.5 + 6 * math.sqrt(max(p.weight, 0) / heaviest)
        dots.append(_Dot(p.key, x, y, r, colour(p.cohort), p.tooltip or p.label))
    squares = [_Dot(v.key, *project(v.lat, v.lon), 6, "#222", v.tooltip or v.label) for v in venues]
    marks = [(d.key, Box(d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r)) for d in (*dots, *squares)]
    anchors = [
        Anchor(f"v:{v.key}", v.label, s.x, s.y, s.r, font + 1.5, True, 1e9)
        for v, s in zip(venues, squares, strict=True)
    ]
    marks += [(f"v:{v.key}", box) for v, (_, box) in zip(venues, marks[len(dots) :], strict=True)]
    anchors += [
        Anchor(p.key, p.label, d.x, d.y, d.r, font, False, p.weight)
        for p, d in zip(municipalities, dots, strict=True)
    ]
    labels: list[PlacedLabel] = place_labels(anchors, marks, Box(2, 2, width - 2, height - 2))
    segments = []
    for line in lines:
        x1, y1 = project(line.lat1, line.lon1)
        x2, y2 = project(line.lat2, line.lon2)
        segments.append((x1, y1, x2, y2, line.dashed))
    return render(
        "svg/map.svg.j2",
        css=css,
        width=width,
        height=height,
        title=title,
        land=_land_paths(project, corners),
        segments=segments,
        dots=dots,
        squares=squares,
        labels=labels,
        hidden=len(anchors) - len(labels),
    )


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
    row, label_width, value_width = 24, 130, 70
    height = 12 + row * max(1, len(bars))
    biggest = max((b.value for b in bars), default=0) or 1
    plot = width - label_width - value_width
    rows = [
        {
            "y": 6 + i * row,
            "w": max(0.0, plot * b.value / biggest),
            "label": _short(b.label, 18),
            "full": b.label,
            "fill": b.colour,
            "shown": b.text or svg_number(b.value),
        }
        for i, b in enumerate(bars)
    ]
    return render(
        "svg/bars.svg.j2",
        width=width,
        height=height,
        title=title,
        rows=rows,
        row=row,
        label_width=label_width,
    )
