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
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from markupsafe import Markup

from kompetanse_opt.core.files import write_text_atomic
from kompetanse_opt.io.formatting import format_cell
from kompetanse_opt.io.labels import Labels, sort_key
from kompetanse_opt.io.report_figures import charts_html, map_section, timeline_html
from kompetanse_opt.io.report_learning import (
    has_learning,
    has_speakers,
    hours_table,
    learning_path_tables,
    speakers_table,
)
from kompetanse_opt.io.report_parts import (
    budget_figures,
    budget_section,
    facilitator_name,
    groups_by_name,
    key_cards,
    mixing_people_table,
    mixing_table,
)
from kompetanse_opt.io.report_people import people_table, places_table
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.rules_table import rules_table
from kompetanse_opt.io.sections import (
    budget_table,
    politician_sessions_table,
    schedule_table,
    session_label,
)
from kompetanse_opt.io.svg import colour
from kompetanse_opt.io.tables import (
    Column,
    PlanView,
    Table,
    reasons_table,
)
from kompetanse_opt.io.templating import macros, render
from kompetanse_opt.model.plan import Plan

__all__ = ["format_cell", "render_report", "sections", "table_html", "write_report"]

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def _parts() -> Any:
    return macros()


def _cell_class(value: object) -> str:
    if isinstance(value, bool):
        return ""
    return "num" if isinstance(value, int | float) else "date" if isinstance(value, date) else ""


def table_context(table: Table, labels: Labels, *, collapsed: bool = False) -> dict[str, Any]:
    """A table as the ``table`` macro takes it: texts formatted, numbers marked for alignment."""
    return {
        "key": table.key,
        "head": [(c.title, c.kind in ("int", "float")) for c in table.columns],
        "rows": [
            {
                "cells": [(format_cell(v, labels), _cell_class(v)) for v in row],
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
    """The seed's budget beside this plan's (``analysis.budget``); the rows a caller handed in
    (``extras.budget``) only where the plan cannot be priced, so the budget is shown once."""
    t = view.labels
    table = budget_section(view, text)
    if table is not None:
        out = Markup(_parts().text([text("budget_intro")])) + table_html(table, t)
        figures = budget_figures(view, text)
        if figures is not None:
            out += Markup(_parts().heading(figures.title)) + table_html(figures, t)
        return out
    if view.extras.budget:
        return table_html(budget_table(view), t)
    return None


def learning_html(view: PlanView, text: ReportText) -> Markup | None:
    """Each cohort's learning path in date order, then the hours per target group."""
    t = view.labels
    out = Markup(_parts().text([text("learning_intro")]))
    for table in learning_path_tables(view):
        out += Markup(_parts().heading(table.title)) + table_html(table, t)
    hours = hours_table(view)
    if hours is not None:
        out += Markup(_parts().heading(hours.title))
        out += Markup(_parts().text([text("hours_intro")])) + table_html(hours, t)
    return out


def speakers_html(view: PlanView, text: ReportText) -> Markup | None:
    """Per speaker and guest of the pool: gatherings, fees, travel."""
    table = speakers_table(view)
    if table is None or not table.rows:
        return None
    return Markup(_parts().text([text("speakers_intro")])) + table_html(table, view.labels)


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


def _optional_sections(view: PlanView, text: ReportText) -> list[tuple[str, str, Markup]]:
    """The sections of later stages, each only when the plan has its data."""
    t, x = view.labels, view.extras
    builders: list[tuple[str, str, bool, Callable[[], Markup | None]]] = [
        (
            "schedule",
            t("schedule"),
            bool(x.schedule),
            lambda: timeline_html(view, text) + table_html(schedule_table(view), t),
        ),
        (
            "learning-path",
            text("learning"),
            has_learning(view),
            lambda: learning_html(view, text),
        ),
        ("speakers", text("lp_speakers"), has_speakers(view), lambda: speakers_html(view, text)),
        ("budget", t("budget"), True, lambda: budget_html(view, text)),
        ("mixing", text("mixing"), True, lambda: mixing_html(view, text)),
        (
            "groups",
            t("groups"),
            bool(x.groups),
            lambda: table_html(groups_by_name(view, text), t, collapsed=True),
        ),
        (
            "facilitators",
            t("facilitators"),
            bool(x.facilitators),
            lambda: facilitators_html(view, text),
        ),
        (
            "politician-sessions",
            t("politician_sessions"),
            bool(x.politician_sessions),
            lambda: table_html(politician_sessions_table(view), t),
        ),
    ]
    out = []
    for key, title, wanted, build in builders:
        html = build() if wanted else None
        if html:
            out.append((key, title, html))
    return out


def _plan_sections(view: PlanView, plan: Plan, text: ReportText) -> list[tuple[str, str, Markup]]:
    t = view.labels
    two = _parts().two(map_section(view, plan, text), charts_html(view, plan, text))
    return [
        ("map", f"{t('map')} · {t('charts')}", Markup(two)),
        ("cohorts", t("cohorts"), cohort_cards(view, plan, text)),
        *_optional_sections(view, text),
        (
            "municipalities",
            t("municipalities"),
            table_html(places_table(view, text), t, collapsed=True),
        ),
        (
            "participants",
            t("participants"),
            table_html(people_table(view, text), t, collapsed=True),
        ),
    ]


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
