"""The embedded Vestland instance: the documented participant rule and the seed's numbers.

Its plan is tested in ``tests/solver/test_vestland_plan.py``.
"""

from __future__ import annotations

from collections import Counter

from kompetanse_opt import vestland_instance
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
