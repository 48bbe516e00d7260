"""``kompetanse-opt hours PLAN``: the learning path, hours per target group and facilitator."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from kompetanse_opt.analysis.hours import hours_report
from kompetanse_opt.cli.common import out, reports_input_errors
from kompetanse_opt.cli.plan_instance import instance_for_plan
from kompetanse_opt.cli.summary_details import status_word
from kompetanse_opt.core.i18n import N_, _, language
from kompetanse_opt.io.learning_sheet import learning_lines
from kompetanse_opt.model.content import hours_text
from kompetanse_opt.model.plan import read_plan
from kompetanse_opt.model.problem import prepare

_GROUP_COLUMNS = (
    N_("group"), N_("people"), N_("self-study"), N_("gatherings"), N_("local"), N_("closing"),
    N_("programme"), N_("frame"), N_("travel avg/most"), N_("nights"),
)  # fmt: skip


@click.command("hours")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the one the plan file records).",
)
@reports_input_errors
def hours_command(plan_path: Path, instance_path: Path | None) -> None:
    """Print each cohort's learning path and the hours per target group and facilitator."""
    result = read_plan(plan_path)
    instance = instance_for_plan(plan_path, result, instance_path)
    if result.plan is None:
        text = _("{path}: status {status}, no plan")
        out.print(text.format(path=plan_path, status=status_word(result.status.value)))
        sys.exit(1)
    data = prepare(instance)
    report = hours_report(data, result.plan)
    for cohort in result.plan.cohorts:
        if cohort.learning_path is not None:
            out.print(_("Cohort {n}:").format(n=cohort.id))
            for line in learning_lines(instance, cohort, language()):
                out.print(f"  {line}")
    grid = Table(
        title=_("Hours per participant by target group (travel and nights reported apart)")
    )
    for column in _GROUP_COLUMNS:
        grid.add_column(_(column))
    for g in report.groups:
        grid.add_row(
            str(g.target_group),
            str(g.participants),
            *(hours_text(v) for v in (g.self_study, g.gatherings, g.local, g.closing, g.programme)),
            f"{hours_text(g.frame[0])}–{hours_text(g.frame[1])}"
            + ("" if g.within_frame else _(" (outside)")),
            f"{hours_text(g.travel_average)} / {hours_text(g.travel_most)}",
            str(g.nights),
        )
    out.print(grid)
    staff = Table(
        title=_("Facilitators' release time (NOK {rate} per hour)").format(rate=report.rate)
    )
    for column in (N_("facilitator"), N_("gatherings"), N_("hours"), N_("NOK")):
        staff.add_column(_(column))
    for f in report.facilitators:
        staff.add_row(f.facilitator, str(f.gatherings), hours_text(f.minutes), str(f.amount))
    out.print(staff)


COMMANDS = (hours_command,)
