"""Objective terms recomputed from a plan, and the solver's plan scoring the same."""

from __future__ import annotations

from builders import make_group_instance
from kompetanse_opt import prepare, solve
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan
from kompetanse_opt.objective.cohort_terms import size_loners


def test_size_loners_term_keeps_size_peers_together() -> None:
    people = {m: ["staff_support"] * 4 for m in ("1001", "1002", "1003", "1004")}
    populations = {"1001": 1000, "1002": 1200, "1003": 80000, "1004": 90000}
    instance = make_group_instance(
        people, populations=populations, cohorts={"count": 2, "capacity": 8, "gatherings": 1}
    )
    members = instance.participants_of()
    mixed = Plan(
        cohorts=[
            CohortPlan(
                id=k,
                municipalities=pair,
                participants=[p for m in pair for p in members[m]],
                gatherings=[GatheringPlan(index=1, venue="a")],
            )
            for k, pair in ((1, ["1001", "1003"]), (2, ["1002", "1004"]))
        ]
    )
    assert size_loners(prepare(instance), mixed) == 4
    result = solve(instance, skip=("groups",))
    assert result.terms["size_loners"] == 0
