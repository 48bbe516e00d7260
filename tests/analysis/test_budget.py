"""The cost model: the seed's table exactly, its scaling, and plan pricing."""

from __future__ import annotations

import pytest

from builders import make_instance
from kompetanse_opt import prepare, vestland_instance
from kompetanse_opt.analysis.budget import Budget, budget_table, default_budget, plan_budget_table
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan


def seed_like_plan(venues: list[list[str]]) -> Plan:
    """Four cohorts of 50 with the given gathering venues (membership does not matter here)."""
    instance = vestland_instance()
    members = instance.participants_of()
    ids = [m.id for m in instance.municipalities]
    chunks = [ids[i::4] for i in range(4)]
    return Plan(
        cohorts=[
            CohortPlan(
                id=k + 1,
                municipalities=chunk,
                participants=[p for m in chunk for p in members[m]],
                gatherings=[GatheringPlan(index=g + 1, venue=v) for g, v in enumerate(venues[k])],
            )
            for k, chunk in enumerate(chunks)
        ]
    )


def test_the_seed_table_exactly() -> None:
    table = budget_table(vestland_instance())
    assert [row.amount for row in table.lines] == [200_000, 462_000, 1_324_000, 643_000]
    assert table.total == 2_629_000
    assert [row.amount for row in table.contributions] == [500_000, 400_000]
    assert table.after_contributions == 1_729_000
    assert table.quantities.participants == 200
    assert table.price_with_support == 8_645
    assert table.price_without_support == 13_145


def test_default_unit_costs_add_up_to_the_seed_learning_path() -> None:
    budget = default_budget()
    line = next(line for line in budget.lines if line.id == budget.priced_by_plan)
    assert budget.unit_costs.per_gathering * budget.reference.gatherings == line.amount


def test_plan_with_default_rooms_reproduces_the_table() -> None:
    plan = seed_like_plan([["bergen", "bergen"], ["bergen", "forde"], ["bergen", "stord"]] * 2)
    table = plan_budget_table(prepare(vestland_instance()), plan)
    assert table.priced_from_plan
    assert (table.total, table.price_with_support, table.price_without_support) == (
        2_629_000,
        8_645,
        13_145,
    )
    nights, travel = table.participant_costs
    assert travel.amount > 0
    assert nights.amount == 200 * 2 * 2_000


def test_venue_room_price_moves_the_plan_price() -> None:
    data = vestland_instance().model_dump(mode="json")
    budget = default_budget().model_dump(mode="json")
    budget["unit_costs"]["room_by_venue"] = {"bergen": 30_000}
    data["budget"] = budget
    instance = type(vestland_instance()).model_validate(data)
    plan = seed_like_plan([["bergen", "bergen"], ["bergen", "forde"], ["bergen", "stord"]] * 2)
    table = plan_budget_table(prepare(instance), plan)
    bergen = sum(g.venue == "bergen" for c in plan.cohorts for g in c.gatherings)
    assert table.total == 2_629_000 + bergen * 10_000


def test_variable_line_scales_with_gatherings() -> None:
    # 5 cohorts of 40: 10 gatherings instead of 8.
    instance = make_instance([4] * 10, cohorts={"count": 5, "capacity": 8, "gatherings": 2})
    table = budget_table(instance)
    assert table.lines[2].amount == 1_324_000 * 10 // 8
    assert table.price_with_support == round((662_000 + 1_655_000 + 643_000 - 900_000) / 40)


def test_budget_rejects_duplicate_ids_and_bad_plan_line() -> None:
    data = default_budget().model_dump(mode="json")
    data["contributions"][1]["id"] = "base_funding"
    with pytest.raises(ValueError, match="duplicate"):
        Budget.model_validate(data)
    data = default_budget().model_dump(mode="json")
    data["priced_by_plan"] = "running"
    with pytest.raises(ValueError, match="not a variable line"):
        Budget.model_validate(data)
