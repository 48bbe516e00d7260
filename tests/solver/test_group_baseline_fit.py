"""A re-plan keeps a changed cohort's groups as close to the baseline's as the rules allow:
the baseline's groups less the leavers, newcomers in the smallest group, the fewest moves to
rebalance (``solver/groups/baseline_fit.py``), unless a fresh solve is better in the weighted
group terms plus ``changed_groups``; such groups are never claimed optimal."""

from __future__ import annotations

import pytest

from builders import make_group_instance
from kompetanse_opt import check, solve
from kompetanse_opt.model.freeze import with_baseline
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, Result, SolveStatus
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.objective.change_terms import moved_people
from kompetanse_opt.solver.groups.baseline_fit import cohort_value, fitted_groups
from kompetanse_opt.solver.groups.pinned import baseline_cohorts

pytestmark = pytest.mark.slow


def _people(extra: int = 0) -> dict[str, list[str]]:
    """Ten municipalities of 1-3 people (19 in all, three groups); ``extra`` more for 1001."""
    people = {str(1001 + i): ["health_care"] * (1 + i % 3) for i in range(10)}
    people["1001"] += ["health_care"] * extra
    return people


def _before() -> tuple[Instance, Plan]:
    instance = make_group_instance(_people())
    return instance, solve(instance, time_limit=10).require_plan()


def _moved(before: Plan, after: Plan) -> int:
    """Group changes as the diff lists them: the fewest people moved, gathering by gathering."""
    old = {(c.id, g.index): g for c in before.cohorts for g in c.gatherings}
    return sum(
        moved_people(
            [x.participants for x in old[c.id, g.index].groups], [x.participants for x in g.groups]
        )
        for c in after.cohorts
        for g in c.gatherings
    )


def _replanned(instance: Instance) -> Result:
    result = solve(instance, time_limit=10)
    plan = result.require_plan()
    assert check(instance, plan) == []
    assert (
        result.terms["changed_groups"] == evaluate_terms(prepare(instance), plan)["changed_groups"]
    )
    groups = [r for r in result.stage_results if r.name == "groups"]
    assert groups and all(r.status is not SolveStatus.OPTIMAL for r in groups)
    assert result.status is not SolveStatus.OPTIMAL
    return result


@pytest.mark.parametrize("gone", ["1001", "1002", "1005"])
def test_a_withdrawal_moves_at_most_one_person_per_gathering(gone: str) -> None:
    instance, before = _before()
    changed = with_baseline(instance.without_municipalities([gone]), before)
    result = _replanned(changed)
    assert result.terms["changed_groups"] == _moved(before, result.require_plan())
    assert result.terms["changed_groups"] <= len(before.cohorts[0].gatherings)


def test_a_newcomer_joins_a_group_and_nobody_else_moves() -> None:
    _, before = _before()
    grown = with_baseline(make_group_instance(_people(extra=1)), before)
    result = _replanned(grown)
    after = result.require_plan()
    assert result.terms["changed_groups"] == _moved(before, after) == 0
    assert "1001-1" in after.cohorts[0].participants


def test_the_kept_groups_are_no_worse_than_the_baseline_fitted() -> None:
    """Withdrawing three people leaves two groups: the fitted baseline dissolves one; whichever
    the stage keeps is no worse in group terms plus weighted changed_groups."""
    instance, before = _before()
    changed = with_baseline(instance.without_municipalities(["1003"]), before)
    after = _replanned(changed).require_plan()
    data = prepare(changed)
    cohort = after.cohorts[0]
    fitted = fitted_groups(changed, cohort, baseline_cohorts(changed)[cohort.id])
    assert fitted is not None
    assert cohort_value(data, cohort) <= cohort_value(data, fitted)
