"""Commands for when a plan is impossible or registrations change: explain, replan, suggest."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kompetanse_opt.analysis.explain import Explanation, explain
from kompetanse_opt.analysis.placement import Placement, advise_placement, plan_without
from kompetanse_opt.analysis.relax import Suggestion, suggest_relaxations
from kompetanse_opt.analysis.replan import replan
from kompetanse_opt.cli.common import SEED, TIME_LIMIT, out, reports_input_errors, threads_option
from kompetanse_opt.cli.json_output import (
    emit,
    explain_document,
    json_option,
    replan_document,
    suggest_document,
)
from kompetanse_opt.cli.plan_instance import (
    instance_and_file_for_plan,
    split_instance_and_plan,
    with_instance_path,
)
from kompetanse_opt.cli.summary import print_summary
from kompetanse_opt.core.errors import InstanceError, PlanFileError, Problem
from kompetanse_opt.core.i18n import _, language, ngettext
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.plan import read_plan, write_plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.rules.registry import RULES


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
@json_option
@reports_input_errors
def explain_command(instance_path: Path, time_limit: float, suggest: bool, as_json: bool) -> None:
    """Explain why INSTANCE has no plan and what to relax (exit 0 if it has one, 1 if not)."""
    instance = load_instance(instance_path)
    try:
        explanation = explain(instance, time_limit)
    except TimeoutError as exc:
        if as_json:
            emit(explain_document(None, undecided=str(exc)))
        else:
            out.print(_("undecided: {reason}").format(reason=exc), markup=False)
        sys.exit(1)
    suggestions: list[Suggestion] = []
    if not explanation.feasible and suggest and explanation.conflict is not None:
        suggestions = suggest_relaxations(instance, explanation.conflict, time_limit)
    if as_json:
        emit(explain_document(explanation, suggestions))
    else:
        _print_explanation(explanation, suggestions, suggest)
    if not explanation.feasible:
        sys.exit(1)


def _print_explanation(
    explanation: Explanation, suggestions: list[Suggestion], suggest: bool
) -> None:
    for line in explanation_lines(explanation):
        out.print(line, markup=False)
    if explanation.feasible or not suggest or explanation.conflict is None:
        return
    if suggestions:
        out.print(
            _(
                "suggestions, least change first (each verified: the full pipeline found a"
                " valid plan with it):"
            ),
            markup=False,
        )
    for number, s in enumerate(suggestions, start=1):
        text = _(
            "  {number}. {change}: {status}, objective {objective} ({stages}; {seconds:.1f} s)"
        )
        out.print(
            text.format(
                number=number,
                change=s.description,
                status=s.status.value,
                objective=s.objective,
                stages=", ".join(s.stages),
                seconds=s.seconds,
            ),
            markup=False,
        )
    if not suggestions:
        out.print(_("no single change from the menu restores feasibility"), markup=False)


def explanation_lines(explanation: Explanation) -> list[str]:
    """:meth:`Explanation.lines` in the chosen language (the rules' texts from the registry)."""
    if explanation.feasible:
        return [
            _(
                "the cohort-stage rules can all hold together, and counting finds no cause"
                " against groups or dates: run `kompetanse-opt plan` for the full plan"
            )
        ]
    lines = [
        _("counting [{label}]: {text}").format(label=c.label, text=c.text)
        for c in explanation.causes
    ]
    conflict = explanation.conflict
    if conflict is not None:
        kind = _("minimal") if conflict.minimal else _("small (not proven minimal)")
        lines.append(
            _("conflict ({kind}): {sentence}").format(kind=kind, sentence=conflict.sentence)
        )
        lines += [f"  [{r.label}] {r.text}" for r in conflict.rules]
    lines += [
        _("rule {label}: {text}").format(label=label, text=RULES[label].text(language()))
        for label in explanation.labels
    ]
    return lines


@click.command("replan")
@click.argument(
    "paths",
    metavar="[INSTANCE] PREVIOUS_PLAN",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--instance",
    "instance_option",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The changed instance (default: the file the previous plan records, read again).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="New plan file to write (only when there is a plan).",
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
@json_option
@reports_input_errors
def replan_command(
    paths: tuple[Path, ...],
    instance_option: Path | None,
    out_path: Path,
    max_moves: int | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    threads: int | None,
    as_json: bool,
) -> None:
    """Re-plan INSTANCE moving as few people of PREVIOUS_PLAN as possible; print the diff.

    Without INSTANCE: the instance file the previous plan records, read again (edited
    registrations). An instance of another name is refused in one line (exit 2). Without a plan
    (none within --max-moves): exit 1, the reasons, and nothing is written.
    """
    instance_path, previous_path = split_instance_and_plan(paths, instance_option)
    previous = read_plan(previous_path)
    if previous.plan is None:
        raise PlanFileError(
            [Problem("status", "the previous plan file holds no plan")], str(previous_path)
        )
    instance, source = instance_and_file_for_plan(
        previous_path, previous, instance_path, changed_ok=True
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
    outcome.result = with_instance_path(outcome.result, source, out_path)
    written = None
    if outcome.result.plan is not None:
        write_plan(outcome.result, out_path)
        written = str(out_path)
    names = {m.id: m.name for m in instance.municipalities}
    names.update({v.id: v.name for v in instance.venues})
    if as_json:
        emit(replan_document(outcome, written, names))
    else:
        print_summary(prepare(instance), outcome.result)
        if written is None:
            out.print(_("no plan: nothing written"), markup=False)
        else:
            for line in outcome.diff.lines(names):
                out.print(line, markup=False)
            n = outcome.moved_participants
            out.print(ngettext("{n} participant moved", "{n} participants moved", n).format(n=n))
            out.print(_("plan written to {path}").format(path=out_path), markup=False)
    if written is None:
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
@json_option
@reports_input_errors
def suggest_command(
    instance_path: Path, municipality: str, plan_path: Path | None, as_json: bool
) -> None:
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
        current = plan_without(instance, municipality)
        if current is None:
            _suggest_exit(as_json, municipality, [], "the instance without it has no plan either")
            return
    placements = advise_placement(instance, current, municipality)
    reason = None
    if not any(p.valid for p in placements):
        reason = "no cohort can take it without moving others: try `kompetanse-opt replan`"
    _suggest_exit(as_json, municipality, placements, reason)


def _suggest_exit(
    as_json: bool, municipality: str, placements: list[Placement], reason: str | None
) -> None:
    """Print the placements (text or JSON); exit 1 when there is none."""
    if as_json:
        emit(suggest_document(municipality, placements, [reason] if reason else []))
    else:
        for placement in placements:
            out.print(placement.line(), markup=False)
        if reason:
            out.print(reason, markup=False)
    if reason:
        sys.exit(1)


COMMANDS = (explain_command, replan_command, suggest_command)
