"""Lexicographic solving: optimise one level, fix its value as a constraint, hint the next.

Used for user-ranked objective terms ("travel before balance") and for re-planning (fewest
changes first, then the original objective). Each level reports its own value, bound and status;
a level that was only solved to feasibility is fixed at the value found, and says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.plan import LevelReport, SolveStatus
from kompetanse_opt.solver.engine import EngineRun, EngineSettings, ProgressCallback, run_model


@dataclass(frozen=True)
class Level:
    name: str
    expression: cp_model.LinearExprT


def hint_solution(model: cp_model.CpModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable with its value in the solver's last solution."""
    model.clear_hints()  # type: ignore[no-untyped-call]
    for index in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(index)
        model.add_hint(var, solver.value(var))


def solve_levels(
    stage: str,
    model: cp_model.CpModel,
    levels: list[Level],
    settings: EngineSettings,
    progress: ProgressCallback | None = None,
) -> tuple[EngineRun | None, list[LevelReport]]:
    """Minimise each level in turn; returns the last run with a solution and every level's report.

    Stops early (returning what it has) when a level finds no solution.
    """
    reports: list[LevelReport] = []
    last: EngineRun | None = None
    for level in levels:
        model.minimize(level.expression)
        run = run_model(f"{stage}:{level.name}", model, settings, progress)
        if not run.status.has_plan:
            reports.append(LevelReport(name=level.name, status=run.status, wall_time=run.wall_time))
            return last, reports
        value = int(run.solver.value(level.expression))
        proven = run.status is SolveStatus.OPTIMAL
        bound = value if proven else math.ceil(run.solver.best_objective_bound - 1e-6)
        reports.append(
            LevelReport(
                name=level.name,
                status=run.status,
                value=value,
                bound=min(bound, value),
                wall_time=run.wall_time,
            )
        )
        model.add(level.expression <= value)
        hint_solution(model, run.solver)
        last = run
    return last, reports
