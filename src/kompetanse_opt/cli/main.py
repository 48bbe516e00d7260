"""The ``kompetanse-opt`` command line: a thin layer over the library.

Exit codes: 0 success (a plan was found, a plan is valid); 1 no plan or violations found;
2 bad input (the message names the file, the field or row, and what is wrong; nothing is written).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from pydantic import BaseModel

from kompetanse_opt.check import check as check_plan
from kompetanse_opt.check.violation import Violation
from kompetanse_opt.cli.common import (
    SEED,
    TIME_LIMIT,
    allow_outside_paths_option,
    err,
    lang_option,
    load_or_embedded,
    out,
    process_age,
    reports_input_errors,
    threads_option,
)
from kompetanse_opt.cli.interrupt import (
    exit_if_interrupted,
    exit_quietly_on_signals,
    mark_interrupted,
    run_interruptibly,
)
from kompetanse_opt.cli.json_documents import DOCUMENTS, CheckDocument
from kompetanse_opt.cli.json_output import (
    check_document,
    document_schema,
    emit,
    json_option,
    plan_document,
)
from kompetanse_opt.cli.plan_instance import (
    force_option,
    instance_for_plan,
    refuse_invalid_plan,
    split_instance_and_plan,
    with_instance_path,
)
from kompetanse_opt.cli.progress import ProgressLine
from kompetanse_opt.cli.summary import (
    print_calendar_summary,
    print_summary,
    role_breach_words,
    stage_name,
)
from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.files import write_atomic
from kompetanse_opt.core.i18n import _, language, msg, ngettext, translate
from kompetanse_opt.io.ics import write_calendars
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import record_instance
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.plan import PlanFile, read_plan, write_plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.model.travel import write_matrix_csv
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.objective.role_terms import role_breaches
from kompetanse_opt.rules.registry import RULES, label_of
from kompetanse_opt.solver.pipeline import solve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kompetanse-opt")
@allow_outside_paths_option
def main() -> None:
    """Plan cohort competence programmes: cohorts, venues, groups, dates and facilitators."""
    exit_quietly_on_signals()


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
    help="Show the stage, best plan, bound and time as they improve: one live line on a terminal,"
    " one line per stage otherwise (default: when stderr is a terminal).",
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
@json_option
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
    as_json: bool,
) -> None:
    """Plan INSTANCE (JSON or YAML; default: the embedded Vestland data) and write the plan.

    Without a plan: exit 1, the reasons, and no file is written.
    """
    started = time.perf_counter() - process_age()
    instance = load_or_embedded(instance_path)
    data = prepare(instance)
    show_progress = err.is_terminal if progress is None else progress
    # The time limit is for the whole run: starting up and reading the instance count too.
    limit = instance.solver.time_limit if time_limit is None else time_limit
    with ProgressLine(err, live=err.is_terminal and show_progress) as line:
        result, signum = run_interruptibly(
            lambda: solve(
                instance,
                time_limit=max(limit - (time.perf_counter() - started), 0.1),
                seed=seed,
                workers=workers,
                threads=threads,
                progress=line if show_progress else None,
                travel=data.travel,
                skip=(("calendar", "politicians") if no_calendar else ())
                + (() if groups else ("groups",)),
            )
        )
    result = mark_interrupted(with_instance_path(result, instance_path, out_path), signum)
    written = None
    if result.plan is not None:
        write_plan(result, out_path)
        written = str(out_path)
    if as_json:
        emit(plan_document(result, written))
    else:
        print_summary(data, result)
        print_calendar_summary(data, result)
        out.print(
            _("plan written to {path}").format(path=out_path)
            if written
            else _("no plan: nothing written"),
            markup=False,
        )
    exit_if_interrupted(signum)
    if written is None:
        sys.exit(1)


_instance_option = click.option(
    "--instance",
    "instance_option",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the one the plan file records).",
)


@main.command("check")
@click.argument(
    "paths",
    metavar="[INSTANCE] PLAN",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@_instance_option
@json_option
@reports_input_errors
def check_command(paths: tuple[Path, ...], instance_option: Path | None, as_json: bool) -> None:
    """Check PLAN against INSTANCE: exit 0 valid, 1 violations (listed), 2 bad input.

    Without INSTANCE: the instance the plan file records; a plan of another instance is refused
    in one line (exit 2).
    """
    instance_path, plan_path = split_instance_and_plan(paths, instance_option)
    result = read_plan(plan_path)
    instance = instance_for_plan(plan_path, result, instance_path)
    # Past instance_for_plan, a recorded instance is the one in use.
    record = result.instance or record_instance(
        instance, None if instance_path is None else str(instance_path)
    )
    if result.plan is None:
        reason = _("status {status}, no plan to check").format(status=result.status.value)
        _check_exit(as_json, check_document(str(plan_path), record, None, reasons=[reason]))
        return
    violations = check_plan(instance, result.plan)
    objective, breaches = None, []
    if not violations:
        data = prepare(instance)
        terms = evaluate_terms(data, result.plan)
        objective = weighted_objective(data, terms)
        breaches = role_breaches(data, result.plan)
        if result.terms and result.terms != terms:
            message = f"the plan file's terms {result.terms} differ from the recomputed {terms}"
            violations = [Violation("OBJ", message)]
    document = check_document(
        str(plan_path), record, result.plan, violations, objective, preference_breaches=breaches
    )
    _check_exit(as_json, document, tuple(violations))


def _print_violations(violations: tuple[Violation, ...]) -> None:
    """Violations grouped by rule under their label and registry text, in the chosen language."""
    by_label: dict[str, list[str]] = {}
    for v in violations:
        by_label.setdefault(label_of(v.rule), []).append(f"  [{v.rule}] {translate(v.message)}")
    for label, lines in by_label.items():
        text = (
            RULES[label].text(language())
            if label in RULES
            else _("the plan file agrees with its plan")
        )
        count = ngettext("{n} violation", "{n} violations", len(lines)).format(n=len(lines))
        out.print(f"{label} ({text}): {count}", markup=False)
        for line in lines:
            out.print(line, markup=False)


def _print_preference_breaches(breaches: list[str]) -> None:
    """P8 breaches (a preference: the plan stays valid), the first few and a count."""
    if not breaches:
        return
    text = RULES["P8"].text(language())
    count = ngettext(
        "{n} place not met (a preference)", "{n} places not met (a preference)", len(breaches)
    ).format(n=len(breaches))
    out.print(f"P8 ({text}): {count}", markup=False)
    for line in breaches[:5]:
        out.print(f"  [P8] {role_breach_words(line).removeprefix('P8: ')}", markup=False)
    if len(breaches) > 5:
        out.print(_("  ... and {n} more").format(n=len(breaches) - 5), markup=False)


def _check_exit(as_json: bool, document: CheckDocument, found: tuple[Violation, ...] = ()) -> None:
    """Print the check's outcome (text or JSON) and exit 1 unless the plan is valid."""
    if as_json:
        emit(document)
    elif document.reasons:
        out.print(f"{document.plan_file}: {'; '.join(document.reasons)}", markup=False)
    else:
        _print_violations(found)
        if document.violations:
            n = len(document.violations)
            out.print(ngettext("{n} violation", "{n} violations", n).format(n=n))
        else:
            text = _("valid ({stages}): {cohorts} cohorts, {groups} groups, objective {objective}")
            out.print(
                text.format(
                    stages="+".join(
                        document.stages if language() == "en" else map(stage_name, document.stages)
                    ),
                    cohorts=document.cohorts,
                    groups=document.groups,
                    objective=document.objective,
                ),
                markup=False,
            )
            _print_preference_breaches(document.preference_breaches)
    if not document.valid:
        sys.exit(1)


@main.command("calendar")
@click.argument("plan_path", metavar="PLAN", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the .ics files into.",
)
@_instance_option
@force_option
@reports_input_errors
def calendar_command(
    plan_path: Path, out_dir: Path, instance_option: Path | None, force: bool
) -> None:
    """Write PLAN's sessions as iCalendar files: one per cohort, per facilitator, politicians.

    Names, venues and clock times come from the instance, so the plan is checked against it
    first; a plan that does not fit it (or has no dates) writes nothing.
    """
    result = read_plan(plan_path)
    instance = instance_for_plan(plan_path, result, instance_option)
    plan = result.plan
    if plan is None or "calendar" not in plan.stages or instance.calendar is None:
        raise PlanFileError(
            [Problem("stages", msg("the plan has no dates: plan with calendar settings first"))],
            str(plan_path),
        )
    refuse_invalid_plan(instance, plan, plan_path, force)
    written = write_calendars(instance, plan, out_dir)
    out.print(
        _("wrote {n} calendar files to {folder}").format(n=len(written), folder=out_dir),
        markup=False,
    )


@main.command("schema")
@click.argument("which", type=click.Choice(["instance", "plan", *DOCUMENTS]))
def schema_command(which: str) -> None:
    """Print the JSON Schema of the instance file, the plan file or a --json document.

    COMMAND-output is what `kompetanse-opt COMMAND --json` prints; error-output is what any of
    them prints on bad input (exit 2).
    """
    if which in DOCUMENTS:
        schema = document_schema(which)
    else:
        model: type[BaseModel] = Instance if which == "instance" else PlanFile
        schema = model.model_json_schema()
    out.print_json(json.dumps(schema))


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
    text = _("wrote {instance} and {matrix}")
    out.print(
        text.format(instance=out_dir / "instance.yaml", matrix=out_dir / "travel_matrix.csv"),
        markup=False,
    )


def _register_commands() -> None:
    # The other commands live in modules of their own, grouped by what they are for.
    from kompetanse_opt.cli import analysis as cli_analysis
    from kompetanse_opt.cli import changes as cli_changes
    from kompetanse_opt.cli import files as cli_files
    from kompetanse_opt.cli import hours as cli_hours
    from kompetanse_opt.cli import letters as cli_letters
    from kompetanse_opt.cli import rules as cli_rules
    from kompetanse_opt.cli import serve as cli_serve

    for module in (
        cli_changes,
        cli_files,
        cli_letters,
        cli_analysis,
        cli_rules,
        cli_serve,
        cli_hours,
    ):
        for command in module.COMMANDS:
            main.add_command(command)
    # Every command speaks the chosen language; those with files of their own take --lang already.
    for command in main.commands.values():
        if not any(param.name == "lang" for param in command.params):
            lang_option()(command)


_register_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
