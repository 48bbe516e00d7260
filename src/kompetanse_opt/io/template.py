"""The registration template: a participant sheet with drop-down lists and an instructions sheet.

The lists (municipalities, target groups, service areas) live on a hidden sheet so the drop-downs
can hold more than Excel's 255-character limit for inline lists. The drop-downs only warn, so a
municipality number typed by hand is still accepted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kompetanse_opt.core.files import write_atomic
from kompetanse_opt.io.labels import Labels, Lang
from kompetanse_opt.io.registrations import FIELDS, FieldSpec
from kompetanse_opt.io.texts import Entry, text
from kompetanse_opt.io.workbook import require_openpyxl, set_cell
from kompetanse_opt.model.instance import Instance

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

TEMPLATE_ROWS = 500

#: Words of the template: key -> English (Norwegian in the catalogue, contexts ``template.<key>``
#: and ``template.help.<field>``; a (bokmål, English) pair works until the catalogue has it).
_INSTRUCTIONS: dict[str, Entry] = {
    "municipality": "Municipality number (4601) or name (Bergen). Pick from the list.",
    "target_group": (
        "1 leadership team, 2 HR, 3 ICT, 4 union representative. May be blank if the role says."
    ),
    "service_area": "The participant's service area; decides the groups at the gatherings.",
    "role": "Free text, e.g. chief executive.",
    "name": "Optional (personal data).",
    "email": "Optional (personal data).",
    "id": "Optional. Without one, participants get <number>-01, -02, ... in row order.",
    "prefers": "Cohorts the municipality prefers, e.g. 1, 3 (for the whole municipality).",
    "cannot_attend": "Cohorts the municipality cannot attend (a hard rule).",
}

_TEXT: dict[str, Entry] = {
    "not_in_list": "Not in the list: check the spelling.",
    "sheet": "Participants",
    "instructions": "Instructions",
    "lists": "Lists",
    "column": "Column",
    "required": "Required",
    "content": "Content",
    "yes": "yes",
    "no": "no",
    "intro": (
        "One row per participant. Fill in the sheet 'Participants' and read it with "
        "kompetanse-opt import FILE --out instance.yaml. Headers may be Norwegian or English, "
        "in any order. Mistakes are reported with sheet, row and column."
    ),
    "privacy": (
        "Names and e-mails are optional. With --anonymise they are left out of every output."
    ),
}


def _word(key: str, lang: Lang) -> str:
    return text(_TEXT, "template.", key, lang)


def _help(field: str, lang: Lang) -> str:
    return text(_INSTRUCTIONS, "template.help.", field, lang)


def header(field: FieldSpec, lang: Lang) -> str:
    return field.nb if lang == "nb" else field.en


def write_template(path: str | Path, base: Instance, lang: Lang = "nb") -> None:
    """Write the registration template for the municipalities and service areas of ``base``."""
    require_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    _fill_participant_sheet(sheet, lang)
    _add_lists_sheet(workbook, sheet, base, lang)
    _add_instructions_sheet(workbook, lang)
    workbook.active = 0
    write_atomic(Path(path), lambda tmp: workbook.save(tmp))


def _fill_participant_sheet(sheet: Worksheet, lang: Lang) -> None:
    """The participant sheet: its title and one coloured header per field (required ones
    orange), with the header row frozen."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = _word("sheet", lang)
    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="DCE6F1")
    for j, field in enumerate(FIELDS, start=1):
        cell = sheet.cell(row=1, column=j)
        set_cell(cell, header(field, lang))
        cell.font = Font(bold=True)
        cell.fill = required_fill if field.required else optional_fill
        sheet.column_dimensions[get_column_letter(j)].width = 24 if j <= 5 else 16
    sheet.freeze_panes = "A2"


def _add_lists_sheet(workbook: Workbook, sheet: Worksheet, base: Instance, lang: Lang) -> None:
    """The hidden sheet of municipalities, target groups and service areas, and the warning
    drop-downs on ``sheet`` that read it."""
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = Labels(lang)
    lists = workbook.create_sheet(_word("lists", lang))
    areas = list(dict.fromkeys(p.service_area for p in base.participants))
    columns = {
        "municipality": [m.name for m in base.municipalities],
        "target_group": [labels.target_group(g) for g in (1, 2, 3, 4)],
        "service_area": [labels.service_area(a) for a in areas],
    }
    for j, (key, values) in enumerate(columns.items(), start=1):
        set_cell(lists.cell(row=1, column=j), key)
        for i, value in enumerate(values, start=2):
            set_cell(lists.cell(row=i, column=j), value)
        letter = get_column_letter(j)
        source = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(
            type="list", formula1=source, allow_blank=True, errorStyle="warning"
        )
        validation.error = _word("not_in_list", lang)
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
        target = get_column_letter(next(i for i, f in enumerate(FIELDS, 1) if f.key == key))
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
    lists.sheet_state = "hidden"


def _add_instructions_sheet(workbook: Workbook, lang: Lang) -> None:
    """The instructions sheet, second in the workbook: the intro, privacy, and one line per
    field (required or not, what it holds)."""
    from openpyxl.styles import Alignment, Font

    guide = workbook.create_sheet(_word("instructions", lang), 1)
    set_cell(guide.cell(row=1, column=1), _word("intro", lang))
    set_cell(guide.cell(row=2, column=1), _word("privacy", lang))
    for key in ("column", "required", "content"):
        col = ("column", "required", "content").index(key) + 1
        cell = guide.cell(row=4, column=col)
        set_cell(cell, _word(key, lang))
        cell.font = Font(bold=True)
    for i, field in enumerate(FIELDS, start=5):
        other = field.en if lang == "nb" else field.nb
        set_cell(guide.cell(row=i, column=1), f"{header(field, lang)} ({other})")
        set_cell(guide.cell(row=i, column=2), _word("yes" if field.required else "no", lang))
        set_cell(guide.cell(row=i, column=3), _help(field.key, lang))
    guide.column_dimensions["A"].width = 32
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    for row in (1, 2):
        guide.cell(row=row, column=1).alignment = Alignment(wrap_text=False)
