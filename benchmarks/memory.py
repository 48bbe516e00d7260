"""Peak memory of a benchmark run, its child processes included."""

from __future__ import annotations

import resource


def peak_mb() -> float:
    """This process's peak resident memory plus the largest of its ended children's (HiGHS's
    bound process at 10x, ``solver/cohorts/mip_bound.py``), in MB: an upper bound on the run's
    peak when the two ran side by side."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024
