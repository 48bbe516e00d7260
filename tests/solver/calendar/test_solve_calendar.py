"""The calendar and politicians' stages on small instances, asserted through the checker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calendar_builders import make_dated_instance
from kompetanse_opt import check, evaluate_terms, prepare, solve, vestland_instance
from kompetanse_opt.model.plan import Plan, SolveStatus


def solved(**kwargs: Any) -> Plan:
    instance = make_dated_instance(**kwargs)
    result = solve(instance)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    assert evaluate_terms(prepare(instance), plan) == result.terms
    assert [r.name for r in result.stage_results] == ["cohorts", "calendar", "politicians"]
    return plan


def test_stability_keeps_the_same_facilitators_through_a_cohort() -> None:
    plan = solved()
    for c in plan.cohorts:
        assert len({f for g in c.gatherings for f in g.facilitators}) == 2


def test_unavailable_facilitator_is_never_booked_on_a_day_off() -> None:
    away = [{"start": "2025-01-01", "end": "2025-03-31"}]
    people = [
        {"id": "busy", "name": "Busy", "unavailable": away},
        {"id": "f2", "name": "F2"},
        {"id": "f3", "name": "F3"},
    ]
    plan = solved(facilitators=people)
    for c in plan.cohorts:
        for g in c.gatherings:
            if "busy" in g.facilitators:
                assert g.dates[0] > dt.date(2025, 3, 31)


def test_single_venue_hosts_one_gathering_a_day_and_blocked_dates_hold() -> None:
    plan = solved(
        venues={"a": None},
        calendar={"max_concurrent_cohorts": None, "stagger_min_days": 0},
    )
    days = [d for c in plan.cohorts for g in c.gatherings for d in g.dates]
    assert len(days) == len(set(days))


def test_politicians_meet_after_their_cohort_and_near_home() -> None:
    minutes = {("1001", "a"): 5, ("1002", "a"): 5, ("1003", "b"): 5, ("1004", "b"): 5}
    minutes |= {("1001", "b"): 90, ("1002", "b"): 90, ("1003", "a"): 90, ("1004", "a"): 90}
    plan = solved(minutes=minutes, venues={"a": None, "b": None})
    venue_of = {m: s.venue for s in plan.politician_sessions for m in s.municipalities}
    assert venue_of == {"1001": "a", "1002": "a", "1003": "b", "1004": "b"}


def test_skip_calendar_gives_a_cohort_only_plan() -> None:
    result = solve(make_dated_instance(), skip=("calendar",))
    plan = result.require_plan()
    assert plan.stages == ("cohorts",)
    assert not plan.politician_sessions and not plan.cohorts[0].gatherings[0].dates


WEEKDAY_SETS = st.lists(
    st.sampled_from(["mon", "tue", "wed", "thu", "fri"]), min_size=2, max_size=5, unique=True
)


@st.composite
def small_calendars(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 5))
    cohorts = draw(st.integers(1, 3))
    gatherings = draw(st.integers(1, 2))
    template = [{"kind": "gathering"}]
    for kind in (["local", "gathering"] if gatherings == 2 else []) + ["closing"]:
        low = draw(st.integers(1, 14))
        template.append(
            {"kind": kind, "min_gap_days": low, "max_gap_days": low + draw(st.integers(0, 30))}
        )
    start = dt.date(2025, 1, 1) + dt.timedelta(days=draw(st.integers(0, 200)))
    blackouts = [
        {
            "start": (b := start + dt.timedelta(days=draw(st.integers(0, 120)))).isoformat(),
            "end": (b + dt.timedelta(days=draw(st.integers(0, 20)))).isoformat(),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    pool = draw(st.integers(2, 4))
    return {
        "sizes": [draw(st.integers(1, 4)) for _ in range(n)],
        "cohorts": {"count": cohorts, "capacity": 4 * n, "gatherings": gatherings},
        "facilitators": pool,
        "calendar": {
            "horizon_start": start.isoformat(),
            "horizon_end": (start + dt.timedelta(days=draw(st.integers(30, 300)))).isoformat(),
            "first_start_by": None,
            "preferred_end": None,
            "window_months": draw(st.integers(1, 4)),
            "template": template,
            "weekdays": draw(WEEKDAY_SETS),
            "blackouts": blackouts,
            "stagger_min_days": draw(st.integers(0, 30)),
            "max_concurrent_cohorts": draw(st.one_of(st.none(), st.integers(1, 2))),
            "staffing": {
                "per_gathering": draw(st.integers(1, 2)),
                "min_pool": draw(st.integers(0, 3)),
                "min_cohorts_each": draw(st.integers(0, 2)),
                "max_transfer_minutes": draw(st.sampled_from([0, 180])),
            },
            "politicians": {"sessions": draw(st.integers(1, n))},
        },
        "venues": {"a": None, "b": draw(st.one_of(st.none(), st.integers(1, 2)))},
    }


def check_property(case: dict[str, Any]) -> None:
    instance = make_dated_instance(**case)
    result = solve(instance, time_limit=10)
    if result.plan is not None:
        assert check(instance, result.plan) == []
        assert evaluate_terms(prepare(instance), result.plan) == result.terms
    else:
        assert result.status in (SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN)
        assert result.reasons


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_calendars())
def test_random_small_calendars_pass_the_checker_or_say_why_not(case: dict[str, Any]) -> None:
    check_property(case)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_calendars())
def test_many_random_small_calendars(case: dict[str, Any]) -> None:
    check_property(case)


@pytest.mark.slow
def test_vestland_is_dated_staffed_and_optimal() -> None:
    instance = vestland_instance()
    result = solve(instance)
    assert result.status is SolveStatus.STAGE_OPTIMAL
    plan = result.require_plan()
    assert check(instance, plan) == []
    # The model chooses: 43 municipalities × 6 people need at least 5 rooms of 60.
    assert 5 <= len(plan.politician_sessions) <= 8
    assert len({(s.venue, s.date) for s in plan.politician_sessions}) == len(
        plan.politician_sessions
    )
    served = {
        f.id: {c.id for c in plan.cohorts for g in c.gatherings if f.id in g.facilitators}
        for f in instance.facilitators
    }
    assert all(len(cohorts) >= 4 for cohorts in served.values())
    first = min(g.dates[0] for c in plan.cohorts for g in c.gatherings)
    assert first <= dt.date(2025, 3, 31)
