"""The learning path in the secretariat's words, one line per window and session, and as sheets.

"before 3 March: self-study modules …, 4 h"; "4–5 March, Bergen: sessions …". The workbook and
CSV files get one learning-path table per cohort and the hours per target group
(:func:`learning_tables`). The sentences and dates follow the current language
(:mod:`kompetanse_opt.core.i18n`); the sheet titles and columns follow the view's language.
"""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.analysis.hours import group_hours
from kompetanse_opt.core.i18n import N_, _
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.model.content import ContentCatalogue, hours_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan
from kompetanse_opt.model.problem import ProblemData

#: Sheet words (Norwegian, English).
_WORDS: dict[str, tuple[str, str]] = {
    "path": ("Læringsløp kull {n}", "Learning path cohort {n}"),
    "hours": ("Timer per målgruppe", "Hours per target group"),
    "when": ("Når", "When"),
    "where": ("Hvor", "Where"),
    "modules": ("Moduler", "Modules"),
    "h": ("Timer", "Hours"),
    "group": ("Målgruppe", "Target group"),
    "people": ("Deltakere", "Participants"),
    "self_study": ("Selvstudier (t)", "Self-study (h)"),
    "gatherings": ("Samlinger (t)", "Gatherings (h)"),
    "local": ("Lokal samling (t)", "Local session (h)"),
    "closing": ("Avslutning (t)", "Closing (h)"),
    "programme": ("Program (t)", "Programme (h)"),
    "frame": ("Ramme (t)", "Frame (h)"),
    "travel": ("Reise snitt (t, utenfor rammen)", "Travel average (h, outside the frame)"),
    "nights": ("Netter", "Nights"),
}

_MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
    N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)  # fmt: skip
SELF_STUDY = "self-study"  # the ``where`` of a self-study window's row


def _day(day: dt.date) -> str:
    """'3 March' ('3. mars' in Norwegian: the current language of :mod:`.core.i18n`)."""
    return _("{day} {month}").format(day=day.day, month=_(_MONTHS[day.month - 1]))


def _days(days: list[dt.date]) -> str:
    if len(days) > 1 and days[0].month == days[-1].month:
        return f"{days[0].day}–{_day(days[-1])}"
    return "–".join(_day(d) for d in (days[0], days[-1])) if len(days) > 1 else _day(days[0])


def _names(catalogue: ContentCatalogue, ids: list[str]) -> str:
    known = {m.id: m.name_nb for m in catalogue.modules}
    return "; ".join(known.get(i, i) for i in ids) or _("none")


def learning_rows(instance: Instance, cohort: CohortPlan) -> list[tuple[str, str, str, str]]:
    """(when, where, modules, hours) per self-study window and session, in date order."""
    catalogue, path = instance.content, cohort.learning_path
    if catalogue is None or path is None:
        return []
    modules = {m.id: m for m in catalogue.modules}
    venue_names = {v.id: v.name for v in instance.venues}
    venues = {g.index: venue_names.get(g.venue, g.venue) for g in cohort.gatherings}
    where_of = {"local": _("own municipality"), "closing": "Teams"}
    windows = {(w.before_kind, w.before_index): w for w in path.windows}
    rows = []
    for s in path.sessions:
        w = windows.get((s.kind, s.index))
        if w is not None and w.modules:
            most = max(
                sum(modules[m].minutes_for(g) for m in w.modules if m in modules)
                for g in (1, 2, 3, 4)
            )
            rows.append(
                (
                    _("before {day}").format(day=_day(s.dates[0])),
                    SELF_STUDY,
                    _names(catalogue, w.modules),
                    hours_text(most),
                )
            )
        where = venues.get(s.index, "") if s.kind == "gathering" else where_of[s.kind]
        rows.append(
            (
                _days(s.dates),
                where,
                _names(catalogue, s.modules),
                hours_text(catalogue.sessions.minutes_of(s.kind)),
            )
        )
    return rows


def learning_lines(instance: Instance, cohort: CohortPlan) -> list[str]:
    """The rows as sentences: "before 3 March: self-study modules …, 4 h"."""
    lines = []
    for when, where, names, hours in learning_rows(instance, cohort):
        text = (
            _("{when}: self-study modules {names}, {hours}")
            if where == SELF_STUDY
            else _("{when}, {where}: sessions {names}, {hours}")
        )
        lines.append(text.format(when=when, where=where, names=names, hours=hours))
    return lines


def _word(view: PlanView, key: str, **values: object) -> str:
    nb, en = _WORDS[key]
    text = nb if view.labels.lang == "nb" else en
    return text.format(**values) if values else text


def _h(minutes: int) -> float:
    return round(minutes / 60, 2)


def learning_tables(view: PlanView) -> list[Table]:
    """One learning-path table per cohort and the hours per target group (none without a
    catalogue or a learning path)."""
    plan = view.plan
    if plan is None or view.instance.content is None:
        return []
    columns = tuple(Column(_word(view, k)) for k in ("when", "where", "modules", "h"))
    tables = [
        Table(
            f"learning_path_{c.id}",
            _word(view, "path", n=c.id),
            columns,
            tuple(learning_rows(view.instance, c)),
        )
        for c in plan.cohorts
        if c.learning_path is not None
    ]
    if not tables:
        return []
    groups = group_hours(ProblemData(view.instance, view.travel), plan)
    keys = (
        "group",
        "people",
        "self_study",
        "gatherings",
        "local",
        "closing",
        "programme",
        "frame",
        "travel",
        "nights",
    )
    kinds = ("int", "int", "float", "float", "float", "float", "float", "text", "float", "int")
    rows = tuple(
        (
            g.target_group,
            g.participants,
            _h(g.self_study),
            _h(g.gatherings),
            _h(g.local),
            _h(g.closing),
            _h(g.programme),
            f"{_h(g.frame[0]):g}–{_h(g.frame[1]):g}",
            _h(g.travel_average),
            g.nights,
        )
        for g in groups
    )
    hours_columns = tuple(
        Column(_word(view, k), kind)  # type: ignore[arg-type]
        for k, kind in zip(keys, kinds, strict=True)
    )
    return [*tables, Table("learning_hours", _word(view, "hours"), hours_columns, rows)]
