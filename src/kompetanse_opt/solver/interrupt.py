"""Stopping a run on request (Ctrl-C, SIGTERM, or a caller of the library), within a second.

CP-SAT installs its own Ctrl-C handler for every solve unless told not to, and restores the old
one when the solve ends; with solves in threads that leaves Ctrl-C ignored for a whole search or
killing the process between two searches, depending on timing. So every solve is built with
``catch_sigint_signal`` off (:func:`kompetanse_opt.solver.engine.make_solver`) and registers
here while it runs; :meth:`StopRequest.request` stops every registered search at once (CP-SAT
keeps its best solution) and makes every later solve of the run a token one, so the stages end
with what they have. Whoever owns the process (the CLI) turns signals into a request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ortools.sat.python import cp_model

#: Seconds a solve may search once a stop has been requested: enough for the dates and the
#: politicians' sessions to find a first solution on the embedded data, so that a stopped run
#: still ends with a complete plan when it has cohorts, and within a second.
AFTER_STOP_SECONDS = 0.25
#: How often a requested stop is passed on to searches that started after the request.
_REPEAT_SECONDS = 0.05


class StopRequest:
    """A process-wide stop flag and the CP-SAT searches it must stop."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._solvers: list[cp_model.CpSolver] = []
        #: The signal that asked for the stop (None: not a signal, or no stop).
        self.signal_number: int | None = None

    @property
    def requested(self) -> bool:
        """True once a stop has been requested (until :meth:`clear`)."""
        return self._event.is_set()

    def request(self, signal_number: int | None = None) -> None:
        """Stop every running search now, and every later one as soon as it starts."""
        if self._event.is_set():
            return
        self.signal_number = signal_number
        self._event.set()
        self._stop_all()
        # A search may be between "registered" and "searching": repeat for a moment.
        threading.Thread(target=self._repeat, daemon=True).start()

    def clear(self) -> None:
        """Forget a request (the next run starts afresh)."""
        self._event.clear()
        self.signal_number = None

    @contextmanager
    def running(self, solver: cp_model.CpSolver) -> Iterator[None]:
        """Register ``solver`` while it searches, so that a request stops it."""
        with self._lock:
            self._solvers.append(solver)
        try:
            yield
        finally:
            with self._lock:
                self._solvers.remove(solver)

    def _stop_all(self) -> None:
        with self._lock:
            solvers = list(self._solvers)
        for solver in solvers:
            solver.stop_search()

    def _repeat(self) -> None:
        for _ in range(40):  # two seconds at most
            if not self._event.is_set():
                return
            self._stop_all()
            threading.Event().wait(_REPEAT_SECONDS)


#: The process's stop request: the CLI's signal handlers and library callers use this one.
STOP = StopRequest()


def new_solver(max_seconds: float) -> cp_model.CpSolver:
    """A CP-SAT solver that leaves Ctrl-C to the process, searching at most ``max_seconds``
    (a token moment once a stop has been requested)."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    seconds = min(max_seconds, AFTER_STOP_SECONDS) if STOP.requested else max_seconds
    solver.parameters.max_time_in_seconds = seconds
    return solver


def solve_stoppably(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    callback: cp_model.CpSolverSolutionCallback | None = None,
) -> cp_model.CpSolverStatus:
    """``solver.solve(model, callback)``, stopped at once by a :data:`STOP` request."""
    with STOP.running(solver):
        if STOP.requested:
            solver.parameters.max_time_in_seconds = min(
                solver.parameters.max_time_in_seconds, AFTER_STOP_SECONDS
            )
        return solver.solve(model, callback)
