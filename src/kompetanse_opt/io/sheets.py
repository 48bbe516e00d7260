"""Reading a registration sheet file (.xlsx or .csv) into its non-empty rows of cell values.

What the rows mean is checked in :mod:`kompetanse_opt.io.registrations`, which re-exports the
public names here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.io.workbook import FORMULA_PREFIXES, require_openpyxl

#: Sheet names taken for the participant sheet when none is asked for (else the first sheet).
_SHEET_NAMES = ("deltakere", "participants", "påmeldinger", "registrations", "påmelding")


def clean(value: object) -> str:
    """A cell as text: numbers without ``.0``, spaces trimmed, a CSV-safety apostrophe removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        text = text[1:]
    return text


@dataclass(frozen=True)
class Sheet:
    """A sheet's non-empty rows as ``(row number, cell values)``; ``name`` is shown in locations."""

    name: str
    rows: list[tuple[int, tuple[object, ...]]]


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    """Read an .xlsx workbook's participant sheet or a .csv file (``,``/``;``/tab separated)."""
    if not path.is_file():
        raise InstanceError([Problem("", "file not found")], str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    raise InstanceError(
        [Problem("", f"cannot read '{suffix}' files: save the sheet as .xlsx or .csv")], str(path)
    )


def _keep(rows: Iterable[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
    return [(n, r) for n, r in rows if any(clean(v) for v in r)]


def _read_csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # what Excel's plain "CSV" save uses in Norway
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    rows = csv.reader(lines, delimiter=delimiter)
    # Excel opens a CSV file as a sheet named after the file: use that name in locations.
    return Sheet(path.stem, _keep((n, tuple(r)) for n, r in enumerate(rows, start=1)))


def _read_xlsx(path: Path, wanted: str | None) -> Sheet:
    require_openpyxl()
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise InstanceError(
            [Problem("", f"not a readable .xlsx workbook ({exc})")], str(path)
        ) from None
    try:
        names = workbook.sheetnames
        if wanted is not None and wanted not in names:
            known = ", ".join(names)
            raise InstanceError([Problem("", f"no sheet '{wanted}' (sheets: {known})")], str(path))
        name = wanted or next((n for n in names if n.casefold() in _SHEET_NAMES), names[0])
        rows = workbook[name].iter_rows(values_only=True)
        return Sheet(name, _keep((n, tuple(r)) for n, r in enumerate(rows, start=1)))
    finally:
        workbook.close()
