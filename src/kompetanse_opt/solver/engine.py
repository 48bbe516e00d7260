"""Running one CP-SAT model: parameters, determinism, progress and honest status mapping.

Every stage builds its model and hands it here, so all stages share one notion of status, bound,
gap and determinism.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus, StageReport

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

    stage: str
    wall_time: float
    objective: int
    bound: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class EngineSettings:
    """Resolved solver settings for one run (per stage)."""

    time_limit: float
    seed: int
    workers: int
    #: Independent solves run side by side (each with ``workers`` CP-SAT workers).
    threads: int = 1

    @classmethod
    def resolve(
        cls,
        instance: Instance,
        time_limit: float | None,
        seed: int | None,
        workers: int | None,
        threads: int | None = None,
    ) -> EngineSettings:
        """Explicit arguments win over the instance's ``solver`` settings."""
        defaults = instance.solver
        return cls(
            time_limit=time_limit if time_limit is not None else defaults.time_limit,
            seed=seed if seed is not None else defaults.seed,
            workers=workers if workers is not None else defaults.workers,
            threads=threads or defaults.threads or default_threads(),
        )


def default_threads() -> int:
    """One thread per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return max(os.cpu_count() or 1, 1)


class _ProgressRelay(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, callback: ProgressCallback, started: float) -> None:
        super().__init__()
        self._stage = stage
        self._callback = callback
        self._started = started

    def on_solution_callback(self) -> None:
        self._callback(
            Progress(
                stage=self._stage,
                wall_time=time.perf_counter() - self._started,
                objective=round(self.objective_value),
                bound=math.ceil(self.best_objective_bound - 1e-6),
            )
        )


_STATUS_ORDER = (
    SolveStatus.OPTIMAL,
    SolveStatus.FEASIBLE,
    SolveStatus.UNKNOWN,
    SolveStatus.INFEASIBLE,
    SolveStatus.MODEL_INVALID,
)


def weakest_status(statuses: list[SolveStatus]) -> SolveStatus:
    """Optimal only if every part was proven optimal; otherwise the weakest part's status."""
    return max(statuses, key=_STATUS_ORDER.index, default=SolveStatus.UNKNOWN)


#: A stage's own CP-SAT parameters (name -> value), on top of the shared settings.
Tuning = Mapping[str, int | float | bool]


def make_solver(settings: EngineSettings, tuning: Tuning | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    params = solver.parameters
    for name, value in (tuning or {}).items():
        setattr(params, name, value)
    params.max_time_in_seconds = settings.time_limit
    params.random_seed = settings.seed
    params.num_workers = settings.workers
    # One worker is deterministic by itself. With more, CP-SAT's default portfolio races threads
    # and the plan depends on timing; interleaved search is its deterministic parallel mode.
    params.interleave_search = settings.workers > 1
    return solver


def relative_gap(objective: int, bound: int) -> float:
    return 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1)


@dataclass
class EngineRun:
    """A finished CP-SAT run: the solver (to read values from) and its honest status."""

    solver: cp_model.CpSolver
    status: SolveStatus
    wall_time: float

    def report(
        self, name: str, objective: int | None, terms: dict[str, int], **where: int
    ) -> StageReport:
        """The stage report; ``objective`` is the checker's recomputed value, not CP-SAT's.

        ``where`` names the part of a stage solved separately (``cohort=2, gathering=1``).
        """
        if objective is None or not self.status.has_plan:
            return StageReport(name=name, status=self.status, wall_time=self.wall_time, **where)
        if self.status is SolveStatus.OPTIMAL:
            bound = objective
        else:
            bound = min(math.ceil(self.solver.best_objective_bound - 1e-6), objective)
        return StageReport(
            name=name,
            status=self.status,
            objective=objective,
            bound=bound,
            gap=relative_gap(objective, bound),
            wall_time=self.wall_time,
            terms=terms,
            **where,
        )


def run_model(
    name: str,
    model: cp_model.CpModel,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
    tuning: Tuning | None = None,
) -> EngineRun:
    started = time.perf_counter()
    solver = make_solver(settings, tuning)
    relay = _ProgressRelay(name, progress, started) if progress else None
    code = solver.solve(model, relay)
    return EngineRun(solver, _STATUS.get(code, SolveStatus.UNKNOWN), time.perf_counter() - started)
