"""Issue 16, minimal change for groups too: withdrawing a municipality of cohort 3 from the running
embedded programme keeps cohort 3's groups but for a handful of people, and the result's
``changed_groups`` is the number of group changes the diff lists."""

from __future__ import annotations

import pytest

from kompetanse_opt import replan, solve
from kompetanse_opt.analysis.changes import Withdraw
from kompetanse_opt.model.plan import Plan, SolveStatus
from kompetanse_opt.model.vestland import vestland_instance

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedded() -> Plan:
    return solve(vestland_instance()).require_plan()


@pytest.mark.parametrize("which", [0, 1])
def test_withdrawing_from_cohort_3_changes_few_group_memberships(
    embedded: Plan, which: int
) -> None:
    instance = vestland_instance()
    today = embedded.cohort(1).gatherings[0].dates[-1]
    gone = embedded.cohort(3).municipalities[which]
    outcome = replan(
        instance, embedded, today=today, changes=[Withdraw(instance.municipality(gone).name)]
    )
    result = outcome.result
    changes = outcome.diff.group_changes
    assert {g.cohort for g in changes} <= {3}
    assert len(changes) < 10  # the fresh solve this replaces changed 82
    assert result.terms["changed_groups"] == len(changes)
    # Nobody proved these groups best: no stage or whole-plan claim of optimality for them.
    for report in result.stage_results:
        if report.name == "groups" and report.cohort == 3:
            assert report.status is not SolveStatus.OPTIMAL
    assert result.status is not SolveStatus.OPTIMAL
