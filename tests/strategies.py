"""Hypothesis strategies shared by the solver and analysis tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from builders import make_group_instance, make_instance
from kompetanse_opt.model.instance import Instance

VENUES = ("a", "b", "c")


@st.composite
def small_instances(draw: st.DrawFn, max_municipalities: int = 5, max_cohorts: int = 3) -> Instance:
    n = draw(st.integers(1, max_municipalities))
    sizes = draw(st.lists(st.integers(1, 5), min_size=n, max_size=n))
    k = draw(st.integers(1, max_cohorts))
    gatherings = draw(st.integers(1, 2))
    n_venues = draw(st.integers(1, 3))
    # The first venue is unlimited in most draws, so most instances have plans to compare.
    venues = {
        v: draw(st.one_of(st.none(), st.integers(0, 2)) if i or draw(st.booleans()) else st.none())
        for i, v in enumerate(VENUES[:n_venues])
    }
    ids = [str(1001 + i) for i in range(n)]
    minutes = {(m, v): draw(st.integers(0, 60)) for m in ids for v in venues}
    least = max(max(sizes), -(-sum(sizes) // k))
    capacity = draw(st.integers(least, least + 6))
    minimum = draw(st.integers(0, min(3, capacity)))
    extra: dict[str, Any] = {}
    if n >= 2 and draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        extra["together"] = [{"id": "t", "municipalities": pair, "hard": draw(st.booleans())}]
    if n >= 2 and draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        extra["apart"] = [{"id": "x", "municipalities": pair, "hard": draw(st.booleans())}]
    if n >= 2 and draw(st.booleans()):
        cohorts = list(range(1, k + 1))
        extra["wishes"] = [
            {
                "municipality": ids[0],
                "cannot_attend": draw(st.lists(st.sampled_from(cohorts), max_size=1, unique=True)),
            },
            {
                "municipality": ids[-1],
                "prefers": draw(st.lists(st.sampled_from(cohorts), max_size=2, unique=True)),
            },
        ]
    if draw(st.booleans()):
        extra["pins"] = {
            "municipalities": [{"municipality": ids[0], "cohort": draw(st.integers(1, k))}],
            "gatherings": [
                {
                    "cohort": draw(st.integers(1, k)),
                    "gathering": 1,
                    "venue": draw(st.sampled_from(list(venues))),
                }
            ],
        }
    weights = {
        name: draw(st.integers(0, 30))
        for name in (
            "travel_total",
            "travel_worst",
            "size_imbalance",
            "wish_misses",
            "together_splits",
            "apart_breaches",
        )
    }
    cohorts = {"count": k, "capacity": capacity, "minimum": minimum, "gatherings": gatherings}
    return make_instance(
        sizes, venues=venues, minutes=minutes, cohorts=cohorts, weights=weights, **extra
    )


AREAS = ("health_care", "education", "staff_support")
# Mostly chains that end in staff_support (every area can merge), sometimes none at all.
MERGES: tuple[dict[str, str], ...] = (
    {},
    {"education": "health_care", "health_care": "staff_support"},
    {"education": "staff_support", "health_care": "staff_support"},
    {"health_care": "education", "education": "staff_support"},
)


@st.composite
def tiny_cohorts(draw: st.DrawFn, most_people: int = 7) -> Instance:
    n = draw(st.integers(2, 4))
    people: dict[str, list[str]] = {}
    left = most_people
    for i in range(n):
        k = draw(st.integers(1, min(3, left - (n - i - 1))))
        left -= k
        people[str(1001 + i)] = draw(st.lists(st.sampled_from(AREAS), min_size=k, max_size=k))
    low = draw(st.sampled_from([2, 2, 2, 3]))
    groups: dict[str, Any] = {
        "min_size": low,
        "max_size": draw(st.integers(low, 4)),
        "max_size_difference": draw(st.integers(0, 2)),
        "same_municipality": draw(st.sampled_from(["avoid", "avoid", "allow", "forbid"])),
        "merge_into": draw(st.sampled_from(MERGES)),
        "size_scale": draw(st.sampled_from([1, 10])),
        # These properties are the sequential method's (gathering by gathering); the joint
        # model has its own tests (test_social_golfer.py, test_joint_groups.py).
        "method": "sequential",
    }
    return make_group_instance(
        people,
        populations={m: draw(st.integers(300, 300_000)) for m in people},
        groups=groups,
        weights={
            "group_size_spread": draw(st.integers(0, 5)),
            "meeting_repeats": draw(st.integers(0, 5)),
            "participant_repeats": draw(st.integers(0, 5)),
        },
    )
