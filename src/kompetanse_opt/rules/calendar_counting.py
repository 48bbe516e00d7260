"""Counting checks for the calendar stage: infeasibility proved in plain words, before search.

Like :mod:`kompetanse_opt.rules.counting`, each check returns the causes it finds, each naming the
setting and the numbers, and is registered under the label of the rule it proves broken. The
horizon check schedules every cohort as early as the template's minimum gaps allow, ignoring
everything else (maximum gaps, venues, facilitators): if even that relaxation overruns the
horizon, no plan exists.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable

from kompetanse_opt.core.i18n import msg
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
    return ", ".join(msg("{n} {kind} day(s)", n=n, kind=kind) for kind, n in kinds.items())


def no_days_for_sessions(
    instance: Instance, settings: CalendarSettings, grid: DayGrid
) -> list[str]:
    out = []
    for position, step in enumerate(settings.template, start=1):
        weekdays = settings.step_weekdays(step)
        days = SESSION_DAYS[step.kind]
        if not grid.starts(days, weekdays, kind=step.kind):
            need = msg("two consecutive allowed days") if days == 2 else msg("an allowed day")
            if step.kind == "gathering" and settings.gathering_starts is not None:
                need = msg("{need} starting on {settings.gathering_starts}", locals())
            out.append(
                msg(
                    "calendar: no day from {grid.first} to {grid.last} ({grid.n_days} days) "
                    "gives template step {position} ({step.kind}) {need} on weekdays "
                    "{weekdays}; closed: {closed}",
                    locals(),
                    position=position,
                    closed=_closed_counts(grid),
                )
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
        grid.starts(SESSION_DAYS[spec.kind], settings.step_weekdays(spec), kind=spec.kind)
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
                msg(
                    "calendar.template step {step} ({spec.kind}) must start "
                    "{spec.min_gap_days}..{high} day(s) after step {failed} ({before.kind}) "
                    "ends, but no allowed day from {grid.first} to {grid.last} fits that",
                    locals(),
                    step=failed + 1,
                )
            ]
        return [
            msg(
                "calendar.horizon_end {grid.last} is too early: with the template's gaps "
                "and stagger_min_days {settings.stagger_min_days}, cohort {cohort} of "
                "{k} cannot finish inside the horizon ({grid.n_days} days from "
                "{grid.first})",
                locals(),
            )
        ]
    out = []
    span = sum(SESSION_DAYS[s.kind] for s in settings.template)
    span += sum(s.min_gap_days - 1 for s in settings.template[1:])
    longest = max(grid.window_last(i, settings.window_months) - i + 1 for i in range(grid.n_days))
    if span > longest:
        out.append(
            msg(
                "calendar.template needs at least {span} days per cohort, more than the "
                "{settings.window_months}-month window (at most {longest} days)",
                locals(),
            )
        )
    by = settings.first_start_by
    head = settings.template[0]
    opening = grid.starts(SESSION_DAYS[head.kind], settings.step_weekdays(head), kind=head.kind)
    if by is not None and opening and grid.day(opening[0]) > by:
        out.append(
            msg(
                "calendar.first_start_by {by}: the first day a cohort can start is {first_day}",
                locals(),
                first_day=grid.day(opening[0]),
            )
        )
    return out


def facilitator_pool(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    staffing = settings.staffing
    pool = len(instance.facilitators)
    out = []
    if pool < staffing.min_pool:
        out.append(
            msg(
                "facilitators: the pool has {pool}, calendar.staffing.min_pool is "
                "{staffing.min_pool}",
                locals(),
            )
        )
    if pool < staffing.per_gathering:
        out.append(
            msg(
                "facilitators: the pool has {pool}, fewer than the "
                "{staffing.per_gathering} each gathering needs "
                "(calendar.staffing.per_gathering)",
                locals(),
            )
        )
    k = instance.cohort_count
    seats = k * instance.cohorts.gatherings * staffing.per_gathering
    if k >= staffing.min_cohorts_each and pool * staffing.min_cohorts_each > seats:
        out.append(
            msg(
                "facilitators: {pool} people × {staffing.min_cohorts_each} cohorts each "
                "(calendar.staffing.min_cohorts_each) = {assignments} "
                "cohort assignments, but {k} cohorts × {instance.cohorts.gatherings} "
                "gatherings × {staffing.per_gathering} facilitators = {seats} seats",
                locals(),
                assignments=pool * staffing.min_cohorts_each,
            )
        )
    return out


def politician_sessions(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    track = settings.politicians
    if track is None:
        return []
    n = len(instance.municipalities)
    low, high = track.session_range()
    out = []
    if low > n:
        out.append(
            msg(
                "calendar.politicians: at least {low} sessions > {n} municipalities "
                "(every session needs at least one)",
                locals(),
            )
        )
    if track.max_municipalities is not None and high * track.max_municipalities < n:
        out.append(
            msg(
                "calendar.politicians: at most {high} sessions × max_municipalities "
                "{track.max_municipalities} < {n} municipalities",
                locals(),
            )
        )
    venues = set(track.venues or instance.venue_ids())
    rooms = [v.room_capacity or track.room_capacity for v in instance.venues if v.id in venues]
    if rooms and None not in rooms:
        biggest = max(r for r in rooms if r is not None)
        heads = [track.headcount(m.id) for m in instance.municipalities]
        if max(heads, default=0) > biggest:
            out.append(
                msg(
                    "calendar.politicians: a municipality brings {heads} people "
                    "(politicians and its administration resource), more than the largest "
                    "room ({biggest})",
                    locals(),
                    heads=max(heads),
                )
            )
        elif sum(heads) > high * biggest:
            out.append(
                msg(
                    "calendar.politicians: {heads} people (politicians and "
                    "administration resources) do not fit in at most {high} sessions of at "
                    "most {biggest}",
                    locals(),
                    heads=sum(heads),
                )
            )
    return out


def impossible_date_pins(
    instance: Instance, settings: CalendarSettings, grid: DayGrid
) -> list[str]:
    """A date pin on a day its session cannot use, or a pinned facilitator away that day."""
    steps: dict[tuple[str, int], int] = {}
    seen: dict[str, int] = {}
    for n, spec in enumerate(settings.template):
        seen[spec.kind] = seen.get(spec.kind, 0) + 1
        steps[spec.kind, seen[spec.kind]] = n
    away = {f.id: {d for r in f.unavailable for d in r.days()} for f in instance.facilitators}
    staff = instance.pins.facilitators_of()
    out = []
    for pin in instance.pins.dates:
        at = steps.get((pin.session, pin.index))
        if at is None:
            continue
        step = settings.template[at]
        days = [pin.date + dt.timedelta(days=n) for n in range(SESSION_DAYS[step.kind])]
        where = msg(
            "cohort {pin.cohort} {pin.session} {pin.index} is pinned to {pin.date}", locals()
        )
        for day in days:
            reason = grid.why_not(day, settings.step_weekdays(step))
            if reason is not None:
                out.append(msg("{where}, but {reason}", locals()))
        for person in staff.get((pin.cohort, pin.index), []) if pin.session == "gathering" else []:
            if away.get(person, set()) & set(days):
                out.append(
                    msg("{where} with facilitator {person}, who is unavailable then", locals())
                )
    return out


#: Each counting check under the label of the rule it proves broken.
CALENDAR_CHECKS: tuple[tuple[str, CalendarCheck], ...] = (
    ("H5", no_days_for_sessions),
    ("H5", horizon_too_short),
    ("H6", facilitator_pool),
    ("H7", impossible_date_pins),
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
