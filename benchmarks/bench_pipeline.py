"""Benchmark: every stage on the embedded Vestland instance (issue 6's "all stages" target).

Runs ``solve(vestland_instance())`` (cohorts, groups, calendar, politicians) ``--runs`` times per
thread count, cycling through ``--seeds``, and prints the median wall time of the whole call
(travel resolution, every model build, every solve, the independent checks), the per-stage CP-SAT
times (summed over a stage's solves: with several threads the group stage's solves overlap, so
they add up to more than its wall time), every run's plan-level status and gap (against the
whole-plan bound: ``stage_optimal`` is not ``optimal``) next to each stage's own statuses and
worst gap (stage-level, given the earlier stages), and the machine's load. Run from the
repository root:

    python benchmarks/bench_pipeline.py --runs 5 --threads 1 2

Target (issue 6): every stage proven optimal (given the earlier stages: plan status
``stage_optimal``), the whole call under 2 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

from kompetanse_opt import solve, vestland_instance


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--json", action="store_true", help="print one JSON object per setting")
    args = parser.parse_args()

    instance = vestland_instance()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}"
    )
    for threads in args.threads:
        walls: list[float] = []
        stages: dict[str, list[float]] = {}
        statuses: set[str] = set()
        plan_gaps: list[float] = []
        stage_facts: dict[str, set[str]] = {}
        stage_gaps: dict[str, float] = {}
        for run in range(args.runs):
            seed = args.seeds[run % len(args.seeds)]
            started = time.perf_counter()
            result = solve(instance, seed=seed, threads=threads)
            walls.append(time.perf_counter() - started)
            statuses.add(result.status.value)
            if result.gap is not None:
                plan_gaps.append(result.gap)
            per_stage: dict[str, float] = {}
            for report in result.stage_results:
                per_stage[report.name] = per_stage.get(report.name, 0.0) + report.wall_time
                stage_facts.setdefault(report.name, set()).add(report.status.value)
                gap = max(stage_gaps.get(report.name, 0.0), report.gap or 0.0)
                stage_gaps[report.name] = gap
            for name, seconds in per_stage.items():
                stages.setdefault(name, []).append(seconds)
        medians = {k: round(statistics.median(v), 3) for k, v in stages.items()}
        row = {
            "threads": threads,
            "runs": args.runs,
            "median_s": round(statistics.median(walls), 3),
            "min_s": round(min(walls), 3),
            "max_s": round(max(walls), 3),
            "statuses": sorted(statuses),
            "plan_gap_pct": [round(100 * min(plan_gaps), 2), round(100 * max(plan_gaps), 2)]
            if plan_gaps
            else None,
            "stage_statuses": {k: sorted(v) for k, v in stage_facts.items()},
            "stage_worst_gap_pct": {k: round(100 * v, 2) for k, v in stage_gaps.items()},
            "stage_solve_s": medians,
            "load_after": round(os.getloadavg()[0], 2),
        }
        if args.json:
            print(json.dumps(row))
            continue
        solves = ", ".join(f"{k} {v:.2f}" for k, v in medians.items())
        plan_gap = f"{100 * min(plan_gaps):.2f}-{100 * max(plan_gaps):.2f} %" if plan_gaps else "-"
        per_stage_facts = "; ".join(
            f"{k} {'/'.join(sorted(v))} (worst gap {100 * stage_gaps[k]:.2f} %)"
            for k, v in stage_facts.items()
        )
        print(
            f"threads {threads}: median {statistics.median(walls):.2f} s"
            f" ({min(walls):.2f}-{max(walls):.2f}); plan {'/'.join(sorted(statuses))},"
            f" plan gap {plan_gap} against the whole-plan bound; stage-level: {per_stage_facts};"
            f" CP-SAT per stage: {solves}; load after {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
