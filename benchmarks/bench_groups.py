"""Benchmark: the group stage on the embedded Vestland instance (all cohorts, both gatherings).

Solves the cohort stage once (cohort-only, deterministic), then the group stage ``--runs`` times
on that cohort plan, and prints per cohort the median time of both gatherings together, each
gathering's status and gap, and the networking result against a lower bound:

* ``T`` = meetings in the cohort's groups (a pair of municipalities sharing a group meets once),
  ``P`` = pairs of municipalities that can meet (share a service area);
* ``LB`` = the even-spread bound on ``meeting_repeats`` = sum over pairs of C(K, 2): with ``T``
  fixed, a convex cost is smallest when every pair meets floor(T/P) or ceil(T/P) times. ``T`` is
  the same for every valid grouping when group sizes are fixed and no municipality can have two
  people in one group of a multi-group area (checked below, ``T fixed``);
* ``same twice`` = the repeats if gathering 2 reused gathering 1's groups.

Run from the repository root (``--json`` for machine-readable rows):

    python benchmarks/bench_groups.py --runs 5

Target (issue 3): proven optimal, or within 1 %, in under 5 s per cohort on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from typing import Any

from kompetanse_opt import prepare, solve, vestland_instance
from kompetanse_opt.model.grouping import area_layouts, group_meetings, size_units
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms, person_meetings
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.groups.stage import solve_group_stage


def even_spread_bound(meetings: int, pairs: int) -> int:
    """Smallest sum of C(K, 2) over ``pairs`` pairs whose K add up to ``meetings``."""
    q, r = divmod(meetings, pairs)
    return r * (q + 1) * q // 2 + (pairs - r) * q * (q - 1) // 2


def cohort_objective(instance: Instance, cohort: CohortPlan) -> dict[str, int]:
    """The cohort's weighted group objective and its P8 and worst-group terms."""
    data = prepare(instance)
    terms = [gathering_terms(data, cohort, g.index) for g in cohort.gatherings]
    return {
        "objective": sum(weighted_objective(data, t) for t in terms),
        "role_loners": sum(t["role_loners"] for t in terms),
        "group_spread_worst": sum(t["group_spread_worst"] for t in terms),
    }


def networking(instance: Instance, cohort: CohortPlan) -> dict[str, Any]:
    municipality_of = {p.id: p.municipality for p in instance.participants}
    layouts, _ = area_layouts(instance, cohort.participants)
    can_meet = {(a, b) for layout in layouts for a in layout.count for b in layout.count if a < b}
    all_groups = [x.participants for g in cohort.gatherings for x in g.groups]
    counts = group_meetings(all_groups, municipality_of)
    first = group_meetings([x.participants for x in cohort.gatherings[0].groups], municipality_of)
    meetings = sum(counts.values())
    # T is the same for every valid grouping when each group's number of distinct
    # municipalities is: sizes fixed, and either one group (everyone in it) or caps of one.
    fixed = all(
        layout.sizes is not None
        and (layout.groups == 1 or all(layout.cap(m) == 1 for m in layout.count))
        for layout in layouts
    )
    units = size_units(instance)
    spread = sum(
        max(units[municipality_of[p]] for p in members)
        - min(units[municipality_of[p]] for p in members)
        for members in all_groups
    )
    return {
        "spread": spread,
        "pairs": len(can_meet),
        "meetings": meetings,
        "T_fixed": fixed,
        "repeats": sum(k * (k - 1) // 2 for k in counts.values()),
        "participant_repeats": sum(k * (k - 1) // 2 for k in person_meetings(all_groups).values()),
        "lower_bound": even_spread_bound(meetings, len(can_meet)),
        "same_twice": sum(2 * k * (2 * k - 1) // 2 for k in first.values()),
        "repeated_pairs": sum(1 for k in counts.values() if k >= 2),
        "most_meetings": max(counts.values(), default=0),
        "even_most": -(-meetings // len(can_meet)),
    }


def run_once(instance: Instance, plan: Plan, workers: int, seed: int) -> tuple[Plan, list[Any]]:
    data = prepare(instance)
    settings = EngineSettings(time_limit=instance.solver.time_limit, seed=seed, workers=workers)
    outcome = solve_group_stage(data, plan, settings)
    assert outcome.plan is not None, outcome.reasons
    return outcome.plan, outcome.reports


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--spread-weight", type=int, help="override weights.group_size_spread (0: networking only)"
    )
    parser.add_argument(
        "--repeat-weight", type=int, help="override weights.meeting_repeats (0: similarity only)"
    )
    parser.add_argument("--cohorts", type=int, help="override cohorts.count (stress: 1)")
    parser.add_argument("--capacity", type=int, help="override cohorts.capacity (stress: 200)")
    parser.add_argument("--time-limit", type=float, help="seconds per cohort (default 30)")
    parser.add_argument(
        "--method", choices=("auto", "joint", "sequential"), help="override groups.method"
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    instance = vestland_instance()
    weights = {
        name: value
        for name, value in (
            ("group_size_spread", args.spread_weight),
            ("meeting_repeats", args.repeat_weight),
        )
        if value is not None
    }
    cohorts = {
        name: value
        for name, value in (("count", args.cohorts), ("capacity", args.capacity))
        if value is not None
    }
    solver = {"time_limit": args.time_limit} if args.time_limit is not None else {}
    instance = instance.model_copy(
        update={
            "weights": instance.weights.model_copy(update=weights),
            "cohorts": instance.cohorts.model_copy(update=cohorts),
            "solver": instance.solver.model_copy(update=solver),
            "groups": instance.groups.model_copy(
                update={"method": args.method} if args.method else {}
            ),
        }
    )
    cohort_plan = solve(instance, skip=("groups",)).require_plan()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}; workers {args.workers}, {args.runs} runs"
    )
    times: dict[int, list[float]] = {}
    gaps: dict[tuple[int, int], list[float]] = {}
    statuses: dict[tuple[int, int], set[str]] = {}
    plan = cohort_plan
    stage_times: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        plan, reports = run_once(instance, cohort_plan, args.workers, args.seed)
        stage_times.append(time.perf_counter() - started)
        for r in reports:
            assert r.cohort is not None and r.gathering is not None
            gaps.setdefault((r.cohort, r.gathering), []).append(r.gap or 0.0)
            statuses.setdefault((r.cohort, r.gathering), set()).add(r.status.value)
        for c in plan.cohorts:
            # A joint solve reports its one run on every gathering: count it once. (The joint
            # time excludes its sequential hint's; the whole-stage time includes everything.)
            cohort_time = sum({r.wall_time for r in reports if r.cohort == c.id})
            times.setdefault(c.id, []).append(cohort_time)
    print(
        f"whole group stage (hints, checks and meeting graph included): median"
        f" {statistics.median(stage_times):.2f} s (min {min(stage_times):.2f},"
        f" max {max(stage_times):.2f})"
    )
    for c in plan.cohorts:
        row = {
            "cohort": c.id,
            "people": c.size,
            "municipalities": len(c.municipalities),
            "median_s": round(statistics.median(times[c.id]), 2),
            "min_s": round(min(times[c.id]), 2),
            "max_s": round(max(times[c.id]), 2),
            "status": {g: sorted(statuses[c.id, g]) for g in (1, 2)},
            "max_gap": {g: round(max(gaps[c.id, g]), 4) for g in (1, 2)},
            **networking(instance, c),
            **cohort_objective(instance, c),
        }
        if args.json:
            print(json.dumps(row))
            continue
        print(
            f"cohort {c.id} ({row['people']} people, {row['municipalities']} municipalities):"
            f" median {row['median_s']:.2f} s (min {row['min_s']:.2f}, max {row['max_s']:.2f});"
            f" stage status {row['status']}; stage max gap {row['max_gap']} (stage-level:"
            " no claim about the whole plan)\n"
            f"  group objective {row['objective']} (role loners {row['role_loners']}, worst"
            f" spreads {row['group_spread_worst']}); spread {row['spread']}; person repeats"
            f" {row['participant_repeats']};"
            f" repeats {row['repeats']}"
            f" vs lower bound {row['lower_bound']}"
            f" (same groups twice: {row['same_twice']}); T={row['meetings']} meetings over"
            f" P={row['pairs']} pairs (T fixed: {row['T_fixed']}); {row['repeated_pairs']} pairs"
            f" met twice or more; most meetings of one pair {row['most_meetings']}"
            f" (even spread: {row['even_most']})"
        )


if __name__ == "__main__":
    main()
