"""The learning path in the secretariat's words, one line per window and session, and as a sheet.

"before 3 March: self-study modules …, 4 h"; "4–5 March, Bergen: sessions …".
"""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.model.content import ContentCatalogue, hours_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _days(days: list[dt.date]) -> str:
    if len(days) > 1 and days[0].month == days[-1].month:
        return f"{days[0].day}–{_day(days[-1])}"
    return "–".join(_day(d) for d in (days[0], days[-1])) if len(days) > 1 else _day(days[0])


def _names(catalogue: ContentCatalogue, ids: list[str]) -> str:
    known = {m.id: m.name_nb for m in catalogue.modules}
    return "; ".join(known.get(i, i) for i in ids) or "none"


def learning_rows(instance: Instance, cohort: CohortPlan) -> list[tuple[str, str, str, str]]:
    """(when, where, modules, hours) per self-study window and session, in date order."""
    catalogue, path = instance.content, cohort.learning_path
    if catalogue is None or path is None:
        return []
    modules = {m.id: m for m in catalogue.modules}
    venue_names = {v.id: v.name for v in instance.venues}
    venues = {g.index: venue_names.get(g.venue, g.venue) for g in cohort.gatherings}
    where_of = {"local": "own municipality", "closing": "Teams"}
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
                    f"before {_day(s.dates[0])}",
                    "self-study",
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
        if where == "self-study":
            lines.append(f"{when}: self-study modules {names}, {hours}")
        else:
            lines.append(f"{when}, {where}: sessions {names}, {hours}")
    return lines
