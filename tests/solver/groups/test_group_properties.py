"""The group stage on random tiny cohorts (hypothesis).

* whatever the planner returns passes the checker: every participant in exactly one group of
  their (merged) area per gathering, sizes and balance held, nobody lost; and networking is never
  worse than reusing gathering 1's groups at gathering 2;
* "infeasible" always comes with a reason naming the cohort and service area;
* each gathering's optimum equals a brute-force enumeration of every valid grouping (the model's
  redundant cuts and symmetry breaking must never cut off a better grouping).
"""

from __future__ import annotations

from itertools import product
from typing import Any

from hypothesis import HealthCheck, event, given, settings

from brute_force import valid_assignments
from kompetanse_opt import check, prepare, solve
from kompetanse_opt.model.grouping import area_layouts, group_meetings
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GroupPlan, SolveStatus
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms, meeting_counts
from kompetanse_opt.solver.groups.hints import add_warm_start
from kompetanse_opt.solver.groups.model import GroupModel
from strategies import tiny_cohorts


def grouped_or_none(instance: Instance) -> tuple[Any, CohortPlan | None]:
    result = solve(instance, time_limit=10)
    event(f"status {result.status.value}")
    if result.status is SolveStatus.INFEASIBLE:
        return result, None
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    return result, result.require_plan().cohorts[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(most_people=8))
def test_plans_are_valid_and_never_repeat_more_than_same_groups_twice(instance: Instance) -> None:
    result, cohort = grouped_or_none(instance)
    if cohort is None:
        _, problems = area_layouts(instance, [p.id for p in instance.participants])
        assert result.reasons and (problems or "smallest discussion group" in result.reasons[0])
        assert all("service area '" in r or "discussion group" in r for r in result.reasons)
        return
    plan = result.require_plan()
    assert check(instance, plan) == []
    layouts, _ = area_layouts(instance, cohort.participants)
    model = GroupModel(prepare(instance), 1, 1, layouts).build()
    assert add_warm_start(model), "the greedy warm start breaks a rule"
    everyone = sorted(p.id for p in instance.participants)
    for g in cohort.gatherings:
        assert sorted(pid for group in g.groups for pid in group.participants) == everyone
    municipality_of = {p.id: p.municipality for p in instance.participants}
    first = group_meetings([x.participants for x in cohort.gatherings[0].groups], municipality_of)
    same_twice = sum(2 * k * (2 * k - 1) // 2 for k in first.values())
    if instance.weights.meeting_repeats:  # a guarantee of the weighted repeat terms (issue 15)
        assert result.terms["meeting_repeats"] <= same_twice
    assert sum(meeting_counts(prepare(instance), plan).values()) >= sum(first.values())


def _brute_force(instance: Instance, cohort: CohortPlan, index: int) -> int:
    """Best weighted objective of gathering ``index`` given the cohort's earlier gatherings."""
    data = prepare(instance)
    layouts, _ = area_layouts(instance, cohort.participants)
    options = [valid_assignments(layout, instance) for layout in layouts]
    municipality_of = {p.id: p.municipality for p in instance.participants}
    earlier = [g for g in cohort.gatherings if g.index < index]
    baseline = None
    if earlier:
        again = cohort.model_copy(deep=True)
        again.gatherings[index - 1].groups = earlier[-1].groups
        baseline = gathering_terms(data, again, index)
    guarded = [
        name
        for name in ("meeting_repeats", "participant_repeats")
        if getattr(instance.weights, name)
    ]
    best = None
    for choice in product(*options):
        groups = [
            GroupPlan(id=f"{layout.area}-{j}", service_area=layout.area, participants=members)
            for layout, assignment in zip(layouts, choice, strict=True)
            for j, members in enumerate(assignment)
        ]
        trial = cohort.model_copy(deep=True)
        trial.gatherings[index - 1].groups = groups
        terms = gathering_terms(data, trial, index)
        if baseline is not None and any(terms[n] > baseline[n] for n in guarded):
            continue  # the stage never repeats more than reusing the previous groups
        value = weighted_objective(data, terms)
        best = value if best is None else min(best, value)
    assert best is not None, "the same groups as before are always allowed"
    del municipality_of
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(most_people=6))
def test_each_gathering_is_optimal_by_brute_force(instance: Instance) -> None:
    result, cohort = grouped_or_none(instance)
    if cohort is None:
        return
    reports = {r.gathering: r for r in result.stage_results if r.name == "groups"}
    for g in cohort.gatherings:
        assert reports[g.index].objective == _brute_force(instance, cohort, g.index)
