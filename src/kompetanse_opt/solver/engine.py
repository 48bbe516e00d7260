"""Running one CP-SAT model: parameters, determinism, progress and honest status mapping.

Every stage builds its model and hands it here, so all stages share one notion of status, bound,
gap and determinism.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus, StageReport
from kompetanse_opt.solver.interrupt import new_solver, solve_stoppably

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


#: Time past the run's limit that fallbacks may use: 10 % of the limit plus this many seconds
#: (kept under the promised 10 % + 1 s so that checking and writing the plan fit as well).
GRACE_SHARE, GRACE_SECONDS = 0.10, 0.7
#: Below this many seconds of search share a solve aims for a first solution with HURRY_TUNING.
HURRY_SECONDS = 0.5
HURRY_TUNING = {"cp_model_presolve": False}
#: Seconds of the grace a stage's fallback leaves for each later stage's own fallback.
FALLBACK_RESERVE = 0.3
#: The least time any CP-SAT solve is given (a solve with no time at all finds nothing).
MIN_SECONDS = 0.05
#: Each stage's weight in the run's time (see :func:`stage_settings`).
STAGE_WEIGHTS = {
    "cohorts": 6.0,
    "groups": 3.0,
    "calendar": 2.0,
    "politicians": 1.0,
    "learning": 0.5,
    "speakers": 0.5,
}


@dataclass(frozen=True)
class Deadline:
    """The whole run's time: every stage searches until ``end`` at the latest, and a stage that
    found nothing by then may look for a first plan (a fallback) until ``hard_end``."""

    start: float
    limit: float

    @classmethod
    def starting_now(cls, limit: float) -> Deadline:
        return cls(time.perf_counter(), limit)

    @property
    def end(self) -> float:
        return self.start + self.limit

    @property
    def hard_end(self) -> float:
        return self.end + GRACE_SHARE * self.limit + GRACE_SECONDS

    def left(self) -> float:
        """Seconds of search time left (0 once the limit has passed)."""
        return max(self.end - time.perf_counter(), 0.0)

    def grace_left(self) -> float:
        """Seconds left for fallbacks (0 once the grace after the limit has passed)."""
        return max(self.hard_end - time.perf_counter(), 0.0)


@dataclass(frozen=True)
class EngineSettings:
    """Resolved solver settings for one run (per stage)."""

    time_limit: float
    seed: int
    workers: int
    #: Independent solves run side by side (each with ``workers`` CP-SAT workers).
    threads: int = 1
    #: The whole run's deadline: no CP-SAT solve runs past its ``hard_end``.
    deadline: Deadline | None = None
    #: When this stage's fallback must be done (its share of the grace; see stage_settings).
    fallback_end: float | None = None
    #: CP-SAT deterministic time a solve may use (None: no limit but ``time_limit``). A search
    #: that stops on its work rather than the clock gives the same plan on a busy machine.
    work: float | None = None

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

    def with_deadline(self) -> EngineSettings:
        """These settings with a deadline for the whole run, starting now."""
        return replace(self, deadline=Deadline.starting_now(self.time_limit))

    def fallback(self) -> EngineSettings:
        """Settings for a stage's fallback search: what is left of the grace after the limit
        (``time_limit`` as it is without a deadline)."""
        if self.deadline is None:
            return self
        end = self.deadline.hard_end if self.fallback_end is None else self.fallback_end
        return replace(self, time_limit=max(end - time.perf_counter(), MIN_SECONDS))


def stage_settings(settings: EngineSettings, stage: str, after: Collection[str]) -> EngineSettings:
    """The share of the run's remaining time that ``stage`` may search, followed by ``after``.

    Policy: the time left is split by :data:`STAGE_WEIGHTS` between this stage and the stages
    still to run after it (one after the other). Time a stage does not use passes on, because
    the next stage's share is taken of what is left when it starts. A stage whose search found
    nothing may look for a first solution until the run's hard end (the limit + its grace),
    less :data:`FALLBACK_RESERVE` for each stage after it (a fraction of it for the small stages,
    whose weight is below 1: learning and speakers solve in a blink). Without a deadline each
    stage gets the whole ``time_limit``, as before.
    """
    deadline = settings.deadline
    if deadline is None:
        return settings
    weight = STAGE_WEIGHTS[stage]
    share = weight / (weight + sum(STAGE_WEIGHTS[s] for s in after))
    search = max(deadline.left() * share, MIN_SECONDS)
    # Without a first plan from this stage there is no plan, so its fallback may use the grace
    # up to a little reserve for each later stage's own fallback.
    fallback_end = max(
        deadline.hard_end - FALLBACK_RESERVE * sum(min(1.0, STAGE_WEIGHTS[s]) for s in after),
        time.perf_counter() + search,
    )
    return replace(settings, time_limit=search, fallback_end=fallback_end)


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
    SolveStatus.STAGE_OPTIMAL,
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
    solver = new_solver(solve_seconds(settings))
    params = solver.parameters
    for name, value in (tuning or {}).items():
        setattr(params, name, value)
    params.random_seed = settings.seed
    params.num_workers = settings.workers
    if settings.work is not None:
        params.max_deterministic_time = max(settings.work, 0.0)
    # One worker is deterministic by itself. With more, CP-SAT's default portfolio races threads
    # and the plan depends on timing; interleaved search is its deterministic parallel mode.
    params.interleave_search = settings.workers > 1
    return solver


def solve_seconds(settings: EngineSettings) -> float:
    """``time_limit``, but never past the run's hard deadline (and never below a minimum)."""
    if settings.deadline is None:
        return settings.time_limit
    return max(min(settings.time_limit, settings.deadline.grace_left()), MIN_SECONDS)


def relative_gap(objective: int, bound: int) -> float:
    return 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1)


@dataclass
class EngineRun:
    """A finished CP-SAT run: the solver (to read values from) and its honest status."""

    solver: cp_model.CpSolver
    status: SolveStatus
    wall_time: float

    @property
    def work(self) -> float:
        """The CP-SAT deterministic time this run used."""
        return float(self.solver.response_proto.deterministic_time)

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
    code = solve_stoppably(solver, model, relay)
    return EngineRun(solver, _STATUS.get(code, SolveStatus.UNKNOWN), time.perf_counter() - started)


def run_with_fallback(
    name: str,
    model: cp_model.CpModel,
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
    tuning: Tuning | None = None,
) -> EngineRun:
    """:func:`run_model`, but in a run with a deadline a search that has found nothing by the
    end of its share goes on until its first solution, at most until the stage's fallback end
    (one solve: no second presolve). With a solution by the end of its share it stops there."""
    if settings.deadline is None:
        return run_model(name, model, settings, progress, tuning)
    search = solve_seconds(settings)
    window = settings.fallback().time_limit
    if window <= search:
        return run_model(name, model, settings, progress, tuning)
    if search < HURRY_SECONDS:
        # Hardly any time: aim for a first solution (the calendar's comes in 0.3 s instead of
        # 0.45 s on Vestland without presolve).
        tuning = {**(tuning or {}), **HURRY_TUNING}
    started = time.perf_counter()
    solver = make_solver(replace(settings, time_limit=window), tuning)
    relay = _FirstAfter(name, progress, started, search)
    timer = threading.Timer(search, relay.stop_if_found, args=(solver,))
    timer.start()
    try:
        code = solve_stoppably(solver, model, relay)
    finally:
        timer.cancel()
    return EngineRun(solver, _STATUS.get(code, SolveStatus.UNKNOWN), time.perf_counter() - started)


class _FirstAfter(cp_model.CpSolverSolutionCallback):
    """Relays progress; once ``search`` seconds have passed, stops at the first solution."""

    def __init__(
        self, stage: str, callback: ProgressCallback | None, started: float, search: float
    ) -> None:
        super().__init__()
        self._stage = stage
        self._callback = callback
        self._started = started
        self._search = search
        self.found = threading.Event()

    def on_solution_callback(self) -> None:
        self.found.set()
        elapsed = time.perf_counter() - self._started
        if self._callback is not None:
            self._callback(
                Progress(
                    stage=self._stage,
                    wall_time=elapsed,
                    objective=round(self.objective_value),
                    bound=math.ceil(self.best_objective_bound - 1e-6),
                )
            )
        if elapsed >= self._search:
            self.stop_search()

    def stop_if_found(self, solver: cp_model.CpSolver) -> None:
        """At the end of the search share: stop if there is a solution to keep."""
        if self.found.is_set():
            solver.stop_search()
