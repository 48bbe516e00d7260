"""The analysis commands of ``kompetanse-opt``: ``budget``, ``sweep`` and ``generate``.

Kept apart from ``cli.py`` so the planning commands stay thin; ``cli.py`` registers these on its
group. Same conventions: exit 0 on success, 1 when there is no plan, 2 on bad input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from kompetanse_opt.analysis.budget import BudgetTable, budget_table, plan_budget_table
from kompetanse_opt.analysis.generator import DEFAULT_CAPACITY, MAX_SCALE, generate
from kompetanse_opt.analysis.scenarios import read_scenarios
from kompetanse_opt.analysis.sweep import SweepRow, run_sweep, table_rows, write_sweep
from kompetanse_opt.cli.common import err, out, reports_input_errors
from kompetanse_opt.cli.json_output import budget_document, emit, json_option
from kompetanse_opt.cli.plan_instance import instance_for_plan
from kompetanse_opt.core.errors import InputError, PlanFileError, Problem
from kompetanse_opt.core.files import read_structured
from kompetanse_opt.core.i18n import _, language, msg, ngettext
from kompetanse_opt.core.limits import MAX_CAPACITY, spaced
from kompetanse_opt.core.text import strip_controls
from kompetanse_opt.io.budget_rows import budget_text, kind_text, plan_figure_rows
from kompetanse_opt.io.budget_rows import table_rows as budget_table_rows
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.model.loading import instance_from_data, load_instance, write_instance
from kompetanse_opt.model.plan import PLAN_FORMAT, plan_from_data
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.model.vestland import vestland_instance

#: Sweeps with at most this many variants print one column per variant.
TRANSPOSE_UP_TO = 8


def print_budget(table: BudgetTable) -> None:
    """The budget in the chosen language, fitting 80 columns (totals in bold)."""
    labels = Labels(language())
    q = table.quantities
    title = _("{name}: {participants} participants, {cohorts} cohorts, {gatherings} gatherings")
    title = title.format(
        name=budget_text(table.name, labels.lang),
        participants=q.participants,
        cohorts=q.cohorts,
        gatherings=q.gatherings,
    )
    if table.priced_from_plan:
        title += _(" (priced from the plan)")
    grid = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    grid.add_column(_("line"))
    grid.add_column(_("kind"))
    grid.add_column("NOK", justify="right", no_wrap=True)
    grid.add_column(_("basis"))
    rows = budget_table_rows(table, labels)
    own = len(rows) - (len(table.participant_costs) + 1 if table.participant_costs else 0)
    for i, row in enumerate(rows):
        if i == own:
            grid.add_section()
        style = "bold" if row.kind == labels("budget_kind_total") else ""
        grid.add_row(
            Text(row.line, style=style),
            "" if style else row.kind,
            Text(spaced(row.amount_nok), style=style),
            row.basis,
        )
    for figure, beside in plan_figure_rows(table, labels):
        grid.add_section()
        grid.add_row(figure.line, figure.kind, spaced(figure.amount_nok), figure.basis)
        grid.add_row(beside.line, "", spaced(beside.amount_nok), beside.basis)
    if table.speaker_fees:
        grid.add_section()
        for fee in table.speaker_fees:
            grid.add_row(
                _("Speaker fees: {label}").format(label=budget_text(fee.label, labels.lang)),
                kind_text(fee.kind, labels),
                spaced(fee.amount),
                budget_text(fee.basis, labels.lang),
            )
    out.print(grid)


@click.command("budget")
@click.argument(
    "path",
    metavar="[INSTANCE|PLAN]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--instance",
    "instance_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan's instance (default: the one the plan file records).",
)
@json_option
@reports_input_errors
def budget_command(path: Path | None, instance_path: Path | None, as_json: bool) -> None:
    """Print the budget of INSTANCE, or of PLAN priced from its gatherings, nights and travel.

    Without an argument: the embedded Vestland data (the seed's table). A plan of another
    instance than --instance is refused in one line (exit 2).
    """
    if path is None:
        _show_budget(as_json, budget_table(_instance(instance_path)))
        return
    data = read_structured(path, InputError)
    if isinstance(data, dict) and str(data.get("format", "")).startswith("kompetanse-opt/plan"):
        if data["format"] != PLAN_FORMAT:
            raise PlanFileError(
                [Problem("format", msg("expected '{expected}'", expected=PLAN_FORMAT))],
                str(path),
            )
        result = plan_from_data(data, str(path))
        instance = instance_for_plan(path, result, instance_path)
        if result.plan is None:
            if not as_json:
                text = _("{path}: status {status}, no plan; the instance's budget:")
                out.print(text.format(path=path, status=result.status.value), markup=False)
            _show_budget(as_json, budget_table(instance), has_plan=False)
            sys.exit(1)
        _show_budget(as_json, plan_budget_table(prepare(instance), result.plan))
        return
    if instance_path is not None:
        raise InputError([Problem("--instance", msg("only used with a plan file"))], str(path))
    _show_budget(as_json, budget_table(instance_from_data(data, str(path), path.resolve().parent)))


def _show_budget(as_json: bool, table: BudgetTable, has_plan: bool = True) -> None:
    if as_json:
        emit(budget_document(table, has_plan))
    else:
        print_budget(table)


def _instance(path: Path | None) -> Any:
    return vestland_instance() if path is None else load_instance(path)


def print_sweep(rows: list[SweepRow], title: str) -> None:
    """A few variants read best side by side (one column each); many, one row each."""
    header, cells = table_rows(rows)
    grid = Table(title=title)
    if len(rows) <= TRANSPOSE_UP_TO:
        grid.add_column("")
        for line in cells:
            grid.add_column(line[0], justify="right", overflow="fold")
        for i, column in enumerate(header[1:], start=1):
            if column != "reason":
                grid.add_row(column.replace("_", " "), *(line[i] for line in cells))
    else:
        # Every column is in the CSV; the terminal keeps what fits a screen.
        keep = [h for h in header if h not in ("reason", "bound", "venues")]
        for column in keep:
            grid.add_column(
                column.replace("_", " "), justify="left" if column == "variant" else "right"
            )
        for line in cells:
            grid.add_row(*(v for c, v in zip(header, line, strict=True) if c in keep))
    out.print(grid)
    for row in rows:
        if row.reason:
            out.print(f"  {row.variant}: {row.status}: {row.reason}", markup=False)


@click.command("sweep")
@click.argument(
    "scenarios_path", metavar="SCENARIOS", type=click.Path(dir_okay=False, path_type=Path)
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for sweep.csv, sweep.json and plans/.",
)
@click.option(
    "--jobs", type=click.IntRange(min=1, max=256), help="Local processes (default: cores)."
)
@click.option("--dask", "dask_address", help="Run on this Dask scheduler (extra 'dask').")
@reports_input_errors
def sweep_command(
    scenarios_path: Path, out_dir: Path, jobs: int | None, dask_address: str | None
) -> None:
    """Solve every variant of SCENARIOS and write a comparison table (CSV and JSON)."""
    scenarios = read_scenarios(scenarios_path)
    total = len(scenarios.spec.variants)
    columns = (
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task(_("solving variants"), total=total)

        def advance(row: SweepRow) -> None:
            bar.update(task, advance=1, description=strip_controls(f"{row.variant}: {row.status}"))

        outcomes = run_sweep(scenarios, jobs=jobs, dask_address=dask_address, on_row=advance)
    rows = [o.row for o in outcomes]
    print_sweep(rows, scenarios.spec.name)
    written = write_sweep(outcomes, out_dir)
    plans = len(written) - 2
    text = ngettext(
        "wrote {table}, {document} and {n} plan file",
        "wrote {table}, {document} and {n} plan files",
        plans,
    )
    out.print(text.format(table=written[0], document=written[1], n=plans), markup=False)


@click.command("generate")
@click.option("--scale", type=click.IntRange(1, MAX_SCALE), required=True, help="Districts.")
@click.option("--seed", type=click.IntRange(min=0), default=1, show_default=True)
@click.option(
    "--capacity",
    type=click.IntRange(min=1, max=MAX_CAPACITY),
    default=DEFAULT_CAPACITY,
    show_default=True,
    help="Cohort capacity (50 makes the cohorts exactly full).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Instance file to write (.yaml or .json; JSON reads much faster at this size).",
)
@reports_input_errors
def generate_command(scale: int, seed: int, capacity: int, out_path: Path) -> None:
    """Write a synthetic region of SCALE Vestland-shaped districts (deterministic by seed)."""
    instance = generate(scale, seed, capacity)
    write_instance(instance, out_path)
    text = _(
        "wrote {path}: {municipalities} municipalities, {participants} participants,"
        " {venues} venues, {cohorts} cohorts"
    )
    out.print(
        text.format(
            path=out_path,
            municipalities=len(instance.municipalities),
            participants=instance.total_participants,
            venues=len(instance.venues),
            cohorts=instance.cohort_count,
        ),
        markup=False,
    )


COMMANDS: tuple[click.Command, ...] = (budget_command, sweep_command, generate_command)
