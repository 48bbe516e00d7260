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

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weight_map
from kompetanse_opt.solver.cohorts.classes import decomposable
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import pattern_costs

INF = 1e30


class _Rows:
    """Rows in COO chunks (numpy for the big families), handed to HiGHS as one CSR block."""

    def __init__(self) -> None:
        self.count = 0
        self.lower: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, terms: list[tuple[int, float]], lower: float, upper: float) -> None:
        cols = np.array([t[0] for t in terms], dtype=np.int64)
        vals = np.array([t[1] for t in terms], dtype=np.float64)
        self.add_many(1, np.zeros(len(terms), dtype=np.int64), cols, vals, lower, upper)

    def add_many(
        self,
        n: int,
        row: np.ndarray,
        cols: np.ndarray,
        vals: np.ndarray,
        lower: float,
        upper: float,
    ) -> None:
        """``n`` rows; entry i is in local row ``row[i]``."""
        self.entries.append((row + self.count, cols, vals))
        self.lower.append(np.full(n, lower))
        self.upper.append(np.full(n, upper))
        self.count += n

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        row = np.concatenate([e[0] for e in self.entries])
        cols = np.concatenate([e[1] for e in self.entries])
        vals = np.concatenate([e[2] for e in self.entries])
        order = np.argsort(row, kind="stable")
        starts = np.searchsorted(row[order], np.arange(self.count)).astype(np.int32)
        return (
            np.concatenate(self.lower),
            np.concatenate(self.upper),
            starts,
            cols[order].astype(np.int32),
            vals[order],
        )


def highs_mip(data: ProblemData, time_limit: float, threads: int) -> BaselineRun:
    import highspy

    started = time.perf_counter()
    instance = data.instance
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    munis, cohorts = data.municipality_ids, list(data.cohort_ids)
    n_m, n_k, n_p = len(munis), len(cohorts), len(patterns)
    w = weight_map(data)
    size = np.array([data.size[m] for m in munis], dtype=np.float64)
    cmat = np.array([[cost[m, p] for p in range(n_p)] for m in munis], dtype=np.float64)
    # Columns: x[m, k, p] at (m*K + k)*P + p, then z[k, p], worst, largest, smallest, used[s, k].
    n_x = n_m * n_k * n_p
    z0 = n_x
    worst, largest, smallest = z0 + n_k * n_p, z0 + n_k * n_p + 1, z0 + n_k * n_p + 2
    soft = [s for s in instance.together if not s.hard]
    used0 = smallest + 1
    n_cols = used0 + len(soft) * n_k
    x_cost = (w["travel_total"] * size[:, None] * cmat)[:, None, :].repeat(n_k, axis=1).ravel()
    col_cost = np.concatenate(
        [
            x_cost,
            np.zeros(n_k * n_p),
            [w["travel_worst"], w["size_imbalance"], -w["size_imbalance"]],
            np.full(len(soft) * n_k, w["together_splits"]),
        ]
    )
    col_upper = np.ones(n_cols)
    col_upper[[worst, largest, smallest]] = INF
    integer = np.concatenate([np.arange(z0 + n_k * n_p), np.arange(used0, n_cols)])
    x = np.arange(n_x).reshape(n_m, n_k, n_p)
    z = (z0 + np.arange(n_k * n_p)).reshape(n_k, n_p)
    rows = _Rows()
    per_m = np.repeat(np.arange(n_m), n_k * n_p)
    rows.add_many(n_m, per_m, x.ravel(), np.ones(n_x), 1, 1)  # one (cohort, pattern) each
    worst_vals = cmat[:, None, :].repeat(n_k, axis=1).ravel()
    rows.add_many(
        n_m,
        np.concatenate([per_m, np.arange(n_m)]),
        np.concatenate([x.ravel(), np.full(n_m, worst)]),
        np.concatenate([worst_vals, -np.ones(n_m)]),
        -INF,
        0,
    )
    rows.add_many(n_k, np.repeat(np.arange(n_k), n_p), z.ravel(), np.ones(n_k * n_p), 1, 1)
    rooms = {v.id: v.room_capacity for v in instance.venues}
    cap = instance.cohorts.capacity
    limit = np.array(
        [min([cap, *(r for v in pat if (r := rooms[v]) is not None)]) for pat in patterns]
    )
    # capacity[k, p]: sum_m size * x[m, k, p] - limit_p * z[k, p] <= 0 (row k*P + p)
    kp_rows = np.broadcast_to(np.arange(n_k * n_p).reshape(1, n_k, n_p), (n_m, n_k, n_p)).ravel()
    load_vals = np.broadcast_to(size[:, None, None], (n_m, n_k, n_p)).ravel()
    for bound_vals, lower, upper in (
        (limit, -INF, 0.0),
        (np.full(n_p, instance.cohorts.minimum), 0.0, INF),
    ):
        rows.add_many(
            n_k * n_p,
            np.concatenate([kp_rows, np.arange(n_k * n_p)]),
            np.concatenate([x.ravel(), z.ravel()]),
            np.concatenate([load_vals, -np.tile(bound_vals, n_k).astype(np.float64)]),
            lower,
            upper,
        )
    # x[m, k, p] <= z[k, p]: the disaggregated link that makes the formulation strong.
    link = np.arange(n_x)
    rows.add_many(
        n_x,
        np.concatenate([link, link]),
        np.concatenate([x.ravel(), np.broadcast_to(z[None], (n_m, n_k, n_p)).ravel()]),
        np.concatenate([np.ones(n_x), -np.ones(n_x)]),
        -INF,
        0,
    )
    k_rows = np.broadcast_to(np.arange(n_k)[None, :, None], (n_m, n_k, n_p)).ravel()
    for var, lower, upper in ((largest, -INF, 0.0), (smallest, 0.0, INF)):
        rows.add_many(
            n_k,
            np.concatenate([k_rows, np.arange(n_k)]),
            np.concatenate([x.ravel(), np.full(n_k, var)]),
            np.concatenate([load_vals, -np.ones(n_k)]),
            lower,
            upper,
        )
    for venue in instance.venues:
        if venue.max_gatherings is not None:
            uses = np.array([pat.count(venue.id) for pat in patterns], dtype=np.float64)
            rows.add_many(
                1,
                np.zeros(n_k * n_p, dtype=np.int64),
                z.ravel(),
                np.tile(uses, n_k),
                -INF,
                venue.max_gatherings,
            )
    index = {m: i for i, m in enumerate(munis)}
    for s in instance.together:
        if s.hard:
            first = index[s.municipalities[0]]
            for m in s.municipalities[1:]:
                for k in range(n_k):
                    terms = [(int(c), 1.0) for c in x[index[m], k]]
                    rows.add(terms + [(int(c), -1.0) for c in x[first, k]], 0, 0)
    for j, s in enumerate(soft):
        for m in s.municipalities:
            for k in range(n_k):
                terms = [(int(c), 1.0) for c in x[index[m], k]]
                rows.add([*terms, (used0 + j * n_k + k, -1.0)], -INF, 0)
    for a in instance.apart:
        if a.hard:
            for k in range(n_k):
                rows.add([(int(c), 1.0) for m in a.municipalities for c in x[index[m], k]], -INF, 1)
    if decomposable(instance):
        order = np.arange(n_p, dtype=np.float64)
        for k in range(n_k - 1):
            rows.add(
                [(int(c), float(v)) for c, v in zip(z[k], order, strict=True)]
                + [(int(c), -float(v)) for c, v in zip(z[k + 1], order, strict=True)],
                -INF,
                0,
            )
    model_time = time.perf_counter() - started
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(time_limit - model_time, 1.0))
    h.setOptionValue("threads", threads)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    h.addCols(
        n_cols,
        col_cost,
        np.zeros(n_cols),
        col_upper,
        0,
        np.zeros(n_cols, dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([]),
    )
    h.changeColsIntegrality(
        len(integer),
        integer.astype(np.int32),
        np.array([highspy.HighsVarType.kInteger] * len(integer)),
    )
    lower, upper, starts, cols, vals = rows.csr()
    h.addRows(len(lower), lower, upper, len(cols), starts, cols, vals)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    wall = time.perf_counter() - started
    values = np.array(h.getSolution().col_value)
    if info.primal_solution_status != 2 or len(values) != n_cols:
        return BaselineRun(None, status, None, wall, f"model built in {model_time:.0f} s")
    groups, chosen = [], []
    for k in range(n_k):
        chosen.append(patterns[int(np.argmax(values[z[k]]))])
        groups.append([m for i, m in enumerate(munis) if values[x[i, k]].sum() > 0.5])
    label = "optimal" if status == "Optimal" else "feasible"
    note = f"model built in {model_time:.0f} s"
    # The MIP pays for each soft set's first cohort too; the library's term does not: its
    # bound in the library's objective is lower by that constant.
    soft = sum(1 for t in data.instance.together if not t.hard)
    bound = info.mip_dual_bound - data.instance.weights.together_splits * soft
    return BaselineRun(_plan(data, groups, chosen), label, bound, wall, note)
