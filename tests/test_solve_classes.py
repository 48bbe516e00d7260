"""The pattern-class path for large instances, forced onto small ones to compare with the model."""

from __future__ import annotations

import pytest

from builders import make_instance
from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.plan import SolveStatus
from kompetanse_opt.solver import cohort_classes
from kompetanse_opt.solver.cohort_classes import decomposable, use_classes

MINUTES = {
    (m, v): t
    for (m, v), t in {
        **{(str(1001 + i), "a"): 10 + 7 * i for i in range(8)},
        **{(str(1001 + i), "b"): 80 - 9 * i for i in range(8)},
        **{(str(1001 + i), "c"): 40 + (5 * i) % 17 for i in range(8)},
    }.items()
}


def instance(**extra: object):  # type: ignore[no-untyped-def]
    return make_instance(
        [3, 4, 2, 5, 3, 3, 4, 2],
        venues={"a": None, "b": None, "c": 1},
        minutes=MINUTES,
        cohorts={"count": 3, "capacity": 10, "gatherings": 2},
        together=[{"id": "t", "municipalities": ["1001", "1002"]}],
        **extra,
    )


@pytest.fixture
def classes_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cohort_classes, "CLASS_THRESHOLD", 0)


def test_small_instances_use_the_cohort_model() -> None:
    assert not use_classes(prepare(instance()))


@pytest.mark.usefixtures("classes_always")
def test_classes_reach_the_models_optimum() -> None:
    inst = instance()
    data = prepare(inst)
    assert use_classes(data)
    by_classes = solve(inst)
    plan = by_classes.require_plan()
    assert check(inst, plan) == []
    assert evaluate_terms(data, plan) == by_classes.terms
    assert by_classes.bound is not None and by_classes.bound <= by_classes.objective  # type: ignore[operator]
    cohort_classes.CLASS_THRESHOLD = 10**9
    by_model = solve(inst)
    assert by_model.status is SolveStatus.OPTIMAL
    # The class path proves optimality when its packing meets the master's bound; either way
    # its bound must never exceed the true optimum.
    assert by_classes.bound <= by_model.objective  # type: ignore[operator]
    if by_classes.status is SolveStatus.OPTIMAL:
        assert by_classes.objective == by_model.objective


def test_named_cohorts_are_not_decomposable() -> None:
    assert decomposable(instance())
    assert not decomposable(instance(wishes=[{"municipality": "1001", "prefers": [1]}]))
    assert not decomposable(
        instance(pins={"municipalities": [{"municipality": "1001", "cohort": 2}]})
    )


@pytest.mark.usefixtures("classes_always")
def test_classes_respect_hard_sets() -> None:
    inst = instance(
        apart=[{"id": "x", "municipalities": ["1003", "1004"], "hard": True}],
    )
    result = solve(inst)
    plan = result.require_plan()
    assert check(inst, plan) == []
    cohort_of = plan.cohort_of_municipality()
    assert cohort_of["1003"] != cohort_of["1004"]


@pytest.mark.usefixtures("classes_always")
def test_classes_on_two_generated_districts() -> None:
    """Hub areas, LP bound, near master and neighbourhoods: a valid plan under its bound."""
    from kompetanse_opt.generator import generate

    inst = generate(2, seed=3)
    result = solve(inst, time_limit=5, skip=("groups", "calendar", "politicians"))
    plan = result.require_plan()
    assert check(inst, plan, ("cohorts",)) == []
    assert result.bound is not None and result.objective is not None
    assert 0 < result.bound <= result.objective
