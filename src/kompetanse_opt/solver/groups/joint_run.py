"""Running the joint group model for one cohort: method choice, hint, time, reports (issue 15).

``groups.method`` picks the method per cohort (:func:`use_joint`). The joint solve starts from the
sequential method's groups (completed into a full hint, so CP-SAT's first solution is already as
good as the sequential plan) and is kept only when it is no worse; otherwise, or when time is too
short, the sequential plan stands.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import AreaLayout
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GroupPlan, SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.model.settings import JOINT_MAX_PARTICIPANTS
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms
from kompetanse_opt.solver.engine import EngineRun, EngineSettings, ProgressCallback, run_model
from kompetanse_opt.solver.groups.joint import JointGroupModel
from kompetanse_opt.solver.groups.roles import PersonKey
from kompetanse_opt.solver.interrupt import new_solver, solve_stoppably

#: Share of a cohort's time the sequential method (the joint model's hint) may use.
SEQUENTIAL_SHARE = 0.3
#: Share of the time left the stepwise method (the joint model's hint) may use.
STEPWISE_SHARE = 0.3
#: Below this many seconds left, the joint model is not tried (the sequential plan stands).
MIN_JOINT_SECONDS = 0.5
#: Time for completing a hint (every variable is implied but the people's seats at later
#: gatherings, which the probe chooses; it takes a fraction of a second).
HINT_SECONDS = 5.0
#: CP-SAT parameters for the joint model (as the sequential model's, see ``stage.GROUP_TUNING``).
JOINT_TUNING = {"linearization_level": 2, "cut_level": 0}

#: The joint solve runs in phases, each from the best plan so far, until one proves its plan:
#: (share of the time left, CP-SAT parameters). No single setting suits every cohort: the LP
#: (level 2, no generic cuts) proves the embedded cohorts and 16-4-5 fast, pure search (no LP)
#: finds the perfect 15-3-5 and 15-3-6, CP-SAT's defaults prove 16-4-6's least repeats
#: (benchmarks/social_golfer/README.md).
JOINT_PHASES: tuple[tuple[float, dict[str, int]], ...] = (
    (0.45, JOINT_TUNING),
    (0.6, {"linearization_level": 0}),
    (1.0, {}),
)


def use_joint(instance: Instance, cohort: CohortPlan) -> bool:
    """Whether ``groups.method`` solves this cohort's gatherings in one model."""
    method = instance.groups.method
    if method == "sequential" or len(cohort.gatherings) < 2:
        return False
    return method == "joint" or len(cohort.participants) <= JOINT_MAX_PARTICIPANTS


@dataclass
class SharedRun(EngineRun):
    """One gathering's view of a joint run: same status and time; ``deficit`` is the part of the
    joint gap reported on this gathering (all of it on the last), so the bounds add up; None when
    there is no bound (a stepwise plan standing in for the joint one)."""

    deficit: int | None = 0

    def report(
        self, name: str, objective: int | None, terms: dict[str, int], **where: int
    ) -> StageReport:
        """The gathering's report; its bound is its objective less its share of the gap."""
        out = super().report(name, objective, terms, **where)
        if objective is None or out.status is SolveStatus.OPTIMAL or not out.status.has_plan:
            return out
        if self.deficit is None:  # no bound for this gathering's share of the whole
            return out.model_copy(update={"bound": None, "gap": None})
        bound = objective - self.deficit
        gap = 0.0 if objective <= bound else (objective - bound) / max(abs(objective), 1)
        return out.model_copy(update={"bound": bound, "gap": gap})


@dataclass
class JointResult:
    """A joint solve that beat (or matched) its hint: groups and solver terms per gathering."""

    groups: dict[int, list[GroupPlan]]
    terms: dict[int, dict[str, int]]
    runs: dict[int, SharedRun]
    #: The stepwise method's last model before its earlier gatherings were fixed, and its
    #: solution: the joint model itself and a complete hint when the two coincide (fewer than
    #: three gatherings or no symmetry breaking), so the joint solve needs no second build and
    #: no hint probe.
    start: tuple[JointGroupModel, list[int]] | None = None


def _sequential_objective(data: ProblemData, cohort: CohortPlan) -> int:
    return sum(
        weighted_objective(data, gathering_terms(data, cohort, g.index)) for g in cohort.gatherings
    )


def _add_hint(model: JointGroupModel, values: dict[tuple[int, int, str, int], int]) -> None:
    """Hint every variable: solve a copy with the people's seats fixed (the rest is implied)."""
    probe = model.model.clone()
    for key, var in model.person.items():
        probe.add(probe.get_int_var_from_proto_index(var.index) == values[key])
    # Through new_solver: CP-SAT's own Ctrl-C handler left SIGINT at the system default when
    # it finished (a Ctrl-C later killed the command with -2 instead of its clean exit 130).
    solver = new_solver(HINT_SECONDS)
    solver.parameters.num_workers = 1
    if solve_stoppably(solver, probe) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for index, value in enumerate(solver.response_proto.solution):
            model.model.add_hint(model.model.get_int_var_from_proto_index(index), value)
        return
    for key, var in model.person.items():  # e.g. against the symmetry breaking: seats only
        model.model.add_hint(var, values[key])


def solve_joint(
    data: ProblemData,
    cohort: CohortPlan,
    layouts: list[AreaLayout],
    settings: EngineSettings,
    progress: ProgressCallback | None,
    hint: CohortPlan | None,
    start: tuple[JointGroupModel, list[int]] | None = None,
) -> JointResult | None:
    """All of ``cohort``'s gatherings in one model; None when it finds nothing at least as good
    as ``hint`` (the sequential plan, which then stands). ``start``: the model, built, and a
    complete solution of it to start from (``JointResult.start``)."""
    indexes = sorted(g.index for g in cohort.gatherings)
    if start is not None:
        model, solution = start
        for index, value in enumerate(solution):
            model.model.add_hint(model.model.get_int_var_from_proto_index(index), value)
    else:
        model = JointGroupModel(data, cohort.id, indexes, layouts).build()
        values = model.hint_values(hint) if hint is not None else None
        if values is not None:
            _add_hint(model, values)
    run, bound = _phased_run(model, f"groups cohort {cohort.id} (joint)", settings, progress)
    if not run.status.has_plan:
        return None
    objective = round(run.solver.objective_value)
    if hint is not None and objective > _sequential_objective(data, hint):
        return None
    deficit = max(objective - bound, 0) if run.status is not SolveStatus.OPTIMAL else 0
    runs = {
        index: SharedRun(
            run.solver, run.status, run.wall_time, deficit if index == indexes[-1] else 0
        )
        for index in indexes
    }
    return JointResult(model.extract(run.solver), model.solution_terms(run.solver), runs)


def _phased_run(
    model: JointGroupModel, name: str, settings: EngineSettings, progress: ProgressCallback | None
) -> tuple[EngineRun, int]:
    """The best run over :data:`JOINT_PHASES` (status optimal when any phase, or the phases'
    best bound, proves it) and the best bound found."""
    started = time.perf_counter()
    best: EngineRun | None = None
    bound = 0
    last: EngineRun | None = None
    for share, tuning in JOINT_PHASES:
        left = settings.time_limit - (time.perf_counter() - started)
        if left < 0.05 and last is not None:
            break
        part = EngineSettings(max(left * share, 0.05), settings.seed, settings.workers)
        last = run_model(name, model.model, part, progress, tuning)
        if last.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
            return _total_time(last, started), round(last.solver.objective_value)
        if not last.status.has_plan:
            continue
        bound = max(bound, math.ceil(last.solver.best_objective_bound - 1e-6))
        if best is None or last.solver.objective_value < best.solver.objective_value:
            best = last
        model.model.clear_hints()  # type: ignore[no-untyped-call]
        for index, value in enumerate(best.solver.response_proto.solution):
            model.model.add_hint(model.model.get_int_var_from_proto_index(index), value)
    assert last is not None
    if best is None:
        return _total_time(last, started), bound
    out = _total_time(best, started)
    if bound >= round(best.solver.objective_value):
        out.status = SolveStatus.OPTIMAL
    return out, bound


def _total_time(run: EngineRun, started: float) -> EngineRun:
    return EngineRun(run.solver, run.status, time.perf_counter() - started)


def _deficit(run: EngineRun, objective: int) -> int:
    """How far the run's objective may be above the optimum (0 when proven)."""
    if run.status is SolveStatus.OPTIMAL:
        return 0
    return max(objective - math.ceil(run.solver.best_objective_bound - 1e-6), 0)


def solve_stepwise(
    data: ProblemData,
    cohort: CohortPlan,
    layouts: list[AreaLayout],
    settings: EngineSettings,
    progress: ProgressCallback | None,
    hint: CohortPlan | None,
) -> JointResult | None:
    """The sequential method with people: gathering k is solved in the model of gatherings 1..k
    with the earlier ones fixed, so it avoids the *people* who met before. Each gathering's
    status is its own (optimal given the earlier gatherings). None when a gathering fails."""
    indexes = sorted(g.index for g in cohort.gatherings)
    started = time.perf_counter()
    fixed: dict[PersonKey, int] = {}
    out = JointResult({}, {}, {})
    for k, index in enumerate(indexes):
        left = settings.time_limit - (time.perf_counter() - started)
        share = EngineSettings(max(left, 0.0) / (len(indexes) - k), settings.seed, settings.workers)
        model = JointGroupModel(data, cohort.id, indexes[: k + 1], layouts, free=False).build()
        template = _joint_template(data, model) if k == len(indexes) - 1 else None
        for key, value in fixed.items():
            model.model.add(model.person[key] == value)
        if k:
            _no_worse_than_reusing(data, cohort, model, out.groups, index)
        values = model.hint_values(hint) if hint is not None else None
        if values is not None:
            _add_hint(model, {**values, **fixed})
        name = f"groups cohort {cohort.id} gathering {index} (stepwise)"
        run = run_model(name, model.model, share, progress, JOINT_TUNING)
        if not run.status.has_plan:
            return None
        fixed = {key: int(run.solver.value(var)) for key, var in model.person.items()}
        out.groups[index] = model.extract(run.solver)[index]
        out.terms[index] = model.solution_terms(run.solver)[index]
        deficit = _deficit(run, round(run.solver.objective_value))
        out.runs[index] = SharedRun(run.solver, run.status, run.wall_time, deficit)
        if template is not None:
            out.start = (template, list(run.solver.response_proto.solution))
    return out


def _joint_template(data: ProblemData, model: JointGroupModel) -> JointGroupModel | None:
    """A copy of the stepwise method's last model (nothing fixed yet) that is the joint model:
    the same gatherings, and ``free`` changes nothing (it orders three or more gatherings)."""
    if len(model.parts) >= 3 and data.instance.solver.symmetry_breaking:
        return None
    out = copy.copy(model)
    out.model = model.model.clone()
    out.free = True
    return out


def _no_worse_than_reusing(
    data: ProblemData,
    cohort: CohortPlan,
    model: JointGroupModel,
    done: dict[int, list[GroupPlan]],
    index: int,
) -> None:
    """Gathering ``index`` repeats (people, and municipalities when weighted) no more than
    reusing the previous gathering's groups would; always feasible (the same layout admits the
    same groups), so mixing never gets worse from one gathering to the next."""
    earlier = sorted(done)
    reused = [*earlier, index]
    gatherings = [
        g.model_copy(update={"groups": done[earlier[-1] if g.index == index else g.index]})
        for g in cohort.gatherings
        if g.index in reused
    ]
    baseline = gathering_terms(data, cohort.model_copy(update={"gatherings": gatherings}), index)
    for name in ("participant_repeats", "meeting_repeats"):
        if name in model.terms:
            model.model.add(model.costs.of(name, len(earlier)) <= baseline[name])


def solve_with_people(
    data: ProblemData,
    cohort: CohortPlan,
    layouts: list[AreaLayout],
    settings: EngineSettings,
    progress: ProgressCallback | None,
    hint: CohortPlan,
) -> JointResult | None:
    """The method ``groups.method`` picks for this cohort, started from ``hint`` (the
    municipality-level sequential groups); None when it finds nothing at least as good.

    Joint: the stepwise (people-aware sequential) groups first, with a share of the time, as
    the joint model's hint; they stand, marked feasible (not proven over all gatherings), when
    the joint model finds nothing or time is short."""
    if not use_joint(data.instance, cohort):
        return solve_stepwise(data, cohort, layouts, settings, progress, hint)
    started = time.perf_counter()
    first = EngineSettings(settings.time_limit * STEPWISE_SHARE, settings.seed, settings.workers)
    step = solve_stepwise(data, cohort, layouts, first, progress, hint)
    start = hint
    if step is not None:
        gatherings = [
            g.model_copy(update={"groups": step.groups[g.index]}) for g in cohort.gatherings
        ]
        start = cohort.model_copy(update={"gatherings": gatherings})
    left = settings.time_limit - (time.perf_counter() - started)
    joint = None
    if left >= MIN_JOINT_SECONDS:
        rest = EngineSettings(left, settings.seed, settings.workers)
        reuse = step.start if step is not None else None
        joint = solve_joint(data, cohort, layouts, rest, progress, start, reuse)
    if joint is not None or step is None:
        return joint
    for run in step.runs.values():  # optimal per gathering only: no claim for the whole
        if run.status is SolveStatus.OPTIMAL:
            run.status = SolveStatus.FEASIBLE
        run.deficit = None
    return step
