"""The cohort model, one constraint family at a time, on small instances with inline travel.

These instances are too small for discussion groups, so they are solved cohort-only.
"""

from __future__ import annotations

from builders import make_instance
from kompetanse_opt import check, evaluate_terms, prepare, solve
from kompetanse_opt.model.plan import SolveStatus

COHORTS_ONLY = ("groups",)  # the stages skipped: these instances are solved cohort-only


def solved(instance):  # type: ignore[no-untyped-def]
    result = solve(instance, skip=COHORTS_ONLY)
    assert result.status is SolveStatus.OPTIMAL, result.reasons
    plan = result.require_plan()
    assert check(instance, plan) == []
    assert evaluate_terms(prepare(instance), plan) == result.terms
    return result, plan


def test_never_splits_a_municipality_and_respects_capacity() -> None:
    instance = make_instance(
        [3, 4, 2, 5, 3, 3], cohorts={"count": 2, "capacity": 10, "gatherings": 2}
    )
    result, plan = solved(instance)
    assert sorted(c.size for c in plan.cohorts) == [10, 10]
    assert result.gap == 0.0 and result.bound == result.objective


def test_balance_term_evens_out_cohorts() -> None:
    instance = make_instance(
        [2, 2, 2, 2],
        cohorts={"count": 2, "capacity": 8, "gatherings": 1},
        weights={"travel_total": 0, "travel_worst": 0},
    )
    result, plan = solved(instance)
    assert [c.size for c in plan.cohorts] == [4, 4]
    assert result.terms["size_imbalance"] == 0


def test_venue_limit_and_travel_choose_the_limited_venue_once() -> None:
    # Venue b is much closer for everyone but may host one gathering in the whole programme.
    minutes = {(m, v): (5 if v == "b" else 60) for m in ("1001", "1002") for v in ("a", "b")}
    instance = make_instance(
        [3, 3], minutes=minutes, cohorts={"count": 2, "capacity": 5, "gatherings": 2}
    )
    result, plan = solved(instance)
    venues = [g.venue for c in plan.cohorts for g in c.gatherings]
    assert venues.count("b") == 1
    assert result.terms["travel_total"] == 3 * (5 + 60) + 3 * (60 + 60)


def test_room_capacity_keeps_large_cohort_out_of_small_room() -> None:
    instance = make_instance(
        [6, 2],
        venues={"a": None, "b": None},
        minutes={("1001", "b"): 1, ("1002", "b"): 1, ("1001", "a"): 50, ("1002", "a"): 50},
        cohorts={"count": 2, "capacity": 6, "gatherings": 1},
    )
    data = instance.model_dump(mode="json")
    data["venues"][1]["room_capacity"] = 4
    small_room = type(instance).model_validate(data)
    _, plan = solved(small_room)
    for cohort in plan.cohorts:
        if cohort.size > 4:
            assert {g.venue for g in cohort.gatherings} == {"a"}


def test_pins_hold() -> None:
    instance = make_instance(
        [3, 4, 2, 5],
        pins={
            "municipalities": [{"municipality": "1004", "cohort": 1}],
            "gatherings": [{"cohort": 2, "gathering": 2, "venue": "b"}],
        },
    )
    _, plan = solved(instance)
    assert "1004" in plan.cohort(1).municipalities
    assert plan.cohort(2).gatherings[1].venue == "b"


def test_hard_together_and_apart() -> None:
    instance = make_instance(
        [3, 4, 2, 5],
        together=[{"id": "t", "municipalities": ["1001", "1004"], "hard": True}],
        apart=[{"id": "x", "municipalities": ["1002", "1003"], "hard": True}],
    )
    _, plan = solved(instance)
    cohort_of = plan.cohort_of_municipality()
    assert cohort_of["1001"] == cohort_of["1004"]
    assert cohort_of["1002"] != cohort_of["1003"]


def test_soft_together_costs_a_split_only_when_needed() -> None:
    fits = make_instance([3, 4, 2, 5], together=[{"id": "t", "municipalities": ["1001", "1002"]}])
    result, _ = solved(fits)
    assert result.terms["together_splits"] == 0
    too_big = make_instance(
        [5, 5, 5, 5], together=[{"id": "t", "municipalities": ["1001", "1002", "1003"]}]
    )
    result, _ = solved(too_big)
    assert result.terms["together_splits"] == 1


def test_wishes_cannot_attend_and_prefers() -> None:
    instance = make_instance(
        [3, 4, 2, 5],
        wishes=[
            {"municipality": "1001", "cannot_attend": [1]},
            {"municipality": "1004", "prefers": [1]},
        ],
    )
    result, plan = solved(instance)
    cohort_of = plan.cohort_of_municipality()
    assert cohort_of["1001"] == 2
    assert cohort_of["1004"] == 1
    assert result.terms["wish_misses"] == 0


def test_counting_cause_reported_without_search() -> None:
    instance = make_instance([5, 5, 5], cohorts={"count": 1, "capacity": 10, "gatherings": 1})
    result = solve(instance, skip=COHORTS_ONLY)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.plan is None
    assert result.reasons == ["cohort capacity 10 × 1 cohorts = 10 < 15 participants"]


def test_infeasible_without_counting_cause() -> None:
    # 3 + 3 + 3 fits 2 × 5 by count but not by packing whole municipalities.
    instance = make_instance([3, 3, 3], cohorts={"count": 2, "capacity": 5, "gatherings": 1})
    result = solve(instance, skip=COHORTS_ONLY)
    assert result.status is SolveStatus.INFEASIBLE
    assert result.reasons


def test_auto_cohort_count() -> None:
    instance = make_instance(
        [3, 4, 2, 5, 3], cohorts={"count": "auto", "capacity": 10, "gatherings": 2}
    )
    assert instance.cohort_count == 2


def test_same_seed_and_workers_give_the_same_plan() -> None:
    instance = make_instance(
        [3, 4, 2, 5, 3, 1, 2], cohorts={"count": 3, "capacity": 8, "gatherings": 2}
    )
    for workers in (1, 2):
        first = solve(instance, seed=3, workers=workers, skip=COHORTS_ONLY)
        second = solve(instance, seed=3, workers=workers, skip=COHORTS_ONLY)
        assert first.plan == second.plan


def test_hint_from_previous_plan_is_accepted() -> None:
    instance = make_instance([3, 4, 2, 5, 3])
    first = solve(instance, skip=COHORTS_ONLY)
    again = solve(instance, hint=first.require_plan(), skip=COHORTS_ONLY)
    assert again.objective == first.objective
