"""The embedded Vestland instance planned: proven optimal and valid."""

from __future__ import annotations

from collections import Counter

from kompetanse_opt import check, solve, vestland_instance
from kompetanse_opt.model.plan import SolveStatus


def test_embedded_plan_is_proven_optimal_and_valid() -> None:
    instance = vestland_instance()
    result = solve(instance)
    assert result.status is SolveStatus.OPTIMAL
    plan = result.require_plan()
    assert check(instance, plan) == []
    venues = Counter(g.venue for c in plan.cohorts for g in c.gatherings)
    assert venues["forde"] <= 1 and venues["stord"] <= 1
