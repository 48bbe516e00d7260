"""Which municipalities a neighbourhood step frees, and the farthest step lowering a worst trip."""

from __future__ import annotations

import time

from kompetanse_opt import check, evaluate_terms, prepare
from kompetanse_opt.model.entities import TogetherSet
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.class_lns import improve
from kompetanse_opt.solver.cohorts.class_rounds import Round, assemble, objective, pattern_of
from kompetanse_opt.solver.cohorts.clusters import cluster_plan
from kompetanse_opt.solver.cohorts.model import Pattern, venue_patterns
from kompetanse_opt.solver.cohorts.neighbourhoods import (
    farthest,
    home_hubs,
    split_sets,
    venue_hubs,
)
from kompetanse_opt.solver.cohorts.pattern_travel import Costs, pattern_costs
from kompetanse_opt.solver.engine import EngineSettings
from region_builders import small_region


def _setup() -> tuple[ProblemData, list[Pattern], Costs]:
    data = prepare(small_region())
    patterns = venue_patterns(data)
    return data, patterns, pattern_costs(data, patterns)


def test_venue_hubs_map_hubs_to_themselves_and_limited_venues_to_a_hub() -> None:
    data, _, _ = _setup()
    hubs = venue_hubs(data)
    assert {hubs[v] for v in ("a", "b", "c")} == {"a", "b", "c"}
    assert all(hubs[v] == v for v in ("a", "b", "c"))
    assert hubs["d"] in {"a", "b", "c"}


def test_farthest_frees_the_worst_and_the_hubs_of_its_cheaper_patterns() -> None:
    data, patterns, cost = _setup()
    dearest = {m: max(range(len(patterns)), key=lambda p: (cost[m, p], p)) for m in cost_ids(data)}
    worst = max(cost[m, p] for m, p in dearest.items())
    found = farthest(data, patterns, cost, dearest, {})
    assert found is not None
    far, hubs = found
    assert far == {m for m, p in dearest.items() if cost[m, p] == worst}
    home = home_hubs(data)
    assert {home[m] for m in far} <= hubs
    for m in far:
        cheapest = min(range(len(patterns)), key=lambda p: (cost[m, p], p))
        assert {venue_hubs(data)[v] for v in patterns[cheapest]} <= hubs


def test_farthest_gives_up_when_the_worst_is_at_its_cheapest() -> None:
    data, patterns, cost = _setup()
    cheapest = {m: min(range(len(patterns)), key=lambda p: (cost[m, p], p)) for m in cost_ids(data)}
    assert farthest(data, patterns, cost, cheapest, {}) is None
    assert farthest(data, patterns, cost, {}, {}) is None


def test_improve_lowers_a_worst_trip_set_far_away() -> None:
    """The hub areas' plan with one cohort moved to its dearest pattern: the search brings the
    worst travel (and the objective) down again, and the plan stays valid."""
    data, patterns, cost = _setup()
    settings = EngineSettings(10, 1, 1)
    first = cluster_plan(data, settings, time.perf_counter() + 5)
    assert first is not None
    own = pattern_of(data, patterns, first)
    cohorts = [(patterns[own[c.municipalities[0]]], list(c.municipalities)) for c in first.cohorts]
    members = cohorts[0][1]
    limited = {v.id for v in data.instance.venues if v.max_gatherings is not None}
    taken = {v for pat, _ in cohorts[1:] for v in pat if v in limited}
    allowed = [
        p
        for p, pat in enumerate(patterns)
        if not taken & set(pat) and all(pat.count(v) <= 1 for v in limited)
    ]
    far = max(allowed, key=lambda p: (max(cost[m, p] for m in members), p))
    bad = assemble(data, [(patterns[far], members), *cohorts[1:]])
    assert check(data.instance, bad, ("cohorts",)) == []
    found = improve(
        data, patterns, cost, None, Round(bad, 0, {}), settings, time.perf_counter() + 3
    )
    assert found.plan is not None
    assert check(data.instance, found.plan, ("cohorts",)) == []
    assert objective(data, found.plan) < objective(data, bad)
    worst = evaluate_terms(data, found.plan)["travel_worst"]
    assert worst < evaluate_terms(data, bad)["travel_worst"]


def test_split_sets_list_the_sets_spread_over_classes_widest_first() -> None:
    data, patterns, _ = _setup()
    instance = data.instance.replace(
        together=[
            TogetherSet(id="one", municipalities=["1001", "1002"]),
            TogetherSet(id="two", municipalities=["1003", "1004", "1005"]),
            TogetherSet(id="same", municipalities=["1006", "1007"]),
        ]
    )
    data = prepare(instance)
    own = dict.fromkeys(data.municipality_ids, 0)
    own.update({"1001": 1, "1003": 1, "1004": 2})
    found = split_sets(data, patterns, own)
    assert [members for members, _ in found] == [{"1003", "1004", "1005"}, {"1001", "1002"}]
    home = home_hubs(data)
    by_venue = venue_hubs(data)
    for members, hubs in found:
        assert {home[m] for m in members} <= hubs
        assert {by_venue[v] for m in members for v in patterns[own[m]]} <= hubs


def cost_ids(data: ProblemData) -> list[str]:
    return list(data.municipality_ids)
