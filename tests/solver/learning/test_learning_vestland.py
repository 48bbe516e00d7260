"""The embedded Vestland plan has a learning path for every cohort (rule H9, issue 17)."""

from __future__ import annotations

import pytest

from kompetanse_opt import check, solve, vestland_instance
from kompetanse_opt.analysis.budget import plan_budget_table
from kompetanse_opt.analysis.hours import hours_report
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import prepare


@pytest.mark.slow
def test_embedded_plan_has_a_learning_path_within_the_frame() -> None:
    instance = vestland_instance()
    assert instance.content is not None
    result = solve(instance, skip=("groups",), seed=0, workers=1)
    plan = result.require_plan()
    assert "learning" in plan.stages
    assert check(instance, plan) == []
    learning = next(r for r in result.stage_results if r.name == "learning")
    assert learning.status is SolveStatus.OPTIMAL
    catalogue = instance.content
    group_of = {p.id: p.target_group for p in instance.participants}
    for cohort in plan.cohorts:
        path = cohort.learning_path
        assert path is not None
        where = path.placement()
        assert set(where) == {m.id for m in catalogue.modules}
        for g in {group_of[p] for p in cohort.participants}:
            covered = {c for m in catalogue.modules_for(g) for c in m.capabilities}
            assert set(catalogue.required_of(g)) <= covered
        for m in catalogue.modules:
            for before in m.prerequisites:
                assert where[before][0] < where[m.id][0]
        assert [path.main_module(i) for i in (1, 2)] == ["g-strategy", "g-technology"]
    report = hours_report(prepare(instance), plan)
    assert {g.target_group: g.programme / 60 for g in report.groups} == {
        1: 31.5,
        2: 33.5,
        3: 33.5,
        4: 33.5,
    }
    assert all(30 * 60 <= g.programme <= 35 * 60 for g in report.groups)
    assert all(g.travel_most > 0 and g.nights == 2 for g in report.groups)
    # 4 facilitators on 4 gatherings each: 16 x (8 h + 8 h preparation) x NOK 900.
    assert sum(f.gatherings for f in report.facilitators) == 16
    assert report.release_amount == 16 * 16 * 900
    table = plan_budget_table(prepare(instance), plan)
    (figure,) = table.plan_figures
    assert (figure.amount, figure.seed_amount) == (230_400, 643_000)
    assert figure.difference == 230_400 - 643_000
    assert table.total == 2_629_000  # the seed's lines stay the budget
