"""One CPU-bound process beside a measurement: the usual state of a shared office PC.

    from busy import beside_busy_process
    with beside_busy_process(enabled=args.busy):
        ...  # measure

The busy process spins in pure Python on one core until the block ends (it is killed then),
so on a 2-core machine the measured run has the other core. Every benchmark script that offers
``--busy`` uses this one, so "beside one busy process" means the same everywhere.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager


def _spin() -> None:  # pragma: no cover - runs in the child process
    value = 0
    while True:
        value = (value * 1_103_515_245 + 12_345) % 2_147_483_648


@contextmanager
def beside_busy_process(enabled: bool = True) -> Iterator[int | None]:
    """Run the block beside one spinning process (its pid), or alone (None) when not enabled."""
    if not enabled:
        yield None
        return
    process = multiprocessing.get_context("spawn").Process(target=_spin, daemon=True)
    process.start()
    try:
        yield process.pid
    finally:
        process.kill()
        process.join()


def load_average() -> str:
    """The 1-minute load average, to quote beside a timing."""
    return f"{os.getloadavg()[0]:.1f}"
