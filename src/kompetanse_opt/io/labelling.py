"""Label placement with collision avoidance for the report's map and timeline.

Each label is tried at a ring of positions around its point (right, left, above, below and the
diagonals), first close and then further out with a leader line; the first position that stays
inside the drawing and overlaps neither a label placed before it nor another point's mark wins.
Labels are placed in priority order (venues first, then larger municipalities), and a label with
no free position is left out (its point keeps its tooltip). Text widths are estimated on the wide
side, so the boxes a browser draws are inside the boxes used here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

TextAnchor = Literal["start", "middle", "end"]

#: Relative glyph widths (in em) for a generous estimate of a sans-serif face.
_NARROW = set("iljtfrI.,:;'!|() ")
_WIDE = set("mwMWÆæØŒ@%")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An upper estimate of ``text``'s width in pixels at font size ``size``."""
    em = sum(0.42 if c in _NARROW else 0.98 if c in _WIDE else 0.66 for c in text)
    return em * size * (1.1 if bold else 1.0) + 2


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, pad: float = 1.0) -> bool:
        return not (
            self.x1 + pad <= other.x0
            or other.x1 + pad <= self.x0
            or self.y1 + pad <= other.y0
            or other.y1 + pad <= self.y0
        )

    def inside(self, bounds: Box) -> bool:
        return (
            self.x0 >= bounds.x0
            and self.y0 >= bounds.y0
            and self.x1 <= bounds.x1
            and self.y1 <= bounds.y1
        )


@dataclass(frozen=True)
class Anchor:
    """A point to label: its mark's radius, its text and how important it is (higher first)."""

    key: str
    text: str
    x: float
    y: float
    radius: float
    size: float = 11.0
    bold: bool = False
    priority: float = 0.0


@dataclass(frozen=True)
class PlacedLabel:
    """Where a label went: ``x``/``y`` are the text's anchor point and baseline."""

    key: str
    text: str
    x: float
    y: float
    anchor: TextAnchor
    box: Box
    bold: bool
    size: float
    leader: tuple[float, float, float, float] | None = None


#: Directions as (dx, dy) unit steps; right and left first (easiest to read), then the rest.
_DIRECTIONS: tuple[tuple[int, int], ...] = (
    (1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1),
)  # fmt: skip
_DISTANCES: tuple[float, ...] = (3.0, 12.0, 24.0, 38.0)


def _candidate(a: Anchor, dx: int, dy: int, gap: float) -> PlacedLabel:
    width = text_width(a.text, a.size, bold=a.bold)
    ascent, descent = a.size * 0.95, a.size * 0.3
    reach = a.radius + gap
    anchor: TextAnchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
    x = a.x + dx * reach * (0.75 if dy else 1.0)
    if dy == 0:
        y = a.y + a.size * 0.35
    elif dy < 0:
        y = a.y - reach * (0.75 if dx else 1.0) - descent
    else:
        y = a.y + reach * (0.75 if dx else 1.0) + ascent
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    box = Box(x0, y - ascent, x0 + width, y + descent)
    leader = None
    if gap > _DISTANCES[0]:
        edge_x = a.x + dx * a.radius * (0.75 if dy else 1.0)
        edge_y = a.y + dy * a.radius * (0.75 if dx else 1.0)
        end_x = min(max(a.x, box.x0), box.x1)
        end_y = min(max(a.y, box.y0), box.y1)
        leader = (edge_x, edge_y, end_x, end_y)
    return PlacedLabel(a.key, a.text, x, y, anchor, box, a.bold, a.size, leader)


def place_labels(
    anchors: Sequence[Anchor], marks: Sequence[tuple[str, Box]], bounds: Box
) -> list[PlacedLabel]:
    """Labels for ``anchors`` (highest priority first) that overlap no other label and no other
    key's mark (``marks``: (key, box)) and stay inside ``bounds``; the rest are left out."""
    placed: list[PlacedLabel] = []
    for a in sorted(anchors, key=lambda a: (-a.priority, a.key)):
        others = [box for key, box in marks if key != a.key]
        for gap in _DISTANCES:
            found = next(
                (
                    c
                    for dx, dy in _DIRECTIONS
                    if (c := _candidate(a, dx, dy, gap)).box.inside(bounds)
                    and not any(c.box.overlaps(p.box) for p in placed)
                    and not any(c.box.overlaps(box, 0.5) for box in others)
                ),
                None,
            )
            if found is not None:
                placed.append(found)
                break
    return placed
