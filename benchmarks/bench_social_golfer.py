"""Benchmark: the group stage on social golfer instances with known optima (issue 15).

For every instance in ``benchmarks/social_golfer/`` (see its README for the cases and sources),
solves the plan with ``groups.method`` joint (default) or sequential and prints the status, the
participant repeats found against the known optimum, and the time (whole solve, and the group
stage's CP-SAT runs). Run from the repository root:

    python benchmarks/bench_social_golfer.py                     # joint, 10 s per cohort
    python benchmarks/bench_social_golfer.py --method sequential
    python benchmarks/bench_social_golfer.py --time-limit 30 --only golfer_15_3_6
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kompetanse_opt import solve
from kompetanse_opt.model.instance import Instance

FOLDER = Path(__file__).parent / "social_golfer"

#: Known least participant repeats (sum over pairs of C(K, 2)), see social_golfer/README.md.
KNOWN: dict[str, int] = {
    "golfer_6_2_5": 0,
    "golfer_6_2_6": 3,
    "golfer_8_2_6": 0,
    "golfer_9_3_4": 0,
    "golfer_9_3_5": 9,
    "golfer_15_3_5": 0,
    "golfer_15_3_6": 0,
    "golfer_16_4_5": 0,
    "golfer_16_4_6": 24,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--method", choices=("joint", "sequential", "auto"), default="joint")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--only", help="one instance name, e.g. golfer_9_3_4")
    args = parser.parse_args()
    names = [args.only] if args.only else list(KNOWN)
    print(f"method {args.method}, time limit {args.time_limit} s, 1 worker")
    print("instance        known  found  status     proof  solve_s  groups_cpsat_s")
    for name in names:
        document = json.loads((FOLDER / f"{name}.json").read_text())
        document["groups"]["method"] = args.method
        if args.method == "sequential":
            document["weights"]["meeting_repeats"] = 1  # one person per municipality: the same
        document["solver"]["time_limit"] = args.time_limit
        instance = Instance.model_validate(document)
        started = time.perf_counter()
        result = solve(instance)
        elapsed = time.perf_counter() - started
        reports = [r for r in result.stage_results if r.name == "groups"]
        cpsat = sum({r.wall_time for r in reports})
        found = result.terms.get("participant_repeats")
        proven = all(r.status.value == "optimal" for r in reports)
        print(
            f"{name:15} {KNOWN[name]:5}  {found!s:5}  {result.status.value:9}  "
            f"{'yes' if proven else 'no':5}  {elapsed:7.2f}  {cpsat:14.2f}",
            flush=True,
        )
        if found is not None and found < KNOWN[name]:
            sys.exit(f"{name}: found {found} below the known optimum {KNOWN[name]}")


if __name__ == "__main__":
    main()
