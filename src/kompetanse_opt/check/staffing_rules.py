"""H6 in the checker: facilitators per gathering, their bookings and the pool (the calendar
stage's staffing rules, apart from the dates in :mod:`.calendar_rules`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from itertools import pairwise

from kompetanse_opt.check.violation import Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_days import (
    venue_minutes,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import resolve_travel


def check_h6_staffing(instance: Instance, plan: Plan) -> list[Violation]:
    """H6: each physical gathering has the configured number of distinct, known facilitators."""
    settings = instance.calendar
    if settings is None:
        return []
    need = settings.staffing.per_gathering
    known = {f.id for f in instance.facilitators}
    out: list[Violation] = []
    for c in plan.cohorts:
        for g in c.gatherings:
            where = msg("cohort {c.id} gathering {g.index}", locals())
            if len(set(g.facilitators)) != len(g.facilitators) or len(g.facilitators) != need:
                out.append(
                    Violation(
                        "H6",
                        msg(
                            "{where} has facilitators {g.facilitators}; it needs {need} different",
                            locals(),
                        ),
                        (str(c.id),),
                        abs(need - len(set(g.facilitators))),
                    )
                )
            for f in g.facilitators:
                if f not in known:
                    out.append(
                        Violation("H6", msg("{where}: unknown facilitator '{f}'", locals()), (f,))
                    )
    return out


def check_h6_booking(instance: Instance, plan: Plan) -> list[Violation]:
    """H6: nobody in two places on one day, on a day off, or on far venues on adjacent days."""
    settings = instance.calendar
    if settings is None:
        return []
    away = {f.id: {d for r in f.unavailable for d in r.days()} for f in instance.facilitators}
    works: dict[str, list[tuple[dt.date, dt.date, str, str]]] = defaultdict(list)
    for c in plan.cohorts:
        for g in c.gatherings:
            if g.dates:
                for f in g.facilitators:
                    works[f].append((g.dates[0], g.dates[-1], g.venue, f"{c.id}/{g.index}"))
    limit = settings.staffing.max_transfer_minutes
    travel = resolve_travel(instance) if works else {}
    out: list[Violation] = []
    for f, jobs in sorted(works.items()):
        jobs.sort()
        for first, last, _, label in jobs:
            off = sorted(d for d in away.get(f, set()) if first <= d <= last)
            if off:
                out.append(
                    Violation(
                        "H6",
                        msg(
                            "{f} works gathering {label} on day off {day_off}",
                            locals(),
                            label=label,
                            day_off=off[0],
                        ),
                        (f,),
                    )
                )
        for (_, a1, av, al), (b0, _, bv, bl) in pairwise(jobs):
            if b0 <= a1:
                out.append(
                    Violation(
                        "H6",
                        msg("{f} works gatherings {al} and {bl} on {b0}", locals(), al=al, bl=bl),
                        (f,),
                    )
                )
            elif (b0 - a1).days == 1 and venue_minutes(travel, av, bv) > limit:
                minutes = venue_minutes(travel, av, bv)
                out.append(
                    Violation(
                        "H6",
                        msg(
                            "{f} ends gathering {al} at {av} on {a1} and starts {bl} at {bv} "
                            "the next day: {minutes} min travel > max_transfer_minutes {limit}",
                            locals(),
                            al=al,
                            bl=bl,
                        ),
                        (f,),
                    )
                )
    return out


def check_h6_pool(instance: Instance, plan: Plan) -> list[Violation]:
    """H6: the pool has at least ``min_pool`` people, each serving ``min_cohorts_each`` cohorts."""
    settings = instance.calendar
    if settings is None:
        return []
    staffing = settings.staffing
    out: list[Violation] = []
    pool = len(instance.facilitators)
    if pool < staffing.min_pool:
        out.append(
            Violation(
                "H6",
                msg("the pool has {pool} facilitators, min_pool is {staffing.min_pool}", locals()),
                (),
                staffing.min_pool - pool,
            )
        )
    need = staffing.min_cohorts_each
    if len(plan.cohorts) >= need:
        served: dict[str, set[int]] = {f.id: set() for f in instance.facilitators}
        for c in plan.cohorts:
            for g in c.gatherings:
                for f in g.facilitators:
                    served.setdefault(f, set()).add(c.id)
        for f, cohorts in served.items():
            if len(cohorts) < need:
                out.append(
                    Violation(
                        "H6",
                        msg(
                            "{f} serves {count} cohort(s); each must serve {need}",
                            locals(),
                            count=len(cohorts),
                        ),
                        (f,),
                        need - len(cohorts),
                    )
                )
    return out
