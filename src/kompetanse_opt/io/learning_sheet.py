"""The learning path in the secretariat's words, one line per window and session, and as sheets.

"before 3 March: self-study modules …, 4 h"; "4–5 March, Bergen: sessions …". The workbook and
CSV files get one learning-path table per cohort and the hours per target group
(:func:`learning_tables`). Every word follows the chosen language (the gettext catalogue;
module names are the catalogue's ``name_nb`` or ``name_en``).
"""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.analysis.hours import group_hours
from kompetanse_opt.core.dates import date_range, day_month
from kompetanse_opt.core.i18n import Lang, translations
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.io.texts import Entry, text
from kompetanse_opt.model.content import ContentCatalogue, hours_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan
from kompetanse_opt.model.problem import ProblemData

#: Sheet words (a word table of the gettext catalogue, contexts ``learning.<key>``).
WORDS: dict[str, Entry] = {
    "path": "Learning path cohort {n}",
    "hours": "Hours per target group",
    "when": "When",
    "where": "Where",
    "modules": "Modules",
    "h": "Hours",
    "group": "Target group",
    "people": "Participants",
    "self_study": "Self-study (h)",
    "gatherings": "Gatherings (h)",
    "local": "Local session (h)",
    "closing": "Closing (h)",
    "programme": "Programme (h)",
    "frame": "Frame (h)",
    "travel": "Travel average (h, outside the frame)",
    "nights": "Nights",
}


def _days(days: list[dt.date], lang: Lang) -> str:
    """'9.–10. januar' / '9–10 January': a session's days without the year."""
    return date_range(days, lang, year=False)


def _hours(minutes: int, lang: Lang) -> str:
    text = hours_text(minutes)
    return text.replace(".", ",").replace(" h", " t") if lang == "nb" else text


def _names(catalogue: ContentCatalogue, ids: list[str], lang: Lang) -> str:
    known = {
        m.id: (m.name_nb if lang == "nb" else m.name_en) or m.name_nb for m in catalogue.modules
    }
    return "; ".join(known.get(i, i) for i in ids) or translations(lang).gettext("none")


def learning_rows(
    instance: Instance, cohort: CohortPlan, lang: Lang = "en"
) -> list[tuple[str, str, str, str]]:
    """(when, where, modules, hours) per self-study window and session, in date order."""
    catalogue, path = instance.content, cohort.learning_path
    if catalogue is None or path is None:
        return []
    t = translations(lang)
    modules = {m.id: m for m in catalogue.modules}
    venue_names = {v.id: v.name for v in instance.venues}
    venues = {g.index: venue_names.get(g.venue, g.venue) for g in cohort.gatherings}
    where_of = {"local": t.gettext("own municipality"), "closing": "Teams"}
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
                    t.gettext("before {day}").format(day=day_month(s.dates[0], lang)),
                    t.gettext("self-study"),
                    _names(catalogue, w.modules, lang),
                    _hours(most, lang),
                )
            )
        where = venues.get(s.index, "") if s.kind == "gathering" else where_of[s.kind]
        rows.append(
            (
                _days(s.dates, lang),
                where,
                _names(catalogue, s.modules, lang),
                _hours(catalogue.sessions.minutes_of(s.kind), lang),
            )
        )
    return rows


def learning_lines(instance: Instance, cohort: CohortPlan, lang: Lang = "en") -> list[str]:
    """The rows as sentences: "before 3 March: self-study modules …, 4 h"."""
    t = translations(lang)
    lines = []
    for when, where, names, hours in learning_rows(instance, cohort, lang):
        if where == t.gettext("self-study"):
            text = t.gettext("{when}: self-study modules {names}, {hours}")
        else:
            text = t.gettext("{when}, {where}: sessions {names}, {hours}")
        lines.append(text.format(when=when, where=where, names=names, hours=hours))
    return lines


def _word(view: PlanView, key: str, **values: object) -> str:
    return text(WORDS, "learning.", key, view.labels.lang, **values)


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
            tuple(learning_rows(view.instance, c, view.labels.lang)),
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
