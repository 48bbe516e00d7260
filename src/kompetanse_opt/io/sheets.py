"""Reading a registration sheet's cells from an .xlsx workbook or a .csv file, safely.

A workbook is a zip of XML: its size, unpacked size and packing ratio are checked before openpyxl
opens it (see :func:`kompetanse_opt.core.safe_read.check_zip`), and its XML is parsed with
``defusedxml`` (openpyxl uses it when installed; the ``excel`` extra installs it), so entity
bombs and external entities are refused. A CSV file is read through the safe reader: bounded in
size, with NUL and other control characters refused with their row. Every problem names its
place (``Deltakere!C7``, ``regs!4:4``) and none quotes the content of a file that could not be
read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.limits import MAX_PARTICIPANTS, spaced
from kompetanse_opt.core.safe_read import check_zip, read_bytes
from kompetanse_opt.core.text import shorten, unquote_cell
from kompetanse_opt.io.workbook import require_openpyxl

_SHEET_NAMES = ("deltakere", "participants", "påmeldinger", "registrations", "påmelding")
#: Rows read from a sheet: the participants plus a header and some blank or comment rows.
MAX_ROWS = MAX_PARTICIPANTS + 1_000
_CONTROL = {chr(c) for c in range(32) if chr(c) not in "\t\r\n"} | {"\x7f"}


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA (without openpyxl, which CSV import does not need)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Sheet:
    """A sheet's non-empty rows as ``(row number, cell values)``; ``name`` is shown in locations."""

    name: str
    rows: list[tuple[int, tuple[object, ...]]]


def clean(value: object) -> str:
    """A cell as text: numbers without ``.0``, spaces trimmed, a CSV-safety apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unquote_cell(str(value).strip())


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Read an .xlsx workbook's participant sheet or a .csv file (``,``/``;``/tab separated)."""
    if not path.is_file():
        raise InstanceError([Problem("", msg("file not found"))], str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    raise InstanceError(
        [
            Problem(
                "",
                msg(
                    "cannot read {suffix} files: save the sheet as .xlsx or .csv",
                    suffix=shorten(suffix),
                ),
            )
        ],
        str(path),
    )


def _keep(
    rows: Iterable[tuple[int, tuple[object, ...]]], name: str, source: str
) -> list[tuple[int, tuple[object, ...]]]:
    """The rows with any content; control characters in a cell and too many rows refused."""
    kept: list[tuple[int, tuple[object, ...]]] = []
    problems: list[Problem] = []
    for n, row in rows:
        if n > MAX_ROWS:
            raise InstanceError(
                [
                    Problem(
                        f"{name}!{n}:{n}",
                        msg("more than {limit} rows", limit=spaced(MAX_ROWS)),
                    )
                ],
                source,
            )
        for j, value in enumerate(row):
            if isinstance(value, str) and not _CONTROL.isdisjoint(value):
                where = f"{name}!{column_letter(j + 1)}{n}"
                problems.append(Problem(where, msg("control character (such as NUL) in the cell")))
        if any(clean(v) for v in row):
            kept.append((n, row))
        if len(problems) >= 20:
            break
    if problems:
        raise InstanceError(problems, source)
    return kept


def _read_csv(path: Path) -> Sheet:
    raw = read_bytes(path, InstanceError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's plain "CSV" save in Norway
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    # Excel opens a CSV file as a sheet named after the file: use that name in locations.
    name = path.stem[:31] or "csv"
    try:
        rows = csv.reader(lines, delimiter=delimiter)
        return Sheet(
            name, _keep(((n, tuple(r)) for n, r in enumerate(rows, start=1)), name, str(path))
        )
    except csv.Error as exc:
        where = f"{name}!{getattr(rows, 'line_num', 0)}:{getattr(rows, 'line_num', 0)}"
        raise InstanceError(
            [Problem(where, msg("malformed CSV: {reason}", reason=shorten(str(exc))[1:-1]))],
            str(path),
        ) from None


def _read_xlsx(path: Path, wanted: str | None) -> Sheet:
    require_openpyxl()
    check_zip(path, InstanceError)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises anything from KeyError to XML parse errors
        reason = _unreadable(exc)
        raise InstanceError(
            [Problem("", msg("not a readable .xlsx workbook ({reason})", reason=reason))], str(path)
        ) from None
    try:
        names = workbook.sheetnames
        if wanted is not None and wanted not in names:
            known = ", ".join(shorten(n) for n in names[:20])
            raise InstanceError(
                [
                    Problem(
                        "",
                        msg(
                            "no sheet {wanted} (sheets: {known})",
                            wanted=shorten(wanted),
                            known=known,
                        ),
                    )
                ],
                str(path),
            )
        name = wanted or next((n for n in names if n.casefold() in _SHEET_NAMES), names[0])
        rows = workbook[name].iter_rows(values_only=True)
        return Sheet(
            name, _keep(((n, tuple(r)) for n, r in enumerate(rows, start=1)), name, str(path))
        )
    except InstanceError:
        raise
    except Exception as exc:  # a malformed sheet part: named, never quoted
        reason = _unreadable(exc)
        raise InstanceError(
            [Problem("", msg("not a readable .xlsx workbook ({reason})", reason=reason))], str(path)
        ) from None
    finally:
        workbook.close()


def _unreadable(exc: Exception) -> str:
    """Why a workbook could not be read, without quoting its content."""
    cause = exc.__cause__ or exc.__context__
    kind = type(cause if cause is not None else exc).__name__
    if "Forbidden" in kind or "Entit" in kind or "DTD" in kind:
        return "it declares XML entities or a DTD, which are refused"
    if kind in ("BadZipFile", "InvalidFileException"):
        return "not a zip workbook"
    return f"{kind} while reading its XML"
