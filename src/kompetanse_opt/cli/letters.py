"""``letters``: a letter for every recipient of a plan (issue 18).

One HTML page per municipality, facilitator and real speaker, an iCalendar file per municipality,
an index page, and with ``--pdf`` a PDF of each letter (headless Chromium). The plan names its
instance; the same binding as ``report`` and ``calendar`` applies (a mismatching instance is
refused in one line, exit 2, nothing written).
"""

from __future__ import annotations

from pathlib import Path

import click

from kompetanse_opt.cli.common import lang_option, out, reports_input_errors
from kompetanse_opt.cli.plan_instance import force_option, instance_for_plan, refuse_invalid_plan
from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.i18n import _, msg
from kompetanse_opt.model.plan import read_plan


@click.command("letters")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the letters, calendars and index.html into.",
)
@click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the one the plan file records).",
)
@lang_option("nb", expose=True, what="Language of the letters and messages")
@click.option("--pdf", is_flag=True, help="Also print each letter to PDF (headless Chromium).")
@force_option
@reports_input_errors
def letters_command(
    plan_path: Path,
    out_dir: Path,
    instance_path: Path | None,
    lang: str,
    pdf: bool,
    force: bool,
) -> None:
    """Write a letter for every municipality, facilitator and speaker of PLAN, with an index."""
    from kompetanse_opt.io.letters import write_letters
    from kompetanse_opt.io.tables import check_plan_references

    result = read_plan(plan_path)
    instance = instance_for_plan(plan_path, result, instance_path)
    plan = result.plan
    if plan is None:
        raise PlanFileError(
            [Problem("cohorts", msg("the file holds no plan: no letters to write"))]
        )
    check_plan_references(instance, result, str(plan_path))
    refuse_invalid_plan(instance, plan, plan_path, force)
    written = write_letters(out_dir, instance, plan, lang="en" if lang == "en" else "nb", pdf=pdf)
    text = _("wrote {n} files to {path} (open index.html)")
    out.print(text.format(n=len(written), path=out_dir), markup=False)


COMMANDS = (letters_command,)
