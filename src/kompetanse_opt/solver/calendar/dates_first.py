"""The calendar stage at scale: dates first, then the staff for those dates.

With many cohorts (5x Vestland: 20 cohorts, 40 gatherings, 15 facilitators) the whole model
rarely finds a first solution in its share: on a loaded 2-core machine none in 40 s, while a
model of the dates alone finds one in about 4 s and, with those dates fixed, the staffing model
finds a first plan in under a second and a better plan in 20 s (objective 9 993) than the whole
model did in the same time (17 637). So above :data:`DATES_FIRST_COHORTS` cohorts the stage

1. dates every session with the facilitator families left out (their counting cut kept: at
   most ``facilitators // per_gathering`` gatherings on one day), stopping at the first
   solution (one worker: deterministic), then
2. solves the whole model with those dates fixed, for the rest of its share.

The plan is valid (the checker sees it like any other), but the second model's bound holds only
for those dates: the stage reports no bound and at best ``feasible``.
"""

from __future__ import annotations

import time
from dataclasses import replace

from kompetanse_opt.model.calendar_days import DayGrid
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.calendar.model import CalendarModel
from kompetanse_opt.solver.engine import (
    MIN_SECONDS,
    EngineRun,
    EngineSettings,
    ProgressCallback,
    run_with_fallback,
)

#: More cohorts than this: dates first (2x Vestland, 8 cohorts, finds a whole-model plan in its
#: share; 5x, 20 cohorts, does not).
DATES_FIRST_COHORTS = 8
#: Share of the stage's time the dates may take (they stop at their first solution).
DATES_SHARE = 0.4


class DatesOnly(CalendarModel):
    """The calendar model without the facilitator families, with their day-capacity cut."""

    def facilitator_count(self) -> None:
        need = self.settings.staffing.per_gathering
        intervals = [self.vars.interval[g.cohort, g.step] for g in self.gatherings]
        if self.facilitators and need and intervals:
            self.model.add_cumulative(intervals, [need] * len(intervals), len(self.facilitators))

    def facilitator_no_double_booking(self) -> None:
        pass

    def facilitator_transfers(self) -> None:
        pass

    def facilitator_cohorts_each(self) -> None:
        pass


def dates_first(plan: Plan) -> bool:
    """Whether the stage plans the dates first for this cohort plan."""
    return len(plan.cohorts) > DATES_FIRST_COHORTS


def solve_dates_first(
    data: ProblemData,
    grid: DayGrid,
    plan: Plan,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
) -> tuple[CalendarModel, EngineRun] | None:
    """The whole model with dates fixed to the dates-only model's first solution, and its run
    (None when either step found nothing)."""
    started = time.perf_counter()
    dates = DatesOnly(data, grid, plan).build()
    share = replace(settings, time_limit=max(settings.time_limit * DATES_SHARE, MIN_SECONDS))
    first = run_with_fallback(
        "calendar", dates.model, share, tuning={"stop_after_first_solution": True}
    )
    if not first.status.has_plan:
        return None
    fixed = CalendarModel(data, grid, plan).build()
    for key, var in dates.vars.start.items():
        fixed.model.add(fixed.vars.start[key] == first.solver.value(var))
    left = max(settings.time_limit - (time.perf_counter() - started), MIN_SECONDS)
    run = run_with_fallback("calendar", fixed.model, replace(settings, time_limit=left), progress)
    if not run.status.has_plan:
        return None
    run.wall_time = time.perf_counter() - started
    return fixed, run
