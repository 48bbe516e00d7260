"""The class search's work budget: its arithmetic, and the same plan quiet or busy."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kompetanse_opt import check, prepare
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.solver.cohorts import budget as work_budget
from kompetanse_opt.solver.cohorts.budget import (
    CALIBRATED_PAIRS,
    FULL_RATE,
    MIN_LPS,
    RATE,
    SIZE_PAIRS,
    WORK_SHARE,
    Budget,
    lp_solves,
    size_factor,
)
from kompetanse_opt.solver.cohorts.class_search import solve_by_classes
from kompetanse_opt.solver.cohorts.classes import ClassMaster
from kompetanse_opt.solver.engine import EngineSettings, run_model
from region_builders import small_region


def test_budget_arithmetic() -> None:
    budget = Budget.for_limit(60, 2)
    assert budget.total == pytest.approx(60 * WORK_SHARE * RATE * 2)
    assert budget.take(0.25) == pytest.approx(budget.total / 4)
    budget.charge(budget.total / 2)
    budget.charge(-5)  # nothing is refunded
    assert budget.left() == pytest.approx(budget.total / 2)
    assert budget.seconds(1.0) == pytest.approx(1 / (2 * RATE))
    # Its share of the work left, of the seconds left; at least its quiet-machine time.
    assert budget.cap(budget.left() / 4, 100) == pytest.approx(25)
    assert budget.cap(1.0, 0) == pytest.approx(1 / (2 * RATE))
    assert budget.single(1.0) == pytest.approx(FULL_RATE / (2 * RATE))
    budget.charge(budget.total)
    assert budget.left() == 0.0
    assert Budget.for_limit(-1).total == 0.0
    assert lp_solves(60) == 30
    assert lp_solves(0.5) == MIN_LPS
    assert size_factor(100) == 1.0
    assert size_factor(4 * SIZE_PAIRS) == pytest.approx(2.0)
    assert Budget.for_limit(60, 2, 4 * SIZE_PAIRS).total == pytest.approx(2 * budget.total)


def test_budget_on_the_clock_above_the_calibrated_size() -> None:
    """Where no rate was measured the work only shares the time out: no solve is limited by
    it, and a phase counts what it planned."""
    on_work = Budget.for_limit(60, 2, CALIBRATED_PAIRS)
    assert not on_work.clock
    assert on_work.limit(1.5) == 1.5
    on_work.used(3.0, 1.0)
    assert on_work.spent == 1.0
    clock = Budget.for_limit(60, 2, CALIBRATED_PAIRS + 1)
    assert clock.clock
    assert clock.limit(1.5) is None
    clock.used(3.0, 1.0)
    assert clock.spent == 3.0


def test_on_the_clock_a_phase_gets_its_share_of_the_time_only() -> None:
    """At 10x a near master planned as 30 % of the work may take 30 % of the seconds left,
    not the quiet-machine time of its (uncalibrated) work."""
    clock = Budget.for_limit(72, 2, 100_000)
    work = clock.take(0.3)
    assert clock.seconds(work) > 0.3 * 60  # the floor that let it take the whole stage
    assert clock.cap(work, 60.0) == pytest.approx(0.3 * 60.0)


def test_a_solve_stops_on_its_work() -> None:
    """A master that would search for 60 s stops once its deterministic time is spent."""
    data = prepare(generate(2, seed=1))
    master = ClassMaster(data)
    run = run_model("test", master.model, EngineSettings(60, 0, 1, work=0.2))
    assert run.work <= 0.2 * 1.5
    assert run.status is not SolveStatus.OPTIMAL


def _burn() -> subprocess.Popen[bytes]:
    """A CPU-bound process beside the solve (a busy machine)."""
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


def _plan_bytes(instance: Instance) -> bytes:
    outcome = solve_by_classes(prepare(instance), EngineSettings(60, 0, 1))
    assert outcome.plan is not None
    assert check(instance, outcome.plan, ("cohorts",)) == []
    return outcome.plan.model_dump_json().encode()


def _same_plan_quiet_or_busy(instance: Instance, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small share of the 60 s limit as work: the work, not the clock, ends every phase even
    # on this shared machine.
    monkeypatch.setattr(work_budget, "WORK_SHARE", 0.02)
    quiet = _plan_bytes(instance)
    burner = _burn()
    try:
        time.sleep(0.2)
        busy = _plan_bytes(instance)
    finally:
        burner.kill()
        burner.wait()
    assert busy == quiet


def test_same_plan_quiet_or_busy_on_a_small_region(monkeypatch: pytest.MonkeyPatch) -> None:
    _same_plan_quiet_or_busy(small_region(), monkeypatch)


@pytest.mark.slow
def test_same_plan_quiet_or_busy_at_twice_vestland(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = generate(2, seed=4)
    weights = instance.weights.model_copy(update={"size_loners": 0})
    _same_plan_quiet_or_busy(instance.replace(weights=weights), monkeypatch)
