"""The group stage on small cohorts: rules, terms, merging and networking.

Bad group input is in ``tests/model/test_group_settings.py``.
"""

from __future__ import annotations

import pytest

from builders import make_group_instance
from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.groups.stage import solve_group_stage

STAFF_AND_HEALTH = {
    str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(6)
}


def solved(instance):  # type: ignore[no-untyped-def]
    result = solve(instance)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert plan.stages == ("cohorts", "groups")
    assert check(instance, plan) == []
    assert evaluate_terms(prepare(instance), plan) == result.terms
    return result, plan


def test_every_participant_in_one_group_of_their_area_per_gathering() -> None:
    instance = make_group_instance(STAFF_AND_HEALTH)
    result, plan = solved(instance)
    person = {p.id: p for p in instance.participants}
    for g in plan.cohorts[0].gatherings:
        placed = [pid for group in g.groups for pid in group.participants]
        assert sorted(placed) == sorted(person)
        for group in g.groups:
            assert {person[pid].service_area for pid in group.participants} == {group.service_area}
        sizes = sorted(len(x.participants) for x in g.groups if x.service_area == "staff_support")
        assert sizes == [6, 6]
        # 'avoid': each municipality's two staff people are spread over the two staff groups.
        for group in g.groups:
            municipalities = [person[pid].municipality for pid in group.participants]
            assert len(municipalities) == len(set(municipalities))
    reports = [r for r in result.stage_results if r.name == "groups"]
    assert [(r.cohort, r.gathering) for r in reports] == [(1, 1), (1, 2)]
    assert all(r.status is SolveStatus.OPTIMAL and r.gap == 0.0 for r in reports)
    assert sum(r.terms["meeting_repeats"] for r in reports) == result.terms["meeting_repeats"]


def test_second_gathering_mixes_similar_sizes_apart() -> None:
    # Two small and two large municipalities, groups of exactly two: gathering 1 pairs similar
    # sizes, gathering 2 must not repeat a pair when repeats cost more than any size spread.
    people = {m: ["technical"] for m in ("1001", "1002", "1003", "1004")}
    populations = {"1001": 1000, "1002": 1100, "1003": 50000, "1004": 60000}
    instance = make_group_instance(
        people,
        populations=populations,
        groups={"min_size": 2, "max_size": 2},
        weights={"group_size_spread": 1, "meeting_repeats": 1000},
    )
    result, plan = solved(instance)
    first, second = ([sorted(x.participants) for x in g.groups] for g in plan.cohorts[0].gatherings)
    assert sorted(first) == [["1001-0", "1002-0"], ["1003-0", "1004-0"]]
    assert not set(map(tuple, first)) & set(map(tuple, second))
    assert result.terms["meeting_repeats"] == 0
    meetings = plan.meetings
    assert meetings is not None
    assert (meetings.pairs_met, meetings.repeated_pairs, meetings.repeat_meetings) == (4, 0, 0)
    assert {m.municipality: m.met for m in meetings.municipalities} == dict.fromkeys(people, 2)


def test_small_area_merges_into_its_target_and_nobody_is_dropped() -> None:
    people = {
        "1001": ["culture", "education", "staff_support"],
        "1002": ["education", "staff_support"],
        "1003": ["education", "staff_support"],
        "1004": ["staff_support"],
    }
    instance = make_group_instance(people)
    layouts, problems = area_layouts(instance, [p.id for p in instance.participants])
    assert problems == []
    assert {x.area: (x.merged, x.n, x.groups) for x in layouts} == {
        "education": (("education", "culture"), 4, 1),
        "staff_support": (("staff_support",), 4, 1),
    }
    _, plan = solved(instance)
    education = [x for x in plan.cohorts[0].gatherings[0].groups if x.service_area == "education"]
    assert "1001-0" in education[0].participants


def test_too_small_area_without_merge_target_names_cohort_area_and_numbers() -> None:
    # Two cohorts of at most 6; whichever cohort gets the 3-person municipality alone has 3.
    people = {"1001": ["staff_support"] * 3, "1002": ["staff_support"] * 6}
    instance = make_group_instance(people, cohorts={"count": 2, "capacity": 6, "gatherings": 1})
    result = solve(instance)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.plan is None
    assert any(
        "cohort" in r and "'staff_support'" in r and "has 3 participants" in r and "4–8" in r
        for r in result.reasons
    ), result.reasons
    cohort_only = solve(instance, skip=("groups",))
    assert cohort_only.status is SolveStatus.OPTIMAL


def test_counting_causes_before_search() -> None:
    tiny = make_group_instance({"1001": ["staff_support"] * 3})
    result = solve(tiny)
    assert result.status is SolveStatus.INFEASIBLE
    assert any("smallest discussion group has 4" in r for r in result.reasons)
    no_target = make_group_instance(
        {"1001": ["culture"] + ["staff_support"] * 4}, groups={"merge_into": {}}
    )
    reasons = solve(no_target).reasons
    assert any("'culture' has 1 participants" in r and "no merge target" in r for r in reasons)


def test_forbid_needs_a_group_per_person_of_a_municipality() -> None:
    people = {"1001": ["health_care"] * 3, "1002": ["health_care"] * 2}
    instance = make_group_instance(people, groups={"same_municipality": "forbid", "merge_into": {}})
    result = solve(instance)
    assert result.status is SolveStatus.INFEASIBLE
    assert any("municipality 1001 has 3 people" in r for r in result.reasons), result.reasons
    allowed = make_group_instance(people, groups={"same_municipality": "allow", "merge_into": {}})
    solved(allowed)


def test_avoid_spreads_a_large_municipality_evenly() -> None:
    # 1001 has 3 of the 12 health people; with 2 groups it may have at most 2 in one.
    people = {"1001": ["health_care"] * 3, **{str(1002 + i): ["health_care"] * 3 for i in range(3)}}
    _, plan = solved(make_group_instance(people))
    for group in plan.cohorts[0].gatherings[0].groups:
        assert sum(pid.startswith("1001-") for pid in group.participants) <= 2


def test_cohort_only_plan_has_no_groups() -> None:
    instance = make_group_instance(STAFF_AND_HEALTH)
    result = solve(instance, skip=("groups",))
    plan = result.require_plan()
    assert plan.stages == ("cohorts",) and plan.meetings is None
    assert all(not g.groups for c in plan.cohorts for g in c.gatherings)
    assert "meeting_repeats" not in result.terms
    with pytest.raises(ValueError, match="cannot skip"):
        solve(instance, skip=("cohorts",))


def test_groups_do_not_depend_on_workers_or_repeated_runs() -> None:
    people = {str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(8)}
    instance = make_group_instance(people, cohorts={"count": 2, "capacity": 12, "gatherings": 2})
    cohorts = solve(instance, skip=("groups",)).require_plan()
    data = prepare(instance)
    plans = [
        solve_group_stage(data, cohorts, EngineSettings(20.0, 0, workers)).plan
        for workers in (1, 2, 2)
    ]
    assert plans[0] is not None and plans[0] == plans[1] == plans[2]


def test_bounds_no_group_count_can_meet_name_the_numbers() -> None:
    # 7 people, groups of 5-6: one group is too small a room, two groups too few people.
    instance = make_group_instance(
        {"1001": ["staff_support"] * 4, "1002": ["staff_support"] * 3},
        groups={"min_size": 5, "max_size": 6},
    )
    result = solve(instance)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.reasons == [
        "cohort 1: service area 'staff_support' has 7 participants: groups of 5–6 cannot hold"
        " them (no number of groups holds 7 within the size bounds and a size difference of at"
        " most 1) and it has no merge target"
    ]
