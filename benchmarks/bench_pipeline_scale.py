"""Benchmark: the whole pipeline at scale (issue 19, item 3).

Every stage the instance has data for (cohorts, groups, calendar, politicians, learning,
speakers) on the embedded Vestland data (scale 1) and on ``generate(scale, seed=s,
all_stages=True)`` (2×, 5×, 10×), each case in a fresh process within ONE whole-run time limit
(``solve(instance, time_limit=T)``: the stages share it, see ``solver/engine.py``
``stage_settings``). Per stage: its time (summed over its solves: the group stage's solves run
side by side on several threads, so its sum can exceed its wall time), its weakest status and
its objective (summed over its parts). For the plan: status, objective, the whole-plan bound and
gap (``Result.bound``/``gap``, a bound that holds for every plan), the independent checker's
verdict (run again after the solve, outside the timing), the wall time of the ``solve`` call
(travel resolution, every model, every check), the case's total wall time (instance generation
included) and the process's peak memory (``ru_maxrss``, with HiGHS's bound process:
``memory.py``). Run from the repository root:

    python benchmarks/bench_pipeline_scale.py --scales 1 2 5 10 --seeds 1 --runs 1 --time-limit 120
    python benchmarks/bench_pipeline_scale.py --scales 5 --seeds 1 4 7 --runs 3 --busy

``--busy`` starts one CPU-bound process beside each run (the shared office PC). Medians are over
``--runs`` runs per scale and seed. Prints Markdown table rows and writes
``benchmarks/results/pipeline_scale.json``. Target (issue 19): 5×, all stages, a complete valid
plan within a 120 s whole-run limit.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from busy import beside_busy_process
from memory import peak_mb

RESULTS = Path(__file__).resolve().parent / "results" / "pipeline_scale.json"
STAGE_ORDER = ("cohorts", "groups", "calendar", "politicians", "learning", "speakers")


def run_case(scale: int, seed: int, time_limit: float, threads: int | None) -> dict[str, Any]:
    """One case in this process (the child's side): generate, solve, check, measure."""
    from kompetanse_opt import solve, vestland_instance
    from kompetanse_opt.analysis.generator import generate
    from kompetanse_opt.check import check

    started = time.perf_counter()
    instance = vestland_instance() if scale == 1 else generate(scale, seed, all_stages=True)
    solve_started = time.perf_counter()
    result = solve(instance, time_limit=time_limit, threads=threads)
    solve_wall = time.perf_counter() - solve_started
    total_wall = time.perf_counter() - started
    stages: dict[str, dict[str, Any]] = {}
    order = ("optimal", "stage_optimal", "feasible", "unknown", "infeasible", "model_invalid")
    for report in result.stage_results:
        entry = stages.setdefault(
            report.name, {"time": 0.0, "status": "optimal", "objective": 0, "parts": 0}
        )
        entry["time"] += report.wall_time
        entry["parts"] += 1
        if order.index(report.status.value) > order.index(entry["status"]):
            entry["status"] = report.status.value
        if report.objective is None or entry["objective"] is None:
            entry["objective"] = None
        else:
            entry["objective"] += report.objective
    check_started = time.perf_counter()
    violations = check(instance, result.plan) if result.plan is not None else None
    check_wall = time.perf_counter() - check_started
    return {
        "scale": scale,
        "seed": seed,
        "time_limit": time_limit,
        "municipalities": len(instance.municipalities),
        "participants": instance.total_participants,
        "cohorts": instance.cohort_count,
        "venues": len(instance.venues),
        "status": result.status.value,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "complete": result.plan is not None,
        "valid": violations is not None and not violations,
        "plan_stages": list(result.plan.stages) if result.plan is not None else [],
        "reasons": result.reasons,
        "solve_wall": solve_wall,
        "total_wall": total_wall,
        "check_wall": check_wall,
        "peak_mb": peak_mb(),
        "stages": stages,
    }


def spawn_case(
    scale: int, seed: int, time_limit: float, threads: int | None, busy: bool
) -> dict[str, Any]:
    """One case in a fresh process, with a CPU-bound process beside it when ``busy``."""
    command = [sys.executable, __file__, "--case", str(scale), str(seed), str(time_limit)]
    if threads is not None:
        command += ["--threads", str(threads)]
    with beside_busy_process(busy):
        load = os.getloadavg()[0]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-3:]
        return {"scale": scale, "seed": seed, "error": " | ".join(tail), "load": load}
    case: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    case["load"] = load
    case["busy"] = busy
    return case


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def summarise(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the runs of one scale and seed (statuses as the set seen)."""
    good = [c for c in cases if "error" not in c]
    first = good[0] if good else cases[0]
    stages: dict[str, dict[str, Any]] = {}
    for name in STAGE_ORDER:
        seen = [c["stages"][name] for c in good if name in c["stages"]]
        if seen:
            objectives = [s["objective"] for s in seen if s["objective"] is not None]
            stages[name] = {
                "time": round(_median([s["time"] for s in seen]), 2),
                "status": "/".join(sorted({s["status"] for s in seen})),
                "objective": round(_median(objectives)) if objectives else None,
            }
    gaps = [c["gap"] for c in good if c["gap"] is not None]
    objectives = [c["objective"] for c in good if c["objective"] is not None]
    bounds = [c["bound"] for c in good if c["bound"] is not None]
    return {
        "scale": first["scale"],
        "seed": first["seed"],
        "runs": len(cases),
        "errors": [c["error"] for c in cases if "error" in c],
        "statuses": sorted({c["status"] for c in good}),
        "complete_valid": sum(1 for c in good if c["complete"] and c["valid"]),
        "objective": round(_median(objectives)) if objectives else None,
        "bound": round(_median(bounds)) if bounds else None,
        "gap_pct": round(100 * _median(gaps), 2) if gaps else None,
        "solve_wall": round(_median([c["solve_wall"] for c in good]), 2),
        "total_wall": round(_median([c["total_wall"] for c in good]), 2),
        "check_wall": round(_median([c["check_wall"] for c in good]), 2),
        "peak_mb": round(_median([c["peak_mb"] for c in good])),
        "load": round(_median([c["load"] for c in cases]), 2),
        "stages": stages,
        "sizes": {k: first.get(k) for k in ("municipalities", "participants", "cohorts", "venues")},
    }


def markdown(row: dict[str, Any], time_limit: float, busy: bool) -> str:
    label = "Vestland" if row["scale"] == 1 else f"{row['scale']}× seed {row['seed']}"
    stage_cells = "; ".join(
        f"{name} {s['time']:.1f} s {s['status']} {s['objective']}"
        for name, s in row["stages"].items()
    )
    gap = "-" if row["gap_pct"] is None else f"{row['gap_pct']:.2f} %"
    return (
        f"| {label} | {time_limit:g} s | {'busy' if busy else 'quiet'} (load {row['load']})"
        f" | {row['runs']} | {'/'.join(row['statuses']) or 'error'}"
        f" | {row['complete_valid']}/{row['runs']} | {row['objective']} | {row['bound']} | {gap}"
        f" | {row['solve_wall']} | {row['total_wall']} | {row['peak_mb']} | {stage_cells} |"
    )


HEADER = (
    "| instance | limit | machine | runs | plan status | complete, valid | objective | bound"
    " | gap | solve s | total s | peak MB | per stage: time (summed), status, objective |\n"
    "|---|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 2, 5, 10])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--threads", type=int, default=None, help="default: one per core")
    parser.add_argument("--busy", action="store_true", help="one CPU-bound process beside each run")
    parser.add_argument("--case", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.case:
        scale, seed, limit = int(args.case[0]), int(args.case[1]), float(args.case[2])
        print(json.dumps(run_case(scale, seed, limit, args.threads)))
        return

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}, load {os.getloadavg()[0]:.2f},"
        f" {'busy' if args.busy else 'quiet'}\n"
    )
    print(HEADER, flush=True)
    rows = []
    for scale in args.scales:
        for seed in args.seeds if scale > 1 else args.seeds[:1]:
            cases = [
                spawn_case(scale, seed, args.time_limit, args.threads, args.busy)
                for _ in range(args.runs)
            ]
            row = summarise(cases)
            row["cases"] = cases
            rows.append(row)
            print(markdown(row, args.time_limit, args.busy), flush=True)
            for error in row["errors"]:
                print(f"  error: {error}", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    document = {"time_limit": args.time_limit, "busy": args.busy, "rows": rows}
    args.out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
