"""The embedded Vestland instance planned: proven optimal and valid.

The whole plan (eight group models besides the cohorts) takes seconds, so it runs with the slow
tests; the default run plans Vestland without discussion groups, which exercises the same cohort
stage (and dates) with the same checks. ``tests/solver/groups/test_groups_vestland.py`` checks
the groups of the whole plan (slow too).
"""

from __future__ import annotations

from collections import Counter

import pytest

from kompetanse_opt import check, solve, vestland_instance
from kompetanse_opt.model.plan import SolveStatus


def test_embedded_plan_without_groups_is_proven_optimal_and_valid() -> None:
    instance = vestland_instance()
    result = solve(instance, skip=("groups",))
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL)
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert "groups" not in plan.stages
    assert check(instance, plan) == []
    venues = Counter(g.venue for c in plan.cohorts for g in c.gatherings)
    assert venues["forde"] <= 1 and venues["stord"] <= 1


@pytest.mark.slow
def test_embedded_plan_is_proven_optimal_and_valid() -> None:
    instance = vestland_instance()
    result = solve(instance)
    # Every stage proven optimal given the earlier ones (not the whole plan: issue 13).
    assert result.status is SolveStatus.STAGE_OPTIMAL
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    venues = Counter(g.venue for c in plan.cohorts for g in c.gatherings)
    assert venues["forde"] <= 1 and venues["stord"] <= 1
