"""HiGHS's root bound for masters too large to prove (``mip_bound.py``), in and out of process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kompetanse_opt import prepare, solve
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts import mip_bound, mip_master
from kompetanse_opt.solver.cohorts.classes import MasterInput
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import all_options, pattern_costs
from kompetanse_opt.solver.engine import EngineSettings
from region_builders import small_region

pytest.importorskip("highspy")


def master_of(data: ProblemData) -> MasterInput:
    patterns = venue_patterns(data)
    return MasterInput(
        data, patterns, pattern_costs(data, patterns), all_options(data, len(patterns))
    )


@pytest.fixture(scope="module")
def small_optimum() -> int:
    inst = small_region()
    by_model = solve(
        inst.replace(solver=inst.solver.model_copy(update={"cohort_method": "model"})),
        skip=("groups", "calendar", "politicians", "learning", "speakers"),
    )
    assert by_model.status is SolveStatus.OPTIMAL and by_model.objective is not None
    return by_model.objective


def test_highs_bounds_only_masters_too_large_to_prove() -> None:
    assert not mip_bound.worth(mip_master.MIP_PAIRS, 100.0)  # proven instead
    assert not mip_bound.worth(mip_bound.BOUND_PAIRS + 1, 100.0)  # too large to build
    assert mip_bound.worth(100_000, 100.0)
    assert not mip_bound.worth(100_000, 10.0)  # too short to reach its LP


def test_highs_bound_never_exceeds_the_optimum(small_optimum: int) -> None:
    now = time.perf_counter()
    found = mip_bound.highs_bound(
        master_of(prepare(small_region())), EngineSettings(10.0, 0, 1), now + 10.0, now + 20.0
    )
    assert 0 < found <= small_optimum


def test_a_bound_job_reports_the_bound_of_its_process(small_optimum: int) -> None:
    # The small master is proven well within the limit: the child ends by itself and its last
    # report is the optimum of the master, a bound of the stage.
    now = time.perf_counter()
    job = mip_bound.start_bound(master_of(prepare(small_region())), 1, 0, now + 60.0)
    assert job is not None
    job.wait(now + 60.0)
    found = job.stop()
    assert job.process.returncode == 0
    assert 0 < found <= small_optimum


def test_stop_ends_a_job_still_running() -> None:
    # 3x's master is not proven in a moment: stopping the job ends its child at once.
    job = mip_bound.start_bound(master_of(prepare(generate(3, seed=1))), 1, 0, 1e9)
    assert job is not None
    assert job.wait(time.perf_counter() + 0.5) >= 0
    assert job.process.poll() is None
    assert job.stop() >= 0
    assert job.process.returncode is not None


needs_priorities = pytest.mark.skipif(
    not hasattr(os, "getpriority"), reason="no process priorities on this system"
)


@needs_priorities
def test_lower_priority_gives_a_process_the_lowest_priority() -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert os.getpriority(os.PRIO_PROCESS, sleeper.pid) < mip_bound.YIELD_NICE
        assert mip_bound.lower_priority(sleeper.pid)
        assert os.getpriority(os.PRIO_PROCESS, sleeper.pid) == mip_bound.YIELD_NICE
    finally:
        sleeper.kill()
        sleeper.wait()


_THREADED = """
import sys, threading, time
threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
print("ready", flush=True)
time.sleep(30)
"""


def _thread_priorities(pid: int) -> list[int]:
    return [
        os.getpriority(os.PRIO_PROCESS, int(tid))
        for tid in (t.name for t in Path(f"/proc/{pid}/task").iterdir())
    ]


@needs_priorities
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads not listed in /proc")
def test_lower_priority_lowers_every_thread_of_the_process() -> None:
    # Linux's nice is per thread: HiGHS works in a thread of its pool, not the main one.
    child = subprocess.Popen([sys.executable, "-c", _THREADED], stdout=subprocess.PIPE)
    try:
        assert child.stdout is not None and child.stdout.readline().startswith(b"ready")
        assert len(_thread_priorities(child.pid)) >= 2
        assert min(_thread_priorities(child.pid)) < mip_bound.YIELD_NICE
        assert mip_bound.lower_priority(child.pid)
        assert set(_thread_priorities(child.pid)) == {mip_bound.YIELD_NICE}
    finally:
        child.kill()
        child.wait()


def test_lower_priority_of_an_ended_process_is_false() -> None:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    assert not mip_bound.lower_priority(ended.pid)


@needs_priorities
def test_a_job_with_a_stall_yields_its_core_once_its_bound_stops_improving() -> None:
    # 3x's master runs for seconds; with a stall of a hundredth of a second the first pause
    # between two better bounds is long enough, and the child then runs at the lowest priority.
    job = mip_bound.start_bound(master_of(prepare(generate(3, seed=1))), 1, 0, 1e9, stall=0.01)
    assert job is not None
    try:
        ends = time.perf_counter() + 60.0
        while not job.yielded and not job.done.is_set() and time.perf_counter() < ends:
            time.sleep(0.05)
        assert job.yielded and job.found > 0
        assert os.getpriority(os.PRIO_PROCESS, job.process.pid) == mip_bound.YIELD_NICE
        if Path(f"/proc/{job.process.pid}/task").is_dir():
            assert set(_thread_priorities(job.process.pid)) == {mip_bound.YIELD_NICE}
    finally:
        job.stop()


def test_a_job_without_a_stall_keeps_its_priority() -> None:
    job = mip_bound.start_bound(master_of(prepare(generate(3, seed=1))), 1, 0, 1e9)
    assert job is not None
    job.wait(time.perf_counter() + 3.0)
    assert not job.yielded
    job.stop()


def test_a_child_that_cannot_start_leaves_highs_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    now = time.perf_counter()
    assert mip_bound.start_bound(master_of(prepare(small_region())), 1, 0, now + 5) is None


def test_a_free_core_is_one_more_thread_than_workers() -> None:
    assert mip_bound.fits_beside(EngineSettings(10.0, 0, 1, threads=2))
    assert not mip_bound.fits_beside(EngineSettings(10.0, 0, 2, threads=2))


@pytest.mark.parametrize("threads", [1, 2])
def test_the_class_search_bounds_beside_or_before_the_steps(
    threads: int, small_optimum: int
) -> None:
    # One worker and two threads: a job left running beside the steps, read when it is
    # stopped; one thread: the bound found before them (the small master: proven at once).
    settings = EngineSettings(10.0, 0, 1, threads=threads)
    now = time.perf_counter()
    master = master_of(prepare(small_region()))
    job, before = mip_bound.bound_for_steps(master, settings, now + 30, now + 20)
    if threads == 2:
        assert job is not None and before == 0
        job.wait(now + 20)
        assert 0 < job.stop() <= small_optimum
    else:
        assert job is None and 0 < before <= small_optimum
