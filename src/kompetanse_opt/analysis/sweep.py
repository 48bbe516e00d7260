"""Sweeps: solve every variant of a scenario file, in parallel, into one comparison table.

Variants are built and their travel resolved in the calling process (so a worker needs no files),
then solved by an executor: local processes by default, or a Dask cluster (``dask_address``, the
optional ``dask`` extra). Every solve uses the scenario's seed and workers, so the rows are the
same whichever executor ran them, apart from wall time; rows come back in the file's order.

A variant that cannot be built (an override naming nothing, an invalid value) becomes a row with
status ``invalid`` and the reason; one whose solve fails unexpectedly becomes ``error``. Neither
stops the sweep.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.analysis.budget import BudgetTable, budget_table, plan_budget_table
from kompetanse_opt.analysis.scenarios import Scenarios, build_variant
from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.files import write_files_atomic
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import cell_text, slug
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import plan_file_json
from kompetanse_opt.model.problem import TravelMatrix, prepare
from kompetanse_opt.objective import TERMS_BY_STAGE
from kompetanse_opt.solver.pipeline import solve

INVALID = "invalid"
ERROR = "error"


class SweepRow(BaseModel):
    """One variant's outcome: the solve's honest facts, its objective terms and its prices."""

    model_config = ConfigDict(extra="forbid")

    index: int
    variant: str
    status: str
    reason: str = ""
    objective: int | None = None
    bound: int | None = None
    gap: float | None = None
    wall_time: float = 0.0
    participants: int | None = None
    cohorts: int | None = None
    gatherings: int | None = None
    venues: str = ""
    terms: dict[str, int] = Field(default_factory=dict)
    price_with_support: int | None = None
    price_without_support: int | None = None
    full_cost_per_participant: int | None = None

    def comparable(self) -> dict[str, Any]:
        """Everything but wall time, which no two runs share."""
        return self.model_dump(exclude={"wall_time"})


@dataclass(frozen=True)
class VariantTask:
    """What a worker needs to solve one variant (picklable, no file access)."""

    index: int
    name: str
    instance: Instance
    travel: TravelMatrix


@dataclass(frozen=True)
class VariantOutcome:
    row: SweepRow
    plan_json: str | None = None


def _prices(row: SweepRow, table: BudgetTable) -> SweepRow:
    return row.model_copy(
        update={
            "participants": table.quantities.participants,
            "cohorts": table.quantities.cohorts,
            "gatherings": table.quantities.gatherings,
            "price_with_support": table.price_with_support,
            "price_without_support": table.price_without_support,
            "full_cost_per_participant": (
                table.full_cost_per_participant if table.priced_from_plan else None
            ),
        }
    )


def solve_variant(task: VariantTask) -> VariantOutcome:
    """Solve one variant (runs in a worker). Never raises: failures become the row's status."""
    row = SweepRow(index=task.index, variant=task.name, status=ERROR)
    try:
        # Variants already run side by side, one per process: one thread each avoids
        # oversubscribing the cores (the plan does not depend on threads).
        result = solve(task.instance, travel=task.travel, threads=1)
        row = row.model_copy(
            update={
                "status": result.status.value,
                "reason": "; ".join(result.reasons),
                "objective": result.objective,
                "bound": result.bound,
                "gap": result.gap,
                "wall_time": result.wall_time,
                "terms": result.terms,
            }
        )
        if result.plan is None:
            return VariantOutcome(_prices(row, budget_table(task.instance)))
        data = prepare(task.instance, task.travel)
        uses: dict[str, int] = {}
        for venue in (g.venue for c in result.plan.cohorts for g in c.gatherings):
            uses[venue] = uses.get(venue, 0) + 1
        row = row.model_copy(update={"venues": ", ".join(f"{v} {n}" for v, n in uses.items())})
        return VariantOutcome(
            _prices(row, plan_budget_table(data, result.plan)), plan_file_json(result)
        )
    except Exception as exc:  # a bug in one variant must not lose the others' rows
        return VariantOutcome(row.model_copy(update={"reason": f"{type(exc).__name__}: {exc}"}))


def prepare_tasks(scenarios: Scenarios) -> tuple[list[VariantTask], list[SweepRow]]:
    """Build every variant; those that cannot be built come back as ``invalid`` rows."""
    tasks, invalid = [], []
    for index, variant in enumerate(scenarios.spec.variants):
        try:
            instance = build_variant(scenarios, variant)
            travel = prepare(instance).travel
        except InputError as exc:
            # A row is data (JSON, the results file): English, as before.
            reason = "; ".join(p.text("en") for p in exc.problems)

            invalid.append(
                SweepRow(index=index, variant=variant.name, status=INVALID, reason=reason)
            )
            continue
        tasks.append(VariantTask(index, variant.name, instance, travel))
    return tasks, invalid


class _InlineExecutor(Executor):
    """Runs each task when submitted, in this process (one job: no pool to start)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@contextmanager
def open_executor(jobs: int | None = None, dask_address: str | None = None) -> Iterator[Executor]:
    """Local processes (``jobs``, default: the machine's cores), or a Dask cluster's executor."""
    if dask_address is not None:
        try:
            from distributed import Client
        except ImportError:
            raise InputError(
                [
                    Problem(
                        "--dask", msg("Dask is not installed: pip install 'kompetanse-opt[dask]'")
                    )
                ]
            ) from None
        with Client(dask_address) as client:  # type: ignore[no-untyped-call]
            yield client.get_executor(pure=False)
        return
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1:
        yield _InlineExecutor()
        return
    # spawn, not fork: a forked child would inherit the parent's threads' locks half-held.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


def run_sweep(
    scenarios: Scenarios,
    *,
    jobs: int | None = None,
    dask_address: str | None = None,
    on_row: Callable[[SweepRow], None] | None = None,
) -> list[VariantOutcome]:
    """Solve every variant; outcomes in the scenario file's order."""
    tasks, invalid = prepare_tasks(scenarios)
    outcomes = [VariantOutcome(row) for row in invalid]
    for row in invalid:
        if on_row:
            on_row(row)
    if tasks:
        if jobs is None and dask_address is None:
            jobs = min(len(tasks), os.cpu_count() or 1)
        with open_executor(jobs, dask_address) as executor:
            futures = [executor.submit(solve_variant, task) for task in tasks]
            for future in as_completed(futures):
                outcome: VariantOutcome = future.result()
                outcomes.append(outcome)
                if on_row:
                    on_row(outcome.row)
    return sorted(outcomes, key=lambda o: o.row.index)


# -- output ----------------------------------------------------------------------------------


def term_columns(rows: list[SweepRow]) -> list[str]:
    """Every objective term any row has, in the registry's order (then any unknown ones)."""
    known = [name for terms in TERMS_BY_STAGE.values() for name in terms]
    seen = {name for row in rows for name in row.terms}
    return [n for n in known if n in seen] + sorted(seen - set(known))


_FIXED = ["variant", "status", "reason", "objective", "bound", "gap", "wall_time"]
_AFTER = [
    "participants",
    "cohorts",
    "gatherings",
    "venues",
    "price_with_support",
    "price_without_support",
    "full_cost_per_participant",
]


def table_rows(rows: list[SweepRow]) -> tuple[list[str], list[list[str]]]:
    """Header and cells as text, for the CSV file and the terminal table alike."""
    terms = term_columns(rows)
    header = _FIXED + terms + _AFTER
    cells = []
    for row in rows:
        values = row.model_dump()
        line = []
        for column in header:
            value = row.terms.get(column) if column in terms else values[column]
            if value is None:
                line.append("")
            elif column == "gap":
                line.append(f"{100 * value:.2f}%")
            elif column == "wall_time":
                line.append(f"{value:.2f}")
            else:
                line.append(str(value))
        cells.append(line)
    return header, cells


def sweep_csv(rows: list[SweepRow]) -> str:
    header, cells = table_rows(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell_text(h) for h in header])
    writer.writerows([cell_text(c) for c in line] for line in cells)
    return buffer.getvalue()


def write_sweep(outcomes: list[VariantOutcome], out_dir: Path) -> list[Path]:
    """``sweep.csv``, ``sweep.json`` and one plan file per variant with a plan, all or none."""
    rows = [o.row for o in outcomes]
    dump = [row.model_dump(mode="json") for row in rows]
    texts = {
        "sweep.csv": sweep_csv(rows),
        "sweep.json": json.dumps(dump, indent=2, ensure_ascii=False) + "\n",
    }
    for o in outcomes:
        if o.plan_json is not None:
            name = slug(o.row.variant, "variant")
            texts[f"plans/{o.row.index + 1:02d}-{name}.json"] = o.plan_json
    return write_files_atomic(out_dir, {name: _text_writer(t) for name, t in texts.items()})


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    return write
