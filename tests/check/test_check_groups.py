"""Each H4 checker rule on a grouped plan that passes and on plans that break it."""

from __future__ import annotations

from builders import make_group_instance
from kompetanse_opt import check
from kompetanse_opt.check.group_rules import (
    check_h4_group_sizes,
    check_h4_groups_per_service_area,
    check_h4_one_group_per_participant,
    check_h4_same_municipality,
)
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, GroupPlan, Plan

MUNICIPALITIES = ("1001", "1002", "1003", "1004")
# Each municipality: two staff people (-0, -1) and one in health (-2); groups of 2-4, so staff
# gets two groups of four (one person of each municipality in each) and health one group.
INSTANCE = make_group_instance(
    {m: ["staff_support", "staff_support", "health_care"] for m in MUNICIPALITIES},
    groups={"min_size": 2, "max_size": 4},
)


def grouped(groups: dict[str, tuple[str, list[str]]], second: dict | None = None) -> Plan:  # type: ignore[type-arg]
    """A one-cohort plan with the same groups at both gatherings unless ``second`` is given."""

    def gathering(index: int, spec: dict[str, tuple[str, list[str]]]) -> GatheringPlan:
        return GatheringPlan(
            index=index,
            venue="a",
            groups=[
                GroupPlan(id=f"g{index}-{gid}", service_area=area, participants=members)
                for gid, (area, members) in spec.items()
            ],
        )

    return Plan(
        stages=("cohorts", "groups"),
        cohorts=[
            CohortPlan(
                id=1,
                municipalities=list(MUNICIPALITIES),
                participants=[p.id for p in INSTANCE.participants],
                gatherings=[gathering(1, groups), gathering(2, second or groups)],
            )
        ],
    )


GOOD_GROUPS = {
    "s1": ("staff_support", [f"{m}-0" for m in MUNICIPALITIES]),
    "s2": ("staff_support", [f"{m}-1" for m in MUNICIPALITIES]),
    "h1": ("health_care", [f"{m}-2" for m in MUNICIPALITIES]),
}
GOOD = grouped(GOOD_GROUPS)


def messages(violations: list) -> str:  # type: ignore[type-arg]
    assert all(v.rule == "H4" for v in violations)
    return " | ".join(v.message for v in violations)


def test_valid_grouped_plan_passes_and_cohort_only_plan_skips_group_rules() -> None:
    assert check(INSTANCE, GOOD) == []
    cohort_only = GOOD.model_copy(update={"stages": ("cohorts",)})
    without_groups = grouped({})
    assert check(INSTANCE, cohort_only.model_copy(update={"cohorts": without_groups.cohorts})) == []
    assert "has no discussion groups" in messages(check(INSTANCE, without_groups))


def test_one_group_per_participant() -> None:
    missing = dict(GOOD_GROUPS, h1=("health_care", ["1001-2", "1002-2", "1003-2"]))
    twice = dict(GOOD_GROUPS, s2=("staff_support", ["1001-1", "1002-1", "1003-1", "1001-0"]))
    stranger = dict(GOOD_GROUPS, h1=("health_care", [*GOOD_GROUPS["h1"][1], "9999-0"]))
    text = messages(check_h4_one_group_per_participant(INSTANCE, grouped(missing)))
    assert "participant 1004-2 is in 0 groups" in text
    text = messages(check_h4_one_group_per_participant(INSTANCE, grouped(twice)))
    assert "participant 1001-0 is in 2 groups" in text and "1004-1 is in 0 groups" in text
    text = messages(check_h4_one_group_per_participant(INSTANCE, grouped(stranger)))
    assert "9999-0 is in a group but not in the cohort" in text
    same_ids = grouped(GOOD_GROUPS)
    same_ids.cohorts[0].gatherings[1].groups[0].id = "g1-s1"
    assert "group id 'g1-s1' is used 2 times" in messages(
        check_h4_one_group_per_participant(INSTANCE, same_ids)
    )


def test_groups_per_service_area() -> None:
    swapped = dict(
        GOOD_GROUPS,
        s1=("staff_support", ["1001-0", "1002-0", "1003-0", "1004-2"]),
        h1=("health_care", ["1001-2", "1002-2", "1003-2", "1004-0"]),
    )
    text = messages(check_h4_groups_per_service_area(INSTANCE, grouped(swapped)))
    assert "is for staff_support but holds 1004-2 (health_care)" in text
    one_staff_group = {
        "s": ("staff_support", [f"{m}-{k}" for m in MUNICIPALITIES for k in (0, 1)]),
        "h1": GOOD_GROUPS["h1"],
    }
    text = messages(check_h4_groups_per_service_area(INSTANCE, grouped(one_staff_group)))
    assert "staff_support has 1 groups, expected 2" in text
    ghost = dict(GOOD_GROUPS, x=("culture", []))
    assert "groups for 'culture', which has nobody here" in messages(
        check_h4_groups_per_service_area(INSTANCE, grouped(ghost))
    )


def test_group_sizes_and_balance() -> None:
    uneven = dict(
        GOOD_GROUPS,
        s1=("staff_support", ["1001-0", "1002-0", "1003-0", "1004-0", "1001-1"]),
        s2=("staff_support", ["1002-1", "1003-1", "1004-1"]),
    )
    found = check_h4_group_sizes(INSTANCE, grouped(uneven))
    text = messages(found)
    assert "has 5 people, outside 2–4" in text
    assert "staff_support groups have sizes [3, 5], more than 1 apart" in text
    assert check_h4_group_sizes(INSTANCE, GOOD) == []


def test_same_municipality_only_when_unavoidable() -> None:
    doubled = dict(
        GOOD_GROUPS,
        s1=("staff_support", ["1001-0", "1001-1", "1002-0", "1003-0"]),
        s2=("staff_support", ["1002-1", "1003-1", "1004-0", "1004-1"]),
    )
    found = check_h4_same_municipality(INSTANCE, grouped(doubled))
    assert len(found) == 4  # 1001 and 1004, at both gatherings
    assert "has 2 people from 1001; same_municipality='avoid' allows 1" in messages(found)
    allow = INSTANCE.model_copy(
        update={"groups": INSTANCE.groups.model_copy(update={"same_municipality": "allow"})}
    )
    assert check_h4_same_municipality(allow, grouped(doubled)) == []
