"""Shared pieces of the command line: consoles, bad-input handling, loading the instance."""

from __future__ import annotations

import functools
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from kompetanse_opt.core.errors import InputError
from kompetanse_opt.core.files import protected_inputs, refuse_inputs
from kompetanse_opt.core.i18n import Lang, _, resolve_language, set_language
from kompetanse_opt.core.limits import MAX_SEED, MAX_TIME_LIMIT, spaced
from kompetanse_opt.core.paths import allow_outside_paths
from kompetanse_opt.core.text import shorten, strip_controls
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.vestland import vestland_instance

F = TypeVar("F", bound=Callable[..., Any])


class _TextConsole(Console):
    """A console that prints user text as text.

    Markup is off unless a call asks for it (``markup=True``, with user parts escaped by
    :func:`~kompetanse_opt.core.text.terminal_text`), so a name such as ``[red]x[/red]`` or
    ``Bergen [/bold]`` prints as written; control characters (an ANSI escape sequence, a terminal
    hyperlink) are removed from every string it renders, table cells included.
    """

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(strip_controls(text), **kwargs)


# Piped output is read in logs and CI, where rich's 80-column default would wrap the tables.
out = _TextConsole(
    highlight=False, markup=False, emoji=False, width=None if sys.stdout.isatty() else 140
)
err = _TextConsole(
    stderr=True,
    highlight=False,
    markup=False,
    emoji=False,
    width=None if sys.stderr.isatty() else 140,
)

#: ``--threads`` of the commands that plan (``plan``, ``replan``).
threads_option = click.option(
    "--threads",
    type=click.IntRange(min=1, max=64),
    help="Cohorts whose groups are solved side by side (default: one per core; same plan).",
)


def lang_option(
    default: Lang = "en", expose: bool = False, what: str = "Language of the terminal output"
) -> Callable[[F], F]:
    """``--lang nb|en``: chooses the language of the command's words (terminal and files).

    Without it, a Norwegian locale (LANG, LC_ALL, ... starting with nb/nn/no) chooses ``nb``;
    otherwise the terminal is English and the files the command writes are in ``default`` (the
    value passed on when ``expose``). The choice is made as the command starts, before it prints.
    """

    def choose(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Lang:
        # The terminal stays English unless asked (as before); files keep their own default.
        set_language(resolve_language(value, "en"))
        return resolve_language(value, default)

    return click.option(
        "--lang",
        type=click.Choice(["nb", "en"]),
        default=None,
        callback=choose,
        expose_value=expose,
        is_eager=True,
        help=f"{what}: Norwegian bokmål or English (default: "
        + ("files nb, messages en" if default == "nb" else default)
        + "; nb in a Norwegian locale).",
    )


#: Options that name a file a command reads; its arguments are all files it reads, and every
#: other path option (``--out``, ``--xlsx``, ``--csv``, ...) names what it writes.
INPUT_OPTIONS = frozenset(
    {"instance_path", "base_path", "plan_path", "instance_option", "added_paths"}
)


class _FiniteSeconds(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2
    """A time limit: a finite number of seconds above 0 (NaN and infinity refused)."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            text = _("{value} is not a number of seconds")
            self.fail(text.format(value=shorten(str(value))), param, ctx)
        if not math.isfinite(seconds) or seconds <= 0 or seconds > MAX_TIME_LIMIT:
            limit = spaced(MAX_TIME_LIMIT)
            text = _("must be a number of seconds above 0 and at most {limit}")
            self.fail(text.format(limit=limit), param, ctx)

        return seconds


#: ``--time-limit`` of every command that solves.
TIME_LIMIT = _FiniteSeconds()
#: ``--seed`` of every command that solves: CP-SAT's seed is a 32-bit number.
SEED = click.IntRange(min=0, max=MAX_SEED)

#: ``--allow-outside-paths`` of the command group: lets files inside an instance lie anywhere.
allow_outside_paths_option = click.option(
    "--allow-outside-paths",
    is_flag=True,
    expose_value=False,
    callback=lambda _ctx, _param, value: allow_outside_paths(bool(value)),
    help="Let an instance name files outside its own folder (absolute paths, '..', links).",
)


def _paths(kwargs: dict[str, Any], outputs: bool) -> list[Path]:
    context = click.get_current_context(silent=True)
    arguments = {
        p.name for p in (context.command.params if context else ()) if isinstance(p, click.Argument)
    }

    def is_input(name: str) -> bool:
        return name in arguments or name in INPUT_OPTIONS

    found: list[Path] = []
    for name, value in kwargs.items():
        # An argument may take several paths (``check [INSTANCE] PLAN``, ``replan``).
        values = value if isinstance(value, tuple | list) else (value,)
        if is_input(name) != outputs:
            found += [v for v in values if isinstance(v, Path)]
    return found


def reports_input_errors(command: F) -> F:
    """Turn bad input into one line per problem and exit code 2, never a traceback.

    Also keeps a command from overwriting its own input: an output file that is one of its input
    files (its arguments and :data:`INPUT_OPTIONS`) is refused before anything runs, and
    while it runs no write may replace an input (files written into an output folder included).
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            inputs = _paths(kwargs, outputs=False)
            for output in _paths(kwargs, outputs=True):
                refuse_inputs(output, inputs)
            with protected_inputs(inputs):
                return command(*args, **kwargs)
        except InputError as exc:
            label = escape(_("error:"))
            for line in str(exc).splitlines():
                # Escaped: messages quote user data and names like 'kompetanse-opt[excel]'.
                err.print(f"[red]{label}[/red] {escape(line)}", markup=True, soft_wrap=True)
            context = click.get_current_context(silent=True)
            if context is not None and context.params.get("as_json"):
                # Tools reading stdout get one document on bad input too.
                from kompetanse_opt.cli.json_documents import ErrorDocument
                from kompetanse_opt.cli.json_output import emit

                # Like every JSON document, in English whatever --lang says.
                emit(ErrorDocument(problems=[x for p in exc.lines("en") for x in p.splitlines()]))
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def load_or_embedded(instance_path: Path | None) -> Instance:
    return vestland_instance() if instance_path is None else load_instance(instance_path)


def process_age() -> float:
    """Seconds this process spent starting before the command ran (Linux; 0 where that cannot be
    read), so that a time limit for "the whole run" includes starting Python and importing the
    library. 0 when the process is not this command (the CLI called in-process, as tests and
    other tools do): its age says nothing about this run."""
    command = Path(sys.argv[0]) if sys.argv else Path()
    is_main = command.name == "__main__.py" and command.parent.name == "kompetanse_opt"
    if not (command.name == "kompetanse-opt" or is_main):
        return 0.0
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0
    # Field 22 of stat (the 20th after the command's closing parenthesis): start, in ticks.
    return max(uptime - int(fields[19]) / ticks, 0.0)
