"""The ``kompetanse-opt`` command line: a thin layer over the library.

Exit codes: 0 success (a plan was found, a plan is valid); 1 no plan or violations found;
2 bad input (the message names the file, the field or row, and what is wrong; nothing is written).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kompetanse_opt.check import check as check_plan
from kompetanse_opt.cli.common import (
    SEED,
    TIME_LIMIT,
    allow_outside_paths_option,
    err,
    load_or_embedded,
    out,
    reports_input_errors,
    threads_option,
)
from kompetanse_opt.cli.summary import print_calendar_summary, print_summary
from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.files import write_atomic
from kompetanse_opt.io.ics import write_calendars
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import load_instance, write_instance
from kompetanse_opt.model.plan import PlanFile, read_plan, write_plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.model.travel import write_matrix_csv
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.solver.engine import Progress
from kompetanse_opt.solver.pipeline import solve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kompetanse-opt")
@allow_outside_paths_option
def main() -> None:
    """Plan cohort competence programmes: cohorts, venues, groups, dates and facilitators."""


def _print_progress(progress: Progress) -> None:
    err.print(
        f"  {progress.stage:<28} {progress.wall_time:6.2f}s  objective {progress.objective:>10}"
        f"  bound {progress.bound:>10}"
    )


@main.command("plan")
@click.argument(
    "instance_path",
    metavar="[INSTANCE]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("plan.json"),
    show_default=True,
    help="Plan file to write (JSON).",
)
@click.option("--time-limit", type=TIME_LIMIT, help="Seconds.")
@click.option("--seed", type=SEED, help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(min=1, max=64), help="CP-SAT workers.")
@threads_option
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show incumbent and bound as they improve (default: when stderr is a terminal).",
)
@click.option(
    "--no-calendar",
    is_flag=True,
    help="Plan cohorts and venues only (no dates, facilitators or politicians' sessions).",
)
@click.option(
    "--groups/--no-groups",
    default=True,
    show_default=True,
    help="Plan discussion groups at every gathering (--no-groups skips them).",
)
@reports_input_errors
def plan_command(
    instance_path: Path | None,
    out_path: Path,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    threads: int | None,
    progress: bool | None,
    no_calendar: bool,
    groups: bool,
) -> None:
    """Plan INSTANCE (JSON or YAML; default: the embedded Vestland data) and write the plan."""
    instance = load_or_embedded(instance_path)
    data = prepare(instance)
    show_progress = err.is_terminal if progress is None else progress
    result = solve(
        instance,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        threads=threads,
        progress=_print_progress if show_progress else None,
        travel=data.travel,
        skip=(("calendar", "politicians") if no_calendar else ()) + (() if groups else ("groups",)),
    )
    print_summary(data, result)
    print_calendar_summary(data, result)
    write_plan(result, out_path)
    out.print(f"plan written to {out_path}")
    if not result.status.has_plan:
        sys.exit(1)


@main.command("check")
@click.argument(
    "instance_path", metavar="INSTANCE", type=click.Path(dir_okay=False, path_type=Path)
)
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@reports_input_errors
def check_command(instance_path: Path, plan_path: Path) -> None:
    """Check PLAN against INSTANCE: exit 0 valid, 1 violations (listed), 2 bad input."""
    instance = load_instance(instance_path)
    result = read_plan(plan_path)
    if result.plan is None:
        out.print(f"{plan_path}: status {result.status.value}, no plan to check")
        sys.exit(1)
    violations = check_plan(instance, result.plan)
    for v in violations:
        out.print(f"[{v.rule}] {v.message}", markup=False)
    if violations:
        out.print(f"{len(violations)} violation(s)")
        sys.exit(1)
    data = prepare(instance)
    terms = evaluate_terms(data, result.plan)
    objective = weighted_objective(data, terms)
    if result.terms and result.terms != terms:
        out.print(
            f"[OBJ] the plan file's terms {result.terms} differ from the recomputed {terms}",
            markup=False,
        )
        sys.exit(1)
    groups = sum(len(g.groups) for c in result.plan.cohorts for g in c.gatherings)
    stages = "+".join(result.plan.stages)
    out.print(
        f"valid ({stages}): {len(result.plan.cohorts)} cohorts, {groups} groups,"
        f" objective {objective}"
    )


@main.command("calendar")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the .ics files into.",
)
@click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The instance the plan was made for (default: the embedded Vestland data).",
)
@reports_input_errors
def calendar_command(plan_path: Path, out_dir: Path, instance_path: Path | None) -> None:
    """Write PLAN's sessions as iCalendar files: one per cohort, per facilitator, politicians.

    Names, venues and clock times come from the instance, so the plan is checked against it
    first; a plan that does not fit it (or has no dates) writes nothing.
    """
    instance = load_or_embedded(instance_path)
    result = read_plan(plan_path)
    plan = result.plan
    if plan is None or "calendar" not in plan.stages or instance.calendar is None:
        raise PlanFileError(
            [Problem("stages", "the plan has no dates: plan with calendar settings first")],
            str(plan_path),
        )
    violations = check_plan(instance, plan)
    if violations:
        for v in violations:
            err.print(f"[{v.rule}] {v.message}", markup=False)
        err.print(f"{plan_path} does not fit the instance: {len(violations)} violation(s)")
        sys.exit(1)
    written = write_calendars(instance, plan, out_dir)
    out.print(f"wrote {len(written)} calendar files to {out_dir}")


@main.command("schema")
@click.argument("which", type=click.Choice(["instance", "plan"]))
def schema_command(which: str) -> None:
    """Print the JSON Schema of the instance file or the plan file."""
    model: type[Instance] | type[PlanFile] = Instance if which == "instance" else PlanFile
    out.print_json(json.dumps(model.model_json_schema()))


@main.command("example")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write instance.yaml and travel_matrix.csv into.",
)
@reports_input_errors
def example_command(out_dir: Path) -> None:
    """Write the embedded Vestland instance as editable files."""
    instance = vestland_instance()
    data = prepare(instance)
    editable = instance.model_copy(
        update={"travel": instance.travel.model_copy(update={"matrix_file": "travel_matrix.csv"})}
    )
    write_atomic(out_dir / "travel_matrix.csv", lambda tmp: write_matrix_csv(data.travel, tmp))
    write_instance(editable, out_dir / "instance.yaml")
    out.print(f"wrote {out_dir / 'instance.yaml'} and {out_dir / 'travel_matrix.csv'}")


def _register_commands() -> None:
    # The other commands live in modules of their own, grouped by what they are for.
    from kompetanse_opt.cli import analysis as cli_analysis
    from kompetanse_opt.cli import changes as cli_changes
    from kompetanse_opt.cli import files as cli_files
    from kompetanse_opt.cli import rules as cli_rules

    for module in (cli_changes, cli_files, cli_analysis, cli_rules):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
