"""A small dated instance with discussion groups and its plan, for pin and re-plan tests."""

from __future__ import annotations

from functools import cache

from calendar_builders import make_dated_instance
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.solver.pipeline import solve


def small_replan_instance() -> Instance:
    """Two cohorts of two municipalities, two gatherings each, groups of 2-4, three facilitators."""
    return make_dated_instance(
        [4, 5, 3, 4],
        groups={"enabled": True, "min_size": 2, "max_size": 4},
        cohorts={"count": 2, "capacity": 10, "gatherings": 2},
    )


@cache
def small_plan() -> Plan:
    """The instance's plan (solved once per test session; deterministic)."""
    return solve(small_replan_instance(), time_limit=10).require_plan()
