"""The cohort stage at 10x: objective, own valid bound and gap per generator seed (issue 19).

    python benchmarks/bench_10x.py --seeds 0 1 2 3 4 --time-limit 120 --runs 1 [--busy]

Each run is ``solve(generate(10, seed=s), time_limit=T, skip=every later stage)`` in a fresh
process (so ``peak MB`` is its own, with HiGHS's bound process: ``memory.py``), with the
size-peer term off as in ``bench_baselines.py``
(``--weights default`` keeps the generator's weights). Every plan is scored by the library's
checker and objective; ``gap`` = (objective - bound) / objective, the stage's own bound. The load
average before and after each run is printed with it: on a shared machine a run gets less than
a core. It prints Markdown rows and writes ``benchmarks/results/bench_10x.json`` (git-ignored).
About ``T + 15`` seconds per run (instance generation and the checker).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from busy import beside_busy_process
from memory import peak_mb

#: The later stages: only the cohort stage runs.
SKIP = ("groups", "calendar", "politicians", "learning", "speakers")
#: The issue's target: within this share of the stage's own bound.
TARGET = 0.015


def run_one(
    seed: int, limit: float, weights: str, solver_seed: int | None, workers: int | None = None
) -> dict[str, Any]:
    """One 10x solve in this process; the result as plain data."""
    from baselines import scored

    from kompetanse_opt import prepare, solve
    from kompetanse_opt.analysis.generator import generate

    instance = generate(10, seed=seed)
    if weights == "bench":
        instance = instance.replace(weights=instance.weights.model_copy(update={"size_loners": 0}))
    data = prepare(instance)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    result = solve(instance, time_limit=limit, seed=solver_seed, workers=workers, skip=SKIP)
    wall = time.perf_counter() - started
    bound = result.bound
    objective, gap, note = scored(instance, data, result.plan, bound)
    return {
        "seed": seed,
        "solver_seed": solver_seed,
        "workers": result.workers,
        "weights": weights,
        "time_limit": limit,
        "status": result.status.value,
        "objective": objective,
        "bound": bound,
        "gap": gap,
        "wall_time": wall,
        "peak_mb": peak_mb(),
        "load_before": load,
        "load_after": os.getloadavg()[0],
        "note": note,
    }


def in_subprocess(seed: int, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", str(seed), "--time-limit", str(args.time_limit)]
    command += ["--weights", args.weights]
    if args.workers is not None:
        command += ["--workers", str(args.workers)]
    if args.solver_seed is not None:
        command += ["--solver-seed", str(args.solver_seed)]
    with beside_busy_process(args.busy):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"seed": seed, "status": "crashed", "note": tail}
    result: dict[str, Any] = json.loads(lines[-1])
    result["busy"] = args.busy
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[0])
    for key in ("wall_time", "peak_mb", "objective", "bound", "gap", "load_before", "load_after"):
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            out[key] = statistics.median(values)
    out["runs"] = len(runs)
    out["gaps"] = [r.get("gap") for r in runs]
    return out


def row(r: dict[str, Any]) -> str:
    def num(key: str, digits: int = 0) -> str:
        value = r.get(key)
        return "-" if value is None else f"{value:,.{digits}f}".replace(",", " ")

    gap = r.get("gap")
    shown = "-" if gap is None else f"{100 * gap:.2f} %"
    met = "-" if gap is None else ("yes" if gap <= TARGET else "no")
    load = f"{r.get('load_before', 0):.1f}-{r.get('load_after', 0):.1f}"
    return (
        f"| 10× seed {r['seed']}{' + busy' if r.get('busy') else ''} "
        f"| {r.get('weights', '-')} | {r.get('status')} "
        f"| {num('objective')} | {num('bound')} | {shown} | {met} | {num('wall_time', 1)} "
        f"| {num('peak_mb')} | {load} | {r.get('note', '')} |"
    )


HEADER = (
    "| instance | weights | status | objective | bound | gap | ≤ 1.5 % | time s | peak MB "
    "| load | note |\n|---|---|---|---:|---:|---:|---|---:|---:|---|---|"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--weights", choices=("bench", "default"), default="bench")
    parser.add_argument("--solver-seed", type=int, default=None, help="CP-SAT seed (solve seed)")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/bench_10x.json"))
    parser.add_argument("--busy", action="store_true", help="one CPU-bound process beside each run")
    parser.add_argument("--workers", type=int, default=None, help="CP-SAT workers (default: 1)")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(
            json.dumps(
                run_one(args.one, args.time_limit, args.weights, args.solver_seed, args.workers)
            )
        )
        return
    print(HEADER, flush=True)
    rows = []
    for seed in args.seeds:
        rows.append(median_of([in_subprocess(seed, args) for _ in range(args.runs)]))
        print(row(rows[-1]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
