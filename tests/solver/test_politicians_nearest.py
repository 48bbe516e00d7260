"""The politicians' track at scale: each municipality at its nearest venues only."""

from __future__ import annotations

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve
from kompetanse_opt.model.calendar_days import build_grid
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.politicians import scale
from kompetanse_opt.solver.politicians.model import PoliticianModel
from kompetanse_opt.solver.politicians.stage import solve_politicians_stage

INSTANCE = make_dated_instance([3, 4, 2, 5, 3, 2], calendar={"politicians": {"room_capacity": 14}})


def test_restricted_stage_gives_a_valid_plan_and_claims_no_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = solve(INSTANCE, skip=("politicians",)).require_plan()
    data = prepare(INSTANCE)
    settings = EngineSettings(time_limit=10.0, seed=0, workers=1)
    exact, _ = solve_politicians_stage(data, settings, plan)
    monkeypatch.setattr(scale, "LARGE_PAIRS", 0)
    monkeypatch.setattr(scale, "NEAREST_VENUES", 1)
    report, placed = solve_politicians_stage(data, settings, plan)
    assert placed is not None and check(INSTANCE, placed, ("calendar", "politicians")) == []
    assert report.status is SolveStatus.FEASIBLE and report.bound is None
    assert exact.status is SolveStatus.OPTIMAL
    assert report.objective is not None and exact.objective is not None
    assert report.objective >= exact.objective


def test_restriction_offers_only_the_nearest_venues(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = solve(INSTANCE, skip=("politicians",)).require_plan()
    data = prepare(INSTANCE)
    monkeypatch.setattr(scale, "NEAREST_VENUES", 1)
    near = scale.NearestVenues(data, build_grid(INSTANCE), plan)
    whole = PoliticianModel(data, build_grid(INSTANCE), plan)
    for mid, slots in near.eligible.items():
        assert {near.slots[j].venue for j in slots} <= near.allowed[mid]
        assert len(near.allowed[mid]) == 1
        assert len(slots) <= len(whole.eligible[mid])


def test_generated_regions_switch_at_the_documented_size() -> None:
    from kompetanse_opt.analysis.generator import generate

    assert not scale.is_large(prepare(generate(2, 1, all_stages=True)))
    assert scale.is_large(prepare(generate(5, 1, all_stages=True)))


def test_nearest_hint_is_a_valid_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = solve(INSTANCE, skip=("politicians",)).require_plan()
    monkeypatch.setattr(scale, "NEAREST_VENUES", 1)
    near = scale.NearestVenues(prepare(INSTANCE), build_grid(INSTANCE), plan).build()
    assert scale.add_nearest_hint(near) is not None
    hinted = near.extract_hint()
    assert hinted is not None
    assert check(INSTANCE, hinted, ("calendar", "politicians")) == []
