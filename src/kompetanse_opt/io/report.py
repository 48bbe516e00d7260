"""The plan as one self-contained HTML page for the secretariat: open, print, forward.

Everything is inline (CSS and SVG); there are no scripts and no external addresses, and a
Content-Security-Policy forbids loading anything, so the page works offline and from an e-mail.
Every value from the data passes through :func:`html.escape` (here or in :mod:`.svg`), so a
participant named ``<script>`` is shown as text. Sections appear only when there is data for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from kompetanse_opt.core.files import write_text_atomic
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.labels import Labels, sort_key
from kompetanse_opt.io.rules_table import rules_table
from kompetanse_opt.io.sections import (
    budget_table,
    facilitators_table,
    groups_table,
    politician_sessions_table,
    schedule_table,
    session_label,
)
from kompetanse_opt.io.svg import Bar, MapLine, MapPoint, Span, bar_chart_svg, colour, map_svg
from kompetanse_opt.io.svg import timeline_svg as _timeline_svg
from kompetanse_opt.io.tables import (
    PlanView,
    Table,
    municipalities_table,
    participants_table,
    plan_figures,
    reasons_table,
    terms_table,
)
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.travel import default_graph

CSS = """
:root { --ink:#1d2733; --muted:#5b6672; --line:#d9dee3; --accent:#0b5394; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: var(--ink); margin: 0; background: #fff; }
header { background: #0b3a5e; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; opacity: .9; }
nav { padding: 8px 32px; border-bottom: 1px solid var(--line); font-size: 14px; }
nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
main { padding: 8px 32px 32px; max-width: 1200px; }
h2 { font-size: 19px; margin: 28px 0 10px; border-bottom: 2px solid var(--line);
  padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.card .v { font-size: 20px; font-weight: 600; }
.status-optimal .v { color: #1b7f3b; }
.status-feasible .v, .status-stage_optimal .v { color: #9a6700; }
.status-infeasible .v, .status-unknown .v, .status-model_invalid .v { color: #b42318; }
.two { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; }
.legend { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 5px; vertical-align: -1px; }
.note { color: var(--muted); font-size: 13px; }
svg text { font: 11px system-ui, Arial, sans-serif; fill: #333; }
svg .venue-label { font-weight: 700; font-size: 13px; fill: #111; }
svg .value, svg .tick { fill: #555; }
.cohorts { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 14px; }
.cohort { border: 1px solid var(--line); border-left: 6px solid; border-radius: 6px;
  padding: 10px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left;
  vertical-align: top; }
th { background: #eef3f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
footer { color: var(--muted); font-size: 12px; padding: 16px 32px; }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } }
@media print { nav { display: none; } header { background: none; color: #000; }
  section { break-inside: avoid-page; } }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def format_cell(value: Cell, labels: Labels) -> str:
    """A value as a reader expects it: 12 345 and 1,5 in Norwegian, 12,345 and 1.5 in English."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0" if labels.lang == "nb" else ",")
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        if labels.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text
    return value


def table_html(table: Table, labels: Labels, *, collapsed: bool = False) -> str:
    """A table; numbers right-aligned. ``collapsed`` puts a long table behind a summary line."""
    numeric = [c.kind in ("int", "float") for c in table.columns]
    head = "".join(
        f"<th{' class=num' if n else ''}>{escape(c.title)}</th>"
        for c, n in zip(table.columns, numeric, strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if isinstance(v, int | float) else ''}>"
            f"{escape(format_cell(v, labels))}</td>"
            for v in row
        )
        + "</tr>"
        for row in table.rows
    )
    html = f'<table data-table="{escape(table.key)}"><thead><tr>{head}</tr></thead>'
    html += f"<tbody>{body}</tbody></table>"
    if collapsed:
        summary = escape(labels("show_all", n=len(table.rows)))
        return f"<details><summary>{summary}</summary>{html}</details>"
    return html


def _section(key: str, title: str, body: str) -> str:
    return f'<section id="{escape(key)}"><h2>{escape(title)}</h2>{body}</section>'


def key_cards(view: PlanView) -> str:
    t, r = view.labels, view.result
    cards = [(t("status"), t.status(r.status.value), f"status-{r.status.value}")]
    cards += [
        (label, format_cell(value, t), "")
        for label, value in plan_figures(view)
        if value is not None
    ]
    if r.gap is not None:
        cards.append((t("gap"), f"{format_cell(round(100 * r.gap, 2), t)} %", ""))
    html = "".join(
        f'<div class="card {css}"><div class="k">{escape(k)}</div>'
        f'<div class="v">{escape(v)}</div></div>'
        for k, v, css in cards
    )
    return f'<div class="cards">{html}</div>'


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


def map_section(view: PlanView, plan: Plan) -> str:
    t = view.labels
    cohort_of = plan.cohort_of_municipality()
    sizes = view.instance.participants_per_municipality()
    points = [
        MapPoint(
            m.id,
            m.name,
            m.lat,
            m.lon,
            cohort_of.get(m.id),
            sizes.get(m.id, 0),
            f"{m.name} ({m.id}): {t('cohort')} {cohort_of.get(m.id, '-')}, "
            f"{sizes.get(m.id, 0)} {t('participants').lower()}",
        )
        for m in view.instance.municipalities
    ]
    venues = [MapPoint(v.id, v.name, v.lat, v.lon) for v in view.instance.venues]
    svg = map_svg(points, venues, _network_lines(view), title=t("map"))
    legend = "".join(
        f'<li><span class="swatch" style="background:{colour(c.id)}"></span>'
        f"{escape(t('cohort'))} {c.id} ({c.size})</li>"
        for c in plan.cohorts
    )
    legend += f"<li>■ {escape(t('venue_legend'))}</li>"
    return (
        f'<div class="map-wrap">{svg}<ul class="legend">{legend}</ul>'
        f'<p class="note">{escape(t("map_note"))}</p></div>'
    )


def charts_html(view: PlanView, plan: Plan) -> str:
    t = view.labels
    sizes = [Bar(f"{t('cohort')} {c.id}", c.size, colour(c.id)) for c in plan.cohorts]
    travel = [
        Bar(
            f"{t('cohort')} {c.id}",
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
    charts = (
        ("chart_sizes", sizes),
        ("chart_travel", travel),
        ("chart_longest", longest),
    )
    return "".join(
        f"<h3>{escape(t(key))}</h3>{bar_chart_svg(bars, title=t(key))}" for key, bars in charts
    )


def cohort_cards(view: PlanView, plan: Plan) -> str:
    t = view.labels
    sizes = view.instance.participants_per_municipality()
    dates: dict[int, list[str]] = {}
    for s in sorted(view.extras.schedule, key=lambda s: s.start):
        dates.setdefault(s.cohort, []).append(f"{session_label(t, s)}: {s.start.isoformat()}")
    cards = []
    for c in plan.cohorts:
        each = view.minutes_each(c)
        venues = ", ".join(
            f"{t('gathering_n', n=g.index)}: {view.venue_name(g.venue)}"
            for g in sorted(c.gatherings, key=lambda g: g.index)
        )
        rows = "".join(
            f"<tr><td>{escape(view.municipality_name(m))}</td>"
            f'<td class="num">{sizes.get(m, 0)}</td><td class="num">{each[m]}</td></tr>'
            for m in sorted(c.municipalities, key=lambda m: sort_key(view.municipality_name(m)))
        )
        when = "".join(f"<li>{escape(d)}</li>" for d in dates.get(c.id, []))
        cards.append(
            f'<div class="cohort" style="border-left-color:{colour(c.id)}">'
            f"<h3>{escape(t('cohort'))} {c.id}: {c.size} {escape(t('participants').lower())}</h3>"
            f"<p>{escape(venues)}</p>{f'<ul>{when}</ul>' if when else ''}"
            f'<table data-table="cohort-{c.id}"><thead><tr>'
            f"<th>{escape(t('municipality'))}</th>"
            f'<th class="num">{escape(t("participant_count"))}</th>'
            f'<th class="num">{escape(t("travel_each"))}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    return f'<div class="cohorts">{"".join(cards)}</div>'


def timeline_html(view: PlanView) -> str:
    t = view.labels
    lanes: dict[int, list[Span]] = {}
    for s in view.extras.schedule:
        label = session_label(t, s)
        venue = f" ({view.venue_name(s.venue)})" if s.venue else ""
        lanes.setdefault(s.cohort, []).append(
            Span(s.start, s.end or s.start, f"{label}{venue}: {s.start.isoformat()}")
        )
    lane_list = [(f"{t('cohort')} {c}", colour(c), spans) for c, spans in sorted(lanes.items())]
    return _timeline_svg(lane_list, title=t("chart_timeline"))


def _version() -> str:
    try:
        return version("kompetanse-opt")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return ""


def sections(view: PlanView) -> list[tuple[str, str, str]]:
    """(anchor, title, html) of every section the data has, in reading order."""
    t, plan = view.labels, view.plan
    out = [("key-figures", t("key_figures"), key_cards(view))]
    if view.result.reasons:
        out.append(("reasons", t("reasons"), table_html(reasons_table(view), t)))
    if plan is None:
        out.append(("no-plan", t("cohorts"), f"<p>{escape(t('no_plan'))}</p>"))
        return out
    two = (
        f'<div class="two"><div>{map_section(view, plan)}</div>'
        f"<div>{charts_html(view, plan)}</div></div>"
    )
    out.append(("map", f"{t('map')} · {t('charts')}", two))
    out.append(("cohorts", t("cohorts"), cohort_cards(view, plan)))
    optional: list[tuple[str, str, Callable[[], str]]] = []
    if view.extras.schedule:
        optional.append(
            ("schedule", t("schedule"),
             lambda: timeline_html(view) + table_html(schedule_table(view), t)),
        )  # fmt: skip
    if view.extras.groups:
        optional.append(
            ("groups", t("groups"), lambda: table_html(groups_table(view), t, collapsed=True))
        )
    if view.extras.facilitators:
        optional.append(
            ("facilitators", t("facilitators"), lambda: table_html(facilitators_table(view), t))
        )
    if view.extras.politician_sessions:
        optional.append(
            (
                "politician-sessions",
                t("politician_sessions"),
                lambda: table_html(politician_sessions_table(view), t),
            )
        )
    if view.extras.budget:
        optional.append(("budget", t("budget"), lambda: table_html(budget_table(view), t)))
    out += [(key, title, build()) for key, title, build in optional]
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
    out.append(("terms", t("terms"), table_html(terms_table(view), t)))
    out.append(("rules", t("rules"), table_html(rules_table(view), t)))
    return out


def render_report(view: PlanView) -> str:
    """The whole page as a string."""
    t, r = view.labels, view.result
    parts = sections(view)
    nav = "".join(f'<a href="#{escape(key)}">{escape(title)}</a>' for key, title, _ in parts)
    body = "".join(_section(key, title, html) for key, title, html in parts)
    subtitle = (
        f"{r.instance_name or view.instance.name} · {t('status')}: {t.status(r.status.value)}"
    )
    if view.anonymise:
        subtitle += f" · {t('anonymised')}"
    return (
        f'<!DOCTYPE html><html lang="{view.labels.lang}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(t('report_title'))}: {escape(r.instance_name)}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>{escape(t('report_title'))}</h1><p>{escape(subtitle)}</p></header>"
        f"<nav>{nav}</nav><main>{body}</main>"
        f"<footer>{escape(t('generated_by', version=_version()))}</footer></body></html>\n"
    )


def write_report(path: str | Path, view: PlanView) -> None:
    write_text_atomic(Path(path), render_report(view))
