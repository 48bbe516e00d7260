"""A pool with nobody free on one gathering's dates: a named H10 cause and verified suggestions.

The calendar now dates gatherings only where an able speaker is free (its H10 family, see
tests/solver/calendar/test_speaker_days.py), so on these small instances the gap only arises
with the calendar blind to the speakers, as it was; the tests keep the gap's explanation and
relaxations working for the cases the calendar cannot foresee (the learning stage's main module).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest

from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.analysis.relax import suggest_relaxations
from kompetanse_opt.check import check
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.solver.pipeline import solve
from speaker_builders import make_speaker_instance, speaker


@contextmanager
def blind_calendar() -> Iterator[None]:
    with mock.patch("kompetanse_opt.solver.calendar.model.add_speaker_days", lambda cal: None):
        yield


def blocked_instance() -> tuple[Instance, str]:
    """Both speakers away on the days the planner gives cohort 2's first gathering."""
    plan = solve(make_speaker_instance(), time_limit=10, skip=("speakers",)).require_plan()
    days = plan.cohort(2).gatherings[0].dates
    block = [{"start": str(days[0]), "end": str(days[-1])}]
    pool = [speaker("s1", unavailable=block), speaker("s2", unavailable=block, fee=20_000)]
    return make_speaker_instance(pool), f"{days[0].day}–{days[-1].day}"


@pytest.mark.slow
def test_plan_is_infeasible_with_the_named_cause() -> None:
    instance, days = blocked_instance()
    with blind_calendar():
        result = solve(instance, time_limit=10)
    assert result.status.value == "infeasible" and result.plan is None
    assert any(
        f"no speaker is available on {days}" in r and "cohort 2's gathering 1 in A" in r
        for r in result.reasons
    ), result.reasons


@pytest.mark.slow
def test_explain_names_the_gap_and_every_suggestion_is_verified() -> None:
    instance, days = blocked_instance()
    with blind_calendar():
        explanation = explain(instance)
        assert not explanation.feasible and explanation.conflict is not None
        assert explanation.labels == ["H10"]
        assert f"no speaker is available on {days}" in explanation.conflict.sentence
        suggestions = suggest_relaxations(instance, explanation.conflict)
    kinds = [s.kind for s in suggestions]
    assert "speaker_availability" in kinds and "stand_in_speaker" in kinds
    for s in suggestions:
        result = solve(s.instance, time_limit=10)
        assert result.plan is not None and check(s.instance, result.plan) == []
        assert "speakers" in s.stages


def test_pool_counting_causes_before_search() -> None:
    only_guests = make_speaker_instance([speaker("g", kind="guest")])
    result = solve(only_guests, time_limit=5)
    assert result.status.value == "infeasible"
    assert any("only guests" in r for r in result.reasons)
    few = make_speaker_instance([speaker("s1", max_gatherings=1), speaker("s2", max_gatherings=2)])
    reasons = solve(few, time_limit=5).reasons
    assert any("max_gatherings add up to 3, fewer than the 4" in r for r in reasons)
    themes = {"themes": [{"gathering": 1, "capabilities": ["tech_leadership"]}]}
    causes = explain(make_speaker_instance(speaker_settings=themes)).causes
    assert [c.label for c in causes] == ["H10"] and "tech_leadership" in causes[0].text
