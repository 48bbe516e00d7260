"""Benchmark: every stage on the embedded Vestland instance (issue 6's and 19's "all stages").

Runs ``solve(vestland_instance())`` (cohorts, groups, calendar, politicians, learning, speakers)
``--runs`` times per thread count, cycling through ``--seeds``, and prints one Markdown row per
thread count: the median wall time of the whole call (travel resolution, every model build, every
solve, the independent checks) and its process CPU time (all threads: what a busy machine must
find room for, and far less noisy under load than wall time), every run's plan-level status and
gap (against the whole-plan bound: ``stage_optimal`` is not ``optimal``) next to each stage's own
statuses, and per stage the median of

* its wall time (the stage function, model building and checks included; with several threads
  the groups overlap the dated stages, so the stages add up to more than the whole call),
* its CP-SAT wall time (summed over the stage's solves, hint probes included),
* its CP-SAT deterministic time (``response_proto.deterministic_time``: work, not load).

``--busy`` runs one CPU-bound process beside the runs (a shared office PC). The machine's load is
printed with every row. JSON goes to ``benchmarks/results/pipeline-<time>.json``. From the
repository root:

    python benchmarks/bench_pipeline.py --runs 3 --threads 1 2
    python benchmarks/bench_pipeline.py --runs 3 --threads 2 --busy

Target (issue 19): every stage proven optimal (given the earlier stages: plan status
``stage_optimal``), the whole call under 2 s on 2 cores, quiet and beside one busy process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from kompetanse_opt import solve, vestland_instance
from kompetanse_opt.solver import later_stages, pipeline

sys.path.insert(0, str(Path(__file__).parent))

from busy import beside_busy_process

#: The stage functions timed (module, attribute, stage name).
STAGE_FUNCTIONS = (
    (pipeline, "solve_cohort_stage", "cohorts"),
    (later_stages, "solve_group_stage", "groups"),
    (later_stages, "solve_calendar_stage", "calendar"),
    (later_stages, "solve_politicians_stage", "politicians"),
    (later_stages, "solve_learning_stage", "learning"),
    (later_stages, "solve_speakers_stage", "speakers"),
)
#: Frames that tell a solve's stage (the group stage's cohorts run in pool threads, whose stacks
#: start below ``solve_group_stage``).
FUNCTION_STAGE = {name: stage for _, name, stage in STAGE_FUNCTIONS} | {"_solve_cohort": "groups"}
RESULTS = Path(__file__).parent / "results"


class Meter:
    """Per-stage wall, CP-SAT wall and deterministic time of one run (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpsat: dict[str, float] = {}
        self.dtime: dict[str, float] = {}

    def add(self, table: dict[str, float], stage: str, seconds: float) -> None:
        with self.lock:
            table[stage] = table.get(stage, 0.0) + seconds


METER = Meter()


def _stage_of_stack() -> str:
    for frame in reversed(traceback.extract_stack()):
        if frame.name in FUNCTION_STAGE:
            return FUNCTION_STAGE[frame.name]
    return "other"


def _timed(function: Callable[..., Any], stage: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            METER.add(METER.wall, stage, time.perf_counter() - started)

    wrapper.__name__ = function.__name__
    return wrapper


@contextmanager
def metered() -> Iterator[None]:
    """Time the stage functions and every CP-SAT solve while the block runs."""
    solve_orig = cp_model.CpSolver.solve

    def solve_metered(self: cp_model.CpSolver, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return solve_orig(self, *args, **kwargs)
        finally:
            stage = _stage_of_stack()
            METER.add(METER.cpsat, stage, time.perf_counter() - started)
            METER.add(METER.dtime, stage, self.response_proto.deterministic_time)

    saved = [(module, name, getattr(module, name)) for module, name, _ in STAGE_FUNCTIONS]
    cp_model.CpSolver.solve = solve_metered  # type: ignore[method-assign]
    for module, name, stage in STAGE_FUNCTIONS:
        setattr(module, name, _timed(getattr(module, name), stage))
    try:
        yield
    finally:
        cp_model.CpSolver.solve = solve_orig  # type: ignore[method-assign]
        for module, name, function in saved:
            setattr(module, name, function)


def _median(values: dict[str, list[float]]) -> dict[str, float]:
    return {k: round(statistics.median(v), 3) for k, v in values.items()}


def measure(threads: int, args: argparse.Namespace) -> dict[str, Any]:
    instance = vestland_instance()
    walls: list[float] = []
    cpus: list[float] = []
    per_stage: dict[str, dict[str, list[float]]] = {"wall": {}, "cpsat": {}, "dtime": {}}
    statuses: set[str] = set()
    objectives: set[int] = set()
    gaps: list[float] = []
    stage_facts: dict[str, set[str]] = {}
    for run in range(args.runs):
        seed = args.seeds[run % len(args.seeds)]
        METER.reset()
        with metered():
            started, cpu = time.perf_counter(), time.process_time()
            result = solve(instance, seed=seed, threads=threads, time_limit=args.time_limit)
            walls.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        statuses.add(result.status.value)
        if result.objective is not None:
            objectives.add(result.objective)
        if result.gap is not None:
            gaps.append(result.gap)
        for report in result.stage_results:
            stage_facts.setdefault(report.name, set()).add(report.status.value)
        for key, table in (("wall", METER.wall), ("cpsat", METER.cpsat), ("dtime", METER.dtime)):
            for stage, seconds in table.items():
                per_stage[key].setdefault(stage, []).append(seconds)
    return {
        "threads": threads,
        "runs": args.runs,
        "busy": args.busy,
        "median_s": round(statistics.median(walls), 3),
        "min_s": round(min(walls), 3),
        "max_s": round(max(walls), 3),
        "cpu_s": round(statistics.median(cpus), 3),
        "statuses": sorted(statuses),
        "objectives": sorted(objectives),
        "plan_gap_pct": [round(100 * min(gaps), 2), round(100 * max(gaps), 2)] if gaps else None,
        "stage_statuses": {k: sorted(v) for k, v in stage_facts.items()},
        "stage_wall_s": _median(per_stage["wall"]),
        "stage_cpsat_s": _median(per_stage["cpsat"]),
        "stage_dtime": _median(per_stage["dtime"]),
        "load_after": round(os.getloadavg()[0], 2),
    }


def markdown_row(row: dict[str, Any]) -> str:
    stages = [s for _, _, s in STAGE_FUNCTIONS if s in row["stage_wall_s"]]
    per_stage = ", ".join(
        f"{s} {row['stage_wall_s'][s]:.2f} / {row['stage_cpsat_s'].get(s, 0):.2f}"
        f" / {row['stage_dtime'].get(s, 0):.2f}"
        for s in stages
    )
    proven = all(v == ["optimal"] for v in row["stage_statuses"].values())
    gap = row["plan_gap_pct"]
    return (
        f"| {row['threads']}{' + busy' if row['busy'] else ''} | {row['median_s']:.2f} s"
        f" | {row['min_s']:.2f}–{row['max_s']:.2f} s | {row['cpu_s']:.2f} s"
        f" | {'every stage optimal' if proven else row['stage_statuses']}"
        f" | {'/'.join(row['statuses'])}, {row['objectives']}"
        f"{f', gap {gap[0]:.2f} %' if gap else ''} | {per_stage} | {row['load_after']:.2f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--time-limit", type=float, default=None, help="whole-run limit (s)")
    parser.add_argument("--busy", action="store_true", help="one CPU-bound process beside")
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    print(
        "| threads | median | min–max | CPU (all threads) | stage status | plan (objective)"
        " | per stage: wall / CP-SAT wall / CP-SAT deterministic s | load after |"
    )
    print("|---|---|---|---|---|---|---|---|")
    rows = []
    with beside_busy_process(args.busy):
        solve(vestland_instance(), threads=1)  # warm up: imports and first-call caches
        for threads in args.threads:
            row = measure(threads, args)
            rows.append(row)
            print(markdown_row(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"pipeline-{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"JSON: {out}")


if __name__ == "__main__":
    main()
