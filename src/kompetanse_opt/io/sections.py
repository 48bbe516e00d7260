"""The tables of later stages (groups, schedule, facilitators, politicians, budget) and the
assembly of every table of a plan.

Each function renders the rows of :mod:`kompetanse_opt.io.extras` it is named after; a table with
no rows is left out of the workbook, the CSV files and the report.
"""

from __future__ import annotations

from pathlib import Path

from kompetanse_opt.io.budget_rows import budget_rows
from kompetanse_opt.io.extras import Cell, PlanExtras, ScheduleRow, extras_from_plan
from kompetanse_opt.io.labels import Labels, Lang
from kompetanse_opt.io.learning_sheet import learning_tables
from kompetanse_opt.io.recipients import facilitator_roster_table, speakers_table
from kompetanse_opt.io.rules_table import rules_table
from kompetanse_opt.io.speaker_roster import speaker_roster_table
from kompetanse_opt.io.tables import (
    Column,
    PlanView,
    Table,
    check_plan_references,
    cohorts_table,
    key_figures_table,
    municipalities_table,
    participants_table,
    reasons_table,
    terms_table,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.model.problem import prepare


def groups_table(view: PlanView) -> Table:
    t = view.labels
    municipality_of = {p.id: p.municipality for p in view.instance.participants}
    rows: list[tuple[Cell, ...]] = []
    again = _met_before(view)
    for g in sorted(view.extras.groups, key=lambda g: (g.cohort, g.gathering, g.group)):
        members = list(dict.fromkeys(municipality_of.get(p, "?") for p in g.participants))
        rows.append(
            (
                g.cohort,
                g.gathering,
                g.group,
                t.service_area(g.service_area),
                len(g.participants),
                ", ".join(view.municipality_name(m) if m != "?" else m for m in members),
                ", ".join(g.participants),
                sum(1 for p in g.participants if (g.cohort, g.gathering, p) in again),
            )
        )
    return Table(
        "groups",
        t("groups"),
        (
            Column(t("cohort"), "int"),
            Column(t("gathering"), "int"),
            Column(t("group")),
            Column(t("service_area")),
            Column(t("size"), "int"),
            Column(t("municipalities")),
            Column(t("participants")),
            Column(t("met_before"), "int"),
        ),
        tuple(rows),
    )


def _met_before(view: PlanView) -> set[tuple[int, int, str]]:
    """(cohort, gathering, participant) for everyone who shares their group with someone they
    shared one with at an earlier gathering of the cohort (P4, per person)."""
    pairs: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for g in view.extras.groups:
        ids = sorted(g.participants)
        pairs.setdefault((g.cohort, g.gathering), set()).update(
            (a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]
        )
    out: set[tuple[int, int, str]] = set()
    for (cohort, gathering), now in pairs.items():
        before = set().union(*(p for (c, i), p in pairs.items() if c == cohort and i < gathering))
        for a, b in now & before:
            out.update({(cohort, gathering, a), (cohort, gathering, b)})
    return out


def session_label(labels: Labels, row: ScheduleRow) -> str:
    if row.session == "gathering":
        return labels("session_gathering", n=row.index or "")
    return labels.get(f"session_{row.session}", row.session)


def schedule_table(view: PlanView) -> Table:
    t = view.labels
    rows = [
        (
            s.cohort,
            session_label(t, s),
            s.start,
            s.end,
            view.venue_name(s.venue) if s.venue else "",
        )
        for s in sorted(view.extras.schedule, key=lambda s: (s.start, s.cohort))
    ]
    return Table(
        "schedule",
        t("schedule"),
        (
            Column(t("cohort"), "int"),
            Column(t("session")),
            Column(t("date"), "date"),
            Column(t("end_date"), "date"),
            Column(t("venue")),
        ),
        tuple(rows),
    )


def facilitators_table(view: PlanView) -> Table:
    """Each facilitator's roster (dates, venue, co-facilitators, nights) from the plan; the bare
    rows of ``extras.facilitators`` when the plan itself names no facilitators."""
    if any(g.facilitators for c in (view.plan.cohorts if view.plan else ()) for g in c.gatherings):
        return facilitator_roster_table(view)
    t = view.labels
    rows = [
        (f.facilitator, f.cohort, f.gathering)
        for f in sorted(view.extras.facilitators, key=lambda f: (f.facilitator, f.cohort))
    ]
    return Table(
        "facilitators",
        t("facilitators"),
        (Column(t("facilitator")), Column(t("cohort"), "int"), Column(t("gathering"), "int")),
        tuple(rows),
    )


def politician_sessions_table(view: PlanView) -> Table:
    t = view.labels
    rows = [
        (
            s.id,
            s.date,
            view.venue_name(s.venue) if s.venue else "",
            ", ".join(view.municipality_name(m) for m in s.municipalities),
        )
        for s in view.extras.politician_sessions
    ]
    return Table(
        "politician_sessions",
        t("politician_sessions"),
        (
            Column(t("id")),
            Column(t("date"), "date"),
            Column(t("venue")),
            Column(t("municipalities")),
        ),
        tuple(rows),
    )


def budget_table(view: PlanView) -> Table:
    t = view.labels
    columns = [Column(t("line")), Column(t("kind")), Column(t("amount_nok"), "int")]
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (b.line, b.kind, b.amount_nok) for b in view.extras.budget
    )
    if any(b.basis for b in view.extras.budget):
        columns.append(Column(t("basis")))
        rows = tuple((*row, b.basis) for row, b in zip(rows, view.extras.budget, strict=True))
    return Table("budget", t("budget"), tuple(columns), rows)


def plan_tables(view: PlanView) -> list[Table]:
    """Every table the plan has data for, in workbook order."""
    tables = [key_figures_table(view), terms_table(view)]
    if view.result.reasons:
        tables.append(reasons_table(view))
    if view.plan is None:
        return [table for table in tables if table.rows]
    tables += [cohorts_table(view), municipalities_table(view), participants_table(view)]
    optional = (
        (view.extras.groups, groups_table),
        (view.extras.schedule, schedule_table),
        (view.extras.facilitators, facilitators_table),
        (view.extras.politician_sessions, politician_sessions_table),
        (view.extras.budget, budget_table),
    )
    tables += [build(view) for rows, build in optional if rows]
    tables.insert(
        tables.index(next(t for t in tables if t.key == "municipalities")) + 1, speakers_table(view)
    )
    tables += learning_tables(view)
    tables.append(speaker_roster_table(view))  # empty (left out) without a speaker stage
    tables.append(rules_table(view))
    return [table for table in tables if table.rows]


def build_view(
    instance: Instance,
    result: Result,
    *,
    lang: Lang = "nb",
    anonymise: bool = False,
    extras: PlanExtras | None = None,
    plan_source: str | Path | None = None,
) -> PlanView:
    """The view of a plan, after checking that the plan belongs to the instance.

    ``extras`` defaults to what the plan itself carries (:func:`extras_from_plan`); pass rows from
    later stages (schedule, budget, ...) to add their sections.
    """
    check_plan_references(instance, result, None if plan_source is None else str(plan_source))
    data = prepare(instance)
    if extras is None:
        extras = extras_from_plan(result.plan)
    if not extras.budget:
        budget = budget_rows(data, result.plan, Labels(lang))
        extras = extras.merged(PlanExtras(budget=budget))
    return PlanView(instance, result, data.travel, Labels(lang), anonymise, extras)
