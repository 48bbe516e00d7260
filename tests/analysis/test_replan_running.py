"""Re-planning the embedded programme while it runs (issue 16's acceptance): what a change does
not touch stays exactly as it was, what is held never changes, and the diff lists each change
once, with names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kompetanse_opt import replan, solve
from kompetanse_opt.analysis.changes import FacilitatorUnavailable, Withdraw
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.vestland import vestland_instance

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedded() -> Plan:
    return solve(vestland_instance()).require_plan()


def _fixed(cohort: CohortPlan) -> dict[str, Any]:
    """A cohort's groups, dates, venues, facilitators and half days, as the plan file has them."""
    return cohort.model_dump(mode="json")


def test_withdrawing_from_cohort_3_changes_nothing_else(embedded: Plan) -> None:
    instance = vestland_instance()
    today = embedded.cohort(1).gatherings[0].dates[-1]
    gone = embedded.cohort(3).municipalities[0]
    name = instance.municipality(gone).name
    outcome = replan(instance, embedded, today=today, changes=[Withdraw(name)])
    plan = outcome.result.require_plan()
    for k in (1, 2, 4):
        assert _fixed(plan.cohort(k)) == _fixed(embedded.cohort(k)), f"cohort {k} changed"
    # Nothing held changes anywhere.
    for c in embedded.cohorts:
        for g in c.gatherings:
            if g.dates and g.dates[0] <= today:
                assert plan.cohort(c.id).gatherings[g.index - 1] == g
    diff = outcome.diff
    lines = diff.lines()
    assert len(lines) == len(set(lines))
    named = diff.lines({gone: name})
    assert named[0].startswith(f"withdrawn {name} (")
    assert not diff.moved and not diff.added
    assert {g.cohort for g in diff.group_changes} <= {3}
    assert all(v.cohort == 3 for v in diff.venue_changes)
    assert all(d.cohort == 3 for d in diff.date_changes)
    assert all(f.cohort == 3 for f in diff.facilitator_changes)


def test_a_facilitator_unavailable_on_one_announced_day_moves_only_that_cohorts_staff(
    embedded: Plan,
) -> None:
    """The embedded pool has 4 facilitators who each serve at least 4 cohorts (H6): each serves
    every cohort, so a cohort's four staff slots hold each of them once. Taking one off a
    gathering therefore swaps them with someone at the cohort's other gathering: two announced
    staff changes (cheaper than moving an announced date), nothing else anywhere."""
    instance = vestland_instance()
    today = embedded.cohort(1).gatherings[0].dates[-1]
    target = embedded.cohort(2).gatherings[0]
    ill = target.facilitators[0]
    day = target.dates[0]
    change = FacilitatorUnavailable(ill, day)
    outcome = replan(
        instance,
        embedded,
        today=today,
        published_until=dt.date(2025, 12, 31),
        changes=[change],
    )
    plan = outcome.result.require_plan()
    new = plan.cohort(2).gatherings[0]
    assert ill not in new.facilitators or new.dates[0] != day
    for c in embedded.cohorts:
        for g in c.gatherings:
            after = plan.cohort(c.id).gatherings[g.index - 1]
            assert (after.dates, after.venue) == (g.dates, g.venue), (c.id, g.index)
            if c.id != 2:
                assert after.facilitators == g.facilitators, (c.id, g.index)
    diff = outcome.diff
    assert {f.cohort for f in diff.facilitator_changes} <= {2}
    assert diff.date_changes == [] and diff.venue_changes == []
    assert outcome.result.terms["changed_facilitators_announced"] <= 2


def test_the_plan_file_keeps_untouched_cohorts_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["plan", "--out", "p.json"]).exit_code == 0
    before = json.loads(Path("p.json").read_text(encoding="utf-8"))
    today = before["cohorts"][0]["gatherings"][0]["dates"][-1]
    third = before["cohorts"][2]["municipalities"][0]
    args = ["replan", "p.json", "--out", "q.json", "--today", today, "--withdraw", third]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    after = json.loads(Path("q.json").read_text(encoding="utf-8"))
    for k in (0, 1, 3):
        text = json.dumps(before["cohorts"][k], sort_keys=True)
        assert json.dumps(after["cohorts"][k], sort_keys=True) == text, f"cohort {k + 1}"
    assert result.stdout.count("withdrawn ") == 1
    assert runner.invoke(main, ["check", "q.json"]).exit_code == 0
