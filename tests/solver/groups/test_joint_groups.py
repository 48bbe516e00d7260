"""The joint group model (issue 15) on random tiny cohorts: its proven optimum over all
gatherings equals a brute-force enumeration of every valid grouping at every gathering (so the
symmetry breaking, the pigeonhole bound and the exact P4/P8/worst-group terms never cut off a
better plan), and it is never worse than the sequential method."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from brute_force import valid_assignments as _valid_assignments
from kompetanse_opt import check, prepare, solve
from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GroupPlan, SolveStatus
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms
from strategies import tiny_cohorts

RULES = ("spread", "cluster", "similar", "ignore")


@st.composite
def joint_cohorts(draw: st.DrawFn) -> Instance:
    base = draw(tiny_cohorts(most_people=5))
    people = [
        p.model_copy(
            update={
                "target_group": draw(st.integers(1, 3)),
                "role": draw(st.sampled_from([None, "hr", "ict"])),
            }
        )
        for p in base.participants
    ]
    groups = base.groups.model_copy(
        update={
            "method": draw(st.sampled_from(["joint", "sequential"])),
            "mix": {
                "target_group": draw(st.sampled_from(RULES)),
                "role": draw(st.sampled_from(RULES)),
            },
        }
    )
    weights = base.weights.model_copy(
        update={
            "participant_repeats": draw(st.integers(0, 5)),
            "group_spread_worst": draw(st.integers(0, 3)),
            "role_spread": draw(st.integers(0, 3)),
            "role_loners": draw(st.integers(0, 3)),
            "role_similar": draw(st.integers(0, 3)),
        }
    )
    gatherings = base.cohorts.model_copy(update={"gatherings": draw(st.integers(2, 3))})
    document = base.model_dump()
    document.update(
        participants=[p.model_dump() for p in people],
        groups=groups.model_dump(),
        weights=weights.model_dump(),
        cohorts=gatherings.model_dump(),
    )
    return Instance.model_validate(document)


def _cohort_objective(instance: Instance, cohort: CohortPlan) -> int:
    data = prepare(instance)
    return sum(
        weighted_objective(data, gathering_terms(data, cohort, g.index)) for g in cohort.gatherings
    )


def _brute_force(instance: Instance, cohort: CohortPlan) -> int:
    """Best group objective over every valid grouping at every gathering of the cohort."""
    layouts, _ = area_layouts(instance, cohort.participants)
    one_gathering = [
        [
            GroupPlan(id=f"{layout.area}-{j}", service_area=layout.area, participants=members)
            for layout, assignment in zip(layouts, choice, strict=True)
            for j, members in enumerate(assignment)
        ]
        for choice in product(*(_valid_assignments(layout, instance) for layout in layouts))
    ]
    best: int | None = None
    for choice in product(one_gathering, repeat=len(cohort.gatherings)):
        trial = cohort.model_copy(
            update={
                "gatherings": [
                    g.model_copy(update={"groups": groups})
                    for g, groups in zip(cohort.gatherings, choice, strict=True)
                ]
            }
        )
        value = _cohort_objective(instance, trial)
        best = value if best is None else min(best, value)
    assert best is not None
    return best


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(joint_cohorts())
def test_joint_optimum_equals_brute_force_and_beats_sequential(instance: Instance) -> None:
    result = solve(instance, time_limit=10)
    if result.status is SolveStatus.INFEASIBLE:
        return
    # The group stage is proven (the whole plan is at least stage_optimal: issue 13).
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    cohort = plan.cohorts[0]
    found = _cohort_objective(instance, cohort)
    reports = [r for r in result.stage_results if r.name == "groups"]
    assert sum(r.objective or 0 for r in reports) == found
    event(f"{instance.groups.method}, {len(cohort.gatherings)} gatherings")
    if instance.groups.method == "joint":
        assert found == _brute_force(instance, cohort)
    else:
        assert found >= _brute_force(instance, cohort)
