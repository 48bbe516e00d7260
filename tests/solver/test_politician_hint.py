"""The politicians' packed start plan: feasible for the model, and the stage's plan when the
search finds nothing in its time."""

from __future__ import annotations

from ortools.sat.python import cp_model

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve
from kompetanse_opt.model.calendar_days import build_grid
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.politicians.hint import add_hint
from kompetanse_opt.solver.politicians.model import PoliticianModel

INSTANCE = make_dated_instance([3, 4, 2, 5, 3, 2], calendar={"politicians": {"room_capacity": 14}})


def model() -> PoliticianModel:
    plan = solve(INSTANCE, skip=("politicians",)).require_plan()
    built = PoliticianModel(prepare(INSTANCE), build_grid(INSTANCE), plan).build()
    add_hint(built)
    return built


def test_the_hint_satisfies_every_constraint_and_cut() -> None:
    built = model()
    assert built.hinted is not None
    solver = cp_model.CpSolver()
    solver.parameters.fix_variables_to_their_hinted_value = True
    solver.parameters.num_workers = 1
    assert solver.solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def test_the_hinted_plan_passes_the_checker() -> None:
    built = model()
    plan = built.extract_hint()
    assert plan is not None
    assert check(INSTANCE, plan) == []
    assert {m for s in plan.politician_sessions for m in s.municipalities} == {
        m.id for m in INSTANCE.municipalities
    }


def test_no_hint_when_packing_breaks_the_settings() -> None:
    tight = make_dated_instance(
        [3, 4, 2, 5, 3, 2], calendar={"politicians": {"room_capacity": 14, "min_sessions": 5}}
    )
    plan = solve(tight, skip=("politicians",)).require_plan()
    built = PoliticianModel(prepare(tight), build_grid(tight), plan).build()
    assert add_hint(built) is None
    assert built.hinted is None and built.extract_hint() is None
