"""The report's pictures: the map of Vestland, the bar charts and the timelines, each with its
legend and notes, as markup from the templates (autoescaped)."""

from __future__ import annotations

from markupsafe import Markup

from kompetanse_opt.io.formatting import format_cell
from kompetanse_opt.io.report_parts import (
    cohort_lanes,
    facilitator_lanes,
    holiday_shades,
    plan_period,
)
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.svg import Bar, MapLine, MapPoint, bar_chart_svg, colour, map_svg
from kompetanse_opt.io.tables import PlanView
from kompetanse_opt.io.templating import macros
from kompetanse_opt.io.timeline import timeline_svg
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.travel import default_graph


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
    lines = _network_lines(view)
    wide = map_svg(points, venues, lines, title=text("map_title"), css="map wide-only")
    phone = map_svg(
        points, venues, lines, title=text("map_title"), width=360, font=10.5,
        css="map-phone phone-only",
    )  # fmt: skip
    svg = Markup(wide) + Markup(phone)
    legend = [(colour(c.id), f"{text('cohort_n', n=c.id)} ({c.size})") for c in plan.cohorts]
    legend.append(("", f"■ {t('venue_legend')}"))
    notes = [(text("map_note"), "")]
    for drawing, css in ((wide, "wide-only"), (phone, "phone-only")):
        hidden = len(points) + len(venues) - drawing.count('class="map-label')
        if hidden > 0:
            notes.append((text("map_hidden", n=hidden), css))
    return Markup(macros().map_block(svg, legend, notes))


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
    parts = macros()
    out = [
        parts.heading(t(key)) + Markup(bar_chart_svg(bars, title=t(key)))
        for key, bars in (
            ("chart_sizes", sizes),
            ("chart_travel", travel),
            ("chart_longest", longest),
        )
    ]
    return Markup("").join(out)


def timeline_html(view: PlanView, text: ReportText) -> Markup:
    """The timelines per cohort and per facilitator, holidays shaded, with a legend."""
    period = plan_period(view)
    if period is None:
        return Markup("")
    shades = holiday_shades(view, text, *period)
    parts = macros()
    out = Markup("")
    for title, lanes in (
        (text("timeline_cohorts"), cohort_lanes(view, text)),
        (text("timeline_facilitators"), facilitator_lanes(view, text)),
    ):
        wide = timeline_svg(lanes, shades, text.months(), title=title, span=period)
        if wide:
            phone = timeline_svg(
                lanes, shades, text.months(), title=title, span=period, width=380,
                css="phone-chart timeline-phone phone-only", max_label=96,
            )  # fmt: skip
            out += parts.heading(title) + Markup(wide) + Markup(phone)
    return out + Markup(parts.text([text("timeline_legend")]))
