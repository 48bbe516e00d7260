"""Commands for when a plan is impossible or registrations change: explain, replan, suggest."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kompetanse_opt.analysis.explain import Explanation, explain
from kompetanse_opt.analysis.placement import Placement, advise_placement, plan_without
from kompetanse_opt.analysis.relax import Suggestion, suggest_relaxations
from kompetanse_opt.cli.common import TIME_LIMIT, out, reports_input_errors
from kompetanse_opt.cli.json_output import (
    emit,
    explain_document,
    json_option,
    suggest_document,
)
from kompetanse_opt.cli.replan_command import replan_command
from kompetanse_opt.cli.summary_details import stage_name, status_word
from kompetanse_opt.core.errors import InstanceError, PlanFileError, Problem
from kompetanse_opt.core.i18n import _, language, msg, translate
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.plan import read_plan
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
                change=translate(s.description),
                status=status_word(s.status.value),
                objective=s.objective,
                stages=", ".join(map(stage_name, s.stages)),
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
        _("counting [{label}]: {text}").format(label=c.label, text=translate(c.text))
        for c in explanation.causes
    ]
    conflict = explanation.conflict
    if conflict is not None:
        kind = _("minimal") if conflict.minimal else _("small (not proven minimal)")
        lines.append(
            _("conflict ({kind}): {sentence}").format(
                kind=kind, sentence=translate(conflict.sentence)
            )
        )
        lines += [f"  [{r.label}] {translate(r.text)}" for r in conflict.rules]
    lines += [
        _("rule {label}: {text}").format(label=label, text=RULES[label].text(language()))
        for label in explanation.labels
    ]
    return lines


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
            [
                Problem(
                    "--municipality",
                    msg("unknown municipality '{id}'", id=municipality),
                )
            ],
            str(instance_path),
        )
    if plan_path is not None:
        current = read_plan(plan_path).plan
        if current is None:
            raise PlanFileError(
                [Problem("status", msg("the plan file holds no plan"))], str(plan_path)
            )
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
