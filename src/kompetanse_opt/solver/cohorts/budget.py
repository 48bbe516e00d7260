"""The class search's budget in work, not wall seconds.

A search whose phases stop on the clock ends differently on a busy machine: the same 2x input
ended a 60 s run at 114 910 quiet and at 143 089 beside one busy process. So the class search
(``class_search.py``) plans its phases in *work*: CP-SAT's deterministic time for every
CP-SAT solve (``parameters.max_deterministic_time``; a run's use is
``response_proto.deterministic_time``) and counted solves for the LP bound (GLOP). The work is
derived from the time limit by a calibrated rate, and the wall-clock limit stays the outer cap
only: the same input, seed and workers give the same plan quiet or busy as long as the cap is
not reached.

Calibration (ortools 9.15, 2 cores shared at load 5-8): per worker and CPU second (what one
worker does per wall second on a quiet machine) the 2x/3x class master from scratch does 0.5
dtime with CP-SAT's default linearization and 0.16 with ``linearization_level: 2`` and one
worker; hinted near masters and neighbourhood steps 0.25-0.3; whole 60 s class searches at 2x
(model building, presolve and packing included) 0.1-0.3. ``RATE`` was chosen between 0.2 and
0.3 by the plans of one 60 s run per seed at load 6-8 (benchmarks/README_scale.md): at 0.2 all
three 2x seeds ended within 0.25 % of the best known plan, at 0.3 two of them 2.3-4.4 % above
it (3x: 1.5-1.9 % above at 0.2, 0-1.7 % at 0.3). ``WORK_SHARE`` leaves the margin for a machine
with one more busy process (two workers on two thirds of a core each).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: CP-SAT deterministic time one worker does per wall second on the class masters.
RATE = 0.2
#: The same for the full master (one worker, the full LP at every node: slower per dtime).
FULL_RATE = 0.08
#: Share of the time limit planned as work; the rest is the margin for model building,
#: packing and the LP in Python, and for a loaded machine.
WORK_SHARE = 0.55
#: The phases' shares of the work (of what is left when the phase starts).
FIRST_WORK, NEAR_SHARE, FULL_SHARE = 0.15, 0.3, 0.4
#: LP solves (interval splits) per second of time limit, at least ``MIN_LPS``.
LPS_PER_SECOND, MIN_LPS = 0.5, 2
#: Most work one neighbourhood's master may use, and the least worth starting one with.
STEP_WORK, MIN_STEP_WORK = 1.5, 0.1
#: Largest class master (municipality x pattern pairs) the rates were measured on: 2x has
#: 1 462, 3x 5 031 (5x 23 650, 10x about 100 000). Above it the search runs on the clock as
#: before (``Budget.clock``) until the rates are measured there.
CALIBRATED_PAIRS = 10_000
#: Pairs (municipality x pattern) ``RATE`` was set on (2x); larger masters scale it by the
#: square root of their size (``size_factor``).
SIZE_PAIRS = 1_500
#: Most work the packing of one master's classes may use.
PACKING_WORK = 2.0


@dataclass
class Budget:
    """Work (CP-SAT deterministic time) for a search, and what has been spent of it."""

    total: float
    workers: int = 1
    spent: float = 0.0
    #: On the clock: the work only shares the time out (each phase's wall-clock cap), no
    #: solve is limited by it and what a phase planned counts as spent.
    clock: bool = False

    @classmethod
    def for_limit(cls, seconds: float, workers: int = 1, pairs: int = 0) -> Budget:
        """The work a search of ``seconds`` with ``workers`` CP-SAT workers plans for, on a
        class master of ``pairs`` (on the clock above ``CALIBRATED_PAIRS``)."""
        workers = max(workers, 1)
        total = max(seconds, 0.0) * WORK_SHARE * RATE * workers * size_factor(pairs)
        return cls(total, workers, clock=pairs > CALIBRATED_PAIRS)

    def limit(self, work: float) -> float | None:
        """The deterministic-time limit of a solve planned as ``work`` (None on the clock)."""
        return None if self.clock else work

    def used(self, planned: float, actual: float) -> None:
        """Count a phase: its ``actual`` work, or on the clock what it ``planned``."""
        self.charge(planned if self.clock else actual)

    def left(self) -> float:
        return max(self.total - self.spent, 0.0)

    def take(self, share: float) -> float:
        """``share`` of the work left (what one phase may use)."""
        return share * self.left()

    def charge(self, work: float) -> None:
        """Count work used (a CP-SAT run's deterministic time)."""
        self.spent += max(work, 0.0)

    def seconds(self, work: float, rate: float = RATE) -> float:
        """Wall seconds that ``work`` takes on a quiet machine (for caps and logs)."""
        return work / (rate * self.workers)

    def cap(self, work: float, wall_left: float) -> float:
        """Wall-clock seconds a phase planned as ``work`` may take at most: its share of the
        work left times the seconds left (at least its quiet-machine time). On a machine too
        slow for the plan every phase is cut in proportion, not the last ones to nothing."""
        share = work / self.left() if self.left() > 0 else 1.0
        proportional = min(share, 1.0) * max(wall_left, 0.0)
        if self.clock:
            # On the clock the work is only a way of sharing the time out: the quiet-machine
            # time of uncalibrated work is no floor (at 10x it let the near master take 60 s
            # of a 72 s stage and left the neighbourhoods nothing).
            return proportional
        return max(self.seconds(work), proportional)

    def single(self, work: float) -> float:
        """``work`` of the many-worker plan for a one-worker solve with the full LP: the same
        wall time at that solve's rate."""
        return self.seconds(work) * FULL_RATE


def size_factor(pairs: int) -> float:
    """How much faster than at 2x the work goes on a master of ``pairs``: at 0.2 dtime per
    worker-second 2x runs ended after 37-57 s at load 3-4, 3x ones (5 031 pairs) after 15-26 s."""
    return max(1.0, math.sqrt(pairs / SIZE_PAIRS))


def lp_solves(seconds: float) -> int:
    """LP solves the bound may make in a run of ``seconds``."""
    return max(MIN_LPS, math.floor(seconds * LPS_PER_SECOND))


__all__ = ["Budget", "lp_solves", "size_factor"]
