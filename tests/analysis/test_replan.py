"""Re-planning, plan diffs, placement advice and lexicographic levels."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import make_instance
from kompetanse_opt import check, solve
from kompetanse_opt.analysis.placement import advise_placement
from kompetanse_opt.analysis.replan import diff_plans, replan
from kompetanse_opt.core.errors import PlanFileError
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, SolveStatus
from kompetanse_opt.objective import TERM_NAMES
from strategies import small_instances


def apply_diff(before: Plan, instance: Instance, diff) -> dict[str, int]:  # type: ignore[no-untyped-def]
    cohort_of = {pid: c.id for c in before.cohorts for pid in c.participants}
    for move in diff.withdrawn:
        del cohort_of[move.participant]
    for move in [*diff.moved, *diff.added]:
        cohort_of[move.participant] = move.after
    return cohort_of


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(small_instances(), st.data())
def test_withdrawal_moves_nobody_else(instance: Instance, data: st.DataObject) -> None:
    assume(len(instance.municipalities) >= 2)
    # Without a minimum the old plan minus the withdrawn municipality stays feasible.
    instance = instance.replace(cohorts=instance.cohorts.model_copy(update={"minimum": 0}))
    first = solve(instance)
    assume(first.plan is not None)
    assert first.plan is not None
    gone = data.draw(st.sampled_from([m.id for m in instance.municipalities]))
    smaller = instance.without_municipalities([gone])
    outcome = replan(smaller, first.plan)
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert outcome.moved_participants == 0
    new_plan = outcome.result.require_plan()
    assert check(smaller, new_plan) == []
    assert {m.participant for m in outcome.diff.withdrawn} == set(instance.participants_of()[gone])
    assert apply_diff(first.plan, smaller, outcome.diff) == {
        pid: c.id for c in new_plan.cohorts for pid in c.participants
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(), small_instances())
def test_diff_matches_the_two_plans(first: Instance, second: Instance) -> None:
    a, b = solve(first).plan, solve(second).plan
    assume(a is not None and b is not None)
    assert a is not None and b is not None
    diff = diff_plans(a, b, second)
    assert apply_diff(a, second, diff) == {pid: c.id for c in b.cohorts for pid in c.participants}
    old = {(c.id, g.index): g.venue for c in a.cohorts for g in c.gatherings}
    new = {(c.id, g.index): g.venue for c in b.cohorts for g in c.gatherings}
    for change in diff.venue_changes:
        assert old.get((change.cohort, change.gathering)) == change.before
        assert new.get((change.cohort, change.gathering)) == change.after
    assert len(diff.venue_changes) == sum(old.get(k) != new.get(k) for k in old.keys() | new.keys())


def test_move_budget_is_a_hard_cap() -> None:
    instance = make_instance([3, 3, 2, 2], cohorts={"count": 2, "capacity": 5, "gatherings": 1})
    plan = solve(instance).require_plan()
    # Pinning a municipality elsewhere forces moves; a budget of 0 then has no plan.
    mover = plan.cohorts[0].municipalities[0]
    other = 2 if plan.cohorts[0].id == 1 else 1
    pinned = instance.replace(pins={"municipalities": [{"municipality": mover, "cohort": other}]})
    assert replan(pinned, plan, max_moves=0).result.status is SolveStatus.INFEASIBLE
    outcome = replan(pinned, plan, max_moves=10)
    assert outcome.result.status.has_plan
    assert outcome.moved_participants <= 10
    assert any(m.participant.startswith(mover) for m in outcome.diff.moved)


def test_foreign_plan_is_refused_with_reasons() -> None:
    plan = solve(make_instance([3, 4, 2])).require_plan()
    other = make_instance(
        {"2001": 3, "2002": 4}, cohorts={"count": 3, "capacity": 10, "gatherings": 2}
    )
    with pytest.raises(PlanFileError) as info:
        replan(other, plan)
    text = str(info.value)
    assert "the plan has 2 cohorts, the instance 3" in text
    assert "shares no municipality" in text


def test_placement_advice_ranks_valid_cohorts_by_cost() -> None:
    instance = make_instance([3, 3, 2], cohorts={"count": 2, "capacity": 6, "gatherings": 1})
    plan = solve(instance.without_municipalities(["1003"])).require_plan()
    advice = advise_placement(instance, plan, "1003")
    assert [a.cohort for a in advice] and all(a.valid for a in advice)
    assert advice == sorted(advice, key=lambda a: a.objective_change)
    for a in advice:
        assert a.terms_change["travel_total"] > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(), st.data())
def test_lexicographic_levels_never_worsen_a_higher_level(
    instance: Instance, data: st.DataObject
) -> None:
    names = ["travel_total", "travel_worst", "size_imbalance"]
    first = data.draw(st.sampled_from(names))
    ranked = instance.replace(priorities=[[first]])
    result = solve(ranked)
    if not result.status.has_plan:
        assert not solve(instance).status.has_plan
        return
    alone = solve(instance.replace(weights={n: int(n == first) for n in TERM_NAMES}))
    assert result.terms[first] == alone.terms[first]
    levels = result.stage_results[0].levels
    assert [level.name for level in levels] == [first, "objective"]
    assert all(level.status is SolveStatus.OPTIMAL for level in levels)


def test_replan_keeps_groups_of_unchanged_cohorts_and_regroups_the_changed_one() -> None:
    from builders import make_group_instance

    people = {str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(10)}
    instance = make_group_instance(people, cohorts={"count": 2, "capacity": 15, "gatherings": 2})
    first = solve(instance)
    plan = first.require_plan()
    assert plan.stages == ("cohorts", "groups")
    gone = plan.cohort(1).municipalities[0]
    outcome = replan(instance.without_municipalities([gone]), plan)
    new_plan = outcome.result.require_plan()
    assert outcome.moved_participants == 0
    assert new_plan.stages == ("cohorts", "groups")
    assert [g.groups for g in new_plan.cohort(2).gatherings] == [
        g.groups for g in plan.cohort(2).gatherings
    ]
    solved = {r.cohort for r in outcome.result.stage_results if r.name == "groups"}
    assert solved == {1}  # cohort 2 kept its groups without a solve
    assert outcome.diff.regrouped == [1]
    # Each participant whose group really changed is listed once (not "groups formed anew").
    changed = [g.participant for g in outcome.diff.group_changes]
    assert len(changed) == len({(g.participant, g.gathering) for g in outcome.diff.group_changes})
    assert all(g.cohort == 1 for g in outcome.diff.group_changes)
    assert not any("formed anew" in line for line in outcome.diff.lines())
