"""Run the cohort model and turn CP-SAT's answer into an honest, checked :class:`Result`."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.check import check
from kompetanse_opt.diagnose import counting_causes
from kompetanse_opt.errors import CheckFailedError
from kompetanse_opt.instance import Instance
from kompetanse_opt.objective import evaluate_terms, weight_map, weighted_objective
from kompetanse_opt.plan import Plan, Result, SolveStatus
from kompetanse_opt.problem import ProblemData, TravelMatrix, prepare
from kompetanse_opt.solve.cohorts import CohortModel

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.MODEL_INVALID: SolveStatus.MODEL_INVALID,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


@dataclass(frozen=True)
class Progress:
    """An improving solution as the search finds it."""

    wall_time: float
    objective: int
    bound: int


ProgressCallback = Callable[[Progress], None]


class _ProgressRelay(cp_model.CpSolverSolutionCallback):
    def __init__(self, callback: ProgressCallback, started: float) -> None:
        super().__init__()
        self._callback = callback
        self._started = started

    def on_solution_callback(self) -> None:
        self._callback(
            Progress(
                wall_time=time.perf_counter() - self._started,
                objective=round(self.objective_value),
                bound=math.ceil(self.best_objective_bound - 1e-6),
            )
        )


def solver_parameters(
    instance: Instance, time_limit: float | None, seed: int | None, workers: int | None
) -> cp_model.CpSolver:
    settings = instance.solver
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.max_time_in_seconds = time_limit if time_limit is not None else settings.time_limit
    params.random_seed = seed if seed is not None else settings.seed
    params.num_workers = workers if workers is not None else settings.workers
    # One worker is deterministic by itself. With more, CP-SAT's default portfolio races threads
    # and the plan depends on timing; interleaved search is its deterministic parallel mode.
    params.interleave_search = params.num_workers > 1
    return solver


def relative_gap(objective: int, bound: int) -> float:
    return 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1)


def verify(
    data: ProblemData, plan: Plan, solver_terms: dict[str, int] | None = None
) -> dict[str, int]:
    """Check a solver plan independently and return its recomputed terms; any mismatch is a bug."""
    violations = check(data.instance, plan)
    if violations:
        raise CheckFailedError(
            "solver returned an invalid plan:\n" + "\n".join(map(str, violations))
        )
    terms = evaluate_terms(data, plan)
    if solver_terms is not None and solver_terms != terms:
        raise CheckFailedError(f"objective terms disagree: solver {solver_terms}, checker {terms}")
    return terms


def solve(
    instance: Instance,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    hint: Plan | None = None,
    progress: ProgressCallback | None = None,
    travel: TravelMatrix | None = None,
) -> Result:
    """Plan cohorts and venues for ``instance``; settings default to ``instance.solver``.

    The returned plan has passed the independent checker. ``status`` is ``optimal`` only when
    CP-SAT proved it; a time-limited plan is ``feasible`` with its bound and gap.
    """
    started = time.perf_counter()
    data = prepare(instance, travel)
    solver = solver_parameters(instance, time_limit, seed, workers)
    base = {
        "instance_name": instance.name,
        "seed": solver.parameters.random_seed,
        "workers": solver.parameters.num_workers,
        "weights": weight_map(data),
    }
    causes = counting_causes(instance)
    if causes:
        return Result(
            status=SolveStatus.INFEASIBLE,
            reasons=causes,
            wall_time=time.perf_counter() - started,
            **base,
        )

    model = CohortModel(data).build()
    if hint is not None:
        model.add_hint(hint)
    relay = _ProgressRelay(progress, started) if progress else None
    code = solver.solve(model.model, relay)
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    wall_time = time.perf_counter() - started
    if not status.has_plan:
        reasons = []
        if status is SolveStatus.INFEASIBLE:
            reasons.append("no counting cause found; the rules together admit no plan")
        elif status is SolveStatus.UNKNOWN:
            reasons.append("no plan found within the time limit")
        return Result(status=status, reasons=reasons, wall_time=wall_time, **base)

    plan = model.extract(solver)
    solver_terms = {name: int(solver.value(expr)) for name, expr in model.vars.terms.items()}
    terms = verify(data, plan, solver_terms)
    objective = weighted_objective(data, terms)
    bound = min(math.ceil(solver.best_objective_bound - 1e-6), objective)
    if status is SolveStatus.OPTIMAL:
        bound = objective
    return Result(
        status=status,
        objective=objective,
        bound=bound,
        gap=relative_gap(objective, bound),
        terms=terms,
        wall_time=wall_time,
        plan=plan,
        **base,
    )
