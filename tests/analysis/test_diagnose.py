"""Each counting check, tripped by an instance made for it."""

from __future__ import annotations

from builders import make_instance
from kompetanse_opt.rules import counting as diagnose


def test_too_many_participants() -> None:
    instance = make_instance([5, 5, 5], cohorts={"count": 1, "capacity": 10, "gatherings": 1})
    assert diagnose.too_many_participants(instance) == [
        "cohort capacity 10 × 1 cohorts = 10 < 15 participants"
    ]


def test_too_few_participants_for_minimums() -> None:
    instance = make_instance(
        [2, 2], cohorts={"count": 2, "capacity": 10, "minimum": 3, "gatherings": 1}
    )
    assert "cohort minimum 3 × 2 cohorts = 6 > 4 participants" in diagnose.too_few_participants(
        instance
    )


def test_too_few_venue_slots() -> None:
    instance = make_instance(
        [3, 3], venues={"a": 1, "b": 1}, cohorts={"count": 2, "capacity": 5, "gatherings": 2}
    )
    assert (
        "= 4 gatherings, but the venues may host only 2"
        in diagnose.too_few_venue_slots(instance)[0]
    )


def test_no_room_large_enough() -> None:
    data = make_instance([3, 3]).model_dump(mode="json")
    for venue in data["venues"]:
        venue["room_capacity"] = 2
    instance = type(make_instance([3, 3])).model_validate(data)
    assert "the largest room holds 2" in diagnose.no_room_large_enough(instance)[0]


def test_oversized_hard_set_and_overfull_pins() -> None:
    instance = make_instance(
        [4, 4, 4],
        cohorts={"count": 2, "capacity": 7, "gatherings": 1},
        together=[{"id": "t", "name": "IKT", "municipalities": ["1001", "1002"], "hard": True}],
        pins={
            "municipalities": [
                {"municipality": "1002", "cohort": 1},
                {"municipality": "1003", "cohort": 1},
            ]
        },
    )
    assert diagnose.oversized_hard_sets(instance) == [
        "hard together-set IKT has 8 participants > cohort capacity 7"
    ]
    assert diagnose.overfull_pinned_cohorts(instance) == [
        "municipalities pinned to cohort 1 have 8 participants > cohort capacity 7"
    ]


def test_municipality_without_any_cohort_and_contradictory_sets() -> None:
    instance = make_instance(
        [2, 2, 2],
        wishes=[{"municipality": "1001", "cannot_attend": [1, 2]}],
        together=[{"id": "t", "municipalities": ["1002", "1003"], "hard": True}],
        apart=[{"id": "x", "municipalities": ["1002", "1003"], "hard": True}],
    )
    assert diagnose.municipalities_without_cohort(instance) == [
        "municipality 1001 cannot attend any of the 2 cohorts"
    ]
    assert diagnose.contradictory_sets(instance) == ["apart pair x lies inside hard together-set t"]


def test_clean_instance_has_no_counting_cause() -> None:
    assert diagnose.counting_causes(make_instance([3, 4, 2])) == []
