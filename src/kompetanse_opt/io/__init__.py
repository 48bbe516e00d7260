"""The secretariat's files: registrations in (Excel or CSV), a workbook, CSV files and an HTML
report out, in Norwegian bokmål or English.

* :mod:`.registrations` reads and checks a participant sheet; :mod:`.importer` merges it into an
  instance; :mod:`.template` writes the registration template.
* :mod:`.tables` and :mod:`.sections` turn a plan into plain tables (one function per table);
  :mod:`.workbook` writes them as .xlsx (frozen header rows) and CSV (Norwegian: ``;`` and a
  decimal comma; English: ``,``; both UTF-8 with a BOM), :mod:`.report` as one HTML page with the
  pictures of :mod:`.svg`.
* :mod:`.extras` is the interface for later stages (groups, dates, facilitators, politicians,
  budget): plain rows that switch their sections on.
* :mod:`.labels` names every label shown by key; the words of both languages are in the gettext
  catalogues (:mod:`kompetanse_opt.core.i18n`). :mod:`.budget_rows` gives the budget sheet,
  :mod:`.recipients` the facilitators' and speakers' rosters, :mod:`.data_words` the shipped
  data's region names in the chosen language.
* :mod:`.ics` writes the dated plan as iCalendar files (one per cohort, per facilitator, and the
  politicians' sessions).

Excel needs the optional ``excel`` extra (openpyxl); CSV and HTML need nothing beyond the core.
"""

from kompetanse_opt.io.extras import (
    BudgetRow,
    FacilitatorRow,
    GroupRow,
    PlanExtras,
    PoliticianSessionRow,
    ScheduleRow,
    extras_from_plan,
)
from kompetanse_opt.io.importer import ImportResult, import_registrations
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.io.report import render_report, write_report
from kompetanse_opt.io.sections import build_view, plan_tables
from kompetanse_opt.io.tables import PlanView, Table
from kompetanse_opt.io.template import write_template
from kompetanse_opt.io.workbook import write_csv_tables, write_workbook

__all__ = [
    "BudgetRow",
    "FacilitatorRow",
    "GroupRow",
    "ImportResult",
    "Labels",
    "PlanExtras",
    "PlanView",
    "PoliticianSessionRow",
    "ScheduleRow",
    "Table",
    "build_view",
    "extras_from_plan",
    "import_registrations",
    "plan_tables",
    "render_report",
    "write_csv_tables",
    "write_report",
    "write_template",
    "write_workbook",
]
