"""explain and suggest never crash, and every suggestion they call verified gives a valid plan.

Small instances with pins, ``auto`` cohort counts, capacities, rooms, venue limits, hard sets and
wishes; many of them are infeasible. The fast run tries a few dozen; the slow suite many more.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from builders import make_instance
from kompetanse_opt import check, solve, suggest
from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.analysis.relax import suggest_relaxations
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.rules.registry import RULES


@st.composite
def hard_instances(draw: st.DrawFn) -> Instance:
    n = draw(st.integers(2, 5))
    ids = [str(1001 + i) for i in range(n)]
    sizes = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    total = sum(sizes)
    capacity = draw(st.integers(max(sizes), max(sizes) + 4))
    count: int | str = draw(st.sampled_from(["auto", 1, 2, 3]))
    k = max(1, -(-total // capacity)) if count == "auto" else int(count)
    cohort = st.integers(1, k)
    extra: dict[str, Any] = {}
    if draw(st.booleans()):
        pinned = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
        extra["pins"] = {
            "municipalities": [{"municipality": m, "cohort": draw(cohort)} for m in pinned]
        }
    if draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=3, unique=True))
        extra["together"] = [{"id": "t", "municipalities": pair, "hard": True}]
    if draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        extra["apart"] = [{"id": "x", "municipalities": pair, "hard": True}]
    if draw(st.booleans()):
        extra["wishes"] = [{"municipality": ids[-1], "cannot_attend": [draw(cohort)]}]
    venues = {"a": draw(st.sampled_from([None, 1, 2])), "b": draw(st.sampled_from([None, 0, 1]))}
    cohorts = {
        "count": count,
        "capacity": capacity,
        "minimum": draw(st.integers(0, min(2, capacity))),
        "gatherings": draw(st.integers(1, 2)),
    }
    try:
        instance = make_instance(
            dict(zip(ids, sizes, strict=True)), venues=venues, cohorts=cohorts, **extra
        )
        room = draw(st.sampled_from([None, max(sizes), capacity]))
        return instance.replace(
            venues=[
                v.model_copy(update={"room_capacity": room}) if v.id == "a" else v
                for v in instance.venues
            ]
        )
    except InstanceError:
        assume(False)
        raise


def _explain_and_verify(instance: Instance) -> None:
    # Placement advice for the last municipality, as if it registered late: never a crash, and a
    # cohort called valid passes the cohort rules with everyone else where they were.
    late = instance.municipalities[-1].id
    for placement in suggest(instance, late, time_limit=5):
        assert placement.valid == (not placement.violations)
    explanation = explain(instance, time_limit=5)
    lines = explanation.lines()
    assert lines
    assert all(label in RULES for label in explanation.labels)
    if explanation.feasible or explanation.conflict is None:
        return
    for s in suggest_relaxations(instance, explanation.conflict, time_limit=5):
        assert s.verified and s.stages
        result = solve(s.instance, time_limit=5)
        plan = result.require_plan()
        assert check(s.instance, plan) == []


COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
}


@settings(max_examples=25, derandomize=True, **COMMON)
@given(hard_instances())
def test_explain_and_suggest_never_crash(instance: Instance) -> None:
    _explain_and_verify(instance)


@pytest.mark.slow
@settings(max_examples=300, **COMMON)
@given(hard_instances())
def test_explain_and_suggest_never_crash_many(instance: Instance) -> None:
    _explain_and_verify(instance)


def test_pin_under_an_auto_count_survives_a_capacity_suggestion() -> None:
    """With ``count: auto`` a larger capacity means fewer cohorts, which would drop the pinned
    cohort 3: the suggestion keeps the count, and nothing crashes."""
    instance = make_instance(
        [4, 4, 4],
        cohorts={"count": "auto", "capacity": 5, "gatherings": 1},
        together=[{"id": "t", "municipalities": ["1002", "1003"], "hard": True}],
        pins={"municipalities": [{"municipality": "1001", "cohort": 3}]},
    )
    explanation = explain(instance, time_limit=5)
    assert explanation.conflict is not None and "H8" in explanation.labels
    suggestions = suggest_relaxations(instance, explanation.conflict, time_limit=5)
    kinds = [s.kind for s in suggestions]
    assert kinds[0] == "soften_set" and "capacity" in kinds
    raised = next(s for s in suggestions if s.kind == "capacity")
    assert raised.instance.cohort_count == 3
    _explain_and_verify(instance)
