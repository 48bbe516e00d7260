"""A bound for class masters too large for HiGHS to prove: its root (LP and cuts), time-limited.

At 10x (191 350 municipality x pattern pairs) neither CP-SAT's full master nor HiGHS's finishes
in a 120 s run, and the stage's bound was the LP's (``bound.py``), which lets a once-only
venue's gathering be shared by fractions of many patterns. HiGHS's cuts at the root of the
master over the LP's surviving pairs raise it (seed 0: its LP 487 828 after 15 s, 490 438 after
31 s, 490 898 after 110 s; our LP 488 306). The bound holds for every plan no worse than the
incumbent (the pruning keeps them all), so the stage's bound is at least the smaller of it and
the incumbent's objective, as for the full master.
"""

from __future__ import annotations

import time

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts import mip_master
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options
from kompetanse_opt.solver.engine import EngineSettings

#: Share of the seconds left after the LP bound kept for HiGHS's root (the neighbourhood steps
#: get the rest). Its root at 10x needed about 40 s of 2 cores (build 8 s, LP 7 s, cuts 25 s).
BOUND_SHARE = 0.4
#: Largest master worth it: 10x's surviving pairs (about 166 000) built in 8 s, 1 GB at most.
BOUND_PAIRS = 250_000
#: Least time worth starting it with (its LP alone takes about 15 s at 10x).
MIN_BOUND_TIME = 20.0


def reserve(pairs: int, seconds: float) -> float:
    """Seconds of ``seconds`` to keep for HiGHS's bound of a master of ``pairs`` (after
    pruning): none without HiGHS, for masters it proves (``mip_master.MIP_PAIRS``), for
    larger ones than ``BOUND_PAIRS`` or when the share would be too short."""
    if not mip_master.available() or not mip_master.MIP_PAIRS < pairs <= BOUND_PAIRS:
        return 0.0
    share = BOUND_SHARE * seconds
    return share if share >= MIN_BOUND_TIME else 0.0


def highs_bound(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    options: Options,
    settings: EngineSettings,
    deadline: float,
) -> int:
    """HiGHS's bound of the master over ``options`` when ``deadline`` comes (0: none)."""
    mip = mip_master.MasterMip(data, patterns, cost, options)
    seconds = deadline - time.perf_counter()
    if seconds <= 1.0:
        return 0
    return mip.solve(seconds, settings.workers, settings.seed).bound


__all__ = ["BOUND_SHARE", "highs_bound", "reserve"]
