"""The ``kompetanse-opt`` command line: a thin layer over the library.

Exit codes: 0 success (a plan was found, a plan is valid); 1 no plan or violations found;
2 bad input (the message names the file, the field or row, and what is wrong; nothing is written).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from kompetanse_opt.check import check as check_plan
from kompetanse_opt.errors import InputError
from kompetanse_opt.files import write_atomic
from kompetanse_opt.instance import Instance
from kompetanse_opt.loading import load_instance, write_instance
from kompetanse_opt.objective import evaluate_terms, municipality_travel, weighted_objective
from kompetanse_opt.plan import PlanFile, Result, read_plan, write_plan
from kompetanse_opt.problem import ProblemData, prepare
from kompetanse_opt.solve.engine import Progress
from kompetanse_opt.solve.pipeline import solve
from kompetanse_opt.travel import write_matrix_csv
from kompetanse_opt.vestland import vestland_instance

F = TypeVar("F", bound=Callable[..., Any])

# Piped output is read in logs and CI, where rich's 80-column default would wrap the tables.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 120)
err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 120)


def reports_input_errors(command: F) -> F:
    """Turn bad input into one line per problem and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            for line in str(exc).splitlines():
                err.print(f"[red]error:[/red] {line}", markup=True, soft_wrap=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kompetanse-opt")
def main() -> None:
    """Plan cohort competence programmes: cohorts, venues and travel, proven optimal."""


def _load(instance_path: Path | None) -> Instance:
    return vestland_instance() if instance_path is None else load_instance(instance_path)


def _print_progress(progress: Progress) -> None:
    err.print(
        f"  {progress.wall_time:6.2f}s  objective {progress.objective:>10}"
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
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
@click.option("--seed", type=click.IntRange(min=0), help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(min=1, max=64), help="CP-SAT workers.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show incumbent and bound as they improve (default: when stderr is a terminal).",
)
@reports_input_errors
def plan_command(
    instance_path: Path | None,
    out_path: Path,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    progress: bool | None,
) -> None:
    """Plan INSTANCE (JSON or YAML; default: the embedded Vestland data) and write the plan."""
    instance = _load(instance_path)
    data = prepare(instance)
    show_progress = err.is_terminal if progress is None else progress
    result = solve(
        instance,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        progress=_print_progress if show_progress else None,
        travel=data.travel,
    )
    print_summary(data, result)
    write_plan(result, out_path)
    out.print(f"plan written to {out_path}")
    if not result.status.has_plan:
        sys.exit(1)


def print_summary(data: ProblemData, result: Result) -> None:
    venue_names = {v.id: v.name for v in data.instance.venues}
    names = {m.id: m.name for m in data.instance.municipalities}
    if result.plan is not None:
        per_person = municipality_travel(data, result.plan)
        table = Table(title=f"{result.instance_name}: cohorts")
        for column in (
            "cohort",
            "participants",
            "municipalities",
            "gatherings",
            "travel (min)",
            "longest trip",
        ):
            table.add_column(column, justify="right" if column != "gatherings" else "left")
        for c in result.plan.cohorts:
            total = sum(data.size[m] * per_person[m] for m in c.municipalities)
            worst = max(c.municipalities, key=lambda m: per_person[m], default=None)
            table.add_row(
                str(c.id),
                str(c.size),
                str(len(c.municipalities)),
                " → ".join(venue_names.get(g.venue, g.venue) for g in c.gatherings),
                f"{total:,}".replace(",", " "),
                f"{names[worst]} {per_person[worst]}" if worst else "-",
            )
        out.print(table)
        out.print("terms: " + ", ".join(f"{k}={v}" for k, v in result.terms.items()))
    line = f"status [bold]{result.status.value}[/bold]"
    if result.objective is not None:
        gap = 100 * (result.gap or 0)
        line += f"  objective {result.objective}  bound {result.bound}  gap {gap:.2f}%"
    line += f"  time {result.wall_time:.2f}s  seed {result.seed}  workers {result.workers}"
    out.print(line)
    for reason in result.reasons:
        out.print(f"  reason: {reason}")


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
    out.print(f"valid: {len(result.plan.cohorts)} cohorts, objective {objective}")


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


def _register_analysis_commands() -> None:
    # budget, sweep and generate live in their own module; imported here, late, because that
    # module is only needed once the group exists.
    from kompetanse_opt.analysis_cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_analysis_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
