"""Benchmark: explaining an infeasible Vestland variant and re-planning after one withdrawal.

    python benchmarks/bench_replan.py --runs 5

Targets (issue 5): under 5 s each on 2 cores.

* explain: the embedded data with every ICT cooperation hard and Alver, Stad and Årdal pinned to
  cohort 2 (their sets then overfill it); times the conflict search and its minimisation, and,
  separately, the verified relaxation suggestions (each one a full solve).
* re-plan: plan the embedded data, withdraw Fedje (4633), re-plan with the fewest moves.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kompetanse_opt import solve, vestland_instance
from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.analysis.relax import suggest_relaxations
from kompetanse_opt.analysis.replan import replan
from kompetanse_opt.model.instance import Instance, MunicipalityPin, Pins


def infeasible_variant() -> Instance:
    instance = vestland_instance()
    pins = [MunicipalityPin(municipality=m, cohort=2) for m in ("4631", "4649", "4643")]
    return instance.replace(
        together=[s.model_copy(update={"hard": True}) for s in instance.together],
        pins=Pins(municipalities=pins),
    )


def timed(label: str, runs: int, work) -> None:  # type: ignore[no-untyped-def]
    times = []
    outcome = None
    for _ in range(runs):
        started = time.perf_counter()
        outcome = work()
        times.append(time.perf_counter() - started)
    print(
        f"{label}: median {statistics.median(times):.3f} s (min {min(times):.3f}, max"
        f" {max(times):.3f}) over {runs} runs -> {outcome}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    variant = infeasible_variant()
    timed(
        "explain (conflict + minimisation)", args.runs, lambda: explain(variant).conflict.sentence
    )  # type: ignore[union-attr]
    conflict = explain(variant).conflict
    assert conflict is not None
    timed(
        "relaxation suggestions (verified)",
        max(1, args.runs // 2),
        lambda: [s.description for s in suggest_relaxations(variant, conflict)],
    )

    instance = vestland_instance()
    previous = solve(instance).require_plan()
    withdrawn = instance.without_municipalities(["4633"])
    timed(
        "re-plan after Fedje withdraws",
        args.runs,
        lambda: (lambda r: f"{r.result.status.value}, {r.moved_participants} moved")(
            replan(withdrawn, previous)
        ),
    )


if __name__ == "__main__":
    main()
