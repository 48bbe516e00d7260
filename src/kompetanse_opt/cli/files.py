"""The secretariat's files (issue 7): registrations in, workbook, CSV and HTML report out.

The work is done in :mod:`kompetanse_opt.io`, imported inside each command so that planning does
not need the optional Excel dependency.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from kompetanse_opt.cli.common import (
    err,
    lang_option,
    load_or_embedded,
    out,
    reports_input_errors,
)
from kompetanse_opt.cli.plan_instance import force_option, instance_for_plan, refuse_invalid_plan
from kompetanse_opt.core.i18n import _
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.plan import read_plan

if TYPE_CHECKING:
    from kompetanse_opt.io.tables import PlanView


_lang_option = lang_option("nb", expose=True, what="Language of headers, labels and messages")
_anonymise_option = click.option(
    "--anonymise", is_flag=True, help="Leave out names and e-mails: ids only."
)
_instance_option = click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the one the plan file records).",
)


@click.command("import")
@click.argument(
    "registrations", metavar="REGISTRATIONS", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Instance file to write (YAML or JSON).",
)
@click.option(
    "--base",
    "base_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Instance giving municipalities, venues and settings (default: embedded Vestland).",
)
@click.option("--sheet", help="Sheet to read (default: Deltakere/Participants, else the first).")
@_anonymise_option
@reports_input_errors
def import_command(
    registrations: Path, out_path: Path, base_path: Path | None, sheet: str | None, anonymise: bool
) -> None:
    """Read a registration sheet (.xlsx or .csv) and write an instance file.

    One line per problem, with its sheet, row and column; then exit 2 and write nothing.
    """
    from kompetanse_opt.io.importer import import_registrations

    base = load_or_embedded(base_path)
    imported = import_registrations(
        registrations,
        base,
        sheet=sheet,
        anonymise=anonymise,
        out_dir=out_path.parent,
        # A base of the user's own is the earlier import: people keep their ids against it.
        previous=base if base_path is not None else None,
    )
    for note in imported.notes:
        err.print(_("note: {note}").format(note=note), markup=False, soft_wrap=True)
    write_instance(imported.instance, out_path)
    instance = imported.instance
    text = _(
        "{participants} participants from {municipalities} municipalities read from {source}"
        " ({sheet}); wrote {path}"
    )
    out.print(
        text.format(
            participants=instance.total_participants,
            municipalities=len(instance.municipalities),
            source=registrations,
            sheet=imported.sheet,
            path=out_path,
        ),
        markup=False,
    )


@click.command("template")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Workbook to write (.xlsx).",
)
@click.option(
    "--base",
    "base_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Instance whose municipalities fill the drop-down (default: embedded Vestland).",
)
@_lang_option
@reports_input_errors
def template_command(out_path: Path, base_path: Path | None, lang: str) -> None:
    """Write the registration template (a sheet with drop-downs and instructions)."""
    from kompetanse_opt.io.template import write_template

    write_template(out_path, load_or_embedded(base_path), "en" if lang == "en" else "nb")
    out.print(_("wrote {path}").format(path=out_path), markup=False)


def _plan_view(
    plan_path: Path, instance_path: Path | None, lang: str, anonymise: bool, force: bool
) -> PlanView:
    from kompetanse_opt.io.sections import build_view

    result = read_plan(plan_path)
    instance = instance_for_plan(plan_path, result, instance_path)
    if result.plan is not None:
        refuse_invalid_plan(instance, result.plan, plan_path, force)
    return build_view(
        instance,
        result,
        lang="en" if lang == "en" else "nb",
        anonymise=anonymise,
        plan_source=plan_path,
    )


@click.command("export")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--xlsx",
    "xlsx_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Workbook to write: one sheet per table.",
)
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write one CSV file per table into.",
)
@_instance_option
@_lang_option
@_anonymise_option
@force_option
@reports_input_errors
def export_command(
    plan_path: Path,
    xlsx_path: Path | None,
    csv_dir: Path | None,
    instance_path: Path | None,
    lang: str,
    anonymise: bool,
    force: bool,
) -> None:
    """Write PLAN as an Excel workbook and/or CSV files (cohorts, participants, key figures...)."""
    from kompetanse_opt.io.sections import plan_tables
    from kompetanse_opt.io.workbook import write_csv_tables, write_workbook

    if xlsx_path is None and csv_dir is None:
        raise click.UsageError("give --xlsx FILE, --csv DIR or both")
    tables = plan_tables(_plan_view(plan_path, instance_path, lang, anonymise, force))
    if xlsx_path is not None:
        write_workbook(xlsx_path, tables)
        text = _("wrote {path} ({n} sheets)")
        out.print(text.format(path=xlsx_path, n=len(tables)), markup=False)
    if csv_dir is not None:
        written = write_csv_tables(csv_dir, tables, lang="en" if lang == "en" else "nb")
        text = _("wrote {n} CSV files to {folder}")
        out.print(text.format(n=len(written), folder=csv_dir), markup=False)


@click.command("report")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="HTML file to write (self-contained; works offline).",
)
@_instance_option
@_lang_option
@_anonymise_option
@force_option
@reports_input_errors
def report_command(
    plan_path: Path,
    out_path: Path,
    instance_path: Path | None,
    lang: str,
    anonymise: bool,
    force: bool,
) -> None:
    """Write PLAN as one self-contained HTML page: map, charts, cohorts and key figures."""
    from kompetanse_opt.io.report import write_report

    write_report(out_path, _plan_view(plan_path, instance_path, lang, anonymise, force))
    out.print(_("wrote {path}").format(path=out_path), markup=False)


COMMANDS = (import_command, template_command, export_command, report_command)
