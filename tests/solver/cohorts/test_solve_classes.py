"""The pattern-class path for large instances, forced onto small ones to compare with the model."""

from __future__ import annotations

import pytest

from builders import make_instance
from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, SolveStatus, StageReport
from kompetanse_opt.solver.cohorts import classes as cohort_classes
from kompetanse_opt.solver.cohorts import stage as cohort_stage
from kompetanse_opt.solver.cohorts.classes import decomposable, use_classes
from kompetanse_opt.solver.cohorts.packing import pack_classes
from kompetanse_opt.solver.engine import EngineSettings, run_model
from region_builders import small_region

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


def with_method(inst: Instance, method: str) -> Instance:
    return inst.replace(solver=inst.solver.model_copy(update={"cohort_method": method}))


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
    by_model = solve(with_method(inst, "model"))
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
def test_classes_on_a_small_region_with_three_hubs() -> None:
    """The same as below on ten municipalities: a valid plan under its bound."""
    inst = small_region()
    result = solve(inst, time_limit=5, skip=("groups", "calendar", "politicians"))
    plan = result.require_plan()
    assert check(inst, plan, ("cohorts",)) == []
    assert result.bound is not None and result.objective is not None
    assert 0 < result.bound <= result.objective


@pytest.mark.slow
@pytest.mark.usefixtures("classes_always")
def test_classes_on_two_generated_districts() -> None:
    """Hub areas, LP bound, near master and neighbourhoods: a valid plan under its bound."""
    from kompetanse_opt.analysis.generator import generate

    inst = generate(2, seed=3)
    result = solve(inst, time_limit=5, skip=("groups", "calendar", "politicians"))
    plan = result.require_plan()
    assert check(inst, plan, ("cohorts",)) == []
    assert result.bound is not None and result.objective is not None
    assert 0 < result.bound <= result.objective


def test_small_instances_try_classes_first_and_agree_with_the_model() -> None:
    inst = instance()
    auto, model = solve(inst), solve(with_method(inst, "model"))
    assert model.status is SolveStatus.OPTIMAL
    assert auto.status is SolveStatus.OPTIMAL
    assert auto.objective == model.objective
    assert check(inst, auto.require_plan()) == []


def test_model_takes_over_when_classes_prove_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A class plan that is not proven optimal becomes the full model's warm start."""
    inst = instance()
    seen: list[Plan | None] = []
    real = cohort_stage._solve_by_classes

    def unproven(*args: object) -> tuple[StageReport, Plan | None]:
        report, plan = real(*args)  # type: ignore[arg-type]
        seen.append(plan)
        return report.model_copy(update={"status": SolveStatus.FEASIBLE}), plan

    monkeypatch.setattr(cohort_stage, "_solve_by_classes", unproven)
    result = solve(inst)
    assert seen and seen[0] is not None
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == solve(with_method(inst, "model")).objective
    assert check(inst, result.require_plan()) == []


def test_model_method_never_uses_classes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the class decomposition ran")

    monkeypatch.setattr(cohort_stage, "_solve_by_classes", refuse)
    assert solve(with_method(instance(), "model")).status is SolveStatus.OPTIMAL


def test_packing_keeps_size_peers_together() -> None:
    inst = make_instance(
        [1, 1, 9, 9],
        venues={"a": None},
        cohorts={"count": 2, "capacity": 18, "gatherings": 1},
        weights={"size_imbalance": 0},
    )
    status, (bins,) = pack_classes(
        prepare(inst), [(("a",), ["1001", "1003", "1002", "1004"], 2)], EngineSettings(5, 0, 1)
    )
    assert status is SolveStatus.OPTIMAL
    assert sorted(sorted(b) for b in bins) == [["1001", "1002"], ["1003", "1004"]]


def test_master_bounds_loners_without_passing_the_optimum() -> None:
    inst = instance(weights={"size_imbalance": 0, "size_loners": 500})
    data = prepare(inst)
    optimum = solve(with_method(inst, "model")).objective
    assert optimum is not None
    bounds = []
    for loners in (False, True):
        master = cohort_classes.ClassMaster(data, loners=loners)
        run = run_model("master", master.model, EngineSettings(10, 0, 1))
        assert run.status is SolveStatus.OPTIMAL
        bounds.append(round(run.solver.objective_value))
    assert bounds[0] <= bounds[1] <= optimum
