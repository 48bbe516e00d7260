"""What may be claimed about a whole plan, from the facts of its stages.

Each later stage is solved given the earlier stages' choices, so its bound holds only for that
cohort plan: the sum of stage bounds is no bound of the whole objective, and every stage proven
optimal does not prove the plan optimal. The rules here:

* ``bound`` (whole plan) = the cohort stage's proven bound (it holds for every plan of the
  instance: later stages only add rules) + :func:`later_floor`, a lower bound of the later stages'
  weighted terms that holds for *any* cohort plan. No cohort bound (a lexicographic solve): none.
* ``optimal`` only when the cohort stage is proven optimal and the later stages' weighted terms
  are at that floor (so no plan can be better), e.g. a cohort-only plan, or later weights all 0.
* ``stage_optimal`` when every stage was proven optimal given the earlier ones, otherwise
  ``feasible``.
"""

from __future__ import annotations

from kompetanse_opt.model.plan import SolveStatus, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import CHANGE_TERMS_BY_STAGE, TERMS_BY_STAGE, weighted_objective
from kompetanse_opt.solver.engine import relative_gap


def later_floor(data: ProblemData, stages: tuple[str, ...]) -> int:
    """A lower bound of the weighted terms of the stages after ``cohorts`` for any cohort plan.

    Every later term is non-negative (sizes, counts, minutes, days after an end), so 0 holds.
    The politicians' terms have more that holds whatever the cohorts: every municipality is in
    exactly one session at an allowed venue (its nearest one at best) at least
    ``min_days_after_cohort`` days after its cohort ends, and there are at least the fewest
    sessions configured (rules T1, T2).
    """
    calendar = data.instance.calendar
    if "politicians" not in stages or calendar is None or calendar.politicians is None:
        return 0
    track = calendar.politicians
    venues = track.venues or data.instance.venue_ids()
    municipalities = [m.id for m in data.instance.municipalities]
    travel = sum(min(data.minutes(m, v) for v in venues) for m in municipalities)
    wait = len(municipalities) * track.min_days_after_cohort
    sessions = track.session_range()[0]
    weights = data.instance.weights
    return (
        weights.politician_travel * travel
        + weights.politician_wait * wait
        + weights.politician_session_count * sessions
    )


def later_value(data: ProblemData, terms: dict[str, int]) -> int:
    """The weighted value of the terms the later stages optimise."""
    cohort_terms = {**TERMS_BY_STAGE["cohorts"], **CHANGE_TERMS_BY_STAGE["cohorts"]}
    return weighted_objective(data, {k: v for k, v in terms.items() if k not in cohort_terms})


def whole_plan_claims(
    data: ProblemData,
    reports: list[StageReport],
    terms: dict[str, int],
    stages: tuple[str, ...],
) -> tuple[SolveStatus, int | None, float | None]:
    """Status, bound and gap of a complete, valid plan for its whole weighted objective.

    ``reports[0]`` is the cohort stage's report; ``terms`` are the plan's recomputed terms.
    """
    objective = weighted_objective(data, terms)
    cohort = reports[0]
    floor = later_floor(data, stages)
    bound = None if cohort.bound is None else min(cohort.bound + floor, objective)
    if cohort.status is SolveStatus.OPTIMAL and later_value(data, terms) <= floor:
        status = SolveStatus.OPTIMAL
    elif all(r.status is SolveStatus.OPTIMAL for r in reports):
        status = SolveStatus.STAGE_OPTIMAL
    else:
        status = SolveStatus.FEASIBLE
    if status is SolveStatus.OPTIMAL and bound is not None:
        bound = objective
    gap = None if bound is None else relative_gap(objective, bound)
    return status, bound, gap
