"""Roles mixed in groups (P8, issue 15): each groups.mix rule is modelled, recomputed and shown."""

from __future__ import annotations

from typing import Any

import pytest

from builders import make_group_instance
from kompetanse_opt import check, prepare, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.objective.role_terms import role_breaches

# Six municipalities, one person each in one area: two groups of three.
PEOPLE = {str(1001 + i): ["staff_support"] for i in range(6)}
TARGET_GROUPS = [1, 1, 1, 1, 2, 2]


def instance_with(rule: str, **weights: Any) -> Instance:
    base = make_group_instance(
        PEOPLE,
        populations=dict.fromkeys(PEOPLE, 5000),
        groups={"min_size": 3, "max_size": 3, "mix": {"target_group": rule}},
        weights={"group_size_spread": 0, "participant_repeats": 0, **weights},
    )
    document = base.model_dump()
    for person, tg in zip(document["participants"], TARGET_GROUPS, strict=True):
        person["target_group"] = tg
    return Instance.model_validate(document)


def hr_together(instance: Instance) -> list[bool]:
    result = solve(instance)
    # The group stage is proven (the whole plan is at least stage_optimal: issue 13).
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    hr = {p.id for p in instance.participants if p.target_group == 2}
    return [
        any(hr <= set(group.participants) for group in g.groups) for g in plan.cohorts[0].gatherings
    ]


@pytest.mark.parametrize(("rule", "together"), [("cluster", True), ("similar", True)])
def test_cluster_and_similar_keep_the_two_hr_people_together(rule: str, together: bool) -> None:
    assert hr_together(instance_with(rule)) == [together, together]


def test_spread_puts_the_two_hr_people_apart() -> None:
    assert hr_together(instance_with("spread")) == [False, False]


def test_breaches_are_listed_by_label_and_match_the_term() -> None:
    # Four leaders and two HR people in groups of three: one loner per gathering is unavoidable
    # (HR together leaves a lone leader beside them; HR apart leaves two lone HR people).
    for weight in (0, 20):
        instance = instance_with("cluster", role_loners=weight)
        result = solve(instance)
        lines = role_breaches(prepare(instance), result.require_plan())
        assert all(line.startswith("P8: cohort 1, gathering ") for line in lines)
        assert len(lines) == result.terms["role_loners"]
        if weight:
            assert len(lines) == 2
