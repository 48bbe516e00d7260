"""HiGHS's class master (``mip_master.py``) against CP-SAT's, and the stage it proves."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kompetanse_opt import check, prepare, solve
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.solver.cohorts import classes as cohort_classes
from kompetanse_opt.solver.cohorts import mip_master
from kompetanse_opt.solver.cohorts.classes import ClassMaster, decomposable
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import all_options, pattern_costs
from kompetanse_opt.solver.engine import EngineSettings, run_model
from region_builders import small_region
from strategies import small_instances

pytest.importorskip("highspy")


def cp_sat_master(inst: Instance) -> int | None:
    """The CP-SAT master's proven optimum with no overflow (None: no such solution)."""
    data = prepare(inst)
    master = ClassMaster(data, loners=bool(inst.weights.size_loners))
    master.model.add(master.overflow == 0)
    run = run_model("test/master", master.model, EngineSettings(20.0, 0, 1))
    if run.status is SolveStatus.INFEASIBLE:
        return None
    assert run.status is SolveStatus.OPTIMAL
    return round(run.solver.objective_value)


def highs_master(inst: Instance) -> int | None:
    data = prepare(inst)
    patterns = venue_patterns(data)
    options = all_options(data, len(patterns))
    mip = mip_master.MasterMip(
        mip_master.MasterInput(data, patterns, pattern_costs(data, patterns), options)
    )
    found = mip.solve(20.0, 1, 0)
    if found.infeasible:
        return None
    assert found.proven and found.classes is not None
    return found.bound


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(small_instances(max_municipalities=6, max_cohorts=3), st.integers(0, 3))
def test_the_two_masters_have_the_same_optimum(inst: Instance, loners: int) -> None:
    # The same relaxation written twice (CP-SAT and MIP rows): their optima must agree.
    inst = inst.replace(weights=inst.weights.model_copy(update={"size_loners": loners}))
    if not decomposable(inst):
        inst = inst.replace(wishes=[], pins=inst.pins.model_copy(update={"municipalities": []}))
    if not decomposable(inst) or inst.pins.gatherings:
        event("not decomposable")
        return
    if not venue_patterns(prepare(inst)):
        event("no venue pattern")  # the counting checks refuse it before any master
        return
    optimum = cp_sat_master(inst)
    event("compared" if optimum is not None else "compared, no plan")
    assert highs_master(inst) == optimum


@pytest.fixture
def classes_always(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cohort_classes, "CLASS_THRESHOLD", 0)


@pytest.mark.usefixtures("classes_always")
def test_the_stage_by_highs_is_proven_and_checked() -> None:
    inst = small_region()
    result = solve(inst, skip=("groups", "calendar", "politicians", "learning", "speakers"))
    plan = result.require_plan()
    assert check(inst, plan) == []
    by_model = solve(
        inst.replace(solver=inst.solver.model_copy(update={"cohort_method": "model"})),
        skip=("groups", "calendar", "politicians", "learning", "speakers"),
    )
    assert by_model.status is SolveStatus.OPTIMAL
    assert result.bound is not None and result.bound <= by_model.objective  # type: ignore[operator]
    if result.status is SolveStatus.OPTIMAL:
        assert result.objective == by_model.objective


def test_the_switch_keeps_highs_out(monkeypatch: pytest.MonkeyPatch) -> None:
    assert mip_master.available()
    monkeypatch.setenv(mip_master.SWITCH, "off")
    assert not mip_master.available()


def test_a_short_limit_returns_on_time() -> None:
    data = prepare(generate(3, seed=4).replace())
    patterns = venue_patterns(data)
    options = all_options(data, len(patterns))
    mip = mip_master.MasterMip(
        mip_master.MasterInput(data, patterns, pattern_costs(data, patterns), options)
    )
    started = time.perf_counter()
    found = mip.solve(1.0, 1, 0)
    assert time.perf_counter() - started < 1.0 + mip_master.CANCEL_GRACE
    assert not found.proven
    assert found.bound <= 166_000  # a bound, below every plan known (163 871 proven)


@pytest.mark.slow
@pytest.mark.parametrize(("seed", "optimum"), [(1, 114_632), (4, 114_826), (7, 115_196)])
def test_2x_is_proven_at_the_known_optimum(seed: int, optimum: int) -> None:
    # The optima HiGHS's strong MIP over (municipality, cohort, pattern) proved in 59-84 s
    # (benchmarks/README_scale.md); the size-peer term off, as there.
    inst = generate(2, seed=seed)
    inst = inst.replace(weights=inst.weights.model_copy(update={"size_loners": 0}))
    result = solve(
        inst,
        time_limit=60,
        workers=2,
        skip=("groups", "calendar", "politicians", "learning", "speakers"),
    )
    assert result.status is SolveStatus.OPTIMAL
    assert result.objective == optimum
    assert check(inst, result.require_plan()) == []


@pytest.mark.usefixtures("classes_always")
def test_without_highs_the_cp_sat_search_plans_the_same_region(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Users without the extra get the CP-SAT class search: same instance, a valid plan whose
    # bound never passes the HiGHS-proven optimum.
    inst = small_region()
    skip = ("groups", "calendar", "politicians", "learning", "speakers")
    with_highs = solve(inst, skip=skip)
    monkeypatch.setenv(mip_master.SWITCH, "off")
    without = solve(inst, skip=skip)
    assert check(inst, without.require_plan()) == []
    assert without.stage_results[0].engine is None
    assert with_highs.stage_results[0].engine == "highs+cp-sat"
    assert without.bound is not None and with_highs.objective is not None
    assert without.bound <= with_highs.objective <= without.objective  # type: ignore[operator]
