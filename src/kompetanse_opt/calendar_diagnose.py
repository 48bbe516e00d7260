"""Counting checks for the calendar stage: infeasibility proved in plain words, before search.

Like :mod:`kompetanse_opt.diagnose`, each check returns the causes it finds; each cause names the
setting and the numbers. The horizon check schedules every cohort as early as the template's
minimum gaps allow, ignoring everything else (maximum gaps, venues, facilitators): if even that
relaxation overruns the horizon, no plan exists.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from kompetanse_opt.calendar_days import DayGrid, build_grid
from kompetanse_opt.calendar_settings import SESSION_DAYS, CalendarSettings
from kompetanse_opt.instance import Instance

CalendarCheck = Callable[[Instance, CalendarSettings, DayGrid], list[str]]


def _closed_counts(grid: DayGrid) -> str:
    kinds = {"public holiday": 0, "school holiday": 0, "blackout": 0}
    for reason in grid.closed.values():
        for kind in kinds:
            if reason.startswith(kind):
                kinds[kind] += 1
    return ", ".join(f"{n} {kind} day(s)" for kind, n in kinds.items())


def no_days_for_sessions(
    instance: Instance, settings: CalendarSettings, grid: DayGrid
) -> list[str]:
    out = []
    for position, step in enumerate(settings.template, start=1):
        weekdays = settings.step_weekdays(step)
        days = SESSION_DAYS[step.kind]
        if not grid.starts(days, weekdays):
            need = "two consecutive allowed days" if days == 2 else "an allowed day"
            out.append(
                f"calendar: no day from {grid.first} to {grid.last} ({grid.n_days} days) gives"
                f" template step {position} ({step.kind}) {need} on weekdays {weekdays};"
                f" closed: {_closed_counts(grid)}"
            )
    return out


def earliest_ends(settings: CalendarSettings, grid: DayGrid, cohorts: int) -> list[int | None]:
    """Each cohort's earliest possible last day (index) under minimum gaps and stagger only."""
    starts = {
        step: grid.starts(SESSION_DAYS[spec.kind], settings.step_weekdays(spec))
        for step, spec in enumerate(settings.template)
    }
    ends: list[int | None] = []
    earliest_first = 0
    for _ in range(cohorts):
        day: int | None = earliest_first
        first: int | None = None
        for step, spec in enumerate(settings.template):
            assert day is not None
            options = starts[step]
            at = bisect_left(options, day)
            if at == len(options):
                day = None
                break
            begin = options[at]
            first = begin if first is None else first
            day = (
                begin
                + SESSION_DAYS[spec.kind]
                - 1
                + (settings.template[step + 1].min_gap_days if step + 1 < len(starts) else 0)
            )
        if day is None or first is None:
            ends.extend([None] * (cohorts - len(ends)))
            break
        ends.append(day)
        earliest_first = first + max(settings.stagger_min_days, 1)
    return ends


def horizon_too_short(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    k = instance.cohort_count
    ends = earliest_ends(settings, grid, k)
    for cohort, end in enumerate(ends, start=1):
        if end is None:
            return [
                f"calendar.horizon_end {grid.last} is too early: with the template's minimum"
                f" gaps and stagger_min_days {settings.stagger_min_days}, cohort {cohort} of"
                f" {k} cannot finish inside the horizon ({grid.n_days} days from {grid.first})"
            ]
    out = []
    span = sum(SESSION_DAYS[s.kind] for s in settings.template)
    span += sum(s.min_gap_days - 1 for s in settings.template[1:])
    longest = max(grid.window_last(i, settings.window_months) - i + 1 for i in range(grid.n_days))
    if span > longest:
        out.append(
            f"calendar.template needs at least {span} days per cohort, more than the"
            f" {settings.window_months}-month window (at most {longest} days)"
        )
    by = settings.first_start_by
    opening = grid.starts(
        SESSION_DAYS[settings.template[0].kind], settings.step_weekdays(settings.template[0])
    )
    if by is not None and opening and grid.day(opening[0]) > by:
        out.append(
            f"calendar.first_start_by {by}: the first day a cohort can start is"
            f" {grid.day(opening[0])}"
        )
    return out


def facilitator_pool(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    staffing = settings.staffing
    pool = len(instance.facilitators)
    out = []
    if pool < staffing.min_pool:
        out.append(
            f"facilitators: the pool has {pool}, calendar.staffing.min_pool is {staffing.min_pool}"
        )
    if pool < staffing.per_gathering:
        out.append(
            f"facilitators: the pool has {pool}, fewer than the"
            f" {staffing.per_gathering} each gathering needs (calendar.staffing.per_gathering)"
        )
    k = instance.cohort_count
    seats = k * instance.cohorts.gatherings * staffing.per_gathering
    if k >= staffing.min_cohorts_each and pool * staffing.min_cohorts_each > seats:
        out.append(
            f"facilitators: {pool} people × {staffing.min_cohorts_each} cohorts each"
            f" (calendar.staffing.min_cohorts_each) = {pool * staffing.min_cohorts_each}"
            f" cohort assignments, but {k} cohorts × {instance.cohorts.gatherings} gatherings ×"
            f" {staffing.per_gathering} facilitators = {seats} seats"
        )
    return out


def politician_sessions(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    track = settings.politicians
    if track is None:
        return []
    n = len(instance.municipalities)
    out = []
    if track.sessions > n:
        out.append(
            f"calendar.politicians.sessions {track.sessions} > {n} municipalities"
            " (every session needs at least one)"
        )
    if track.max_municipalities is not None and track.sessions * track.max_municipalities < n:
        out.append(
            f"calendar.politicians: {track.sessions} sessions × max_municipalities"
            f" {track.max_municipalities} < {n} municipalities"
        )
    return out


CALENDAR_CHECKS: tuple[CalendarCheck, ...] = (
    no_days_for_sessions,
    horizon_too_short,
    facilitator_pool,
    politician_sessions,
)


def calendar_counting_causes(instance: Instance) -> list[str]:
    """Every calendar infeasibility that counting can prove (none without calendar settings)."""
    settings = instance.calendar
    if settings is None:
        return []
    grid = build_grid(instance)
    return [cause for check in CALENDAR_CHECKS for cause in check(instance, settings, grid)]
