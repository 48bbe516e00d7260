"""The report's learning path and speakers as plain tables, in the report's language.

* Per cohort, in date order: each self-study window ("before 3 Mar 2025: self-study …, 3.5 h") and
  each session (days, venue by name, modules by name, the main module, hours, the speaker and
  guests by name), from :attr:`CohortPlan.learning_path` and the instance's content catalogue.
* The hours per target group (:func:`kompetanse_opt.analysis.hours.hours_report`): self-study,
  gatherings, local and closing sessions, the programme against the frame; travel and nights apart.
* Per speaker and guest of the pool: their gatherings (cohort, days, venue), fees and travel.

Names, never ids: a module without a name in the language falls back to its Norwegian name; a
speaker outside the pool (the cost model's placeholder) is not shown. The web planner reuses
:func:`learning_path_tables` for its learning-path view.
"""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.analysis.hours import GroupHours, hours_report
from kompetanse_opt.core.dates import date_range
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.model.content import ContentCatalogue, hours_text
from kompetanse_opt.model.learning_plan import LearningPath, SessionContent
from kompetanse_opt.model.plan import CohortPlan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.model.speakers import Speaker
from kompetanse_opt.objective.speaker_terms import speaker_minutes

__all__ = [
    "has_learning",
    "has_speakers",
    "hours_table",
    "learning_cards",
    "learning_path_table",
    "learning_path_tables",
    "speakers_table",
]


def has_learning(view: PlanView) -> bool:
    """The plan has the learning stage and the instance a catalogue to name its modules."""
    plan = view.plan
    return (
        plan is not None
        and "learning" in plan.stages
        and view.instance.content is not None
        and any(c.learning_path is not None for c in plan.cohorts)
    )


def has_speakers(view: PlanView) -> bool:
    """The plan has the speaker stage and the instance a pool."""
    plan = view.plan
    return plan is not None and "speakers" in plan.stages and bool(view.instance.speakers)


def days_text(text: ReportText, days: list[dt.date]) -> str:
    """'4.–5. mar 2025' / '4–5 Mar 2025' (no-break spaces and word joiners: a date stays on one
    line, as the other tables' dates do)."""
    if not days:
        return ""
    return date_range(days, text.lang, "short", dash="\u2060–\u2060").replace(" ", "\u00a0")


def _module_names(view: PlanView, catalogue: ContentCatalogue, ids: list[str]) -> str:
    names = {
        m.id: (m.name_en or m.name_nb) if view.labels.lang == "en" else m.name_nb
        for m in catalogue.modules
    }
    return "; ".join(names[i] for i in ids if i in names)


def _hours_range(text: ReportText, low: int, high: int) -> str:
    unit = "t" if text.lang == "nb" else "h"

    def h(minutes: int) -> str:
        value = hours_text(minutes).removesuffix(" h")
        return value.replace(".", ",") if text.lang == "nb" else value

    # a word joiner around the dash and a no-break space: "3–3,5 t" never breaks in a cell
    return (
        f"{h(high)}\u00a0{unit}" if low == high else f"{h(low)}\u2060–\u2060{h(high)}\u00a0{unit}"
    )


def _window_hours(catalogue: ContentCatalogue, modules: list[str]) -> tuple[int, int]:
    known = {m.id: m for m in catalogue.modules}
    per_group = [
        sum(known[m].minutes_for(g) for m in modules if m in known)
        for g in (1, 2, 3, 4)
        if any(known[m].minutes_for(g) for m in modules if m in known)
    ]
    return (min(per_group), max(per_group)) if per_group else (0, 0)


def _person(view: PlanView, who: Speaker) -> str:
    return who.id if view.anonymise else who.name


def _people(view: PlanView, cohort: CohortPlan, index: int, text: ReportText) -> str:
    """The gathering's speaker and guests by name (pool members only)."""
    pool = {s.id: s for s in view.instance.speakers}
    gathering = next((g for g in cohort.gatherings if g.index == index), None)
    if gathering is None or not has_speakers(view):
        return ""
    out = [_person(view, pool[gathering.speaker])] if gathering.speaker in pool else []
    out += [f"{text('lp_guest')}: {_person(view, pool[g])}" for g in gathering.guests if g in pool]
    return ", ".join(out)


def _where(view: PlanView, cohort: CohortPlan, session: SessionContent, text: ReportText) -> str:
    if session.kind == "gathering":
        venue = next((g.venue for g in cohort.gatherings if g.index == session.index), None)
        place = view.venue_name(venue) if venue else ""
        return f"{view.labels('gathering_n', n=session.index)}, {place}".rstrip(", ")
    return text(f"lp_{session.kind}")


def _session_row(
    view: PlanView, cohort: CohortPlan, session: SessionContent, text: ReportText
) -> tuple[Cell, ...]:
    catalogue = view.instance.content
    assert catalogue is not None
    main = _module_names(view, catalogue, [session.main_module] if session.main_module else [])
    minutes = catalogue.sessions.minutes_of(session.kind)
    return (
        days_text(text, session.dates),
        _where(view, cohort, session, text),
        _module_names(view, catalogue, session.modules),
        main,
        _hours_range(text, minutes, minutes),
        _people(view, cohort, session.index, text) if session.kind == "gathering" else "",
    )


def _path_rows(view: PlanView, cohort: CohortPlan, path: LearningPath) -> list[tuple[Cell, ...]]:
    text = ReportText(view.labels.lang)
    catalogue = view.instance.content
    assert catalogue is not None
    windows = {(w.before_kind, w.before_index): w for w in path.windows}
    rows: list[tuple[Cell, ...]] = []
    for s in sorted(path.sessions, key=lambda s: (s.dates[:1], s.kind, s.index)):
        w = windows.get((s.kind, s.index))
        if w is not None and w.modules:
            first = s.dates[0] if s.dates else w.end
            rows.append(
                (
                    text("lp_before", day=text.day(first)),
                    text("lp_self_study"),
                    _module_names(view, catalogue, w.modules),
                    "",
                    _hours_range(text, *_window_hours(catalogue, w.modules)),
                    "",
                )
            )
        rows.append(_session_row(view, cohort, s, text))
    return rows


def learning_path_table(view: PlanView, cohort: CohortPlan) -> Table | None:
    """One cohort's path in date order (None without a path or a catalogue)."""
    if cohort.learning_path is None or view.instance.content is None:
        return None
    text = ReportText(view.labels.lang)
    columns = tuple(
        Column(text(key)) for key in ("lp_when", "lp_where", "lp_modules", "lp_main", "lp_hours")
    ) + ((Column(text("lp_speaker")),) if has_speakers(view) else ())
    rows = _path_rows(view, cohort, cohort.learning_path)
    if not has_speakers(view):
        rows = [r[:-1] for r in rows]
    return Table(
        f"learning-path-{cohort.id}",
        text("lp_title_n", n=cohort.id),
        columns,
        tuple(rows),
    )


def learning_path_tables(view: PlanView) -> list[Table]:
    """Every cohort's learning path (empty without the learning stage)."""
    if not has_learning(view) or view.plan is None:
        return []
    tables = (learning_path_table(view, c) for c in view.plan.cohorts)
    return [t for t in tables if t is not None]


def _h(minutes: int) -> float:
    return round(minutes / 60, 2)


def _hours_row(view: PlanView, text: ReportText, g: GroupHours) -> tuple[Cell, ...]:
    low, high = g.frame
    return (
        view.labels.target_group(g.target_group),
        g.participants,
        _h(g.self_study),
        _h(g.gatherings),
        _h(g.local),
        _h(g.closing),
        _h(g.programme),
        f"{_hours_range(text, low, high)} ({text('lp_yes' if g.within_frame else 'lp_no')})",
        _h(g.travel_average),
        _h(g.travel_most),
        g.nights,
    )


def hours_table(view: PlanView) -> Table | None:
    """Hours per participant by target group: the programme against the frame, travel and
    nights apart (None without the learning stage)."""
    if not has_learning(view) or view.plan is None:
        return None
    text = ReportText(view.labels.lang)
    report = hours_report(ProblemData(view.instance, view.travel), view.plan)
    keys = (
        ("lp_group", "text"),
        ("lp_people", "int"),
        ("lp_h_self_study", "float"),
        ("lp_h_gatherings", "float"),
        ("lp_h_local", "float"),
        ("lp_h_closing", "float"),
        ("lp_h_programme", "float"),
        ("lp_h_frame", "text"),
        ("lp_h_travel", "float"),
        ("lp_h_travel_most", "float"),
        ("lp_nights", "int"),
    )
    columns = tuple(Column(text(k), kind) for k, kind in keys)  # type: ignore[arg-type]
    rows = tuple(_hours_row(view, text, g) for g in report.groups)
    return Table("learning-hours", text("lp_hours_title"), columns, rows)


def _speaker_rows(view: PlanView, text: ReportText) -> list[tuple[Cell, ...]]:
    """One row per speaker or guest at a gathering, by name then date; the total last."""
    plan = view.plan
    assert plan is not None
    data = ProblemData(view.instance, view.travel)
    rows: list[tuple[Cell, ...]] = []
    fees, minutes = 0, 0
    for who in sorted(view.instance.speakers, key=lambda s: _person(view, s).casefold()):
        mine = [
            (c, g)
            for c in plan.cohorts
            for g in c.gatherings
            if who.id == g.speaker or who.id in g.guests
        ]
        for c, g in sorted(mine, key=lambda cg: (cg[1].dates[:1], cg[0].id)):
            trip = 2 * speaker_minutes(data, who, g.venue)
            fees, minutes = fees + who.fee, minutes + trip
            rows.append(
                (
                    _person(view, who),
                    text("lp_guest_role" if who.kind == "guest" else "lp_speaker_role"),
                    text("cohort_n", n=c.id),
                    days_text(text, g.dates),
                    view.venue_name(g.venue),
                    who.fee,
                    _h(trip),
                )
            )
    if rows:
        rows.append((text("budget_total"), "", "", "", "", fees, _h(minutes)))
    return rows


def speakers_table(view: PlanView) -> Table | None:
    """Per speaker and guest of the pool: each gathering (cohort, days, venue), the fee and the
    travel both ways, then the total (None without the speaker stage)."""
    if not has_speakers(view):
        return None
    text = ReportText(view.labels.lang)
    columns = (
        Column(text("lp_speaker")),
        Column(text("lp_role")),
        Column(view.labels("cohort")),
        Column(text("lp_days")),
        Column(text("lp_venue")),
        Column(text("lp_fee"), "int"),
        Column(text("lp_speaker_travel"), "float"),
    )
    return Table("speakers", text("lp_speakers"), columns, tuple(_speaker_rows(view, text)))


def learning_cards(view: PlanView, text: ReportText) -> list[tuple[str, str, str]]:
    """Key figures: programme hours per participant (the range over target groups) and the
    speakers used, each only when the plan has that stage."""
    cards: list[tuple[str, str, str]] = []
    if has_learning(view) and view.plan is not None:
        groups = hours_report(ProblemData(view.instance, view.travel), view.plan).groups
        if groups:
            hours = [g.programme for g in groups]
            cards.append((text("key_hours"), _hours_range(text, min(hours), max(hours)), ""))
    if has_speakers(view) and view.plan is not None:
        pool = {s.id: s for s in view.instance.speakers}
        used = {
            g.speaker
            for c in view.plan.cohorts
            for g in c.gatherings
            if g.speaker in pool and pool[g.speaker].kind == "speaker"
        }
        cards.append((text("key_speakers"), str(len(used)), ""))
    return cards
