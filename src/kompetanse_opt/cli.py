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
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from kompetanse_opt.check import check as check_plan
from kompetanse_opt.errors import InputError, InstanceError, PlanFileError, Problem
from kompetanse_opt.explain import explain
from kompetanse_opt.files import write_atomic
from kompetanse_opt.instance import Instance
from kompetanse_opt.io.ics import write_calendars
from kompetanse_opt.loading import load_instance, write_instance
from kompetanse_opt.objective import evaluate_terms, municipality_travel, weighted_objective
from kompetanse_opt.placement import advise_placement
from kompetanse_opt.plan import PlanFile, Result, read_plan, write_plan
from kompetanse_opt.problem import ProblemData, prepare
from kompetanse_opt.relax import suggest_relaxations
from kompetanse_opt.replan import replan
from kompetanse_opt.solve.engine import Progress
from kompetanse_opt.solve.pipeline import solve
from kompetanse_opt.travel import write_matrix_csv
from kompetanse_opt.vestland import vestland_instance

if TYPE_CHECKING:
    from kompetanse_opt.io.tables import PlanView

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
@click.option("--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds.")
@click.option("--seed", type=click.IntRange(min=0), help="CP-SAT random seed.")
@click.option("--workers", type=click.IntRange(min=1, max=64), help="CP-SAT workers.")
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
    progress: bool | None,
    no_calendar: bool,
    groups: bool,
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
        skip=(("calendar", "politicians") if no_calendar else ()) + (() if groups else ("groups",)),
    )
    print_summary(data, result)
    print_calendar_summary(data, result)
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
        if "groups" in result.plan.stages:
            print_groups(data, result)
        out.print("terms: " + ", ".join(f"{k}={v}" for k, v in result.terms.items()))
    line = f"status [bold]{result.status.value}[/bold]"
    if result.objective is not None:
        gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%"
        line += f"  objective {result.objective}  bound {result.bound}  gap {gap}"
    line += f"  time {result.wall_time:.2f}s  seed {result.seed}  workers {result.workers}"
    out.print(line)
    for stage in result.stage_results:
        for level in stage.levels:
            out.print(
                f"  {stage.name} level {level.name}: {level.status.value},"
                f" value {level.value}, bound {level.bound}",
                markup=False,
            )
    for reason in result.reasons:
        out.print(f"  reason: {reason}")


def print_calendar_summary(data: ProblemData, result: Result) -> None:
    """Dates and facilitators of a dated plan (nothing for a cohort-only plan)."""
    plan = result.plan
    if plan is None or "calendar" not in plan.stages:
        return
    venue_names = {v.id: v.name for v in data.instance.venues}
    table = Table(title="dates and facilitators")
    for column in ("cohort", "session", "date(s)", "where", "facilitators"):
        table.add_column(column)
    for c in plan.cohorts:
        rows = [
            (
                g.dates[0],
                f"gathering {g.index}",
                " – ".join(d.isoformat() for d in g.dates),
                venue_names.get(g.venue, g.venue),
                ", ".join(g.facilitators),
            )
            for g in c.gatherings
        ]
        rows += [
            (s.date, f"local {s.index}", s.date.isoformat(), "own house", "")
            for s in c.local_sessions
        ]
        rows += [
            (s.date, f"closing {s.index}", s.date.isoformat(), "Teams", "")
            for s in c.closing_sessions
        ]
        for _, *cells in sorted(rows):
            table.add_row(str(c.id), *cells)
    out.print(table)
    for s in plan.politician_sessions:
        out.print(
            f"politicians' session {s.id}: {s.date.isoformat()} at"
            f" {venue_names.get(s.venue, s.venue)}, {len(s.municipalities)} municipalities"
        )


def print_groups(data: ProblemData, result: Result) -> None:
    """One row per cohort and gathering: its groups by area, the solve, and the meeting graph."""
    plan = result.require_plan()
    solves = {(r.cohort, r.gathering): r for r in result.stage_results if r.name == "groups"}
    table = Table(title="discussion groups")
    for column in ("cohort", "gathering", "groups (sizes by area)", "spread", "repeats", "solve"):
        table.add_column(column, justify="left" if column.startswith("groups") else "right")
    for c in plan.cohorts:
        for g in c.gatherings:
            by_area: dict[str, list[int]] = {}
            for group in g.groups:
                by_area.setdefault(group.service_area, []).append(len(group.participants))
            report = solves.get((c.id, g.index))
            solve_text = "-"
            if report is not None:
                gap = 100 * (report.gap or 0)
                solve_text = f"{report.status.value} {report.wall_time:.2f}s gap {gap:.1f}%"
            table.add_row(
                str(c.id),
                str(g.index),
                "; ".join(f"{a} {'/'.join(map(str, ns))}" for a, ns in by_area.items()),
                str(report.terms.get("group_size_spread", "-")) if report else "-",
                str(report.terms.get("meeting_repeats", "-")) if report else "-",
                solve_text,
            )
    out.print(table)
    meetings = plan.meetings
    if meetings is not None and meetings.municipalities:
        met = sorted(m.met for m in meetings.municipalities)
        names = {m.id: m.name for m in data.instance.municipalities}
        out.print(
            f"meetings: {meetings.pairs_met} municipality pairs met, {meetings.repeated_pairs}"
            f" of them more than once ({meetings.repeat_meetings} repeat meetings); each"
            f" municipality met {met[0]}–{met[-1]} others (median {met[len(met) // 2]})"
        )
        top = meetings.repeated[:3]
        if top:
            out.print(
                "  most repeated: "
                + ", ".join(
                    f"{names.get(p.municipalities[0], p.municipalities[0])}–"
                    f"{names.get(p.municipalities[1], p.municipalities[1])} ×{p.meetings}"
                    for p in top
                )
            )


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


@main.command("explain")
@click.argument(
    "instance_path", metavar="INSTANCE", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
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
            out.print("suggestions (least disruptive first; each verified by solving):")
        for s in suggestions:
            out.print(
                f"  {s.rank}. {s.description}: {s.status.value}, objective {s.objective}",
                markup=False,
            )
        if not suggestions:
            out.print("no single change from the menu restores feasibility")
    sys.exit(1)


@main.command("replan")
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
@click.option(
    "--time-limit", type=click.FloatRange(min=0, min_open=True), help="Seconds per level."
)
@click.option("--seed", type=click.IntRange(min=0))
@click.option("--workers", type=click.IntRange(min=1, max=64))
@reports_input_errors
def replan_command(
    instance_path: Path,
    previous_path: Path,
    out_path: Path,
    max_moves: int | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
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
            instance, previous.plan, max_moves, time_limit=time_limit, seed=seed, workers=workers
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


@main.command("suggest")
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
        current = solve(instance.without_municipalities([municipality])).plan
        if current is None:
            out.print("the instance without this municipality has no plan either")
            sys.exit(1)
    placements = advise_placement(instance, current, municipality)
    for placement in placements:
        out.print(placement.line(), markup=False)
    if not any(p.valid for p in placements):
        out.print("no cohort can take it without moving others: try `kompetanse-opt replan`")
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
    instance = _load(instance_path)
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


# Secretariat files (issue 7). The work is done in kompetanse_opt.io, imported inside each command
# so that planning does not need the optional Excel dependency.

_lang_option = click.option(
    "--lang",
    type=click.Choice(["nb", "en"]),
    default="nb",
    show_default=True,
    help="Language of headers and labels: Norwegian bokmål or English.",
)
_anonymise_option = click.option(
    "--anonymise", is_flag=True, help="Leave out names and e-mails: ids only."
)
_instance_option = click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the embedded Vestland data).",
)


@main.command("import")
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

    imported = import_registrations(
        registrations, _load(base_path), sheet=sheet, anonymise=anonymise, out_dir=out_path.parent
    )
    for note in imported.notes:
        err.print(f"note: {note}", markup=False, soft_wrap=True)
    write_instance(imported.instance, out_path)
    instance = imported.instance
    out.print(
        f"{instance.total_participants} participants from {len(instance.municipalities)}"
        f" municipalities read from {registrations} ({imported.sheet}); wrote {out_path}",
        markup=False,
    )


@main.command("template")
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

    write_template(out_path, _load(base_path), "en" if lang == "en" else "nb")
    out.print(f"wrote {out_path}", markup=False)


def _plan_view(plan_path: Path, instance_path: Path | None, lang: str, anonymise: bool) -> PlanView:
    from kompetanse_opt.io.sections import build_view

    return build_view(
        _load(instance_path),
        read_plan(plan_path),
        lang="en" if lang == "en" else "nb",
        anonymise=anonymise,
        plan_source=plan_path,
    )


@main.command("export")
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
@reports_input_errors
def export_command(
    plan_path: Path,
    xlsx_path: Path | None,
    csv_dir: Path | None,
    instance_path: Path | None,
    lang: str,
    anonymise: bool,
) -> None:
    """Write PLAN as an Excel workbook and/or CSV files (cohorts, participants, key figures...)."""
    from kompetanse_opt.io.sections import plan_tables
    from kompetanse_opt.io.workbook import write_csv_tables, write_workbook

    if xlsx_path is None and csv_dir is None:
        raise click.UsageError("give --xlsx FILE, --csv DIR or both")
    tables = plan_tables(_plan_view(plan_path, instance_path, lang, anonymise))
    if xlsx_path is not None:
        write_workbook(xlsx_path, tables)
        out.print(f"wrote {xlsx_path} ({len(tables)} sheets)", markup=False)
    if csv_dir is not None:
        written = write_csv_tables(csv_dir, tables)
        out.print(f"wrote {len(written)} CSV files to {csv_dir}", markup=False)


@main.command("report")
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
@reports_input_errors
def report_command(
    plan_path: Path, out_path: Path, instance_path: Path | None, lang: str, anonymise: bool
) -> None:
    """Write PLAN as one self-contained HTML page: map, charts, cohorts and key figures."""
    from kompetanse_opt.io.report import write_report

    write_report(out_path, _plan_view(plan_path, instance_path, lang, anonymise))
    out.print(f"wrote {out_path}", markup=False)


def _register_analysis_commands() -> None:
    # budget, sweep and generate live in their own module; imported here, late, because that
    # module is only needed once the group exists.
    from kompetanse_opt.analysis_cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_analysis_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
