"""Shared pieces of the command line: consoles, bad-input handling, loading the instance."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape

from kompetanse_opt.core.errors import InputError
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.vestland import vestland_instance

F = TypeVar("F", bound=Callable[..., Any])

# Piped output is read in logs and CI, where rich's 80-column default would wrap the tables.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 140)

#: ``--threads`` of the commands that plan (``plan``, ``replan``).
threads_option = click.option(
    "--threads",
    type=click.IntRange(min=1, max=64),
    help="Cohorts whose groups are solved side by side (default: one per core; same plan).",
)


def reports_input_errors(command: F) -> F:
    """Turn bad input into one line per problem and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for line in str(exc).splitlines():
                # Escaped: messages quote user data and names like 'kompetanse-opt[excel]'.
                err.print(f"[red]error:[/red] {escape(line)}", markup=True, soft_wrap=True)
            context = click.get_current_context(silent=True)
            if context is not None and context.params.get("as_json"):
                # Tools reading stdout get one document on bad input too.
                from kompetanse_opt.cli.json_output import ErrorDocument, emit

                emit(ErrorDocument(problems=str(exc).splitlines()))
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def load_or_embedded(instance_path: Path | None) -> Instance:
    return vestland_instance() if instance_path is None else load_instance(instance_path)


def process_age() -> float:
    """Seconds since this process started (Linux; 0 where that cannot be read), so that a time
    limit for "the whole run" includes starting Python and importing the library."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0
    # Field 22 of stat (the 20th after the command's closing parenthesis): start, in ticks.
    return max(uptime - int(fields[19]) / ticks, 0.0)
