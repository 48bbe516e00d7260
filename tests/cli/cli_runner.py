"""Running ``kompetanse-opt`` in-process for the tests under ``tests/cli``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from kompetanse_opt.cli.main import main


def cli(*args: str | Path) -> Result:
    """Run the command line with ``args`` (stdout and stderr apart) in the current folder."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]
