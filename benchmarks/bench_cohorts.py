"""Benchmark: the cohort stage on the embedded Vestland instance.

Solves the instance several times per worker count and prints the median wall time (model
building included), the status and the gap of every run. Run from the repository root:

    python benchmarks/bench_cohorts.py --runs 7

Target (issue 2): proven optimal in under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

from kompetanse_opt import prepare, solve, vestland_instance

#: This benchmark measures the cohort stage alone; the later stages have their own.
LATER_STAGES = ("groups", "calendar", "politicians")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="seeds to cycle through")
    parser.add_argument("--json", action="store_true", help="print one JSON object per setting")
    args = parser.parse_args()

    instance = vestland_instance()
    travel = prepare(instance).travel  # travel resolution is measured separately below
    started = time.perf_counter()
    prepare(instance)
    travel_seconds = time.perf_counter() - started
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"travel matrix from the shipped graph: {travel_seconds * 1000:.1f} ms")
    for workers in args.workers:
        times, statuses, gaps, objectives = [], [], [], []
        for run in range(args.runs):
            seed = args.seeds[run % len(args.seeds)]
            result = solve(instance, workers=workers, seed=seed, travel=travel, skip=LATER_STAGES)
            times.append(result.wall_time)
            statuses.append(result.status.value)
            gaps.append(result.gap)
            objectives.append(result.objective)
        row = {
            "workers": workers,
            "runs": args.runs,
            "median_s": round(statistics.median(times), 3),
            "min_s": round(min(times), 3),
            "max_s": round(max(times), 3),
            "statuses": sorted(set(statuses)),
            "max_gap": max(g or 0.0 for g in gaps),
            "objectives": sorted({o for o in objectives if o is not None}),
        }
        if args.json:
            print(json.dumps(row))
        else:
            print(
                f"workers={workers}: median {row['median_s']:.3f} s (min {row['min_s']:.3f},"
                f" max {row['max_s']:.3f}) over {args.runs} runs; status {row['statuses']};"
                f" max gap {row['max_gap']:.4f}; objective {row['objectives']}"
            )


if __name__ == "__main__":
    main()
