"""Fixtures shared by every test folder (builders live in ``builders.py`` and its siblings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cli_helpers import Cli
from kompetanse_opt.cli import main


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
