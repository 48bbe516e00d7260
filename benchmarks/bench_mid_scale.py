"""The cohort stage at 2x and 3x against HiGHS, quiet or beside a busy process (issue 19).

    PYTHONPATH=src python benchmarks/bench_mid_scale.py --scales 2 3 --seeds 1 4 7 --runs 3
    #   --time-limit 60       the library (cohort stage only)
    #   --mip-time-limit 120  HiGHS on the strong MIP (``baseline_mip.py``, extra ``bench``)
    #   --workers 2           CP-SAT workers / HiGHS threads
    #   --busy                one CPU-bound process beside every run (a shared office PC)
    #   --no-highs            the library only

Instances: ``generate(scale, seed=s)`` with the size-peer term off (``size_loners`` weight 0,
as ``bench_baselines.py``), so the library's and HiGHS's objectives compare. Every run is a
fresh process (``bench_baselines.in_subprocess``'s way); the library runs ``--runs`` times and
its median is reported (with the spread of its objectives), HiGHS once. "best known" is the
better of HiGHS's plan and every library plan of this run; ``within 1 %`` compares the
library's median with it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from busy import beside_busy_process
from memory import peak_mb

TOLERANCE = 0.01
SKIP = ("groups", "calendar", "politicians", "learning", "speakers")


def _instance(scale: int, seed: int) -> Any:
    from kompetanse_opt.analysis.generator import generate

    instance = generate(scale, seed=seed)
    return instance.replace(weights=instance.weights.model_copy(update={"size_loners": 0}))


def run_one(method: str, scale: int, seed: int, limit: float, workers: int) -> dict[str, Any]:
    """One method on one instance, in this process; the result as plain data."""
    from baselines import scored

    from kompetanse_opt import prepare, solve

    instance = _instance(scale, seed)
    data = prepare(instance)
    started = time.perf_counter()
    if method == "library":
        result = solve(instance, time_limit=limit, workers=workers, skip=SKIP)
        plan, status, bound, note = result.plan, result.status.value, result.bound, ""
    else:
        from baseline_mip import highs_mip

        run = highs_mip(data, limit, workers)
        plan, status, bound, note = run.plan, run.status, run.bound, run.note
    wall = time.perf_counter() - started
    objective, gap, note = scored(instance, data, plan, bound, note)
    return {
        "method": method,
        "scale": scale,
        "seed": seed,
        "status": status,
        "objective": objective,
        "bound": bound,
        "gap": gap,
        "wall_time": wall,
        "peak_mb": peak_mb(),
        "note": note,
    }


def in_subprocess(
    method: str, scale: int, seed: int, limit: float, workers: int, busy: bool
) -> dict[str, Any]:
    """``run_one`` in a fresh process, with a CPU-bound process beside it when ``busy``."""
    args = [sys.executable, __file__, "--one", method, "--scale", str(scale), "--seed", str(seed)]
    args += ["--time-limit", str(limit), "--workers", str(workers)]
    with beside_busy_process(busy):
        done = subprocess.run(args, capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"method": method, "scale": scale, "seed": seed, "status": "crashed", "note": tail}
    result: dict[str, Any] = json.loads(lines[-1])
    result["busy"] = busy
    return result


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    out = dict(runs[len(runs) // 2])
    for key in ("wall_time", "peak_mb", "objective", "bound", "gap"):
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            out[key] = statistics.median(values)
    out["runs"] = len(runs)
    out["objectives"] = [r.get("objective") for r in runs]
    return out


def compare(rows: list[dict[str, Any]], highs: dict[str, Any] | None) -> None:
    """Best known, obj/HiGHS and within-1 % for the library's row (in place)."""
    lib = rows[0]
    plans = [o for o in lib.get("objectives", []) if o is not None]
    if highs is not None and highs.get("objective") is not None:
        plans.append(highs["objective"])
    best = min(plans, default=None)
    for row in rows:
        row["best_known"] = best
        obj = row.get("objective")
        row["within"] = None if obj is None or best is None else obj <= best * (1 + TOLERANCE)
        mip = None if highs is None else highs.get("objective")
        row["obj_highs"] = None if obj is None or not mip else obj / mip


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "**no**"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| instance | seed | load | method | status | objective | bound | gap | time s | obj/HiGHS "
        "| best known | within 1 % | runs (objectives) |",
        "|---|---:|---|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        gap = None if r.get("gap") is None else f"{100 * r['gap']:.2f}%"
        obj = r.get("objective")
        lines.append(
            f"| {r['scale']}× | {r['seed']} | {'busy' if r.get('busy') else 'quiet'} "
            f"| {r['method']} | {r.get('status')} | {fmt(None if obj is None else round(obj))} "
            f"| {fmt(r.get('bound'), 0)} | {gap or '-'} | {fmt(r.get('wall_time'))} "
            f"| {fmt(r.get('obj_highs'), 3)} | {fmt(r.get('best_known'))} | {fmt(r.get('within'))} "
            f"| {r.get('objectives', '')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 4, 7])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--mip-time-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--busy", action="store_true")
    parser.add_argument("--no-highs", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/mid_scale.json"))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.scale, args.seed, args.time_limit, args.workers)))
        return
    rows: list[dict[str, Any]] = []
    for scale in args.scales:
        for seed in args.seeds:
            lib = [
                in_subprocess("library", scale, seed, args.time_limit, args.workers, args.busy)
                for _ in range(args.runs)
            ]
            group = [median_of(lib)]
            highs = None
            if not args.no_highs:
                highs = in_subprocess(
                    "highs", scale, seed, args.mip_time_limit, args.workers, args.busy
                )
                group.append(highs)
            compare(group, highs)
            rows += group
            for row in group:
                print(json.dumps(row), file=sys.stderr, flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(table(rows))


if __name__ == "__main__":
    main()
