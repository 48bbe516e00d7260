"""Objective terms of the calendar stage, computed from a dated plan in plain Python.

The CP-SAT models build each term as an expression (``solver/calendar.py`` for the calendar
stage, ``solver/politicians.py`` for the politicians' stage); these functions compute the same
integers from a finished plan.

=========================  ==========================================================  =====
term                       meaning                                                     rule
=========================  ==========================================================  =====
``facilitator_changes``    over all cohorts, distinct facilitators in the cohort        P5
                           minus the facilitators one gathering needs (0 = the same
                           people through every cohort)
``facilitator_imbalance``  most gatherings any facilitator works minus the fewest       P5
``facilitator_travel``     minutes one way, home municipality to venue, summed over     P7
                           every facilitator at every gathering (``home_minutes``
                           when given; no home: 0)
``politician_travel``      minutes one way from each municipality to its politicians'   POL
                           session's venue, summed over municipalities
``politician_wait``        days from each municipality's cohort's last session to its   POL
                           politicians' session, summed over municipalities
``politician_session_count``  politicians' sessions held                              T3
``politician_regions``    per session, the regions of its municipalities beyond the    T3
                           first (neighbours together; the region's name up to a
                           parenthesis, municipalities without a region left out)
``late_days``              days each cohort's last session lies after                   H5
                           ``calendar.preferred_end``, summed over cohorts
=========================  ==========================================================  =====
"""

from __future__ import annotations

from kompetanse_opt.model.calendar_days import cohort_last_day
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.cohort_terms import TermFunction


def facilitator_changes(data: ProblemData, plan: Plan) -> int:
    settings = data.instance.calendar
    if settings is None or not data.instance.facilitators:
        return 0
    need = settings.staffing.per_gathering
    return sum(len({f for g in c.gatherings for f in g.facilitators}) - need for c in plan.cohorts)


def facilitator_loads(data: ProblemData, plan: Plan) -> dict[str, int]:
    """Gatherings each facilitator of the pool works (0 for those who work none)."""
    loads = {f.id: 0 for f in data.instance.facilitators}
    for c in plan.cohorts:
        for g in c.gatherings:
            for f in g.facilitators:
                loads[f] = loads.get(f, 0) + 1
    return loads


def facilitator_imbalance(data: ProblemData, plan: Plan) -> int:
    loads = list(facilitator_loads(data, plan).values())
    return max(loads) - min(loads) if loads else 0


def facilitator_travel(data: ProblemData, plan: Plan) -> int:
    people = {f.id: f for f in data.instance.facilitators}
    return sum(
        minutes
        for c in plan.cohorts
        for g in c.gatherings
        for f in g.facilitators
        if f in people and (minutes := data.facilitator_minutes(people[f], g.venue)) is not None
    )


def politician_travel(data: ProblemData, plan: Plan) -> int:
    return sum(data.minutes(m, s.venue) for s in plan.politician_sessions for m in s.municipalities)


def politician_wait(data: ProblemData, plan: Plan) -> int:
    cohort_of = plan.cohort_of_municipality()
    last = {c.id: cohort_last_day(c) for c in plan.cohorts}
    total = 0
    for s in plan.politician_sessions:
        for m in s.municipalities:
            end = last.get(cohort_of.get(m, -1))
            if end is not None:
                total += (s.date - end).days
    return total


def region_of(region: str) -> str:
    """A municipality's region as sessions compare it: the name up to a parenthesis
    (``Sunnfjord (Florø part; ...)`` is Sunnfjord); empty = none."""
    return region.split("(", 1)[0].strip().casefold()


def politician_session_count(data: ProblemData, plan: Plan) -> int:
    return len(plan.politician_sessions)


def politician_regions(data: ProblemData, plan: Plan) -> int:
    regions = {m.id: region_of(m.region) for m in data.instance.municipalities}
    total = 0
    for s in plan.politician_sessions:
        found = {regions.get(m, "") for m in s.municipalities} - {""}
        total += max(0, len(found) - 1)
    return total


def late_days(data: ProblemData, plan: Plan) -> int:
    settings = data.instance.calendar
    if settings is None or settings.preferred_end is None:
        return 0
    preferred = settings.preferred_end
    total = 0
    for c in plan.cohorts:
        end = cohort_last_day(c)
        if end is not None:
            total += max(0, (end - preferred).days)
    return total


CALENDAR_TERMS: dict[str, TermFunction] = {
    "facilitator_changes": facilitator_changes,
    "facilitator_imbalance": facilitator_imbalance,
    "facilitator_travel": facilitator_travel,
    "late_days": late_days,
}

#: The politicians' stage's terms.
POLITICIAN_TERMS: dict[str, TermFunction] = {
    "politician_travel": politician_travel,
    "politician_wait": politician_wait,
    "politician_session_count": politician_session_count,
    "politician_regions": politician_regions,
}
