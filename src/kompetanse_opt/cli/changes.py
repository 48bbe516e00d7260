"""Commands for when a plan is impossible or registrations change: explain, replan, suggest."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.analysis.placement import advise_placement
from kompetanse_opt.analysis.relax import suggest_relaxations
from kompetanse_opt.analysis.replan import replan
from kompetanse_opt.cli.common import SEED, TIME_LIMIT, out, reports_input_errors, threads_option
from kompetanse_opt.cli.summary import print_summary
from kompetanse_opt.core.errors import InstanceError, PlanFileError, Problem
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.plan import read_plan, write_plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.pipeline import solve


@click.command("explain")
@click.argument(
    "instance_path", metavar="INSTANCE", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--time-limit",
    type=TIME_LIMIT,
    default=10.0,
    show_default=True,
    help="Seconds per feasibility check and per verifying solve.",
)
@click.option(
    "--suggest/--no-suggest",
    default=True,
    show_default=True,
    help="Also suggest verified relaxations.",
)
@reports_input_errors
def explain_command(instance_path: Path, time_limit: float, suggest: bool) -> None:
    """Explain why INSTANCE has no plan and what to relax (exit 0 if it has one, 1 if not)."""
    instance = load_instance(instance_path)
    try:
        explanation = explain(instance, time_limit)
    except TimeoutError as exc:
        out.print(f"undecided: {exc}")
        sys.exit(1)
    for line in explanation.lines():
        out.print(line, markup=False)
    if explanation.feasible:
        return
    if suggest and explanation.conflict is not None:
        suggestions = suggest_relaxations(instance, explanation.conflict, time_limit)
        if suggestions:
            out.print("suggestions, least change first (each verified: the full pipeline found a")
            out.print("valid plan with it):")
        for number, s in enumerate(suggestions, start=1):
            stages = ", ".join(s.stages)
            out.print(
                f"  {number}. {s.description}: {s.status.value}, objective {s.objective}"
                f" ({stages}; {s.seconds:.1f} s)",
                markup=False,
            )
        if not suggestions:
            out.print("no single change from the menu restores feasibility")
    sys.exit(1)


@click.command("replan")
@click.argument(
    "instance_path", metavar="INSTANCE", type=click.Path(dir_okay=False, path_type=Path)
)
@click.argument(
    "previous_path", metavar="PREVIOUS_PLAN", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="New plan file to write.",
)
@click.option(
    "--max-moves",
    type=click.IntRange(min=0),
    help="Hard budget of moved participants (default: as few as possible).",
)
@click.option("--time-limit", type=TIME_LIMIT, help="Seconds per level.")
@click.option("--seed", type=SEED)
@click.option("--workers", type=click.IntRange(min=1, max=64))
@threads_option
@reports_input_errors
def replan_command(
    instance_path: Path,
    previous_path: Path,
    out_path: Path,
    max_moves: int | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    threads: int | None,
) -> None:
    """Re-plan INSTANCE moving as few people of PREVIOUS_PLAN as possible; print the diff."""
    instance = load_instance(instance_path)
    previous = read_plan(previous_path)
    if previous.plan is None:
        raise PlanFileError(
            [Problem("status", "the previous plan file holds no plan")], str(previous_path)
        )
    try:
        outcome = replan(
            instance,
            previous.plan,
            max_moves,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            threads=threads,
        )
    except PlanFileError as exc:
        raise exc.with_source(str(previous_path)) from None
    print_summary(prepare(instance), outcome.result)
    for line in outcome.diff.lines():
        out.print(line, markup=False)
    out.print(f"{outcome.moved_participants} participant(s) moved")
    write_plan(outcome.result, out_path)
    out.print(f"plan written to {out_path}")
    if not outcome.result.status.has_plan:
        sys.exit(1)


@click.command("suggest")
@click.argument(
    "instance_path", metavar="INSTANCE", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--municipality", "municipality", required=True, help="Kommunenummer of the newcomer."
)
@click.option(
    "--plan",
    "plan_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The current plan (default: plan INSTANCE without the municipality first).",
)
@reports_input_errors
def suggest_command(instance_path: Path, municipality: str, plan_path: Path | None) -> None:
    """Rank the cohorts a late-registered municipality could join, moving nobody else."""
    instance = load_instance(instance_path)
    if municipality not in {m.id for m in instance.municipalities}:
        raise InstanceError(
            [Problem("--municipality", f"unknown municipality '{municipality}'")],
            str(instance_path),
        )
    if plan_path is not None:
        current = read_plan(plan_path).plan
        if current is None:
            raise PlanFileError([Problem("status", "the plan file holds no plan")], str(plan_path))
    else:
        # Placement concerns cohorts only; groups and dates follow once it is decided.
        current = solve(
            instance.without_municipalities([municipality]), skip=("groups", "calendar")
        ).plan
        if current is None:
            out.print("the instance without this municipality has no plan either")
            sys.exit(1)
    placements = advise_placement(instance, current, municipality)
    for placement in placements:
        out.print(placement.line(), markup=False)
    if not any(p.valid for p in placements):
        out.print("no cohort can take it without moving others: try `kompetanse-opt replan`")
        sys.exit(1)


COMMANDS = (explain_command, replan_command, suggest_command)
