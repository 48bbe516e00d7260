"""One neighbourhood step: the class master, then packing only the classes it changed.

In a neighbourhood most classes keep their members and cohort count; their cohorts are taken
over from the incumbent as they are. Packing every class again (one model over all cohorts, as
``class_rounds.solve_master`` does for masters that change everything) took most of a step at
10x: 3-5 s of the 5 s, unproven, after a master solved in 0.2-1.8 s. The changed classes are
packed with the kept cohorts' largest and smallest sizes as fixed members of the size
imbalance, so the term is the whole plan's.
"""

from __future__ import annotations

import time

from kompetanse_opt.model.plan import Plan, SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.budget import PACKING_WORK
from kompetanse_opt.solver.cohorts.class_rounds import Round, assemble, classes_of
from kompetanse_opt.solver.cohorts.classes import PACKING_SHARE, PACKING_TIME, ClassMaster
from kompetanse_opt.solver.cohorts.model import Pattern, cohort_pattern
from kompetanse_opt.solver.cohorts.packing import Class, ClassPacking
from kompetanse_opt.solver.engine import EngineSettings, ProgressCallback, run_model

#: Cohorts per pattern of a plan: (pattern, its municipalities), in the plan's order.
Kept = list[tuple[Pattern, list[str]]]


def solve_step(
    master: ClassMaster,
    incumbent: Plan,
    settings: EngineSettings,
    deadline: float,
    progress: ProgressCallback | None,
    work: float | None = None,
) -> Round:
    """The master, then the changed classes packed beside the incumbent's other cohorts.
    ``work``: CP-SAT deterministic time for the master (``budget.py``; the deadline is then
    only the cap; None: the clock alone); the round reports the work it used."""
    data = master.data
    master_time = max((deadline - time.perf_counter()) * (1 - PACKING_SHARE), 0.01)
    run = run_model(
        "cohorts/classes",
        master.model,
        EngineSettings(master_time, settings.seed, settings.workers, work=work),
        progress,
    )
    capped = run.status is not SolveStatus.OPTIMAL
    if not run.status.has_plan or run.solver.value(master.overflow) > 0:
        return Round(None, 0, {}, work=run.work, capped=capped)
    kept, changed = _split(data, incumbent, classes_of(master, run))
    left = max(deadline - time.perf_counter(), 0.01)
    pack = EngineSettings(
        min(left, PACKING_TIME),
        settings.seed,
        settings.workers,
        work=None if work is None else PACKING_WORK,
    )
    packed, packing_work = _pack(data, changed, [members for _, members in kept], pack)
    if packed is None:
        return Round(None, 0, {}, work=run.work + packing_work, capped=capped)
    plan = assemble(data, [*kept, *packed])
    return Round(plan, 0, {}, work=run.work + packing_work, capped=capped)


def _split(data: ProblemData, incumbent: Plan, classes: list[Class]) -> tuple[Kept, list[Class]]:
    """The incumbent's cohorts of the classes the master left as they were, and the others."""
    before: dict[Pattern, Kept] = {}
    for c in incumbent.cohorts:
        pattern = cohort_pattern(data, c)
        before.setdefault(pattern, []).append((pattern, list(c.municipalities)))
    kept: Kept = []
    changed: list[Class] = []
    for pattern, members, count in classes:
        old = before.get(pattern, [])
        same = len(old) == count and {m for _, ms in old for m in ms} == set(members)
        if same:
            kept.extend(old)
        else:
            changed.append((pattern, members, count))
    return kept, changed


def _pack(
    data: ProblemData, changed: list[Class], kept: list[list[str]], settings: EngineSettings
) -> tuple[Kept | None, float]:
    """The changed classes' cohorts, with the kept cohorts' extreme sizes in the imbalance
    (None: not packed), and the work the packing used."""
    if not changed:
        return [], 0.0
    packing = ClassPacking(data, changed, None)
    sizes = [sum(data.size[m] for m in ms) for ms in kept]
    if sizes:
        # Fixed members of the largest and smallest size (the minimise step reads ``size``).
        packing.size[-1, 0] = packing.model.new_constant(max(sizes))
        packing.size[-1, 1] = packing.model.new_constant(min(sizes))
    packing.minimise()
    run = run_model("cohorts/packing", packing.model, settings)
    if run.status is SolveStatus.INFEASIBLE or not run.status.has_plan:
        return None, run.work
    x = packing.x
    return [
        (pattern, [m for m in members if (c, m, j) in x and run.solver.boolean_value(x[c, m, j])])
        for c, (pattern, members, count) in enumerate(changed)
        for j in range(count)
    ], run.work


__all__ = ["solve_step"]
