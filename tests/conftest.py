"""Fixtures shared by every test folder.

The folders mirror the package: ``model/``, ``check/``, ``objective/``, ``solver/`` (with
``cohorts/``, ``groups/``, ``calendar/``), ``analysis/``, ``io/`` and ``cli/`` (in-process, through
the ``cli`` fixture below), plus ``e2e/`` for the few tests that run the real entry points in a
child process (marker ``e2e``). Shared builders are plain modules here, importable from every
folder (``pythonpath = ["tests"]``): ``builders``, ``calendar_builders``, ``region_builders``,
``io_helpers``, ``scenario_files``, ``strategies`` (hypothesis) and ``cli_helpers``. Test file
names are unique across folders (no ``__init__.py``). Tests over ~2 s are marked ``slow`` and run
in CI (``-m "slow or not slow"``) only when a faster test covers the same behaviour by default.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli_helpers import Cli
from kompetanse_opt.cli import main
from kompetanse_opt.core.i18n import set_language


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> object:
    """Every test starts in English whatever the machine's locale (a Norwegian LANG would switch
    the commands to Norwegian); a test that sets a language leaves it behind for no other."""
    monkeypatch.setenv("LANGUAGE", "en")
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The ``kompetanse-opt`` command run in-process with click's runner, inside ``tmp_path``.

    ``result.stdout`` and ``result.stderr`` are kept apart, ``result.exit_code`` is the exit code
    and ``result.exception`` is any exception the command did not turn into an exit code.
    """
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args))

    return invoke
