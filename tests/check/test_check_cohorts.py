"""Each checker rule on a plan that passes and on plans that break it."""

from __future__ import annotations

from builders import make_instance
from kompetanse_opt.check import check
from kompetanse_opt.check.cohort_rules import (
    check_h1_one_cohort_per_participant,
    check_h2_cohort_sizes,
    check_h3_venues,
    check_h7_pins,
    check_h8_together_apart,
    check_p6_cannot_attend,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan


def plan_of(
    instance: Instance, cohorts: dict[int, list[str]], venues: dict[int, list[str]]
) -> Plan:
    members = instance.participants_of()
    return Plan(
        cohorts=[
            CohortPlan(
                id=k,
                municipalities=munis,
                participants=[p for m in munis for p in members[m]],
                gatherings=[GatheringPlan(index=i + 1, venue=v) for i, v in enumerate(venues[k])],
            )
            for k, munis in cohorts.items()
        ]
    )


INSTANCE = make_instance([3, 4, 2, 5])  # 1001..1004, 2 cohorts of 10, venues a (any), b (max 1)
GOOD = plan_of(INSTANCE, {1: ["1001", "1002", "1003"], 2: ["1004"]}, {1: ["a", "b"], 2: ["a", "a"]})


def rules(violations: list) -> set[str]:
    return {v.rule for v in violations}


def test_valid_plan_has_no_violations() -> None:
    assert check(INSTANCE, GOOD) == []


def test_h1_missing_and_duplicated_participant() -> None:
    bad = GOOD.model_copy(deep=True)
    bad.cohorts[0].participants.remove("1001-0")
    bad.cohorts[1].participants.append("1002-0")
    found = check_h1_one_cohort_per_participant(INSTANCE, bad)
    messages = " ".join(v.message for v in found)
    assert "1001-0 is in no cohort" in messages
    assert "1002-0 is in 2 cohorts" in messages
    assert "never split" in messages


def test_h1_municipality_listed_twice_or_missing() -> None:
    bad = plan_of(
        INSTANCE, {1: ["1001", "1002"], 2: ["1002", "1004"]}, {1: ["a", "b"], 2: ["a", "a"]}
    )
    found = check_h1_one_cohort_per_participant(INSTANCE, bad)
    assert any("1003 is listed in 0" in v.message for v in found)
    assert any("1002 is listed in 2" in v.message for v in found)


def test_h2_capacity_minimum_and_cohort_ids() -> None:
    over = plan_of(
        INSTANCE, {1: ["1001", "1002", "1004"], 2: ["1003"]}, {1: ["a", "b"], 2: ["a", "a"]}
    )
    found = check_h2_cohort_sizes(INSTANCE, over)
    assert [v.amount for v in found] == [2]
    small = make_instance(
        [3, 4, 2, 5], cohorts={"count": 2, "capacity": 10, "minimum": 5, "gatherings": 2}
    )
    under = plan_of(
        small, {1: ["1001", "1002", "1004"], 2: ["1003"]}, {1: ["a", "b"], 2: ["a", "a"]}
    )
    assert any("below minimum 5" in v.message for v in check_h2_cohort_sizes(small, under))
    renumbered = plan_of(
        INSTANCE, {1: ["1001", "1002", "1003"], 3: ["1004"]}, {1: ["a", "b"], 3: ["a", "a"]}
    )
    messages = [v.message for v in check_h2_cohort_sizes(INSTANCE, renumbered)]
    assert any("cohort 2 is missing" in m for m in messages)
    assert any("cohort 3 does not exist" in m for m in messages)


def test_h3_venue_limit_unknown_venue_and_gathering_count() -> None:
    twice_b = plan_of(
        INSTANCE, {1: ["1001", "1002", "1003"], 2: ["1004"]}, {1: ["a", "b"], 2: ["b", "a"]}
    )
    assert any("limit 1" in v.message for v in check_h3_venues(INSTANCE, twice_b))
    unknown = plan_of(
        INSTANCE, {1: ["1001", "1002", "1003"], 2: ["1004"]}, {1: ["a", "x"], 2: ["a", "a"]}
    )
    assert any("unknown venue 'x'" in v.message for v in check_h3_venues(INSTANCE, unknown))
    short = plan_of(INSTANCE, {1: ["1001", "1002", "1003"], 2: ["1004"]}, {1: ["a"], 2: ["a", "a"]})
    assert any("expected [1, 2]" in v.message for v in check_h3_venues(INSTANCE, short))


def test_h3_room_capacity() -> None:
    data = INSTANCE.model_dump()
    data["venues"][1]["room_capacity"] = 5
    instance = Instance.model_validate(data)
    found = check_h3_venues(instance, GOOD)
    assert len(found) == 1 and found[0].amount == 4


def test_h7_pins() -> None:
    pinned = INSTANCE.model_copy(
        update={
            "pins": INSTANCE.pins.model_validate(
                {
                    "municipalities": [{"municipality": "1004", "cohort": 1}],
                    "gatherings": [{"cohort": 2, "gathering": 1, "venue": "b"}],
                }
            )
        }
    )
    assert len(check_h7_pins(pinned, GOOD)) == 2


def test_h8_hard_together_and_apart() -> None:
    instance = make_instance(
        [3, 4, 2, 5],
        together=[{"id": "t", "municipalities": ["1001", "1004"], "hard": True}],
        apart=[{"id": "a", "municipalities": ["1001", "1002"], "hard": True}],
    )
    found = check_h8_together_apart(instance, GOOD)
    assert len(found) == 2
    soft = make_instance([3, 4, 2, 5], together=[{"id": "t", "municipalities": ["1001", "1004"]}])
    assert check_h8_together_apart(soft, GOOD) == []


def test_p6_cannot_attend() -> None:
    instance = make_instance([3, 4, 2, 5], wishes=[{"municipality": "1004", "cannot_attend": [2]}])
    assert rules(check_p6_cannot_attend(instance, GOOD)) == {"P6"}
    assert rules(check(instance, GOOD)) == {"P6"}
