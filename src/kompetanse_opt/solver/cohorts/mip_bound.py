"""A bound for class masters too large for HiGHS to prove: its root (LP and cuts), time-limited.

At 10x (191 350 municipality x pattern pairs) neither CP-SAT's full master nor HiGHS's finishes
in a 120 s run, and the stage's bound was the LP's (``bound.py``), which lets a once-only
venue's gathering be shared by fractions of many patterns. HiGHS's cuts at the root of the
master over the LP's surviving pairs raise it (seed 0, all pairs, alone: its LP 487 828 after
15 s, 490 438 after 31 s, 490 898 after 110 s; our LP 488 178-488 306). The bound holds for
every plan no worse than the incumbent (the pruning keeps them all), so the stage's bound is at
least the smaller of it and the incumbent's objective, as for the full master.

HiGHS runs before the CP-SAT neighbourhood steps, on ``BOUND_SHARE`` of the time left
(``class_search.py``); if it runs long, the steps lose the time, not the stage. Started on a
thread beside the steps instead it ran past its time limit (a 64 s limit still running after
76 s), so it does not run concurrently with them.
"""

from __future__ import annotations

import logging
import time

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts import mip_master
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, Options
from kompetanse_opt.solver.engine import EngineSettings

#: Share of the time left after the near master given to HiGHS's root (the steps get the rest).
#: At 10x its master took 6-8 s to build, 12-15 s for the LP and about 15 s for the first cuts.
BOUND_SHARE = 0.4
#: Largest master worth it: 10x's surviving pairs (about 166 000) build in 6-8 s.
BOUND_PAIRS = 250_000
#: Seconds kept for the steps however long HiGHS runs past its limit.
STEPS_MARGIN = 15.0
#: Least time worth starting it with (seconds left before the share is taken).
MIN_BOUND_TIME = 50.0

_log = logging.getLogger(__name__)


def worth(pairs: int, seconds: float) -> bool:
    """Whether to bound a master of ``pairs`` (after pruning) with HiGHS when ``seconds`` are
    left: not without HiGHS, not the masters it proves (``mip_master.MIP_PAIRS``), not larger
    ones than ``BOUND_PAIRS``, not with too little time."""
    return (
        mip_master.available()
        and mip_master.MIP_PAIRS < pairs <= BOUND_PAIRS
        and seconds >= MIN_BOUND_TIME
    )


def highs_bound(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    options: Options,
    settings: EngineSettings,
    deadline: float,
    latest: float,
) -> int:
    """HiGHS's bound of the master over ``options`` at ``deadline``, waiting for it up to
    ``latest`` (it can run past its limit: 10x seed 1 was at 23 s of 28 and had not returned
    at 38 s); 0: none."""
    started = time.perf_counter()
    mip = mip_master.MasterMip(data, patterns, cost, options)
    built = time.perf_counter()
    found = mip.solve(max(deadline - built, 0.1), settings.workers, settings.seed, latest)
    _log.debug(
        "HiGHS bound %s: built in %.1f s, then %.1f s", found.bound, built - started, found.seconds
    )
    return found.bound


__all__ = ["BOUND_SHARE", "STEPS_MARGIN", "highs_bound", "worth"]
