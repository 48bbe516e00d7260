"""Hard rules of the calendar stage (H5 dates, H3 venue days; H6 in
:mod:`.staffing_rules`), one each.

Registered under keys ``"<label>.<aspect>"`` because one domain rule has several aspects; every
violation carries the domain label itself (H3, H5, H6 or POL). Days are judged by the same
:func:`~kompetanse_opt.model.calendar_days.build_grid` as the solver uses, so "allowed" means the
same.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from itertools import pairwise

from kompetanse_opt.check.staffing_rules import check_h6_booking, check_h6_pool, check_h6_staffing
from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_days import (
    DayGrid,
    add_months,
    build_grid,
    cohort_dates,
)
from kompetanse_opt.model.calendar_settings import CalendarSettings, SessionStep
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan

Dated = tuple[SessionStep, str, int, list[dt.date]]  # step, kind, index, days


def _steps(settings: CalendarSettings) -> dict[tuple[str, int], SessionStep]:
    seen: Counter[str] = Counter()
    out: dict[tuple[str, int], SessionStep] = {}
    for step in settings.template:
        seen[step.kind] += 1
        out[step.kind, seen[step.kind]] = step
    return out


def _dated_sessions(settings: CalendarSettings, c: CohortPlan) -> list[Dated]:
    """The cohort's dated sessions in template order (undated or unknown ones left out)."""
    days: dict[tuple[str, int], list[dt.date]] = {}
    for g in c.gatherings:
        days["gathering", g.index] = list(g.dates)
    for s in c.local_sessions:
        days["local", s.index] = [s.date]
    for s in c.closing_sessions:
        days["closing", s.index] = [s.date]
    return [
        (step, kind, index, days[kind, index])
        for (kind, index), step in _steps(settings).items()
        if days.get((kind, index))
    ]


def calendar_setup(instance: Instance) -> tuple[CalendarSettings, DayGrid] | None:
    return None if instance.calendar is None else (instance.calendar, build_grid(instance))


def check_h5_sessions_dated(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: every session of the template has its date(s); gatherings two consecutive days."""
    settings = instance.calendar
    if settings is None:
        return [Violation("H5", "the plan has dates but the instance has no calendar settings")]
    out: list[Violation] = []
    expected: Counter[str] = Counter(step.kind for step in settings.template)
    for c in plan.cohorts:
        cid = str(c.id)
        for kind, sessions in (("local", c.local_sessions), ("closing", c.closing_sessions)):
            indices = sorted(s.index for s in sessions)
            if indices != list(range(1, expected[kind] + 1)):
                out.append(
                    Violation(
                        "H5",
                        msg(
                            "cohort {c.id} has {kind} sessions {indices}, the template has "
                            "{expected_indices}",
                            locals(),
                            kind=kind,
                            expected_indices=expected[kind],
                        ),
                        (cid,),
                    )
                )
        for g in c.gatherings:
            first = g.dates[0] if g.dates else None
            if len(g.dates) != 2 or first is None or g.dates[1] != first + dt.timedelta(days=1):
                out.append(
                    Violation(
                        "H5",
                        msg(
                            "cohort {c.id} gathering {g.index} has dates {g.dates}: lunch to "
                            "lunch needs two consecutive days",
                            locals(),
                        ),
                        (cid,),
                    )
                )
            if not g.speaker:
                out.append(
                    Violation(
                        "H5",
                        msg("cohort {c.id} gathering {g.index} records no speaker", locals()),
                        (cid,),
                    )
                )
    return out


def check_h5_allowed_days(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: sessions fall on allowed weekdays inside the horizon, outside holidays and blackouts."""
    setup = calendar_setup(instance)
    if setup is None:
        return []
    settings, grid = setup
    out: list[Violation] = []
    for c in plan.cohorts:
        for step, kind, index, days in _dated_sessions(settings, c):
            for day in days:
                reason = grid.why_not(day, settings.step_weekdays(step))
                if reason:
                    out.append(_session_violation(c, kind, index, reason))
    return out


def check_h5_quiet_and_start_days(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: gatherings start on the secretariat's weekdays; no session of the quiet kinds touches
    a quiet period (the first week of January, the week after a school holiday)."""
    setup = calendar_setup(instance)
    if setup is None:
        return []
    settings, grid = setup
    out: list[Violation] = []
    for c in plan.cohorts:
        for _, kind, index, days in _dated_sessions(settings, c):
            reason = grid.why_not_session(days, kind)
            if reason:
                out.append(_session_violation(c, kind, index, reason))
    return out


def _session_violation(c: CohortPlan, kind: str, index: int, reason: str) -> Violation:
    """H5: one dated session of cohort ``c`` on a day it may not be held, and why."""
    return Violation(
        "H5",
        msg("cohort {c.id} {kind} {index}: {reason}", locals(), kind=kind, index=index),
        (str(c.id),),
    )


def check_h5_order_and_spacing(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: sessions in template order, each gap within its minimum and maximum."""
    setup = calendar_setup(instance)
    if setup is None:
        return []
    settings, _ = setup
    out: list[Violation] = []
    for c in plan.cohorts:
        dated = _dated_sessions(settings, c)
        for (_, pk, pi, prev), (step, kind, index, days) in pairwise(dated):
            gap = (days[0] - prev[-1]).days
            high = step.max_gap_days
            if gap < step.min_gap_days or (high is not None and gap > high):
                bounds = f"{step.min_gap_days}..{high if high is not None else '∞'}"
                out.append(
                    Violation(
                        "H5",
                        msg(
                            "cohort {c.id}: {kind} {index} on {days_0} is {gap} day(s) after "
                            "{pk} {pi} ends on {prev_1}; the template asks {bounds}",
                            locals(),
                            kind=kind,
                            index=index,
                            days_0=days[0],
                            pk=pk,
                            pi=pi,
                            prev_1=prev[-1],
                        ),
                        (str(c.id),),
                        abs(gap - step.min_gap_days)
                        if gap < step.min_gap_days
                        else gap - (high or 0),
                    )
                )
    return out


def check_h5_window(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: each cohort within its window; the first cohort starts by ``first_start_by``."""
    settings = instance.calendar
    if settings is None:
        return []
    out: list[Violation] = []
    starts = []
    for c in plan.cohorts:
        days = cohort_dates(c)
        if not days:
            continue
        starts.append(days[0])
        end = add_months(days[0], settings.window_months)
        if days[-1] >= end:
            out.append(
                Violation(
                    "H5",
                    msg(
                        "cohort {c.id} runs {days_0}..{days_1}, beyond its "
                        "{settings.window_months}-month window (last day {last_day})",
                        locals(),
                        days_0=days[0],
                        days_1=days[-1],
                        last_day=end - dt.timedelta(1),
                    ),
                    (str(c.id),),
                    (days[-1] - end).days + 1,
                )
            )
    by = settings.first_start_by
    if by is not None and starts and min(starts) > by:
        out.append(
            Violation(
                "H5",
                msg(
                    "the first cohort starts {start}, after first_start_by {by}",
                    locals(),
                    start=min(starts),
                ),
            )
        )
    return out


def check_h5_staggering(instance: Instance, plan: Plan) -> list[Violation]:
    """H5: cohorts start in id order, staggered as configured, at most N running at once."""
    settings = instance.calendar
    if settings is None:
        return []
    out: list[Violation] = []
    spans = {c.id: (d[0], d[-1]) for c in plan.cohorts if (d := cohort_dates(c))}
    ids = sorted(spans)
    low, high = max(settings.stagger_min_days, 1), settings.stagger_max_days
    for a, b in pairwise(ids):
        gap = (spans[b][0] - spans[a][0]).days
        if gap < low or (high is not None and gap > high):
            out.append(
                Violation(
                    "H5",
                    msg(
                        "cohort {b} starts {gap} day(s) after cohort {a}; stagger is {low}..{most}",
                        locals(),
                        most=high if high is not None else "∞",
                    ),
                    (str(a), str(b)),
                )
            )
    limit = settings.max_concurrent_cohorts
    if limit is not None:
        for day in sorted({first for first, _ in spans.values()}):
            running = [k for k in ids if spans[k][0] <= day <= spans[k][1]]
            if len(running) > limit:
                out.append(
                    Violation(
                        "H5",
                        msg(
                            "on {day} cohorts {running} run at once; "
                            "max_concurrent_cohorts {limit}",
                            locals(),
                        ),
                        tuple(map(str, running)),
                        len(running) - limit,
                    )
                )
    return out


def check_h3_venue_days(instance: Instance, plan: Plan) -> list[Violation]:
    """H3: a venue hosts at most ``parallel_gatherings`` events a day, never on a blocked day."""
    if instance.calendar is None:
        return []
    venues = {v.id: v for v in instance.venues}
    use: dict[tuple[str, dt.date], list[str]] = defaultdict(list)
    for c in plan.cohorts:
        for g in c.gatherings:
            for day in g.dates:
                use[g.venue, day].append(msg("cohort {c.id} gathering {g.index}", locals()))
    for s in plan.politician_sessions:
        use[s.venue, s.date].append(msg("politicians' session {s.id}", locals()))
    out: list[Violation] = []
    for (vid, day), events in sorted(use.items()):
        venue = venues.get(vid)
        if venue is None:
            continue  # unknown venues are H3 violations of the cohort stage / POL
        if len(events) > venue.parallel_gatherings:
            out.append(
                Violation(
                    "H3",
                    msg(
                        "{venue.name} hosts {count} events on {day} ({events}); it "
                        "takes {venue.parallel_gatherings}",
                        locals(),
                        count=len(events),
                        events=", ".join(events),
                    ),
                    (vid,),
                    len(events) - venue.parallel_gatherings,
                )
            )
        if any(day in r.days() for r in venue.blocked):
            out.append(
                Violation(
                    "H3",
                    msg("{venue.name} is blocked on {day}: {event}", locals(), event=events[0]),
                    (vid,),
                )
            )
    return out


#: The calendar stage's hard rules; keys are "<label>.<aspect>", violations carry the label.
CALENDAR_RULES: dict[str, Rule] = {
    "H5.dates": check_h5_sessions_dated,
    "H5.days": check_h5_allowed_days,
    "H5.quiet": check_h5_quiet_and_start_days,
    "H5.order": check_h5_order_and_spacing,
    "H5.window": check_h5_window,
    "H5.stagger": check_h5_staggering,
    "H3.venue_days": check_h3_venue_days,
    "H6.staffing": check_h6_staffing,
    "H6.booking": check_h6_booking,
    "H6.pool": check_h6_pool,
}
