"""Paths inside an instance stay where the user put them.

A file named inside an instance (``travel.matrix_file``, ``travel.graph_file``,
``calendar.school_holidays_file``, a scenario file's ``base``) is read relative to the folder of
the file that names it and may not leave that folder: no absolute path, no ``..`` out of it, no
symbolic link out of it. ``kompetanse-opt --allow-outside-paths`` (or
:func:`outside_paths_allowed` in code) lifts the rule for files one trusts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.i18n import N_, Message, msg
from kompetanse_opt.core.text import shorten

_ALLOWED: ContextVar[bool] = ContextVar("allow_outside_paths", default=False)

_HINT = N_("(name a file in or below that folder, or pass --allow-outside-paths)")


def allow_outside_paths(allowed: bool) -> None:
    """Set whether paths inside files may point anywhere (the CLI's ``--allow-outside-paths``)."""
    _ALLOWED.set(allowed)


def outside_allowed() -> bool:
    """Whether paths inside files may point anywhere just now."""
    return _ALLOWED.get()


@contextmanager
def outside_paths_allowed(allowed: bool = True) -> Iterator[None]:
    """Within the block, paths inside files may (or may not) point anywhere."""
    token = _ALLOWED.set(allowed)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def _hint() -> str:
    return Message(_HINT)


def resolve_inside(
    name: str,
    base_dir: Path | None,
    setting: str,
    error: type[InputError] = InputError,
    source: str | None = None,
) -> Path:
    """The file ``name`` (a setting's value) relative to ``base_dir``, refused if it leaves it.

    ``base_dir`` is None for an instance built in code: its paths are taken as given.
    """
    if "\x00" in name:
        raise error([Problem(setting, msg("the path contains a NUL character"))], source)
    path = Path(name)
    if base_dir is None:
        return path
    target = path if path.is_absolute() else base_dir / path
    if _ALLOWED.get():
        return target
    if path.is_absolute():
        message = msg(
            "absolute path {path} is not allowed here {hint}", path=shorten(name), hint=_hint()
        )
        raise error([Problem(setting, message)], source)
    try:
        inside = target.resolve().is_relative_to(base_dir.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop
        inside = False
    if not inside:
        message = msg(
            "{path} leaves the folder of the file that names it {hint}",
            path=shorten(name),
            hint=_hint(),
        )
        raise error([Problem(setting, message)], source)
    return target
