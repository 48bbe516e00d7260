"""The calendar's H10 family: date physical gatherings only where a speaker can be found.

The speaker stage runs after the calendar and takes its dates as given, so a date on which no
able speaker is free used to end the pipeline without a plan although another date would have
worked. Two exact cuts (neither removes a combination of dates that has a feasible speaker
assignment) bring the speakers into the calendar:

* **free days**: a gathering starts only on a day where one of the speakers who may present it
  (:func:`~kompetanse_opt.rules.speaker_counting.able_before_dates`: its pinned speaker, or
  everyone who can present its theme or one of the catalogue's main modules, since the main
  module is chosen after the calendar) is free on both of its days. Every feasible assignment
  puts such a speaker there, so no feasible date is lost.
* **day capacity**: on every day, the gatherings held that day number at most the speakers free
  that day. In a feasible assignment each of those gatherings has its own speaker (nobody is in
  two places on one day) who is free that day, so the count never exceeds them. Modelled as one
  cumulative over the gatherings' intervals (demand 1) with fixed blockers that lower the
  capacity on days with fewer free speakers, added only when some day has fewer free speakers
  than there are gatherings.

The speakers' ``max_gatherings`` and the capabilities per day are left to the speaker stage
(a matching, not worth a joint model here); the counting cause for ``max_gatherings`` in total
is in :mod:`kompetanse_opt.rules.speaker_counting`.
"""

from __future__ import annotations

from typing import Protocol

from ortools.sat.python import cp_model

from kompetanse_opt.model.calendar_days import DayGrid
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.speakers import Speaker
from kompetanse_opt.rules.speaker_counting import able_before_dates, free_starts
from kompetanse_opt.solver.calendar.variables import CalendarVariables, Session


class CalendarModel(Protocol):
    """What the H10 family needs of the calendar model."""

    instance: Instance
    grid: DayGrid
    model: cp_model.CpModel
    vars: CalendarVariables
    gatherings: list[Session]


def add_speaker_days(cal: CalendarModel) -> None:
    """H10 in the calendar: free days for every gathering, and the day capacity cut."""
    instance = cal.instance
    if not any(s.kind == "speaker" for s in instance.speakers):
        return  # no pool: placeholders, as before
    cache: dict[tuple[str, ...], set[int]] = {}
    able_ids: set[str] = set()
    for g in cal.gatherings:
        able = able_before_dates(instance, g.cohort, g.index)
        able_ids |= {s.id for s in able}
        key = tuple(s.id for s in able)
        if key not in cache:
            cache[key] = free_starts(cal.grid, able, g.days)
        days = cp_model.Domain.from_values(sorted(cache[key]))
        # An empty domain makes the model infeasible: the counting cause names it.
        cal.model.add_linear_expression_in_domain(cal.vars.start[g.cohort, g.step], days)
    _day_capacity(cal, [s for s in instance.speakers if s.id in able_ids])


def _day_capacity(cal: CalendarModel, speakers: list[Speaker]) -> None:
    grid = cal.grid
    free = [sum(s.is_available(grid.day(i)) for s in speakers) for i in range(grid.n_days)]
    top = max(free, default=0)
    if not cal.gatherings or min(free, default=0) >= len(cal.gatherings):
        return  # never binding
    blockers: list[cp_model.IntervalVar] = []
    demands: list[int] = []
    i = 0
    while i < grid.n_days:  # one fixed blocker per run of days with the same shortfall
        j = i
        while j + 1 < grid.n_days and free[j + 1] == free[i]:
            j += 1
        if free[i] < top:
            blockers.append(cal.model.new_fixed_size_interval_var(i, j - i + 1, f"few[{i}]"))
            demands.append(top - free[i])
        i = j + 1
    intervals = [cal.vars.interval[g.cohort, g.step] for g in cal.gatherings]
    cal.model.add_cumulative(intervals + blockers, [1] * len(intervals) + demands, top)
