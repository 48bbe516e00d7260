"""Ctrl-C and SIGTERM during a solve: stop within a second, keep the best complete plan.

The solve runs in a worker thread while the main thread waits in short steps, so that Python's
signal handlers run at once (a handler only runs in the main thread, between bytecodes, never
while it is inside a CP-SAT search). The first SIGINT or SIGTERM asks every search to stop
(:data:`kompetanse_opt.solver.interrupt.STOP`); the stages then end with what they have, and the
command writes a complete plan only if the checker passes it, then exits 130 (SIGINT) or 143
(SIGTERM). A second signal stops at once; files are written atomically, so nothing half-written
is left either way.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

from kompetanse_opt.model.plan import Result
from kompetanse_opt.solver.interrupt import STOP

T = TypeVar("T")
#: Exit codes of a run stopped by a signal: 128 + the signal's number, as shells report it.
EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _exit_at_once(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(EXIT_CODES.get(signal.Signals(signum), 130))


def exit_quietly_on_signals() -> None:
    """Until a command installs its own: Ctrl-C or SIGTERM end the process at once, with the
    shell's exit code and no traceback (every file is written atomically, so none is left half
    written)."""
    if threading.current_thread() is threading.main_thread():
        for sig in EXIT_CODES:
            signal.signal(sig, _exit_at_once)


def run_interruptibly(work: Callable[[], T]) -> tuple[T, int | None]:
    """``work()``'s value and the signal that stopped it early (None if none did)."""
    STOP.clear()
    if threading.current_thread() is not threading.main_thread():
        return work(), None  # signals belong to the main thread's owner

    value: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            value.append(work())
        except BaseException as exc:  # handed to the main thread below
            error.append(exc)

    def handler(signum: int, _frame: FrameType | None) -> None:
        if STOP.requested:
            raise KeyboardInterrupt  # a second signal: stop now
        STOP.request(signum)

    previous = {sig: signal.signal(sig, handler) for sig in EXIT_CODES}
    try:
        worker = threading.Thread(target=target, name="kompetanse-opt solve", daemon=True)
        worker.start()
        while worker.is_alive():
            worker.join(0.05)
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
    if error:
        raise error[0]
    return value[0], STOP.signal_number


def mark_interrupted(result: Result, signum: int | None) -> Result:
    """The result with the interruption among its reasons (its status stays what the stopped
    searches could prove: a stopped search is never called optimal)."""
    if signum is None:
        return result
    name = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
    kept = "the best complete plan found so far" if result.plan else "no complete plan yet"
    return result.model_copy(update={"reasons": [*result.reasons, f"interrupted ({name}): {kept}"]})


def exit_if_interrupted(signum: int | None) -> None:
    """Exit 130 or 143 after a signal (once the command has written what it may)."""
    if signum is not None:
        sys.exit(EXIT_CODES.get(signal.Signals(signum), 130))
