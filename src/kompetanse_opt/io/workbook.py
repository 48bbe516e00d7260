"""Tables as an Excel workbook (one sheet per table) and as CSV files (one per table).

Text from registrations ends up in cells, so a participant "named" ``=HYPERLINK(...)`` must not
become a formula. In the workbook such text is stored as a string cell with Excel's quote-prefix
style (what a typed leading apostrophe does), so it reads back unchanged and stays text even when
someone edits the cell. CSV has no cell types, so there a leading apostrophe is added (the usual
defence); :mod:`kompetanse_opt.io.registrations` removes it again on import.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.files import write_atomic, write_files_atomic
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import FORMULA_PREFIXES, cell_text, is_formula_like, strip_controls
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.tables import Column, Table

__all__ = [
    "CSV_STYLES",
    "FORMULA_PREFIXES",
    "CsvStyle",
    "ExcelUnavailableError",
    "csv_safe",
    "is_formula_like",
    "require_openpyxl",
    "set_cell",
    "sheet_title",
    "write_csv_tables",
    "write_workbook",
]

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell as XlCell
    from openpyxl.cell.cell import MergedCell
    from openpyxl.worksheet.worksheet import Worksheet


_MAX_WIDTH = 60
_HEADER_FILL = "DCE6F1"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


class ExcelUnavailableError(InputError):
    """openpyxl is not installed (it is the optional ``excel`` extra)."""


def require_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - the dev extra installs it
        raise ExcelUnavailableError(
            [Problem("", msg("Excel files need openpyxl: pip install 'kompetanse-opt[excel]'"))]
        ) from None


def csv_safe(value: Cell, decimal: str = ".") -> str:
    """A cell as CSV text: dates ISO, formula-like text behind an apostrophe, a float's decimal
    mark ``decimal`` (a comma for Norwegian Excel); no thousands separators."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(value).replace(".", decimal)
    return cell_text(str(value))


@dataclass(frozen=True)
class CsvStyle:
    """How a language's spreadsheet splits a CSV file: Norwegian Excel reads ``;`` and a
    decimal comma (its list separator is ``;`` because ``,`` is the decimal mark); English ``,``
    and a decimal point. Both files are UTF-8 with a BOM, so Excel reads æøå."""

    delimiter: str
    decimal: str


CSV_STYLES: dict[str, CsvStyle] = {"nb": CsvStyle(";", ","), "en": CsvStyle(",", ".")}


def set_cell(cell: XlCell | MergedCell, value: Cell) -> None:
    """Write ``value`` so that text is always text, never a formula."""
    from openpyxl.cell.cell import MergedCell

    if isinstance(cell, MergedCell):
        raise ValueError(f"cannot write into merged cell {cell.coordinate}")
    if isinstance(value, str):
        value = strip_controls(value)  # openpyxl refuses most control characters
    cell.value = value
    if isinstance(value, str):
        # Assigning a str starting with "=" makes openpyxl store a formula; force a string.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


def sheet_title(title: str, taken: set[str]) -> str:
    """A legal, unique sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    base = _BAD_SHEET_CHARS.sub(" ", title).strip()[:31] or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def _number_format(column: Column) -> str | None:
    return {"int": "#,##0", "float": "#,##0.0", "date": "yyyy-mm-dd"}.get(column.kind)


def _display_width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def add_table_sheet(workbook: Workbook, table: Table, title: str) -> Worksheet:
    """One sheet: bold header row, frozen below it, an autofilter, widths from the content."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet: Worksheet = workbook.create_sheet(title)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    for j, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=j)
        set_cell(cell, column.title)
        cell.font = header_font
        cell.fill = header_fill
    for i, row in enumerate(table.rows, start=2):
        for j, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(row=i, column=j)
            set_cell(cell, value)
            number_format = _number_format(column)
            if number_format and isinstance(value, int | float | date):
                cell.number_format = number_format
    for j, column in enumerate(table.columns, start=1):
        widest = max(
            [_display_width(column.title) + 3] + [_display_width(r[j - 1]) for r in table.rows]
        )
        sheet.column_dimensions[get_column_letter(j)].width = min(_MAX_WIDTH, max(8, widest + 2))
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    return sheet


def workbook_of(tables: Sequence[Table]) -> Workbook:
    require_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook()
    default = workbook.active
    taken: set[str] = set()
    for table in tables:
        add_table_sheet(workbook, table, sheet_title(table.title, taken))
    if default is not None and len(workbook.worksheets) > 1:
        workbook.remove(default)
    return workbook


def write_workbook(path: str | Path, tables: Sequence[Table]) -> None:
    """Write the tables as one workbook, atomically."""
    workbook = workbook_of(tables)
    write_atomic(Path(path), lambda tmp: workbook.save(tmp))


def write_csv_tables(
    folder: str | Path, tables: Sequence[Table], lang: str | None = None
) -> list[Path]:
    """One UTF-8 CSV per table (``<key>.csv``, with a BOM so Excel reads æøå), all or none.

    ``lang`` ``nb``: ``;`` between cells and a decimal comma, as Norwegian Excel expects;
    ``en`` or None: ``,`` and a decimal point.
    """
    style = CSV_STYLES.get(lang or "en", CSV_STYLES["en"])
    writers = {f"{table.key}.csv": _csv_writer(table, style) for table in tables}
    return write_files_atomic(Path(folder), writers)


def _csv_writer(table: Table, style: CsvStyle) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=style.delimiter)
            writer.writerow([csv_safe(c.title) for c in table.columns])
            writer.writerows([csv_safe(v, style.decimal) for v in row] for row in table.rows)

    return write
