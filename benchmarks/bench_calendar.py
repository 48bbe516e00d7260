"""Benchmark: the calendar and politicians' stages on the embedded Vestland data.

Runs the whole pipeline several times per worker count and reports, per stage, the median wall
time, the status and the gap (stage-level: given the earlier stages), and the plan's own status
and gap against the whole-plan bound (the stages are deterministic for a given seed and worker
count, so status and gap repeat; the times do not). Usage::

    PYTHONPATH=src python benchmarks/bench_calendar.py [--runs 5] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import statistics
import time

from kompetanse_opt import solve, vestland_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    instance = vestland_instance()
    for workers in args.workers:
        times: dict[str, list[float]] = {}
        facts: dict[str, set[str]] = {}
        totals = []
        plan_facts: set[str] = set()
        for _ in range(args.runs):
            started = time.perf_counter()
            result = solve(instance, workers=workers, time_limit=args.time_limit)
            totals.append(time.perf_counter() - started)
            plan_gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%"
            plan_facts.add(f"{result.status.value} gap {plan_gap} (bound {result.bound})")
            for r in result.stage_results:
                times.setdefault(r.name, []).append(r.wall_time)
                gap = "-" if r.gap is None else f"{100 * r.gap:.2f}%"
                facts.setdefault(r.name, set()).add(f"{r.status.value} gap {gap}")
        print(f"workers={workers} runs={args.runs} total median {statistics.median(totals):.2f}s")
        print(f"  plan (whole objective): {sorted(plan_facts)}")
        for name, values in times.items():
            print(
                f"  stage {name:12s} median {statistics.median(values):6.2f}s"
                f"  min {min(values):6.2f}s  max {max(values):6.2f}s  {sorted(facts[name])}"
            )


if __name__ == "__main__":
    main()
