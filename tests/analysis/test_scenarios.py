"""Scenario overrides: they change only what they name, and bad names are reported, not raised."""

from __future__ import annotations

from typing import Any

import pytest

from builders import make_instance
from kompetanse_opt import InstanceError, vestland_instance
from kompetanse_opt.analysis.budget import budget_table
from kompetanse_opt.analysis.scenarios import Scenarios, Variant, build_variant, scenarios_from_data


def scenarios(base: Any = None, **spec: Any) -> Scenarios:
    found = scenarios_from_data({"variants": [{"name": "x"}], **spec})
    return Scenarios(found.spec, base if base is not None else found.base)


def test_override_changes_only_what_it_names() -> None:
    sc = scenarios()
    variant = Variant(
        name="v", overrides={"venues.stord.max_gatherings": 0, "cohorts.capacity": 55}
    )
    changed = build_variant(sc, variant)
    assert changed.venues[2].max_gatherings == 0
    assert changed.cohorts.capacity == 55
    base = build_variant(sc, Variant(name="v"))
    before, after = base.model_dump(mode="json"), changed.model_dump(mode="json")
    after["venues"][2]["max_gatherings"] = before["venues"][2]["max_gatherings"]
    after["cohorts"]["capacity"] = before["cohorts"]["capacity"]
    assert after == before


def test_mapping_override_merges() -> None:
    changed = build_variant(scenarios(), Variant(name="v", overrides={"cohorts": {"count": 5}}))
    assert changed.cohorts.count == 5
    assert changed.cohorts.capacity == 50 and changed.cohorts.gatherings == 2


def test_budget_override_starts_from_the_shipped_budget() -> None:
    variant = Variant(name="v", overrides={"budget.contributions.ks.amount": 0})
    changed = build_variant(scenarios(), variant)
    table = budget_table(changed)
    assert table.total == 2_629_000
    assert table.after_contributions == 2_129_000
    assert table.price_with_support == 10_645


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("cohorts.size", "unknown field 'cohorts.size'"),
        ("venues.oslo.max_gatherings", "no element 'oslo'"),
        ("budget.contributions.ks.amount_nok", "unknown field"),
    ],
)
def test_unknown_override_names_the_path(path: str, words: str) -> None:
    with pytest.raises(InstanceError, match=words):
        build_variant(scenarios(), Variant(name="v", overrides={path: 1}))


def test_invalid_value_is_an_instance_error() -> None:
    with pytest.raises(InstanceError, match="capacity"):
        build_variant(scenarios(), Variant(name="v", overrides={"cohorts.capacity": -1}))


def test_rescale_participants() -> None:
    sc = scenarios()
    more = build_variant(sc, Variant(name="v", participants=250))
    assert more.total_participants == 250 and len(more.municipalities) == 43
    fewer = build_variant(sc, Variant(name="v", participants=150))
    assert fewer.total_participants == 150
    # Below every municipality's minimum team, the smallest stay out.
    assert len(fewer.municipalities) < 43
    kept = {m.id for m in fewer.municipalities}
    assert all(set(s.municipalities) <= kept for s in fewer.together)
    smallest = min(vestland_instance().municipalities, key=lambda m: m.population)
    assert smallest.id not in kept


def test_solver_settings_apply_to_every_variant() -> None:
    sc = scenarios(make_instance([3, 4]), solver={"time_limit": 5, "seed": 7, "workers": 2})
    built = build_variant(sc, Variant(name="v"))
    assert (built.solver.time_limit, built.solver.seed, built.solver.workers) == (5, 7, 2)


def test_duplicate_variant_names_are_bad_input() -> None:
    from kompetanse_opt import InputError

    with pytest.raises(InputError, match="duplicate name"):
        scenarios_from_data({"variants": [{"name": "a"}, {"name": "a"}]})
