"""A bound for class masters too large for HiGHS to prove: its root (LP and cuts), time-limited.

At 10x (191 350 municipality x pattern pairs) neither CP-SAT's full master nor HiGHS's finishes
in a 120 s run, and the stage's bound was the LP's (``bound.py``), which lets a once-only
venue's gathering be shared by fractions of many patterns. HiGHS's cuts at the root of the
master over the LP's surviving pairs raise it (seed 0, all pairs, alone: its LP 487 828 after
15 s, 490 438 after 31 s, 490 898 after 110 s; our LP 488 178-488 306). The bound holds for
every plan no worse than the incumbent (the pruning keeps them all), so the stage's bound is at
least the smaller of it and the incumbent's objective, as for the full master.

HiGHS runs in a child process (``BoundJob``), which reports each better dual bound as HiGHS finds
it and is ended when its window closes: with one thread HiGHS's root runs an analytic-centre IPM
after about five cut rounds that checks no time limit (80 s at 10x, its bound long since found at
31 s), and in-process it overran every limit by that much (session 6: the search waited for it,
then dropped it). Where the child runs depends on the cores. With a core free beside CP-SAT's
workers (one worker, two threads: the default on a 2-core PC) it runs *beside* the neighbourhood
steps for their whole window, so the steps lose nothing to it (10x, one worker, quiet: medians
0.78-1.24 % above the bound, was 0.96-2.54 % with HiGHS before the steps). Otherwise
(CP-SAT's workers fill the cores) it runs before the steps, on ``BOUND_SHARE`` of the time
left. If no child can be started HiGHS runs in this process, before the steps
(``highs_bound``). Beside the steps, once no better bound has come for ``STALL_SECONDS`` (the
analytic-centre IPM has begun) the child drops to the lowest priority: nothing changes on a
quiet machine, and beside a busy process CP-SAT's worker gets its core back.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from kompetanse_opt.solver.cohorts import mip_master
from kompetanse_opt.solver.cohorts.classes import MasterInput
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.interrupt import STOP

#: Share of the time left after the near master given to HiGHS's root (the steps get the rest).
#: At 10x its master took 6-8 s to build, 12-15 s for the LP and about 15 s for the first cuts.
BOUND_SHARE = 0.4
#: Largest master worth it: 10x's surviving pairs (about 166 000) build in 6-8 s.
BOUND_PAIRS = 250_000
#: Seconds kept for the steps however long HiGHS runs past its limit.
STEPS_MARGIN = 15.0
#: Least time worth starting it with (seconds left before the share is taken).
MIN_BOUND_TIME = 50.0
#: Seconds without a better bound after which HiGHS's process beside the steps yields its core
#: (10x: its bounds came at most 3 s apart while its cut rounds ran), how often that is
#: checked, and the priority it then runs at.
STALL_SECONDS, WATCH_PERIOD, YIELD_NICE = 10.0, 1.0, 19

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
    master: MasterInput, settings: EngineSettings, deadline: float, latest: float
) -> int:
    """HiGHS's bound of ``master`` at ``deadline``, waiting for it up to
    ``latest`` (it can run past its limit: 10x seed 1 was at 23 s of 28 and had not returned
    at 38 s); 0: none."""
    started = time.perf_counter()
    mip = mip_master.MasterMip(master)
    built = time.perf_counter()
    found = mip.solve(max(deadline - built, 0.1), settings.workers, settings.seed, latest)
    _log.debug(
        "HiGHS bound %s: built in %.1f s, then %.1f s", found.bound, built - started, found.seconds
    )
    return found.bound


def fits_beside(settings: EngineSettings) -> bool:
    """Whether a core is free beside CP-SAT's workers for HiGHS (``threads`` > ``workers``)."""
    return settings.threads > settings.workers


class BoundJob:
    """HiGHS's root bound in a child Python process, which reports every better dual bound as
    HiGHS finds it; ``stop`` ends the process whatever HiGHS is doing (it does not check its
    time limit in the root's analytic-centre IPM: 80 s at 10x with one thread).

    A plain ``subprocess`` rather than ``multiprocessing``: ``spawn`` runs the caller's main
    script again in the child (a script without a ``__main__`` guard solved twice), ``fork``
    copies CP-SAT's threads, and a daemonic process (a Dask worker's) may start no child."""

    def __init__(
        self,
        master: MasterInput,
        threads: int,
        seed: int,
        seconds: float,
        stall: float | None = None,
    ):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.found = 0
        self.started = self.improved = time.perf_counter()
        #: Whether the process now runs at the lowest priority (see ``_watch``).
        self.yielded = False
        self.done = threading.Event()
        order = pickle.dumps((master, threads, seed, seconds), pickle.HIGHEST_PROTOCOL)
        self.reader = threading.Thread(target=self._talk, args=(order,), daemon=True)
        self.reader.start()
        if stall is not None:
            threading.Thread(target=self._watch, args=(stall,), daemon=True).start()

    def _talk(self, order: bytes) -> None:
        """Send the master, then read the bounds until the child's output ends."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            with stdin:
                stdin.write(order)
            for line in stdout:
                if line.startswith(_PREFIX):
                    self.found = max(self.found, int(line[len(_PREFIX) :]))
                    self.improved = time.perf_counter()
                    _log.debug("HiGHS bound %d after %.1f s", self.found, self.age())
        except (OSError, ValueError):
            pass  # the child ended (or was stopped) mid-message: what was read stands
        finally:
            self.done.set()

    def _watch(self, stall: float) -> None:
        """Once HiGHS has found a bound and no better one for ``stall`` seconds, give the
        process the lowest priority. It is then in the root's analytic-centre IPM, which
        adds nothing to the bound (10x seed 1: the last of six bounds 16 s after the first,
        then 66 s without one) but takes a core: on a quiet machine a free one, so nothing
        changes; beside a busy process CP-SAT's worker gets that core back."""
        while not self.done.wait(min(stall, WATCH_PERIOD)):
            if self.yielded:
                lower_priority(self.process.pid)  # a thread HiGHS has started since
            elif self.found and time.perf_counter() - self.improved >= stall:
                self.yielded = lower_priority(self.process.pid)
                _log.debug("HiGHS bound process yields after %.1f s", self.age())
                if not self.yielded:
                    return

    def age(self) -> float:
        """Seconds since the process was started."""
        return time.perf_counter() - self.started

    def wait(self, until: float) -> int:
        """The best bound by ``until`` (or when HiGHS is done, or on Ctrl-C); the job goes on."""
        while not STOP.requested and not self.done.is_set():
            left = until - time.perf_counter()
            if left <= 0:
                break
            self.done.wait(min(left, 0.2))
        return self.found

    def stop(self) -> int:
        """The best bound reported; the process is ended."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.reader.join()
        if self.process.stdout is not None:
            self.process.stdout.close()
        _log.debug("HiGHS bound %d from its process (exit %s)", self.found, self.process.returncode)
        return self.found


def lower_priority(pid: int) -> bool:
    """Give process ``pid`` the lowest CPU priority (nice 19), every one of its threads; False
    where the system cannot (Windows has no ``setpriority``) or the process has ended.

    Linux's nice belongs to a thread, not a process: ``setpriority(PRIO_PROCESS, pid)`` lowers
    the main thread only, and HiGHS works in a thread of its own pool. Lowering the main
    thread alone left HiGHS's worker at nice 0 beside a busy process (10x seed 3: CP-SAT's
    worker had two thirds of a core after the yield, not a whole one).
    """
    try:
        threads = sorted(int(task.name) for task in Path(f"/proc/{pid}/task").iterdir())
    except (OSError, ValueError):
        threads = [pid]  # no /proc (macOS, where the priority is the whole process's)
    lowered = False
    for tid in threads:
        try:
            os.setpriority(os.PRIO_PROCESS, tid, YIELD_NICE)
        except (AttributeError, OSError):
            continue  # no setpriority, or the thread has just ended
        lowered = True
    return lowered


def start_bound(
    master: MasterInput, threads: int, seed: int, until: float, stall: float | None = None
) -> BoundJob | None:
    """HiGHS's ``master`` with ``threads`` threads, limited to end at ``until``, in a child
    process (None: it could not be started) that yields its core after ``stall`` seconds
    without a better bound (None: never)."""
    seconds = max(until - time.perf_counter(), 1.0)
    try:
        return BoundJob(master, threads, seed, seconds, stall)
    except OSError as error:
        _log.debug("HiGHS bound process not started: %s", error)
        return None


def report_bounds() -> None:
    """The child's side: read the master from stdin, solve it and write each better integral
    dual bound to stdout as it is found."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent ends it
    master, threads, seed, seconds = pickle.load(sys.stdin.buffer)
    best = 0

    def tell(bound: int) -> None:
        nonlocal best
        if bound > best:
            best = bound
            sys.stdout.buffer.write(_PREFIX + b"%d\n" % bound)
            sys.stdout.buffer.flush()

    mip = mip_master.MasterMip(master)
    mip.report(lambda *event: tell(mip_master.integral(event[2].mip_dual_bound)))
    tell(mip.solve(seconds, threads, seed, math.inf).bound)


def bound_for_steps(
    master: MasterInput, settings: EngineSettings, deadline: float, until: float
) -> tuple[BoundJob | None, int]:
    """HiGHS's root bound for the class search's neighbourhood steps, which end at ``until``:
    beside them on a free core, else before them on ``BOUND_SHARE`` of the time left. The job
    still running (its bound is read when it is stopped), and the bound found before the steps
    (0: none)."""
    share = time.perf_counter() + BOUND_SHARE * (deadline - time.perf_counter())
    beside = fits_beside(settings)
    threads, end = (1, until) if beside else (settings.workers, share)
    # Beside the steps it yields its core once stalled; before them the steps wait for it.
    job = start_bound(master, threads, settings.seed, end, STALL_SECONDS if beside else None)
    if job is None:
        # No process of its own: HiGHS in this one, before the steps, waited for up to a
        # margin before the deadline (it can overrun its limit by a cut round).
        latest = deadline - STEPS_MARGIN
        return None, highs_bound(master, settings, share, latest)
    if beside:
        return job, 0
    job.wait(share)
    return None, job.stop()


#: The child's program and the prefix of its bound lines (HiGHS may print to stdout too).
_CHILD = "from kompetanse_opt.solver.cohorts.mip_bound import report_bounds; report_bounds()"
_PREFIX = b"kompetanse-opt bound "


__all__ = [
    "BOUND_SHARE",
    "BoundJob",
    "bound_for_steps",
    "fits_beside",
    "highs_bound",
    "lower_priority",
    "report_bounds",
    "start_bound",
    "worth",
]
