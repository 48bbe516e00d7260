"""One CPU-bound process beside a measurement: the usual state of a shared office PC.

    from busy import beside_busy_process
    with beside_busy_process(args.busy):
        ...  # measure

The busy process spins in pure Python on one core until the block ends (it is killed then),
so on a 2-core machine the measured run has the other core. Every benchmark script that offers
``--busy`` uses this one, so "beside one busy process" means the same everywhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

#: What the busy process runs.
SPIN = "while True: pass"
#: Seconds the busy process gets to take its core before the measurement starts.
SETTLE = 0.3


@contextmanager
def beside_busy_process(enabled: bool = True) -> Iterator[int | None]:
    """Run the block beside one spinning process (its pid), or alone (None) when not enabled."""
    if not enabled:
        yield None
        return
    process = subprocess.Popen([sys.executable, "-c", SPIN])
    time.sleep(SETTLE)
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def load_average() -> float:
    """The 1-minute load average, to quote beside a timing."""
    return os.getloadavg()[0]
