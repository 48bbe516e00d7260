"""Conflict explanation: conflicts are infeasible alone and minimal; suggestions are verified."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from builders import make_instance
from kompetanse_opt import solve
from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.analysis.relax import suggest_relaxations
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.solver.cohorts.feasibility import FeasibilityModel
from strategies import small_instances


def test_feasible_instance_is_said_to_be_feasible() -> None:
    assert explain(make_instance([3, 4, 2])).feasible


def test_pins_and_hard_set_over_capacity() -> None:
    instance = make_instance(
        [4, 3, 3, 2],
        cohorts={"count": 2, "capacity": 8, "gatherings": 1},
        together=[{"id": "t", "name": "IKT", "municipalities": ["1001", "1002"], "hard": True}],
        pins={
            "municipalities": [
                {"municipality": "1001", "cohort": 2},
                {"municipality": "1003", "cohort": 2},
            ]
        },
    )
    explanation = explain(instance)
    assert not explanation.feasible and explanation.conflict is not None
    keys = sorted(r.key for r in explanation.conflict.rules)
    assert keys == ["capacity:2", "pin:1001", "pin:1003", "together:t"]
    assert explanation.conflict.minimal
    assert explanation.conflict.sentence == (
        "pinned M1001 (4) + pinned M1003 (3) + together-set IKT (7) exceed cohort 2 (capacity 8)"
    )
    suggestions = suggest_relaxations(instance, explanation.conflict)
    kinds = [s.kind for s in suggestions]
    assert kinds[0] == "soften_set"
    assert "drop_pin" in kinds and "capacity" in kinds
    for s in suggestions:
        assert solve(s.instance).status.has_plan


def test_venue_limit_conflict_reads_in_domain_words() -> None:
    instance = make_instance(
        [3, 3],
        venues={"a": None, "b": 1},
        cohorts={"count": 2, "capacity": 5, "gatherings": 1},
        pins={
            "gatherings": [
                {"cohort": 1, "gathering": 1, "venue": "b"},
                {"cohort": 2, "gathering": 1, "venue": "b"},
            ]
        },
    )
    explanation = explain(instance)
    assert explanation.conflict is not None
    assert {r.kind for r in explanation.conflict.rules} == {"venue_limit", "gathering_pin"}
    assert explanation.conflict.sentence.startswith("these cannot all hold: B hosts at most 1")


def _conflict_is_sound_and_minimal(instance: Instance) -> None:
    explanation = explain(instance)
    if explanation.feasible:
        assert solve(instance).status.has_plan
        return
    assert not solve(instance).status.has_plan
    assert explanation.conflict is not None
    keys = [r.key for r in explanation.conflict.rules]
    model = FeasibilityModel(instance)
    assert model.infeasible_under(keys) is True
    for key in keys:
        assert model.infeasible_under([k for k in keys if k != key]) is False


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_explanations_agree_with_the_solver_and_are_minimal(instance: Instance) -> None:
    _conflict_is_sound_and_minimal(instance)
