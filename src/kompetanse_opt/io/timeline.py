"""The report's timelines: one lane per cohort (or facilitator) on a dated axis.

The axis shows every month (abbreviated; a label is skipped where it would touch its neighbour)
and the year under January and the first month; public holidays and school holidays are shaded.
Gatherings are solid bars, half-day sessions (local, closing) outlined ones; each mark has a
tooltip. Python computes the geometry, ``templates/svg/timeline.svg.j2`` writes the markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from kompetanse_opt.io.labelling import text_width
from kompetanse_opt.io.templating import render


@dataclass(frozen=True)
class Mark:
    """A session on a lane: ``solid`` for a gathering, outlined for a half day."""

    start: date
    end: date
    text: str
    fill: str
    solid: bool = True
    kind: str = ""  # a css class (e.g. "politicians"), so tests and styles can tell marks apart


@dataclass(frozen=True)
class Lane:
    label: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Shade:
    """A closed period (holiday) shaded behind the lanes; ``end`` is its last day."""

    start: date
    end: date
    text: str


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _months(first: date, last: date) -> list[date]:
    out, month = [], first
    while month <= last:
        out.append(month)
        month = _next_month(month)
    return out


def _fit(label: str, room: float, size: float = 11) -> str:
    """``label`` cut with an ellipsis until it fits ``room`` pixels."""
    while len(label) > 4 and text_width(label, size) > room:
        label = label[:-2] + "…"
    return label


@dataclass(frozen=True)
class _Tick:
    x: float
    text_x: float
    text: str


def _spaced(ticks: list[_Tick], size: float) -> list[_Tick]:
    """The ticks whose centred labels keep 4 px from the label kept before them."""
    kept: list[_Tick] = []
    end = -1e9
    for tick in ticks:
        half = text_width(tick.text, size) / 2
        if tick.text_x - half >= end + 4:
            kept.append(tick)
            end = tick.text_x + half
    return kept


def _axis(
    months: list[date], names: Sequence[str], x: Callable[[date], float], left: float
) -> tuple[list[_Tick], list[_Tick]]:
    """Month labels centred in their months and year labels under January and the first."""
    centre = [(x(m) + x(_next_month(m))) / 2 for m in months]
    month_ticks = _spaced(
        [_Tick(x(m), c, names[m.month - 1]) for m, c in zip(months, centre, strict=True)], 10
    )
    year_ticks = _spaced(
        [
            _Tick(x(m), max(c, left + 16), str(m.year))
            for i, (m, c) in enumerate(zip(months, centre, strict=True))
            if i == 0 or m.month == 1
        ],
        10,
    )
    return month_ticks, year_ticks


def timeline_svg(
    lanes: Sequence[Lane],
    shades: Sequence[Shade],
    month_names: Sequence[str],
    *,
    title: str = "",
    width: int = 760,
    span: tuple[date, date] | None = None,
    css: str = "chart timeline",
    max_label: float = 170,
) -> str:
    """The timeline of ``lanes`` (empty string without a single mark); ``span`` (first, last
    day) gives several timelines one axis."""
    marks = [m for lane in lanes for m in lane.marks]
    if not marks:
        return ""
    first = min(m.start for m in marks) if span is None else min(span[0], *(m.start for m in marks))
    last = max(m.end for m in marks) if span is None else max(span[1], *(m.end for m in marks))
    first = first.replace(day=1)
    stop = _next_month(last)
    days = (stop - first).days
    label_width = min(max_label, max(60, max(text_width(lane.label, 11) for lane in lanes) + 10))
    left, top, row = label_width, 38, 24
    plot = width - left - 8
    height = top + row * len(lanes) + 4

    def x(day: date) -> float:
        return left + plot * (day - first).days / days

    months = _months(first, stop - timedelta(days=1))
    month_ticks, year_ticks = _axis(months, month_names, x, left)
    visible = [s for s in shades if s.end >= first and s.start < stop]
    shade_rects = [
        (x(max(s.start, first)), x(min(s.end + timedelta(days=1), stop)), s.text) for s in visible
    ]
    rows = []
    for i, lane in enumerate(lanes):
        y = top + i * row
        bars = [
            (x(m.start), max(5.0, x(m.end + timedelta(days=1)) - x(m.start)), m) for m in lane.marks
        ]
        rows.append({"y": y, "label": _fit(lane.label, left - 8), "full": lane.label, "bars": bars})
    return render(
        "svg/timeline.svg.j2",
        css=css,
        width=width,
        height=height,
        title=title,
        left=left,
        top=top,
        row=row,
        month_lines=[x(m) for m in months] + [x(stop)],
        month_ticks=month_ticks,
        year_ticks=year_ticks,
        shades=shade_rects,
        rows=rows,
    )
