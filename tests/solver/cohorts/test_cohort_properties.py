"""Model and checker together on random small instances (hypothesis).

* whatever the solver returns passes the independent checker, with the same objective terms;
* on tiny instances the solver's optimum equals a brute-force enumeration of every plan, and
  "infeasible" means the enumeration finds no valid plan either.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings

from brute_force import brute_force
from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.objective import weighted_objective
from strategies import small_instances


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
