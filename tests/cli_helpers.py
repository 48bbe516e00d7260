"""Helpers for the in-process command-line tests (the ``cli`` fixture is in ``conftest.py``)."""

from __future__ import annotations

from collections.abc import Callable

from click.testing import Result

#: The ``cli`` fixture's type: runs ``kompetanse-opt`` in-process (``cli("check", "i", "p")``).
Cli = Callable[..., Result]


def no_traceback(result: Result) -> bool:
    """True when the command ended by an exit code, not by an uncaught exception."""
    return result.exception is None or isinstance(result.exception, SystemExit)
