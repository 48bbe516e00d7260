"""Model and checker together on random small instances (hypothesis).

* whatever the solver returns passes the independent checker, with the same objective terms;
* on tiny instances the solver's optimum equals a brute-force enumeration of every plan, and
  "infeasible" means the enumeration finds no valid plan either.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, event, given, settings

from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan, SolveStatus
from kompetanse_opt.objective import weighted_objective
from strategies import small_instances


def brute_force(instance: Instance) -> int | None:
    """Best weighted objective over every assignment, or None when no valid plan exists."""
    data = prepare(instance)
    members = instance.participants_of()
    municipalities = [m.id for m in instance.municipalities]
    cohorts = list(range(1, instance.cohort_count + 1))
    venue_ids = instance.venue_ids()
    slots = [(k, g) for k in cohorts for g in range(1, instance.cohorts.gatherings + 1)]
    best: int | None = None
    for assignment in itertools.product(cohorts, repeat=len(municipalities)):
        for venues in itertools.product(venue_ids, repeat=len(slots)):
            venue_of = dict(zip(slots, venues, strict=True))
            plan = Plan(
                cohorts=[
                    CohortPlan(
                        id=k,
                        municipalities=[
                            m for m, c in zip(municipalities, assignment, strict=True) if c == k
                        ],
                        participants=[
                            p
                            for m, c in zip(municipalities, assignment, strict=True)
                            if c == k
                            for p in members[m]
                        ],
                        gatherings=[
                            GatheringPlan(index=g, venue=venue_of[k, g])
                            for g in range(1, instance.cohorts.gatherings + 1)
                        ],
                    )
                    for k in cohorts
                ]
            )
            if check(instance, plan):
                continue
            value = weighted_objective(data, evaluate_terms(data, plan))
            best = value if best is None else min(best, value)
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_solver_plans_pass_the_checker(instance: Instance) -> None:
    result = solve(instance)
    event(f"status {result.status.value}")
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE)
    if result.plan is not None:
        assert check(instance, result.plan) == []
        data = prepare(instance)
        assert evaluate_terms(data, result.plan) == result.terms
        assert weighted_objective(data, result.terms) == result.objective
        assert result.bound == result.objective and result.gap == 0.0


def with_method(instance: Instance, method: str) -> Instance:
    return instance.replace(solver=instance.solver.model_copy(update={"cohort_method": method}))


@pytest.mark.parametrize("method", ["auto", "model"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=small_instances(max_municipalities=4, max_cohorts=2))
def test_optimum_equals_brute_force(method: str, instance: Instance) -> None:
    """``auto`` proves most of these by pattern classes; ``model`` is the full model alone."""
    result = solve(with_method(instance, method))
    expected = brute_force(instance)
    event(f"status {result.status.value}")
    if expected is None:
        assert result.status is SolveStatus.INFEASIBLE
    else:
        assert result.status is SolveStatus.OPTIMAL
        assert result.objective == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_municipalities=4, max_cohorts=2))
def test_class_decomposition_is_valid_and_bounds_the_optimum(instance: Instance) -> None:
    """The large-instance path, forced onto tiny instances: a valid plan, a valid bound."""
    result = solve(with_method(instance, "classes"))
    expected = brute_force(instance)
    event(f"status {result.status.value}")
    if expected is None:
        assert result.plan is None
        return
    if result.plan is None:
        return  # the decomposition may fail to find a plan; it must never find a wrong one
    assert check(instance, result.plan) == []
    assert result.objective is not None and result.objective >= expected
    assert result.bound is not None and result.bound <= expected
    if result.status is SolveStatus.OPTIMAL:
        assert result.objective == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_class_decomposition_plans_pass_the_checker(instance: Instance) -> None:
    result = solve(with_method(instance, "classes"))
    event(f"status {result.status.value}")
    if result.plan is not None:
        assert check(instance, result.plan) == []
        data = prepare(instance)
        assert evaluate_terms(data, result.plan) == result.terms
        assert result.bound is not None and result.bound <= result.objective  # type: ignore[operator]
