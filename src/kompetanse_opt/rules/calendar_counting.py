"""Counting checks for the calendar stage: infeasibility proved in plain words, before search.

Like :mod:`kompetanse_opt.rules.counting`, each check returns the causes it finds, each naming the
setting and the numbers, and is registered under the label of the rule it proves broken. The
horizon check schedules every cohort as early as the template's minimum gaps allow, ignoring
everything else (maximum gaps, venues, facilitators): if even that relaxation overruns the
horizon, no plan exists.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from kompetanse_opt.model.calendar_days import DayGrid, build_grid
from kompetanse_opt.model.calendar_settings import SESSION_DAYS, CalendarSettings
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.rules.counting import Cause
from kompetanse_opt.rules.learning_counting import (
    hours_outside_frame,
    sessions_too_short,
    uncovered_capabilities,
)

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


def _gap_range(settings: CalendarSettings, step: int) -> tuple[int, int | None]:
    """Allowed start-to-start distance from step ``step - 1`` to step ``step`` (in days)."""
    spec, before = settings.template[step], SESSION_DAYS[settings.template[step - 1].kind]
    high = None if spec.max_gap_days is None else spec.max_gap_days + before - 1
    return spec.min_gap_days + before - 1, high


def _forward(
    settings: CalendarSettings, options: list[list[int]], first: list[int]
) -> list[list[int]]:
    """Start days each step can use, given the first step's candidate days (min and max gaps)."""
    reach = [first]
    for step in range(1, len(settings.template)):
        low, high = _gap_range(settings, step)
        previous = reach[-1]
        nxt = []
        for day in options[step]:
            # Some previous start p with low <= day - p <= high.
            at = bisect_left(previous, day - high) if high is not None else 0
            if at < len(previous) and previous[at] <= day - low:
                nxt.append(day)
        reach.append(nxt)
    return reach


def earliest_ends(
    settings: CalendarSettings, grid: DayGrid, cohorts: int
) -> list[tuple[int | None, int]]:
    """Per cohort: its earliest possible last day (None: none) and the template step that failed.

    Only the template's gaps, the allowed days and the stagger are used (no window, venues or
    facilitators), so an end that does not exist here does not exist at all.
    """
    options = [
        grid.starts(SESSION_DAYS[spec.kind], settings.step_weekdays(spec))
        for spec in settings.template
    ]
    out: list[tuple[int | None, int]] = []
    bound = 0
    for _ in range(cohorts):
        reach = _forward(settings, options, [d for d in options[0] if d >= bound])
        failed = next((j for j, days in enumerate(reach) if not days), None)
        if failed is not None:
            out.append((None, failed))
            break
        out.append((reach[-1][0] + SESSION_DAYS[settings.template[-1].kind] - 1, -1))
        # The earliest first day of a completable cohort: walk back from the reachable ends.
        keep = reach[-1]
        for step in range(len(reach) - 1, 0, -1):
            low, high = _gap_range(settings, step)
            later = keep
            keep = []
            for p in reach[step - 1]:
                at = bisect_left(later, p + low)
                if at < len(later) and (high is None or later[at] <= p + high):
                    keep.append(p)
        bound = keep[0] + max(settings.stagger_min_days, 1)
    return out


def horizon_too_short(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    k = instance.cohort_count
    for cohort, (end, failed) in enumerate(earliest_ends(settings, grid, k), start=1):
        if end is not None:
            continue
        if cohort == 1 and failed > 0:
            spec, before = settings.template[failed], settings.template[failed - 1]
            high = spec.max_gap_days if spec.max_gap_days is not None else "∞"
            return [
                f"calendar.template step {failed + 1} ({spec.kind}) must start"
                f" {spec.min_gap_days}..{high} day(s) after step {failed} ({before.kind}) ends,"
                f" but no allowed day from {grid.first} to {grid.last} fits that"
            ]
        return [
            f"calendar.horizon_end {grid.last} is too early: with the template's gaps and"
            f" stagger_min_days {settings.stagger_min_days}, cohort {cohort} of {k} cannot"
            f" finish inside the horizon ({grid.n_days} days from {grid.first})"
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


#: Each counting check under the label of the rule it proves broken.
CALENDAR_CHECKS: tuple[tuple[str, CalendarCheck], ...] = (
    ("H5", no_days_for_sessions),
    ("H5", horizon_too_short),
    ("H6", facilitator_pool),
    ("T2", politician_sessions),
    ("H9", hours_outside_frame),
    ("H9", uncovered_capabilities),
    ("H9", sessions_too_short),
)


def labelled_calendar_causes(instance: Instance) -> list[Cause]:
    """Every calendar infeasibility that counting can prove, with its rule's label."""
    settings = instance.calendar
    if settings is None:
        return []
    grid = build_grid(instance)
    return [
        Cause(label, text)
        for label, check in CALENDAR_CHECKS
        for text in check(instance, settings, grid)
    ]


def calendar_counting_causes(instance: Instance) -> list[str]:
    """Every calendar infeasibility that counting can prove (none without calendar settings)."""
    return [cause.text for cause in labelled_calendar_causes(instance)]
