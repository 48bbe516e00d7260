"""The plain rows that later planning stages hand to the workbook and the report.

Groups, dates, facilitators, the politicians' track and the budget are planned by other stages.
The outputs do not read those stages' models directly: they take the plain rows below, so each
stage only has to produce rows (see :func:`extras_from_plan` for the groups), and a section or
sheet appears exactly when its rows are non-empty.

* :class:`GroupRow`: one discussion group at one gathering of one cohort; shown as the groups
  sheet and section, and as a group column per gathering in the participants table.
* :class:`ScheduleRow`: one session of a cohort (gathering n, local half day, closing on Teams)
  with its date(s) and venue; shown as the schedule (table and timeline) and as dates in the
  cohort table and cards.
* :class:`FacilitatorRow`: one facilitator at one gathering of one cohort; the facilitators table.
* :class:`PoliticianSessionRow`: one joint session of the politicians' track; its own table.
* :class:`BudgetRow`: one line of the budget table, totals included; the budget table.
* ``PlanExtras.key_figures``: extra (label, value) pairs such as the price per participant,
  appended to the key figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kompetanse_opt.model.plan import Plan

#: A value in a table cell; lists are joined into text before they get here.
Cell = str | int | float | date | None


@dataclass(frozen=True)
class GroupRow:
    """A discussion group (H4): ``participants`` are participant ids."""

    cohort: int
    gathering: int
    group: str
    service_area: str
    participants: tuple[str, ...]


@dataclass(frozen=True)
class ScheduleRow:
    """A session of a cohort.

    ``session`` is ``gathering`` (with ``index``), ``local``, ``closing`` or any other text (shown
    as given); ``end`` is the last day of a session that spans days (lunch to lunch).
    """

    cohort: int
    session: str
    start: date
    index: int | None = None
    end: date | None = None
    venue: str | None = None


@dataclass(frozen=True)
class FacilitatorRow:
    cohort: int
    gathering: int
    facilitator: str


@dataclass(frozen=True)
class PoliticianSessionRow:
    """A joint physical session of the politicians' track (municipality numbers)."""

    id: str
    municipalities: tuple[str, ...]
    date: date | None = None
    venue: str | None = None


@dataclass(frozen=True)
class BudgetRow:
    """A budget line in NOK; ``kind`` is free text (fixed, variable, total, contribution, ...)."""

    line: str
    kind: str
    amount_nok: int
    #: How the amount was reached ("× 3/4 cohorts", "400 nights × 2000"); empty when given.
    basis: str = ""


@dataclass(frozen=True)
class PlanExtras:
    """Everything later stages add; empty tuples mean "not planned" and hide the section."""

    groups: tuple[GroupRow, ...] = ()
    schedule: tuple[ScheduleRow, ...] = ()
    facilitators: tuple[FacilitatorRow, ...] = ()
    politician_sessions: tuple[PoliticianSessionRow, ...] = ()
    budget: tuple[BudgetRow, ...] = ()
    key_figures: tuple[tuple[str, Cell], ...] = ()

    def merged(self, other: PlanExtras) -> PlanExtras:
        """Rows of both (``other`` after ``self``), for stages that fill in different parts."""
        return PlanExtras(
            groups=self.groups + other.groups,
            schedule=self.schedule + other.schedule,
            facilitators=self.facilitators + other.facilitators,
            politician_sessions=self.politician_sessions + other.politician_sessions,
            budget=self.budget + other.budget,
            key_figures=self.key_figures + other.key_figures,
        )


def group_rows(cohorts: Iterable[Any]) -> tuple[GroupRow, ...]:
    """Group rows from plan cohorts whose gatherings carry ``groups: [{id, service_area,
    participants}]`` (the groups stage's shape); gatherings without groups give none.

    Read by attribute so this module works both before and after the groups stage adds the field
    to ``GatheringPlan``.
    """
    rows: list[GroupRow] = []
    for cohort in cohorts:
        for gathering in cohort.gatherings:
            for group in getattr(gathering, "groups", None) or ():
                rows.append(
                    GroupRow(
                        cohort=cohort.id,
                        gathering=gathering.index,
                        group=str(group.id),
                        service_area=str(group.service_area),
                        participants=tuple(group.participants),
                    )
                )
    return tuple(rows)


def schedule_rows(plan: Plan) -> tuple[ScheduleRow, ...]:
    """Every dated session of every cohort, in cohort and date order (empty when undated)."""
    rows: list[ScheduleRow] = []
    for c in plan.cohorts:
        for g in c.gatherings:
            if g.dates:
                rows.append(
                    ScheduleRow(c.id, "gathering", g.dates[0], g.index, g.dates[-1], g.venue)
                )
        rows += [ScheduleRow(c.id, "local", s.date, s.index) for s in c.local_sessions]
        rows += [ScheduleRow(c.id, "closing", s.date, s.index) for s in c.closing_sessions]
    return tuple(sorted(rows, key=lambda r: (r.cohort, r.start)))


def facilitator_rows(plan: Plan) -> tuple[FacilitatorRow, ...]:
    return tuple(
        FacilitatorRow(c.id, g.index, f)
        for c in plan.cohorts
        for g in c.gatherings
        for f in g.facilitators
    )


def politician_rows(plan: Plan) -> tuple[PoliticianSessionRow, ...]:
    return tuple(
        PoliticianSessionRow(str(s.id), tuple(s.municipalities), s.date, s.venue)
        for s in plan.politician_sessions
    )


def extras_from_plan(plan: Plan | None) -> PlanExtras:
    """The rows a plan carries: groups, the dated schedule, facilitators, politicians' sessions."""
    if plan is None:
        return PlanExtras()
    return PlanExtras(
        groups=group_rows(plan.cohorts),
        schedule=schedule_rows(plan),
        facilitators=facilitator_rows(plan),
        politician_sessions=politician_rows(plan),
    )
