"""The LP bound of the class master: never above a proven optimum, and its pruning keeps it."""

from __future__ import annotations

import time

import pytest

from builders import make_instance
from kompetanse_opt import prepare, solve
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.solver.cohorts.bound import lp_bound
from kompetanse_opt.solver.cohorts.class_lp import INFINITY, SparseLp, safe_bound
from kompetanse_opt.solver.cohorts.class_rounds import pattern_of
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import pattern_costs

MINUTES = {
    **{(str(1001 + i), "a"): 10 + 7 * i for i in range(8)},
    **{(str(1001 + i), "b"): 80 - 9 * i for i in range(8)},
    **{(str(1001 + i), "c"): 40 + (5 * i) % 17 for i in range(8)},
}


def small(**extra: object) -> Instance:
    return make_instance(
        [3, 4, 2, 5, 3, 3, 4, 2],
        venues={"a": None, "b": None, "c": 1},
        minutes=MINUTES,
        cohorts={"count": 3, "capacity": 10, "gatherings": 2},
        **extra,
    )


INSTANCES = {
    "soft set": lambda: small(together=[{"id": "t", "municipalities": ["1001", "1008"]}]),
    "hard set": lambda: small(
        together=[{"id": "t", "municipalities": ["1002", "1007"], "hard": True}]
    ),
    "minimum size": lambda: make_instance(
        [3, 4, 2, 5, 3, 3, 4, 2],
        venues={"a": None, "b": None, "c": 1},
        minutes=MINUTES,
        cohorts={"count": 3, "capacity": 11, "minimum": 8, "gatherings": 2},
    ),
    "generated district": lambda: generate(1, seed=1),
    "generated, exactly full": lambda: generate(1, seed=2, capacity=50),
}


def test_safe_bound_trusts_no_dual() -> None:
    """min x + 3y, x + y >= 3, x <= 2, boxes [0, 10]: optimum 5 at (2, 1)."""
    lp = SparseLp()
    x, y = lp.column(1.0, 0.0, 10.0), lp.column(3.0, 0.0, 10.0)
    lp.row(3.0, INFINITY, [(x, 1.0), (y, 1.0)])
    lp.row(-INFINITY, 2.0, [(x, 1.0)])
    exact, _ = safe_bound(lp, [3.0, -2.0])
    assert exact == pytest.approx(5.0, abs=1e-5)
    for duals in ([0.0, 0.0], [10.0, -1.0], [2.0, 0.0], [3.5, -2.5]):
        assert safe_bound(lp, duals)[0] <= 5.0


@pytest.mark.parametrize("name", list(INSTANCES))
def test_lp_bound_never_exceeds_the_proven_optimum(name: str) -> None:
    instance = INSTANCES[name]()
    result = solve(instance, skip=("groups", "calendar", "politicians"), time_limit=60)
    assert result.status is SolveStatus.OPTIMAL
    optimum = result.objective
    assert optimum is not None
    data = prepare(instance)
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    plan = result.require_plan()
    seed = pattern_of(data, patterns, plan)
    without = lp_bound(data, patterns, cost, None, time.perf_counter() + 30)
    assert without.bound <= optimum
    given = lp_bound(data, patterns, cost, optimum, time.perf_counter() + 30, seed)
    assert given.bound <= optimum
    # The pruning keeps every plan as good as the incumbent, so the optimum's own pairs.
    survivors = given.survivors(optimum)
    assert survivors is not None
    assert all(p in survivors[m] for m, p in seed.items())


def test_lp_bound_is_not_trivial_on_a_district() -> None:
    """On a generated district the LP beats everyone-at-their-cheapest-pattern."""
    from kompetanse_opt.solver.cohorts.class_search import trivial_bound

    data = prepare(generate(1, seed=1))
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    found = lp_bound(data, patterns, cost, None, time.perf_counter() + 30)
    assert found.bound > trivial_bound(data, cost, len(patterns))
    assert found.near(3) is not None
