"""Reading structured files and writing outputs atomically.

Outputs are written to a temporary file in the target folder and moved into place, so a crash or
an error never leaves a half-written plan behind, and an existing file is replaced in one step.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kompetanse_opt.core.errors import InputError, Problem


def read_structured(path: Path, error: type[InputError] = InputError) -> Any:
    """Parse a JSON or YAML file by suffix (others are read as YAML, a superset of JSON)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error([Problem("", "file not found")], str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error([Problem("", f"cannot read file: {exc}")], str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise error(
            [Problem(f"line {exc.lineno}, column {exc.colno}", f"malformed JSON: {exc.msg}")],
            str(path),
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise error([Problem(where, f"malformed YAML: {reason}")], str(path)) from None


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
        if err["type"] == "extra_forbidden":
            message = "unknown field"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif "input" in err and err["type"] not in ("model_type", "dict_type"):
            message = f"{message} (got {err['input']!r})"
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
