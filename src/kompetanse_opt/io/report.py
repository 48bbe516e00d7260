"""The plan as one self-contained HTML page for the steering group: open, print, forward.

Everything is inline (CSS and SVG); there are no scripts and no external addresses, and a
Content-Security-Policy forbids loading anything, so the page works offline and from an e-mail.
The page is rendered from Jinja2 templates (``templates/report.html.j2`` and the macros of
``templates/parts.html.j2``) with autoescaping on, so a participant named ``<script>`` is shown as
text. Key figures come first; sections appear only when there is data for them. The layout fits a
375 px phone without sideways scrolling (wide tables scroll inside their own box) and prints on A4.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kompetanse_opt.core.files import write_text_atomic
from kompetanse_opt.io.formatting import format_cell
from kompetanse_opt.io.labels import Labels, sort_key
from kompetanse_opt.io.report_parts import (
    budget_section,
    cohort_lanes,
    facilitator_lanes,
    facilitator_name,
    groups_by_name,
    holiday_shades,
    key_cards,
    mixing_people_table,
    mixing_table,
    plan_period,
)
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.rules_table import rules_table
from kompetanse_opt.io.sections import (
    budget_table,
    politician_sessions_table,
    schedule_table,
    session_label,
)
from kompetanse_opt.io.svg import Bar, MapLine, MapPoint, bar_chart_svg, colour, map_svg
from kompetanse_opt.io.tables import (
    Column,
    PlanView,
    Table,
    municipalities_table,
    participants_table,
    reasons_table,
)
from kompetanse_opt.io.templating import environment, render
from kompetanse_opt.io.timeline import timeline_svg
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.travel import default_graph

__all__ = ["format_cell", "render_report", "sections", "table_html", "write_report"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _parts() -> Any:
    return environment().get_template("parts.html.j2").module


def table_context(table: Table, labels: Labels, *, collapsed: bool = False) -> dict[str, Any]:
    """A table as the ``table`` macro takes it: texts formatted, numbers marked for alignment."""
    return {
        "key": table.key,
        "head": [(c.title, c.kind in ("int", "float")) for c in table.columns],
        "rows": [
            {
                "cells": [(format_cell(v, labels), isinstance(v, int | float)) for v in row],
                "css": "total" if row and row[0] in _TOTAL_WORDS else "",
            }
            for row in table.rows
        ],
        "summary": labels("show_all", n=len(table.rows)) if collapsed else "",
    }


_TOTAL_WORDS = {"Sum", "Total", "Sum etter tilskudd", "Total after contributions"}


def table_html(table: Table, labels: Labels, *, collapsed: bool = False) -> Markup:
    """A table; numbers right-aligned. ``collapsed`` puts a long table behind a summary line."""
    return Markup(_parts().table(table_context(table, labels, collapsed=collapsed)))


def _network_lines(view: PlanView) -> list[MapLine]:
    """The shipped road and ferry graph as a faint background, when it is the one in use."""
    settings = view.instance.travel
    if settings.matrix is not None or settings.matrix_file or settings.graph_file:
        return []
    graph = default_graph()
    lines = []
    for a, b, edge in graph.edges(data=True):
        na, nb = graph.nodes[a], graph.nodes[b]
        if "lat" in na and "lat" in nb:
            lines.append(
                MapLine(na["lat"], na["lon"], nb["lat"], nb["lon"], edge.get("kind") == "ferry")
            )
    return lines


def map_section(view: PlanView, plan: Plan, text: ReportText) -> Markup:
    t = view.labels
    cohort_of = plan.cohort_of_municipality()
    sizes = view.instance.participants_per_municipality()
    points = []
    for m in view.instance.municipalities:
        cohort = cohort_of.get(m.id)
        where = text("cohort_n", n=cohort) if cohort else "-"
        tip = f"{m.name}: {where}, {sizes.get(m.id, 0)} {t('participants').lower()}"
        points.append(MapPoint(m.id, m.name, m.lat, m.lon, cohort, sizes.get(m.id, 0), tip))
    venues = [MapPoint(v.id, v.name, v.lat, v.lon) for v in view.instance.venues]
    svg = Markup(map_svg(points, venues, _network_lines(view), title=text("map_title")))
    legend = [(colour(c.id), f"{text('cohort_n', n=c.id)} ({c.size})") for c in plan.cohorts]
    legend.append(("", f"■ {t('venue_legend')}"))
    notes = [text("map_note")]
    shown = svg.count('class="map-label')
    hidden = len(points) + len(venues) - shown
    if hidden > 0:
        notes.append(text("map_hidden", n=hidden))
    return Markup(_parts().map_block(svg, legend, notes))


def charts_html(view: PlanView, plan: Plan, text: ReportText) -> Markup:
    t = view.labels
    sizes = [Bar(text("cohort_n", n=c.id), c.size, colour(c.id)) for c in plan.cohorts]
    travel = [
        Bar(
            text("cohort_n", n=c.id),
            view.cohort_travel(c) / 60,
            colour(c.id),
            format_cell(round(view.cohort_travel(c) / 60, 1), t),
        )
        for c in plan.cohorts
    ]
    per = view.minutes_per_municipality()
    cohort_of = plan.cohort_of_municipality()
    worst = sorted(per, key=lambda m: (-per[m], m))[:12]
    longest = [
        Bar(view.municipality_name(m), per[m], colour(cohort_of[m]), f"{per[m]} {t('minutes')}")
        for m in worst
    ]
    parts = _parts()
    out = [
        parts.heading(t(key)) + Markup(bar_chart_svg(bars, title=t(key)))
        for key, bars in (
            ("chart_sizes", sizes),
            ("chart_travel", travel),
            ("chart_longest", longest),
        )
    ]
    return Markup("").join(out)


def cohort_cards(view: PlanView, plan: Plan, text: ReportText) -> Markup:
    t = view.labels
    sizes = view.instance.participants_per_municipality()
    dates: dict[int, list[str]] = {}
    for s in sorted(view.extras.schedule, key=lambda s: s.start):
        dates.setdefault(s.cohort, []).append(f"{session_label(t, s)}: {s.start.isoformat()}")
    cards = []
    for c in plan.cohorts:
        each = view.minutes_each(c)
        members = sorted(c.municipalities, key=lambda m: sort_key(view.municipality_name(m)))
        table = Table(
            f"cohort-{c.id}",
            "",
            (
                Column(t("municipality")),
                Column(t("participant_count"), "int"),
                Column(t("travel_each"), "int"),
            ),
            tuple((view.municipality_name(m), sizes.get(m, 0), each[m]) for m in members),
        )
        cards.append(
            {
                "colour": colour(c.id),
                "title": f"{text('cohort_n', n=c.id)}: {c.size} {t('participants').lower()}",
                "venues": ", ".join(
                    f"{t('gathering_n', n=g.index)}: {view.venue_name(g.venue)}"
                    for g in sorted(c.gatherings, key=lambda g: g.index)
                ),
                "dates": dates.get(c.id, []),
                "table": table_context(table, t),
            }
        )
    return Markup(_parts().cohort_cards(cards))


def timeline_html(view: PlanView, text: ReportText) -> Markup:
    """The timelines per cohort and per facilitator, holidays shaded, with a legend."""
    period = plan_period(view)
    if period is None:
        return Markup("")
    shades = holiday_shades(view, text, *period)
    parts = _parts()
    out = Markup("")
    for title, lanes in (
        (text("timeline_cohorts"), cohort_lanes(view, text)),
        (text("timeline_facilitators"), facilitator_lanes(view, text)),
    ):
        svg = timeline_svg(lanes, shades, text.months(), title=title, span=period)
        if svg:
            out += parts.heading(title) + Markup(svg)
    return out + Markup(parts.text([text("timeline_legend")]))


def facilitators_html(view: PlanView, text: ReportText) -> Markup:
    """Facilitators by name: the gatherings each one runs."""
    t = view.labels
    rows = [
        (facilitator_name(view, f.facilitator), text("cohort_n", n=f.cohort), f.gathering)
        for f in sorted(
            view.extras.facilitators,
            key=lambda f: (sort_key(facilitator_name(view, f.facilitator)), f.cohort, f.gathering),
        )
    ]
    table = Table(
        "facilitators",
        t("facilitators"),
        (Column(t("facilitator")), Column(t("cohort")), Column(t("gathering"), "int")),
        tuple(rows),
    )
    return table_html(table, t)


def terms_html(view: PlanView, text: ReportText) -> Markup:
    """The objective in plain words: what each term measures, its value, weight, contribution."""
    t, r = view.labels, view.result
    rows = [
        (
            text.term(name),
            value,
            r.weights.get(name),
            None if name not in r.weights else value * r.weights[name],
        )
        for name, value in r.terms.items()
    ]
    table = Table(
        "terms",
        t("terms"),
        (
            Column(t("meaning")),
            Column(t("value"), "int"),
            Column(t("weight"), "int"),
            Column(t("contribution"), "int"),
        ),
        tuple(rows),
    )
    return table_html(table, t)


def budget_html(view: PlanView, text: ReportText) -> Markup | None:
    t = view.labels
    out = Markup("")
    table = budget_section(view, text)
    if table is not None:
        out += _parts().text([text("budget_intro")]) + table_html(table, t)
    if view.extras.budget:
        out += table_html(budget_table(view), t)
    return out or None


def mixing_html(view: PlanView, text: ReportText) -> Markup | None:
    summary = mixing_table(view, text)
    if summary is None:
        return None
    out = _parts().text([text("mixing_intro")]) + table_html(summary, view.labels)
    people = mixing_people_table(view, text)
    if people is not None:
        out += table_html(people, view.labels, collapsed=True)
    return Markup(out)


def _version() -> str:
    try:
        return version("kompetanse-opt")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return ""


def _plan_sections(view: PlanView, plan: Plan, text: ReportText) -> list[tuple[str, str, Markup]]:
    t = view.labels
    parts = _parts()
    out = [
        (
            "map",
            f"{t('map')} · {t('charts')}",
            Markup(parts.two(map_section(view, plan, text), charts_html(view, plan, text))),
        ),
        ("cohorts", t("cohorts"), cohort_cards(view, plan, text)),
    ]
    optional: list[tuple[str, str, Callable[[], Markup | None]]] = [
        (
            "schedule",
            t("schedule"),
            lambda: (
                (timeline_html(view, text) + table_html(schedule_table(view), t))
                if view.extras.schedule
                else None
            ),
        ),
        ("budget", t("budget"), lambda: budget_html(view, text)),
        ("mixing", text("mixing"), lambda: mixing_html(view, text)),
        (
            "groups",
            t("groups"),
            lambda: (
                table_html(groups_by_name(view, text), t, collapsed=True)
                if view.extras.groups
                else None
            ),
        ),
        (
            "facilitators",
            t("facilitators"),
            lambda: facilitators_html(view, text) if view.extras.facilitators else None,
        ),
        (
            "politician-sessions",
            t("politician_sessions"),
            lambda: (
                table_html(politician_sessions_table(view), t)
                if view.extras.politician_sessions
                else None
            ),
        ),
    ]
    for key, title, build in optional:
        html = build()
        if html:
            out.append((key, title, html))
    out.append(
        (
            "municipalities",
            t("municipalities"),
            table_html(municipalities_table(view), t, collapsed=True),
        )
    )
    out.append(
        ("participants", t("participants"), table_html(participants_table(view), t, collapsed=True))
    )
    return out


def sections(view: PlanView) -> list[tuple[str, str, Markup]]:
    """(anchor, title, html) of every section the data has, in reading order."""
    t, plan = view.labels, view.plan
    text = ReportText(t.lang)
    out = [("key-figures", t("key_figures"), Markup(_parts().cards(key_cards(view, text))))]
    if view.result.reasons:
        out.append(("reasons", t("reasons"), table_html(reasons_table(view), t)))
    if plan is None:
        out.append(("no-plan", t("cohorts"), _parts().text([t("no_plan")])))
        return out
    out += _plan_sections(view, plan, text)
    out.append(("terms", t("terms"), terms_html(view, text)))
    out.append(("rules", t("rules"), table_html(rules_table(view), t)))
    return out


def render_report(view: PlanView) -> str:
    """The whole page as a string."""
    t, r = view.labels, view.result
    subtitle = (
        f"{r.instance_name or view.instance.name} · {t('status')}: {t.status(r.status.value)}"
    )
    if view.anonymise:
        subtitle += f" · {t('anonymised')}"
    return render(
        "report.html.j2",
        lang=t.lang,
        csp=_CSP,
        title=t("report_title"),
        instance_name=r.instance_name,
        subtitle=subtitle,
        sections=[{"key": k, "title": title, "html": html} for k, title, html in sections(view)],
        footer=t("generated_by", version=_version()),
    )


def write_report(path: str | Path, view: PlanView) -> None:
    write_text_atomic(Path(path), render_report(view))
