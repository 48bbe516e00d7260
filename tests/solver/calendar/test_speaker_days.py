"""The calendar's H10 family: gatherings are dated where a speaker is free (issue 17).

Before it, the calendar chose dates blind to the speakers and the speaker stage, which takes the
dates as given, could fail on an instance that has a plan with other dates.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.check import check
from kompetanse_opt.model.calendar_days import build_grid
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.rules.speaker_counting import speaker_day_causes
from kompetanse_opt.solver.calendar.model import CalendarModel
from kompetanse_opt.solver.pipeline import solve
from speaker_builders import brute_force, make_speaker_instance, speaker


@contextmanager
def old_calendar() -> Iterator[None]:
    """The calendar as it was: blind to the speakers."""
    with mock.patch("kompetanse_opt.solver.calendar.model.add_speaker_days", lambda cal: None):
        yield


def blocked_instance() -> Instance:
    """Both speakers away on the days the blind calendar gives cohort 2's first gathering."""
    with old_calendar():
        plan = solve(make_speaker_instance(), time_limit=10, skip=("speakers",)).require_plan()
    days = plan.cohort(2).gatherings[0].dates
    block = [{"start": str(days[0]), "end": str(days[-1])}]
    pool = [speaker("s1", unavailable=block), speaker("s2", unavailable=block, fee=20_000)]
    return make_speaker_instance(pool)


@pytest.mark.slow
def test_old_calendar_failed_and_the_new_one_finds_a_plan() -> None:
    instance = blocked_instance()
    with old_calendar():
        old = solve(instance, time_limit=10)
    assert old.plan is None and any("no speaker is available" in r for r in old.reasons)
    new = solve(instance, time_limit=10)
    plan = new.require_plan()
    assert "speakers" in plan.stages and check(instance, plan) == []
    assert all(g.speaker in {"s1", "s2"} for c in plan.cohorts for g in c.gatherings)


def weekend_only_instance() -> Instance:
    """The only speaker is free on a weekend; gatherings are held on weekdays."""
    pool = [speaker("s1", available=[{"start": "2025-06-07", "end": "2025-06-08"}])]
    return make_speaker_instance(pool)


def test_no_free_day_in_the_horizon_is_a_named_counting_cause() -> None:
    instance = weekend_only_instance()
    causes = speaker_day_causes(instance)
    assert len(causes) == 2 and "gathering 1 can be held" in causes[0]
    assert "has a speaker free on both days (1 able speaker(s) in the pool)" in causes[0]
    explanation = explain(instance)
    assert not explanation.feasible
    assert [c.label for c in explanation.causes] == ["H10", "H10"]
    assert any("gathering 2 can be held" in c.text for c in explanation.causes)


def test_a_free_weekday_pair_is_not_a_cause() -> None:
    pool = [speaker("s1", available=[{"start": "2025-06-11", "end": "2025-06-12"}])]
    assert speaker_day_causes(make_speaker_instance(pool)) == []


def test_pinned_speaker_without_a_free_day_is_named() -> None:
    pool = [speaker("s1", available=[{"start": "2025-06-07", "end": "2025-06-08"}]), speaker("s2")]
    pins = {"speakers": [{"cohort": 2, "gathering": 1, "speaker": "s1"}]}
    causes = speaker_day_causes(make_speaker_instance(pool, pins=pins))
    assert causes == [
        "speakers: no day from 2025-01-01 to 2025-12-31 on which cohort 2's gathering 1 can be"
        " held has a speaker free on both days (the pinned speaker s1 in the pool)"
    ]


def _fixed_dates_feasible(instance: Instance, plan: Plan) -> bool:
    """Whether the new calendar model (H10 family included) accepts ``plan``'s dates."""
    cal = CalendarModel(prepare(instance), build_grid(instance), plan).build()
    day = {}
    for c in plan.cohorts:
        for g in c.gatherings:
            day[c.id, "gathering", g.index] = g.dates[0]
        for h in c.local_sessions:
            day[c.id, "local", h.index] = h.date
        for h in c.closing_sessions:
            day[c.id, "closing", h.index] = h.date
    for s in cal.sessions:
        cal.model.add(
            cal.vars.start[s.cohort, s.step] == cal.grid.index(day[s.cohort, s.kind, s.index])
        )
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    return solver.solve(cal.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


MONTH_STARTS = ["2025-01-01", "2025-01-20", "2025-02-10", "2025-03-03", "2025-03-24", "2025-04-14"]


@st.composite
def pools(draw: st.DrawFn) -> list[dict[str, Any]]:
    out = []
    for i in range(draw(st.integers(1, 3))):
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            a, b = sorted(draw(st.lists(st.sampled_from(MONTH_STARTS), min_size=2, max_size=2)))
            if a != b:
                extra["unavailable"] = [{"start": a, "end": b}]
        if draw(st.booleans()):
            extra["capabilities"] = [draw(st.sampled_from(["agile", "data_driven"]))]
        if draw(st.booleans()):
            extra["max_gatherings"] = draw(st.integers(1, 3))
        out.append(speaker(f"s{i + 1}", **extra))
    return out


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(pools(), st.booleans())
def test_the_family_never_cuts_a_feasible_plan(pool: list[dict[str, Any]], theme: bool) -> None:
    themes = {"themes": [{"gathering": 2, "capabilities": ["data_driven"]}] if theme else []}
    instance = make_speaker_instance(pool, speaker_settings=themes)
    with old_calendar():
        old = solve(instance, time_limit=10, skip=("speakers",))
    if old.plan is None:
        return
    staffed = brute_force(instance, old.plan)  # every speaker assignment the checker accepts
    if staffed is not None:
        # The blind calendar's dates have a valid speaker assignment: the H10 family keeps them.
        assert _fixed_dates_feasible(instance, old.plan)
        new = solve(instance, time_limit=10)
        assert new.plan is not None and check(instance, new.plan) == []


def test_before_the_learning_stage_a_gathering_may_need_any_main_module() -> None:
    from kompetanse_opt.model.vestland import vestland_instance
    from kompetanse_opt.rules.speaker_counting import able_before_dates, possible_needs

    instance = vestland_instance()
    assert instance.content is not None
    mains = {tuple(m.capabilities) for m in instance.content.modules if m.main}
    for k in (1, 2):
        needs = possible_needs(instance, k)
        assert needs[0] == instance.speaker_settings.needs(k) and set(needs[1:]) == mains
        able = able_before_dates(instance, 1, k)
        assert able and all(s.kind == "speaker" for s in able)
        assert all(any(s.can_present(n) for n in needs) for s in able)
