"""A strong MIP of the cohort stage, solved by HiGHS (``highspy``; extra ``bench``).

Variables: ``x[m, k, p]`` (municipality m in cohort k, which has venue pattern p), ``z[k, p]``,
``worst``, ``largest``, ``smallest`` and, per soft together-set, ``used[s, k]``. Rows:

* one (cohort, pattern) per municipality; one pattern per cohort; ``x <= z``;
* capacity and minimum times ``z[k, p]`` (the disaggregated, strong form), room capacities;
* venue limits on ``z``; hard together-sets and apart pairs on ``sum_p x``;
* ``worst >= sum cost(m, p) x[m, k, p]`` per municipality; ``largest/smallest`` around sizes;
* cohorts ordered by pattern index (symmetry), when no pin or wish names a cohort.

At the optimum every term is exact, so the objective is the library's. Gaps are set to zero
(absolute gap below 1 on an integer objective), so "optimal" means the same proof as CP-SAT's.
"""

from __future__ import annotations

import time

import numpy as np
from baselines import BaselineRun, _plan

from kompetanse_opt.objective import weight_map
from kompetanse_opt.problem import ProblemData
from kompetanse_opt.solve.cohort_classes import decomposable
from kompetanse_opt.solve.cohorts import venue_patterns
from kompetanse_opt.solve.pattern_travel import pattern_costs

INF = 1e30


class _Rows:
    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.starts: list[int] = []
        self.index: list[int] = []
        self.value: list[float] = []

    def add(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        self.starts.append(len(self.index))
        for i, v in terms:
            self.index.append(i)
            self.value.append(v)
        self.lower.append(lower)
        self.upper.append(upper)


def highs_mip(data: ProblemData, time_limit: float, threads: int) -> BaselineRun:
    import highspy

    started = time.perf_counter()
    instance, size = data.instance, data.size
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    munis, cohorts, pats = data.municipality_ids, list(data.cohort_ids), range(len(patterns))
    w = weight_map(data)
    col_cost: list[float] = []
    col_upper: list[float] = []
    integer: list[int] = []

    def new(cost_: float, upper: float, is_int: bool) -> int:
        col_cost.append(cost_)
        col_upper.append(upper)
        if is_int:
            integer.append(len(col_cost) - 1)
        return len(col_cost) - 1

    x = {
        (m, k, p): new(w["travel_total"] * size[m] * cost[m, p], 1, True)
        for m in munis
        for k in cohorts
        for p in pats
    }
    z = {(k, p): new(0, 1, True) for k in cohorts for p in pats}
    worst = new(w["travel_worst"], INF, False)
    largest = new(w["size_imbalance"], INF, False)
    smallest = new(-w["size_imbalance"], INF, False)
    rows = _Rows()
    for m in munis:
        rows.add([(x[m, k, p], 1) for k in cohorts for p in pats], 1, 1)
        rows.add([(x[m, k, p], cost[m, p]) for k in cohorts for p in pats] + [(worst, -1)], -INF, 0)
    rooms = {v.id: v.room_capacity for v in instance.venues}
    cap = instance.cohorts.capacity
    for k in cohorts:
        rows.add([(z[k, p], 1) for p in pats], 1, 1)
        for p in pats:
            limit = min([cap, *(r for v in patterns[p] if (r := rooms[v]) is not None)])
            load = [(x[m, k, p], size[m]) for m in munis]
            rows.add([*load, (z[k, p], -limit)], -INF, 0)
            rows.add([*load, (z[k, p], -instance.cohorts.minimum)], 0, INF)
            for m in munis:
                rows.add([(x[m, k, p], 1), (z[k, p], -1)], -INF, 0)
        sized = [(x[m, k, p], size[m]) for m in munis for p in pats]
        rows.add([*sized, (largest, -1)], -INF, 0)
        rows.add([*sized, (smallest, -1)], 0, INF)
    for venue in instance.venues:
        if venue.max_gatherings is not None:
            uses = [(z[k, p], patterns[p].count(venue.id)) for k in cohorts for p in pats]
            rows.add([u for u in uses if u[1]], -INF, venue.max_gatherings)
    for s in instance.together:
        if s.hard:
            first = s.municipalities[0]
            for m in s.municipalities[1:]:
                for k in cohorts:
                    rows.add(
                        [(x[m, k, p], 1) for p in pats] + [(x[first, k, p], -1) for p in pats], 0, 0
                    )
            continue
        used = {k: new(w["together_splits"], 1, True) for k in cohorts}
        for m in s.municipalities:
            for k in cohorts:
                rows.add([(x[m, k, p], 1) for p in pats] + [(used[k], -1)], -INF, 0)
    for a in instance.apart:
        if a.hard:
            for k in cohorts:
                pair = [(x[m, k, p], 1) for m in a.municipalities for p in pats]
                rows.add(pair, -INF, 1)
    if decomposable(instance):
        for k in cohorts[:-1]:
            rows.add([(z[k, p], p) for p in pats] + [(z[k + 1, p], -p) for p in pats], -INF, 0)
    model_time = time.perf_counter() - started
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(time_limit - model_time, 1.0))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    n = len(col_cost)
    h.addCols(
        n,
        np.array(col_cost),
        np.zeros(n),
        np.array(col_upper),
        0,
        np.array([0] * n),
        np.array([], dtype=np.int32),
        np.array([]),
    )
    h.changeColsIntegrality(
        len(integer),
        np.array(integer, dtype=np.int32),
        np.array([highspy.HighsVarType.kInteger] * len(integer)),
    )
    h.addRows(
        len(rows.lower),
        np.array(rows.lower),
        np.array(rows.upper),
        len(rows.index),
        np.array(rows.starts, dtype=np.int32),
        np.array(rows.index, dtype=np.int32),
        np.array(rows.value),
    )
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    wall = time.perf_counter() - started
    values = h.getSolution().col_value
    if info.primal_solution_status != 2 or len(values) != n:
        return BaselineRun(None, status, None, wall)
    groups, chosen = [], []
    for k in cohorts:
        p_k = max(pats, key=lambda p: values[z[k, p]])
        chosen.append(patterns[p_k])
        groups.append([m for m in munis if sum(values[x[m, k, p]] for p in pats) > 0.5])
    label = "optimal" if status == "Optimal" else "feasible"
    return BaselineRun(_plan(data, groups, chosen), label, info.mip_dual_bound, wall)
