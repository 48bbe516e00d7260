"""What the instance page shows, as plain data for the templates: the map (SVG from
:func:`kompetanse_opt.io.svg.map_svg`), the timelines per cohort, venue and facilitator (geometry
here, drawn by ``templates/timeline.html``), the plan's tables (the same :func:`plan_tables` the
workbook and the report render: cohorts, groups per gathering, schedule, budget, rules with this
plan's state per rule; the learning path as the report's builder gives it), every violation by
label, and the choices the edit forms offer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from kompetanse_opt.check import check
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.svg import MapPoint, colour, map_svg
from kompetanse_opt.io.tables import Table
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, Result
from kompetanse_opt.rules.registry import label_of
from kompetanse_opt.web.edits import PIN_KINDS, pin_list
from kompetanse_opt.web.workspace import Version


@dataclass(frozen=True)
class TableView:
    key: str
    title: str
    headers: list[str]
    numeric: list[bool]
    rows: list[list[str]]


def cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def table_view(table: Table) -> TableView:
    return TableView(
        table.key,
        table.title,
        [c.title for c in table.columns],
        [c.kind in ("int", "float") for c in table.columns],
        [[cell_text(v) for v in row] for row in table.rows],
    )


def map_html(instance: Instance, plan: Plan) -> Markup:
    cohort_of = plan.cohort_of_municipality()
    sizes = instance.participants_per_municipality()
    points = [
        MapPoint(
            m.id,
            m.name,
            m.lat,
            m.lon,
            cohort_of.get(m.id),
            sizes.get(m.id, 0),
            f"{m.name} ({m.id}): cohort {cohort_of.get(m.id, '-')}, {sizes.get(m.id, 0)} people",
        )
        for m in instance.municipalities
    ]
    venues = [MapPoint(v.id, v.name, v.lat, v.lon) for v in instance.venues]
    # map_svg escapes every name it writes (io/svg.py): its output is markup.
    return Markup(map_svg(points, venues, title="Municipalities by cohort, and the venues"))


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    text: str
    fill: str


@dataclass(frozen=True)
class Timeline:
    """One timeline's geometry; ``templates/timeline.html`` draws it (autoescaped)."""

    by: str
    width: int
    height: int
    left: int
    ticks: list[tuple[float, str]]
    lanes: list[tuple[str, list[Bar]]]


def _lanes(
    plan: Plan, instance: Instance, by: str
) -> dict[str, list[tuple[dt.date, dt.date, str, str]]]:
    venue_name = {v.id: v.name for v in instance.venues}
    lanes: dict[str, list[tuple[dt.date, dt.date, str, str]]] = {}
    for c in plan.cohorts:
        for g in c.gatherings:
            if not g.dates:
                continue
            where = venue_name.get(g.venue, g.venue)
            text = f"cohort {c.id}, gathering {g.index} at {where}: {g.dates[0].isoformat()}"
            keys = {"cohort": [f"cohort {c.id}"], "venue": [where], "facilitator": g.facilitators}
            for key in keys[by]:
                lanes.setdefault(key, []).append((g.dates[0], g.dates[-1], text, colour(c.id)))
    return lanes


def timeline(by: str, lanes: dict[str, list[tuple[dt.date, dt.date, str, str]]]) -> Timeline:
    """Lanes on a shared axis by month: one bar per gathering, coloured by cohort."""
    first = min(start for marks in lanes.values() for start, *_ in marks).replace(day=1)
    last = max(end for marks in lanes.values() for _, end, *_ in marks)
    days = max((last - first).days + 1, 1)
    width, left, row, top = 860, 160, 24, 28
    plot = width - left - 10

    def x(day: dt.date) -> float:
        return round(left + plot * (day - first).days / days, 1)

    ticks, month = [], first
    while month <= last:
        ticks.append((x(month), month.strftime("%b %Y" if month.month == 1 else "%b")))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    rows = [
        (
            label,
            [Bar(x(a), max(x(b + dt.timedelta(days=1)) - x(a), 3), t, f) for a, b, t, f in marks],
        )
        for label, marks in sorted(lanes.items())
    ]
    return Timeline(by, width, top + row * len(rows) + 6, left, ticks, rows)


def timelines(instance: Instance, plan: Plan) -> list[Timeline]:
    """One timeline per cohort, per venue and per facilitator (dated plans only)."""
    out = []
    for by in ("cohort", "venue", "facilitator"):
        lanes = _lanes(plan, instance, by)
        if lanes:
            out.append(timeline(by, lanes))
    return out


def violations(instance: Instance, plan: Plan) -> list[dict[str, str]]:
    return [{"rule": label_of(v.rule), "message": v.message} for v in check(instance, plan)]


def _tables(instance: Instance, result: Result) -> list[TableView]:
    from kompetanse_opt.io.report_learning import hours_table, learning_path_tables
    from kompetanse_opt.io.sections import build_view, plan_tables

    view = build_view(instance, result, lang="en")
    tables = [t for t in plan_tables(view) if not t.key.startswith("learning_")]
    # the learning path as the report shows it: names, main module, speakers; then the hours
    tables += [*learning_path_tables(view), *filter(None, [hours_table(view)])]
    return [table_view(t) for t in tables if t.rows]


def budget_view(instance: Instance, plan: Plan) -> dict[str, Any]:
    """The budget priced from the plan (the budget's lines, or the seed's scaled to the
    instance; contributions; the participants' own nights and travel; prices per participant)."""
    from kompetanse_opt.api import budget

    table = budget(instance, plan)
    rows = [("cost", r) for r in table.lines] + [("contribution", r) for r in table.contributions]
    rows += [("participants' own", r) for r in table.participant_costs]
    return {
        "rows": [(part, r.label, r.amount, r.basis) for part, r in rows],
        "figures": [
            ("total", table.total),
            ("after contributions", table.after_contributions),
            ("price per participant with support", table.price_with_support),
            ("price per participant without support", table.price_without_support),
            (
                "full cost per participant (with their nights and travel)",
                table.full_cost_per_participant,
            ),
        ],
    }


def choices(instance: Instance, plan: Plan | None) -> dict[str, Any]:
    """What the edit and pin forms offer."""
    cohort_of = plan.cohort_of_municipality() if plan else {}
    pinned = {
        p["values"].get("municipality") for p in pin_list(instance) if p["kind"] == "municipality"
    }
    return {
        "municipalities": [
            {"id": m.id, "name": m.name, "cohort": cohort_of.get(m.id), "pinned": m.id in pinned}
            for m in sorted(instance.municipalities, key=lambda m: m.name)
        ],
        "cohorts": [c.id for c in plan.cohorts] if plan else [],
        "venues": [{"id": v.id, "name": v.name} for v in instance.venues],
        "gatherings": [
            {"cohort": c.id, "index": g.index, "venue": g.venue}
            for c in plan.cohorts
            for g in c.gatherings
        ]
        if plan
        else [],
        "facilitators": [f.id for f in instance.facilitators],
        "pin_kinds": {k: v.title for k, v in PIN_KINDS.items()},
        "pins": pin_list(instance),
    }


def instance_page(version: Version) -> dict[str, Any]:
    """Everything the instance page shows of one version."""
    instance, result = version.instance(), version.result()
    plan = None if result is None else result.plan
    context: dict[str, Any] = {
        "version": version,
        "instance": instance,
        "result": result,
        "plan": plan,
        "choices": choices(instance, plan),
    }
    if result is not None and plan is not None:
        context.update(
            map=map_html(instance, plan),
            timelines=timelines(instance, plan),
            violations=violations(instance, plan),
            tables=_tables(instance, result),
            budget=budget_view(instance, plan),
        )
    return context
