"""Reading structured files and writing outputs atomically.

Outputs are written to a temporary file in the target folder and moved into place, so a crash or
an error never leaves a half-written plan behind, and an existing file is replaced in one step.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.i18n import N_, Message, msg
from kompetanse_opt.core.safe_read import read_structured
from kompetanse_opt.core.validation_messages import (
    format_location,
    problems_from_validation_error,
)

__all__ = [
    "OutputError",
    "format_location",
    "problems_from_validation_error",
    "protected_inputs",
    "read_structured",
    "refuse_inputs",
    "write_atomic",
    "write_files_atomic",
    "write_text_atomic",
]


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: mkstemp creates owner-only files; outputs are meant to be shared, so they get the usual mode.
_FILE_MODE = 0o666 & ~_current_umask()


class OutputError(InputError):
    """An output cannot be written (a read-only folder, a full disk, a parent that is a file, or
    one of the command's own inputs); nothing was written."""


_PROTECTED: ContextVar[tuple[Path, ...]] = ContextVar("protected_inputs", default=())


@contextmanager
def protected_inputs(paths: Iterable[Path]) -> Iterator[None]:
    """Within the block, no write may replace one of these files (a command's inputs)."""
    token = _PROTECTED.set(tuple(p for p in paths if p.is_file()))
    try:
        yield
    finally:
        _PROTECTED.reset(token)


def refuse_inputs(path: Path, inputs: Iterable[Path] | None = None) -> None:
    """Raise :class:`OutputError` if writing ``path`` would replace one of ``inputs`` (default:
    the protected inputs of :func:`protected_inputs`)."""
    for given in _PROTECTED.get() if inputs is None else inputs:
        try:
            same = path.exists() and given.exists() and path.samefile(given)
        except OSError:
            same = False
        if same:
            message = msg(
                "is one of this command's inputs ({given}): write to another file", given=given
            )
            raise OutputError([Problem("", message)], str(path))


def _why(exc: OSError) -> str:
    """A one-line reason an output could not be written."""
    reasons = {
        errno.ENOSPC: N_("no space left on the device"),
        errno.EDQUOT: N_("disk quota exceeded"),
        errno.EROFS: N_("the folder is on a read-only file system"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.ENOTDIR: N_("a parent of it is a file, not a folder"),
        errno.EEXIST: N_("a parent of it is a file, not a folder"),
        errno.EISDIR: N_("it is a folder"),
        errno.ENAMETOOLONG: N_("the name is too long"),
    }
    known = reasons.get(exc.errno or 0)
    reason = Message(known) if known else exc.strerror or type(exc).__name__
    return msg("cannot write: {reason}", reason=reason)


def _stage(path: Path, writer: Callable[[Path], None]) -> Path:
    """Write ``path``'s content to a temporary file next to it; return that file."""
    refuse_inputs(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "is a folder")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError([Problem("", _why(exc))], str(path)) from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer(tmp)
        tmp.chmod(_FILE_MODE)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError([Problem("", _why(exc))], str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer`` on a temporary path next to ``path`` and move the result into place.

    A failure (full disk, read-only folder, a parent that is a file) is an
    :class:`OutputError` naming the file, and leaves no partial file behind.
    """
    tmp = _stage(path, writer)
    try:
        tmp.replace(path)
    except OSError as exc:
        raise OutputError([Problem("", _why(exc))], str(path)) from None
    finally:
        tmp.unlink(missing_ok=True)


def write_files_atomic(folder: Path, writers: Mapping[str, Callable[[Path], None]]) -> list[Path]:
    """Write several files into ``folder``, all or none: every file is written to a temporary
    file first, and only when all succeeded are they moved into place."""
    paths = [folder / name for name in writers]
    for path in paths:
        refuse_inputs(path)
    staged: list[Path] = []
    try:
        for path, writer in zip(paths, writers.values(), strict=True):
            staged.append(_stage(path, writer))
        for tmp, path in zip(staged, paths, strict=True):
            tmp.replace(path)
    except OSError as exc:
        raise OutputError([Problem("", _why(exc))], str(folder)) from None
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
    return paths


def write_text_atomic(path: Path, text: str) -> None:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(path, write)
