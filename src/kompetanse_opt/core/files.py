"""Reading structured files and writing outputs atomically.

Outputs are written to a temporary file in the target folder and moved into place, so a crash or
an error never leaves a half-written plan behind, and an existing file is replaced in one step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.limits import spaced
from kompetanse_opt.core.safe_read import read_structured
from kompetanse_opt.core.text import shorten

__all__ = [
    "format_location",
    "problems_from_validation_error",
    "read_structured",
    "write_atomic",
    "write_text_atomic",
]

#: Pydantic's upper-bound errors, said as the limit: ``cohorts.capacity: at most 100 000``.
_BOUNDS = {
    "less_than_equal": ("le", "at most {}"),
    "less_than": ("lt", "less than {}"),
    "too_long": ("max_length", "at most {} items"),
    "string_too_long": ("max_length", "at most {} characters"),
}


def format_location(loc: tuple[int | str, ...]) -> str:
    """Pydantic's ``('participants', 17, 'municipality')`` as ``participants[17].municipality``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def problems_from_validation_error(exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors(include_url=False):
        # Pydantic's union-branch and validator markers mean nothing to users: drop them.
        loc = tuple(
            p
            for p in err["loc"]
            if not (isinstance(p, str) and p.startswith(("function-", "literal[")))
        )
        message = err["msg"]
        bound = _BOUNDS.get(err["type"])
        limit = (err.get("ctx") or {}).get(bound[0]) if bound else None
        if bound is not None and isinstance(limit, int | float):
            message = bound[1].format(spaced(limit))
            if isinstance(err.get("input"), int | float):
                message += f" (got {shorten(err['input'])})"
        elif err["type"] == "extra_forbidden":
            message = "unknown field"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and err["type"] not in ("model_type", "dict_type"):
            message = f"{message} (got {shorten(err['input'])})"
        problems.append(Problem(format_location(loc), message))
    return problems


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: mkstemp creates owner-only files; outputs are meant to be shared, so they get the usual mode.
_FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer`` on a temporary path next to ``path`` and move the result into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        tmp.chmod(_FILE_MODE)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, write)
