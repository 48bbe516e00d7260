"""The politicians' stage chooses how many sessions to hold, sizes them by head count within the
room, keeps neighbours (one region) together and never crowds an evening (T1-T3)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan

SIZES = [3, 4, 2, 5, 3, 2]


def instance(
    politicians: dict[str, Any],
    *,
    regions: list[str] | None = None,
    weights: dict[str, int] | None = None,
    parallel: int = 1,
) -> Instance:
    base = make_dated_instance(SIZES, calendar={"politicians": politicians}, weights=weights or {})
    data = base.model_dump(mode="json")
    for m, region in zip(data["municipalities"], regions or [], strict=False):
        m["region"] = region
    for v in data["venues"]:
        v["parallel_gatherings"] = parallel
    return Instance.model_validate(data)


def planned(inst: Instance) -> Plan:
    plan = solve(inst).require_plan()
    assert check(inst, plan) == []
    return plan


def test_the_model_chooses_the_number_of_sessions() -> None:
    cheap = planned(instance({}, weights={"politician_session_count": 0}))
    dear = planned(instance({}, weights={"politician_session_count": 10_000}))
    assert len(dear.politician_sessions) == 1
    assert len(cheap.politician_sessions) > 1
    # No evening with sessions of one municipality each: at most one session a venue-evening.
    for plan in (cheap, dear):
        evenings = Counter((s.venue, s.date) for s in plan.politician_sessions)
        assert max(evenings.values()) == 1


def test_sessions_are_sized_by_head_count_within_the_room() -> None:
    # 6 municipalities × (5 politicians + 1 administration resource) = 36 people, rooms of 14:
    # at least 3 sessions of at most 2 municipalities.
    inst = instance({"room_capacity": 14}, weights={"politician_session_count": 10_000})
    plan = planned(inst)
    assert len(plan.politician_sessions) == 3
    assert all(len(s.municipalities) <= 2 for s in plan.politician_sessions)


def test_headcounts_per_municipality_count() -> None:
    inst = instance(
        {"room_capacity": 20, "headcounts": {"1001": 19}},
        weights={"politician_session_count": 10_000},
    )
    plan = planned(inst)
    alone = next(s for s in plan.politician_sessions if "1001" in s.municipalities)
    assert alone.municipalities == ["1001"]  # 19 + 1 fills the room


def test_neighbouring_municipalities_together() -> None:
    regions = ["Nord", "Sør", "Nord", "Sør", "Nord", "Sør (kyst)"]
    inst = instance(
        {"min_sessions": 2, "max_sessions": 2},
        regions=regions,
        weights={"politician_regions": 10_000, "politician_session_count": 0},
    )
    plan = planned(inst)
    region = {str(1001 + i): r.split("(")[0].strip() for i, r in enumerate(regions)}
    for s in plan.politician_sessions:
        assert len({region[m] for m in s.municipalities}) == 1


def test_at_most_max_per_evening_even_with_parallel_rooms() -> None:
    base = {"politician_session_count": 0, "politician_wait": 50}
    one = planned(instance({}, weights=base, parallel=3))
    assert max(Counter((s.venue, s.date) for s in one.politician_sessions).values()) == 1
    two = planned(instance({"max_per_evening": 2}, weights=base, parallel=3))
    assert max(Counter((s.venue, s.date) for s in two.politician_sessions).values()) <= 2


def test_a_fixed_number_is_kept() -> None:
    plan = planned(instance({"sessions": 2}, weights={"politician_session_count": 10_000}))
    assert len(plan.politician_sessions) == 2
