"""Warm starts from a plan and plans from a solution of the full cohort model."""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.freeze import baseline_plan
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.solver.cohorts.patterns import CohortSpace, Pattern, cohort_pattern


def hint_from_plan(space: CohortSpace, plan: Plan) -> None:
    """Warm start from a previous plan (only entities that still exist are hinted)."""
    cohort_of = plan.cohort_of_municipality()
    for mid in space.municipalities:
        if cohort_of.get(mid) in space.cohorts:
            for k in space.cohorts:
                space.model.add_hint(space.vars.member[mid, k], int(cohort_of[mid] == k))
    for c in plan.cohorts:
        pat = cohort_pattern(space.data, c)
        if c.id in space.cohorts and pat in space.patterns:
            for p, candidate in enumerate(space.patterns):
                space.model.add_hint(space.vars.pattern[c.id, p], int(candidate == pat))
                for mid in c.municipalities:
                    if mid in space.data.size:
                        space.model.add_hint(space.vars.share[mid, p], int(candidate == pat))


def plan_from_solution(
    space: CohortSpace, solver: cp_model.CpSolver, previous: Plan | None = None
) -> Plan:
    """The plan in the solver's solution; gatherings keep ``previous``'s order if they can."""
    members = space.instance.participants_of()
    cohorts = []
    for k in space.cohorts:
        munis = [m for m in space.municipalities if solver.boolean_value(space.vars.member[m, k])]
        p = next(
            p
            for p, _ in enumerate(space.patterns)
            if solver.boolean_value(space.vars.pattern[k, p])
        )
        venues = order_gatherings(space, k, space.patterns[p], previous)
        cohorts.append(CohortPlan.assigned(k, munis, venues, members))
    return Plan(cohorts=cohorts)


def order_gatherings(
    space: CohortSpace, k: int, pattern: Pattern, previous: Plan | None = None
) -> list[str]:
    """Pinned gatherings get their venue, then a previous plan's venue (the instance's baseline
    when no previous plan is given) where the pattern still has it (so a re-plan does not
    shuffle dates people know), then the rest in venue order."""
    if previous is None:
        previous = baseline_plan(space.instance)
    venue_at: dict[int, str] = {
        i: venue for (c, i), venue in space.instance.pins.venue_of().items() if c == k
    }
    remaining = list(pattern)
    for venue in venue_at.values():
        remaining.remove(venue)
    earlier = {c.id: c for c in previous.cohorts} if previous is not None else {}
    if k in earlier:
        for g in earlier[k].gatherings:
            if g.index not in venue_at and g.venue in remaining:
                venue_at[g.index] = g.venue
                remaining.remove(g.venue)
    for index in space.data.gathering_ids:
        if index not in venue_at:
            venue_at[index] = remaining.pop(0)
    return [venue_at[i] for i in space.data.gathering_ids]
