"""The embedded Vestland instance: the documented participant rule and the seed's numbers."""

from __future__ import annotations

from collections import Counter

from kompetanse_opt import check, solve, vestland_instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.vestland import BERGEN, participant_counts


def test_seed_numbers() -> None:
    instance = vestland_instance()
    assert len(instance.municipalities) == 43
    assert sum(m.population for m in instance.municipalities) == 651_299
    assert instance.total_participants == 200
    assert instance.cohort_count == 4
    assert instance.cohorts.capacity == 50
    limits = {v.id: v.max_gatherings for v in instance.venues}
    assert limits == {"bergen": None, "forde": 1, "stord": 1}


def test_participant_rule() -> None:
    instance = vestland_instance()
    counts = instance.participants_per_municipality()
    assert counts[BERGEN] == 8
    roles = Counter(p.role for p in instance.participants if p.municipality != BERGEN)
    assert roles["hr"] == roles["ict"] == roles["union"] == roles["kommunedirektør"] == 42
    assert {p.role for p in instance.participants if p.municipality == BERGEN} <= {
        "kommunedirektør",
        "leader",
    }
    # Larger municipalities never send fewer people than smaller ones (Bergen aside).
    others = sorted(
        (m for m in instance.municipalities if m.id != BERGEN), key=lambda m: m.population
    )
    sizes = [counts[m.id] for m in others]
    assert sizes == sorted(sizes)
    assert all(p.service_area for p in instance.participants)


def test_participant_rule_scales_to_other_totals() -> None:
    municipalities = vestland_instance().municipalities
    for total in (180, 200, 250):
        assert sum(participant_counts(municipalities, total).values()) == total


def test_ict_cooperations_are_soft_sets() -> None:
    sets = vestland_instance().together
    assert {s.name for s in sets} == {"Kommunenett Nordfjord", "IKT Nordhordland", "ÅLAV"}
    assert not any(s.hard for s in sets)


def test_embedded_plan_is_proven_optimal_and_valid() -> None:
    instance = vestland_instance()
    result = solve(instance)
    # Every stage proven optimal given the earlier ones (not the whole plan: issue 13).
    assert result.status is SolveStatus.STAGE_OPTIMAL
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    venues = Counter(g.venue for c in plan.cohorts for g in c.gatherings)
    assert venues["forde"] <= 1 and venues["stord"] <= 1
