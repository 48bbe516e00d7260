"""The class master as a mixed-integer program, solved by HiGHS (optional extra ``mip``).

The same relaxation as :class:`~kompetanse_opt.solver.cohorts.classes.ClassMaster` (municipality
to pattern class, cohorts per pattern; travel exact, size imbalance, together-splits and
size-loners bounded from below), written as rows for a MIP solver. CP-SAT proves the 2x and 3x
masters slowly (2x seed 1: bound 112 687 after 120 s against the optimum 114 632); HiGHS's
LP-based branch and cut proves the same masters in 3-8 s (2x) and 14-29 s (3x) on 2 cores
(benchmarks/README_scale.md). Its plans still go through CP-SAT's packing and the independent
checker; its bound is a bound of the stage because the master is a relaxation of it.

Rows, by rule (labels as in ``docs/domain``):

* every municipality in one class; a hard together-set in one class (H8);
* a class's load at most its cohorts times the cohort capacity and the smallest room of its
  venues, at least its cohorts times the minimum (H2, H3);
* a venue's gatherings over all classes at most its ``max_gatherings`` (H3);
* ``worst`` at least every municipality's pattern cost (P1); the largest cohort at least, the
  smallest at most, every used class's average, rounded (P3: integer variables and one binary
  per cohort count of a class); a soft set spans at least as many cohorts as classes (P6); a
  municipality with no size-peer in its class has none in its cohort (P2).

The class data (rooms, one-cohort patterns, venue uses) come from ``classes.py``, the same
functions the CP-SAT master reads; ``tests/solver/cohorts/test_mip_master.py`` checks that the two
masters have the same optimum on random small instances.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import math
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.objective import weight_map
from kompetanse_opt.solver.cohorts.budget import PACKING_WORK
from kompetanse_opt.solver.cohorts.class_rounds import Round, pack_or_cut, pattern_of
from kompetanse_opt.solver.cohorts.classes import (
    MAX_ROUNDS,
    PACKING_TIME,
    MasterInput,
    at_most_one_cohort,
    class_room,
)
from kompetanse_opt.solver.cohorts.packing import Class
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.interrupt import STOP

#: Largest master (municipality x pattern pairs) handed to HiGHS, by measurement (2 cores,
#: quiet; whole cohort stage with a 60 s limit, seeds 1, 4, 7 unless said): 2x (1 462 pairs)
#: proven in 4-6 s, 3x (5 031) in 7-24 s, 4x (12 040; seeds 1, 4) in 7-10 s. 5x (23 650,
#: seed 1) was proven in 69 s alone, but not in its 48 s share of a 60 s stage, and the CP-SAT
#: search then had too little time (262 814 against 257 546 without HiGHS; 261 868 at 120 s).
MIP_PAIRS = 12_500
#: Set to ``off`` to keep HiGHS out even where installed (benchmarks compare both).
SWITCH = "KOMPETANSE_OPT_MIP"
#: Oldest ``highspy`` with everything used here.
MIN_VERSION = (1, 11)
#: Seconds a cancelled HiGHS solve may take to return before it is abandoned.
CANCEL_GRACE = 5.0


def available() -> bool:
    """Whether HiGHS (``highspy``) is installed and not switched off."""
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no"):
        return False
    if importlib.util.find_spec("highspy") is None:
        return False
    # The expression rows, ``startSolve`` and ``cancelSolve`` this module uses.
    release = importlib.metadata.version("highspy").split(".")[:2]
    return tuple(int(part) for part in release if part.isdigit()) >= MIN_VERSION


@dataclass
class MipResult:
    """One HiGHS solve of the master: its classes (None: no solution) and its bound."""

    classes: list[Class] | None
    bound: int
    proven: bool
    infeasible: bool = False
    seconds: float = 0.0


class MasterMip:
    """The rows of the class master over ``master.options`` (see the module docstring)."""

    def __init__(self, master: MasterInput) -> None:
        import highspy

        data, patterns, options = master.data, master.patterns, master.options
        self.data, self.patterns, self.cost = data, patterns, master.cost
        self.instance = data.instance
        self.h = highspy.Highs()  # type: ignore[no-untyped-call]
        self.h.setOptionValue("output_flag", False)
        self.h.HandleUserInterrupt = True  # so that ``cancelSolve`` stops it
        self.members = {
            p: [m for m in data.municipality_ids if p in options[m]] for p in range(len(patterns))
        }
        self.members = {p: ms for p, ms in self.members.items() if ms}
        self.k = len(data.cohort_ids)
        h = self.h
        self.share = {(m, p): h.addBinary() for p, ms in self.members.items() for m in ms}
        self.one = {p: at_most_one_cohort(self.instance, patterns[p]) for p in self.members}
        self.count = {
            p: h.addBinary() if self.one[p] else h.addIntegral(lb=0, ub=self.k)
            for p in self.members
        }
        # Per multi-cohort class one binary per cohort count (the imbalance rows need them).
        self.exact = {
            (p, j): h.addBinary()
            for p in self.members
            if not self.one[p]
            for j in range(1, self.k + 1)
        }
        self.loads = {
            p: _qsum(data.size[m] * self.share[m, p] for m in ms) for p, ms in self.members.items()
        }
        self._assignment()
        self._capacity()
        self._venue_limits()
        self.terms = self._terms()
        weights = weight_map(data)
        objective = _qsum(weights[name] * expr for name, expr in self.terms.items())
        # ``setObjective``, not ``minimize``: that one also solves, with the default options.
        h.setObjective(objective, highspy.ObjSense.kMinimize)

    def _used(self, p: int) -> Any:
        if self.one[p]:
            return self.count[p]
        return _qsum(self.exact[p, j] for j in range(1, self.k + 1))

    def _assignment(self) -> None:
        h, ids = self.h, self.data.municipality_ids
        for m in ids:
            h.addConstr(_qsum(self.share[m, p] for p in self.members if (m, p) in self.share) == 1)
        h.addConstr(_qsum(self.count.values()) == self.k)
        for p in self.members:
            if not self.one[p]:
                ways = range(1, self.k + 1)
                h.addConstr(_qsum(j * self.exact[p, j] for j in ways) - self.count[p] == 0)
                h.addConstr(_qsum(self.exact[p, j] for j in ways) <= 1)
            for m in self.members[p]:
                h.addConstr(self.share[m, p] - self._used(p) <= 0)
        for s in self.instance.together:
            if not s.hard:
                continue
            first, *rest = s.municipalities
            for m in rest:
                for p in self.members:
                    if (first, p) in self.share:
                        h.addConstr(self.share[first, p] - self.share[m, p] == 0)

    def _capacity(self) -> None:
        settings = self.instance.cohorts
        for p in self.members:
            room = class_room(self.instance, self.patterns[p])
            self.h.addConstr(self.loads[p] - room * self.count[p] <= 0)
            if settings.minimum:
                self.h.addConstr(self.loads[p] - settings.minimum * self.count[p] >= 0)

    def _venue_limits(self) -> None:
        for venue in self.instance.venues:
            if venue.max_gatherings is None:
                continue
            uses = [
                (self.patterns[p].count(venue.id), p)
                for p in self.members
                if venue.id in self.patterns[p]
            ]
            if uses:
                self.h.addConstr(_qsum(n * self.count[p] for n, p in uses) <= venue.max_gatherings)

    def _terms(self) -> dict[str, Any]:
        data, h = self.data, self.h
        travel = _qsum(data.size[m] * self.cost[m, p] * var for (m, p), var in self.share.items())
        worst = h.addVariable(lb=0, ub=max(self.cost.values(), default=0))
        mine: dict[str, list[Any]] = {m: [] for m in data.municipality_ids}
        for (m, p), var in self.share.items():
            mine[m].append(self.cost[m, p] * var)
        for costs in mine.values():
            h.addConstr(_qsum(costs) - worst <= 0)
        terms: dict[str, Any] = {
            "travel_total": travel,
            "travel_worst": worst,
            "size_imbalance": self._imbalance(),
            "together_splits": self._splits(),
        }
        if self.instance.weights.size_loners:
            terms["size_loners"] = self._loners()
        return terms

    def _imbalance(self) -> Any:
        """Largest minus smallest cohort, bounded by every used class's rounded averages."""
        h, total = self.h, self.instance.total_participants
        top = max(total, self.instance.cohorts.capacity)
        largest = h.addIntegral(lb=-(-total // self.k), ub=top)
        smallest = h.addIntegral(lb=0, ub=total // self.k)
        for p in self.members:
            if self.one[p]:
                h.addConstr(largest - self.loads[p] >= 0)
                h.addConstr(smallest - self.loads[p] + top * self.count[p] <= top)
                continue
            for j in range(1, self.k + 1):
                on = self.exact[p, j]
                h.addConstr(j * largest - self.loads[p] - j * top * on >= -j * top)
                h.addConstr(j * smallest - self.loads[p] + j * top * on <= j * top)
        return largest - smallest

    def _splits(self) -> Any:
        h, parts = self.h, []
        for s in self.instance.together:
            if s.hard:
                continue
            spans = []
            for p in self.members:
                inside = [self.share[m, p] for m in s.municipalities if (m, p) in self.share]
                if inside:
                    spanned = h.addVariable(lb=0, ub=1)
                    for var in inside:
                        h.addConstr(spanned - var >= 0)
                    spans.append(spanned)
            parts.append(_qsum(spans) - 1)
        return _qsum(parts)

    def _loners(self) -> Any:
        h, peers, alone = self.h, self.data.peers, []
        for m in self.data.municipality_ids:
            if not peers[m]:
                continue
            lonely = h.addVariable(lb=0, ub=1)
            for p in self.members:
                if (m, p) in self.share:
                    mates = [self.share[o, p] for o in peers[m] if (o, p) in self.share]
                    h.addConstr(lonely - self.share[m, p] + _qsum(mates) >= 0)
            alone.append(lonely)
        return _qsum(alone)

    def start_from(self, plan: Plan) -> None:
        """A plan's classes as HiGHS's first incumbent (HiGHS completes the other columns)."""
        chosen = pattern_of(self.data, self.patterns, plan)
        counts: dict[int, int] = {}
        for c in plan.cohorts:
            p = chosen.get(c.municipalities[0]) if c.municipalities else None
            if p is not None:
                counts[p] = counts.get(p, 0) + 1
        if any((m, p) not in self.share for m, p in chosen.items()) or not counts:
            return  # a plan outside these options (or empty cohorts): no start
        values = {var.index: float(chosen.get(m) == p) for (m, p), var in self.share.items()}
        values.update({var.index: float(counts.get(p, 0)) for p, var in self.count.items()})
        values.update({var.index: float(counts.get(p) == j) for (p, j), var in self.exact.items()})
        index = sorted(values)
        self.h.setSolution(
            len(index),
            np.array(index, dtype=np.int32),
            np.array([values[i] for i in index], dtype=np.float64),
        )

    def forbid(self, p: int, members: list[str], count: int) -> None:
        """No-good: these municipalities alone cannot be packed into ``count`` cohorts of ``p``."""
        exact = self.count[p] if self.one[p] else self.exact[p, count]
        chosen = _qsum(self.share[m, p] for m in members)
        self.h.addConstr(chosen + exact <= len(members))

    def solve(
        self, seconds: float, threads: int, seed: int, latest: float | None = None
    ) -> MipResult:
        """HiGHS within ``seconds`` (cancelled on Ctrl-C); the classes of its best solution.

        HiGHS can run past its time limit (a cut round at 10x: 10-15 s); it is cancelled at
        ``latest`` (default: ``CANCEL_GRACE`` after the limit) and, if it does not return
        within ``CANCEL_GRACE`` more, left behind with nothing read."""
        h, started = self.h, time.perf_counter()
        for name, value in (
            ("time_limit", max(seconds, 0.1)),
            ("threads", threads),
            ("random_seed", seed),
            # HiGHS's presolve ran past its time limit on 3x seed 4 (over 200 s); without it
            # the masters measured were proven faster.
            ("presolve", "off"),
            ("mip_rel_gap", 0.0),
            ("mip_abs_gap", 0.999),  # the objective is integral
        ):
            h.setOptionValue(name, value)
        if not _run(h, latest or started + seconds + CANCEL_GRACE):
            return MipResult(None, 0, False, seconds=time.perf_counter() - started)
        return self._result(time.perf_counter() - started)

    def _result(self, seconds: float) -> MipResult:
        import highspy

        h, info = self.h, self.h.getInfo()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return MipResult(None, 0, False, infeasible=True, seconds=seconds)
        bound = integral(info.mip_dual_bound)
        if info.primal_solution_status != 2:  # no feasible solution
            return MipResult(None, bound, False, seconds=seconds)
        values = h.getSolution().col_value
        classes: list[Class] = []
        for p, ms in self.members.items():
            count = round(values[self.count[p].index])
            members = [m for m in ms if values[self.share[m, p].index] > 0.5]
            if count:
                classes.append((self.patterns[p], members, count))
        proven = status == highspy.HighsModelStatus.kOptimal
        return MipResult(classes, bound, proven, seconds=seconds)

    def report(self, on_event: Callable[..., None]) -> None:
        """Have HiGHS call ``on_event(kind, message, out, into, user)`` at each of its limit
        checks while it runs (``out.mip_dual_bound``: its bound so far)."""
        import highspy

        self.h.setCallback(on_event, None)
        self.h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)


def solve_mip_master(
    master: MasterInput, settings: EngineSettings, deadline: float, start: Plan | None = None
) -> Round:
    """HiGHS's master (from ``start``'s classes), then CP-SAT's packing; a class that cannot be
    packed is cut off and the master solved again (as ``class_rounds.solve_master``). The
    round's bound is the master's."""
    mip = MasterMip(master)
    if start is not None:
        mip.start_from(start)
    bound = 0
    for _ in range(MAX_ROUNDS):
        found = mip.solve(deadline - time.perf_counter(), settings.workers, settings.seed)
        bound = max(bound, found.bound)
        if found.infeasible:
            return Round(None, 0, {}, infeasible=True)
        if found.classes is None or STOP.requested:
            return Round(None, bound, {})
        left = max(deadline - time.perf_counter(), 0.5)
        pack = EngineSettings(
            min(left, PACKING_TIME), settings.seed, settings.workers, work=PACKING_WORK
        )
        plan, cut = pack_or_cut(master.data, found.classes, pack, master.patterns, mip.forbid)
        if plan is not None or not cut:
            return Round(plan, bound, {})
    return Round(None, bound, {})


def integral(dual: float) -> int:
    """A dual bound of the (integral) objective rounded up, less HiGHS's tolerance; 0: none."""
    return max(math.ceil(dual - 1e-6 * max(1.0, abs(dual))), 0) if math.isfinite(dual) else 0


def _qsum(items: Iterable[Any]) -> Any:
    """A sum of HiGHS expressions in place (``sum`` copies the expression at every term)."""
    import highspy

    return highspy.Highs.qsum(items)


def _run(h: Any, latest: float) -> bool:
    """Solve on HiGHS's own thread; cancel it on Ctrl-C or past ``latest``. False: it did not
    return (the thread is a daemon and is left behind)."""
    thread = h.startSolve()
    cancelled = False
    while thread.is_alive():
        thread.join(0.05)
        if not cancelled and (STOP.requested or time.perf_counter() > latest):
            h.cancelSolve()
            cancelled, latest = True, time.perf_counter() + CANCEL_GRACE
        elif cancelled and time.perf_counter() > latest:
            return False
    return True


__all__ = ["MIP_PAIRS", "MasterInput", "MasterMip", "MipResult", "available", "solve_mip_master"]
