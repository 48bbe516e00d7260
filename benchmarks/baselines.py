"""Baselines for the cohort stage, to compare the library against in one benchmark run.

* :func:`greedy_plan` - what a person would do by hand: region by region, largest region first,
  largest municipality first, fill cohort 1 until the next one does not fit, then cohort 2, ...;
  each cohort then takes the venue pattern that is best for its own members while venue limits
  last. It ignores balance and soft sets, and with exactly full cohorts it usually strands a
  municipality that fits nowhere: then it returns None and the reason.
* :func:`naive_cpsat` - the textbook CP-SAT model: ``member[m, k]`` and one venue per gathering
  ``at[k, g, v]``, travel through their product ``member and at`` (no patterns, no symmetry
  breaking). Its LP relaxation is weak, so it rarely proves optimality.
* :func:`highs_mip` - a strong MIP of the same stage for HiGHS (``highspy``, extra ``bench``):
  the disaggregated pattern formulation ``x[m, k, p] <= z[k, p]`` with capacity times
  ``z[k, p]``, exact travel, worst travel, balance, soft sets and pattern-ordered cohorts.

Each returns a plan (or None) and its own status/bound; the benchmark scores every plan with the
library's checker and objective, so all figures are computed the same way.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weight_map
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import pattern_costs
from kompetanse_opt.solver.engine import EngineSettings, run_model


@dataclass
class BaselineRun:
    plan: Plan | None
    status: str
    bound: float | None
    wall_time: float
    note: str = ""


def _plan(data: ProblemData, groups: list[list[str]], venues: list[tuple[str, ...]]) -> Plan:
    members = data.instance.participants_of()
    return Plan(
        cohorts=[
            CohortPlan.assigned(k, g, pat, members)
            for k, (g, pat) in enumerate(zip(groups, venues, strict=True), start=1)
        ]
    )


def greedy_plan(data: ProblemData) -> BaselineRun:
    started = time.perf_counter()
    instance, size = data.instance, data.size
    regions: dict[str, list[str]] = {}
    for m in instance.municipalities:
        regions.setdefault(m.region, []).append(m.id)
    order = sorted(regions.values(), key=lambda ms: -sum(size[m] for m in ms))
    capacity, k = instance.cohorts.capacity, instance.cohort_count
    groups: list[list[str]] = [[] for _ in range(k)]
    current = 0
    for region in order:
        for mid in sorted(region, key=lambda m: -size[m]):
            while current < k and sum(size[m] for m in groups[current]) + size[mid] > capacity:
                current += 1
            if current == k:
                room = [capacity - sum(size[m] for m in g) for g in groups]
                note = f"municipality {mid} ({size[mid]}) fits no cohort; room left {room}"
                return BaselineRun(None, "no plan", None, time.perf_counter() - started, note)
            groups[current].append(mid)
    patterns, cost = venue_patterns(data), pattern_costs(data, venue_patterns(data))
    left = {v.id: v.max_gatherings for v in instance.venues}
    chosen = []
    for g in groups:
        usable = [
            p
            for p, pat in enumerate(patterns)
            if all(left[v] is None or pat.count(v) <= (left[v] or 0) for v in set(pat))
        ]
        best = min(usable, key=lambda p: (sum(size[m] * cost[m, p] for m in g), p))
        for v in patterns[best]:
            if left[v] is not None:
                left[v] = (left[v] or 0) - 1
        chosen.append(patterns[best])
    return BaselineRun(_plan(data, groups, chosen), "feasible", None, time.perf_counter() - started)


def naive_cpsat(data: ProblemData, time_limit: float, workers: int) -> BaselineRun:
    started = time.perf_counter()
    instance, size = data.instance, data.size
    model = cp_model.CpModel()
    munis, cohorts, venues = data.municipality_ids, list(data.cohort_ids), data.venue_ids
    gatherings = list(data.gathering_ids)
    member = {(m, k): model.new_bool_var("") for m in munis for k in cohorts}
    at = {(k, g, v): model.new_bool_var("") for k in cohorts for g in gatherings for v in venues}
    for m in munis:
        model.add_exactly_one(member[m, k] for k in cohorts)
    for k in cohorts:
        for g in gatherings:
            model.add_exactly_one(at[k, g, v] for v in venues)
    sizes = {k: sum(size[m] * member[m, k] for m in munis) for k in cohorts}
    for k in cohorts:
        model.add(sizes[k] <= instance.cohorts.capacity)
        model.add(sizes[k] >= instance.cohorts.minimum)
    for venue in instance.venues:
        if venue.max_gatherings is not None:
            model.add(
                sum(at[k, g, venue.id] for k in cohorts for g in gatherings) <= venue.max_gatherings
            )
    per_muni = {m: [] for m in munis}  # type: dict[str, list[cp_model.LinearExprT]]
    travel = []
    for m in munis:
        for k in cohorts:
            for g in gatherings:
                for v in venues:
                    both = model.new_bool_var("")
                    model.add_multiplication_equality(both, [member[m, k], at[k, g, v]])
                    per_muni[m].append(data.minutes(m, v) * both)
                    travel.append(size[m] * data.minutes(m, v) * both)
    worst = model.new_int_var(0, 10**6, "worst")
    model.add_max_equality(worst, [sum(e) for e in per_muni.values()])
    largest, smallest = model.new_int_var(0, 10**6, ""), model.new_int_var(0, 10**6, "")
    model.add_max_equality(largest, list(sizes.values()))
    model.add_min_equality(smallest, list(sizes.values()))
    splits = []
    for s in instance.together:
        spans = []
        for k in cohorts:
            used = model.new_bool_var("")
            model.add_max_equality(used, [member[m, k] for m in s.municipalities])
            spans.append(used)
        if s.hard:
            model.add(sum(spans) == 1)
        else:
            splits.append(sum(spans) - 1)
    w = weight_map(data)
    model.minimize(
        w["travel_total"] * sum(travel)
        + w["travel_worst"] * worst
        + w["size_imbalance"] * (largest - smallest)
        + w["together_splits"] * sum(splits)
    )
    run = run_model("naive", model, EngineSettings(time_limit, 0, workers))
    if not run.status.has_plan:
        return BaselineRun(None, run.status.value, None, time.perf_counter() - started)
    solver = run.solver
    groups = [[m for m in munis if solver.boolean_value(member[m, k])] for k in cohorts]
    chosen = [
        tuple(next(v for v in venues if solver.boolean_value(at[k, g, v])) for g in gatherings)
        for k in cohorts
    ]
    return BaselineRun(
        _plan(data, groups, chosen),
        run.status.value,
        solver.best_objective_bound,
        time.perf_counter() - started,
    )


def scored(
    instance: Any, data: ProblemData, plan: Plan | None, bound: float | None, note: str = ""
) -> tuple[int | None, float | None, str]:
    """A benchmark plan scored by the library's checker and objective: (objective, gap against
    ``bound``, note). A plan the checker rejects scores nothing, and the note says why."""
    from kompetanse_opt import check, evaluate_terms
    from kompetanse_opt.objective import weighted_objective

    if plan is None:
        return None, None, note
    violations = check(instance, plan, ("cohorts",))
    if violations:
        return None, None, f"{len(violations)} violations: {violations[0]}"
    objective = weighted_objective(data, evaluate_terms(data, plan))
    gap = None if bound is None else max(0.0, (objective - bound) / max(objective, 1))
    return objective, gap, note
