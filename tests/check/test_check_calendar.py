"""Each calendar-stage rule on a solver plan that passes and on edited plans that break it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import Violation, check, solve
from kompetanse_opt.check.calendar_rules import (
    check_h3_venue_days,
    check_h5_allowed_days,
    check_h5_order_and_spacing,
    check_h5_sessions_dated,
    check_h5_staggering,
    check_h5_window,
    check_h6_booking,
    check_h6_pool,
    check_h6_staffing,
)
from kompetanse_opt.check.politician_rules import (
    check_t1_one_session_after_cohort,
    check_t2_sessions,
)
from kompetanse_opt.model.calendar_settings import DateRange
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan

INSTANCE = make_dated_instance()


def _politician_rules(instance: Instance, plan: Plan) -> list[Violation]:
    """T1 and T2 together (the politicians' rules were one rule, POL, before)."""
    return check_t2_sessions(instance, plan) + check_t1_one_session_after_cohort(instance, plan)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return solve(INSTANCE).require_plan()


def edited(plan: Plan) -> Plan:
    return plan.model_copy(deep=True)


def with_calendar(**changes: Any) -> Instance:
    assert INSTANCE.calendar is not None
    return INSTANCE.model_copy(update={"calendar": INSTANCE.calendar.model_copy(update=changes)})


def labels(violations: list[Any]) -> set[str]:
    return {v.rule for v in violations}


def test_solver_plan_is_valid_and_dated(plan: Plan) -> None:
    assert plan.stages == ("cohorts", "calendar", "politicians")
    assert check(INSTANCE, plan) == []
    for c in plan.cohorts:
        assert all(len(g.dates) == 2 and len(g.facilitators) == 2 for g in c.gatherings)
        assert len(c.local_sessions) == 1 and len(c.closing_sessions) == 1


def test_h5_undated_gathering_and_missing_closing(plan: Plan) -> None:
    bad = edited(plan)
    bad.cohorts[0].gatherings[0].dates = bad.cohorts[0].gatherings[0].dates[:1]
    bad.cohorts[1].closing_sessions = []
    bad.cohorts[1].gatherings[1].speaker = None
    found = check_h5_sessions_dated(INSTANCE, bad)
    text = " ".join(v.message for v in found)
    assert labels(found) == {"H5"}
    assert "two consecutive days" in text and "closing sessions []" in text and "speaker" in text


def test_h5_weekend_and_holiday(plan: Plan) -> None:
    assert check_h5_allowed_days(INSTANCE, plan) == []
    bad = edited(plan)
    bad.cohorts[0].local_sessions[0].date = dt.date(2025, 1, 4)  # a Saturday
    bad.cohorts[1].closing_sessions[0].date = dt.date(2025, 4, 17)  # Maundy Thursday
    bad.cohorts[1].local_sessions[0].date = dt.date(2025, 2, 25)  # winter school holiday
    text = " ".join(v.message for v in check_h5_allowed_days(INSTANCE, bad))
    assert "sat, not an allowed weekday" in text
    assert "Skjærtorsdag" in text
    assert "Vinterferie" in text


def test_h5_order_and_spacing(plan: Plan) -> None:
    assert check_h5_order_and_spacing(INSTANCE, plan) == []
    bad = edited(plan)
    first = bad.cohorts[0].gatherings[0].dates[0]
    bad.cohorts[0].local_sessions[0].date = first - dt.timedelta(days=1)
    found = check_h5_order_and_spacing(INSTANCE, bad)
    assert labels(found) == {"H5"} and "the template asks 7..21" in found[0].message


def test_h5_window_and_first_start(plan: Plan) -> None:
    assert check_h5_window(INSTANCE, plan) == []
    found = check_h5_window(with_calendar(window_months=1), plan)
    assert found and "1-month window" in found[0].message
    late = with_calendar(first_start_by=dt.date(2025, 1, 1))
    assert any("first_start_by" in v.message for v in check_h5_window(late, plan))


def test_h5_stagger_and_concurrency(plan: Plan) -> None:
    assert check_h5_staggering(INSTANCE, plan) == []
    found = check_h5_staggering(with_calendar(max_concurrent_cohorts=1), plan)
    assert found and "run at once" in found[0].message
    found = check_h5_staggering(with_calendar(stagger_min_days=60), plan)
    assert found and "stagger is 60" in found[0].message


def test_h3_one_gathering_per_venue_day(plan: Plan) -> None:
    assert check_h3_venue_days(INSTANCE, plan) == []
    bad = edited(plan)
    one, two = bad.cohorts[0].gatherings[0], bad.cohorts[1].gatherings[0]
    two.venue, two.dates = one.venue, list(one.dates)
    found = check_h3_venue_days(INSTANCE, bad)
    assert labels(found) == {"H3"} and "hosts 2 events" in found[0].message


def test_h3_blocked_venue_day(plan: Plan) -> None:
    g = plan.cohorts[0].gatherings[0]
    venues = [
        v.model_copy(update={"blocked": [DateRange(start=g.dates[1])]}) if v.id == g.venue else v
        for v in INSTANCE.venues
    ]
    found = check_h3_venue_days(INSTANCE.model_copy(update={"venues": venues}), plan)
    assert any("is blocked on" in v.message for v in found)


def test_h6_facilitator_count_and_unknown(plan: Plan) -> None:
    assert check_h6_staffing(INSTANCE, plan) == []
    bad = edited(plan)
    bad.cohorts[0].gatherings[0].facilitators = ["f1"]
    bad.cohorts[1].gatherings[0].facilitators = ["f1", "nobody"]
    text = " ".join(v.message for v in check_h6_staffing(INSTANCE, bad))
    assert "needs 2 different" in text and "unknown facilitator 'nobody'" in text


def test_h6_double_booking_and_day_off(plan: Plan) -> None:
    assert check_h6_booking(INSTANCE, plan) == []
    bad = edited(plan)
    one, two = bad.cohorts[0].gatherings[0], bad.cohorts[1].gatherings[0]
    two.dates = list(one.dates)
    two.facilitators = list(one.facilitators)
    found = check_h6_booking(INSTANCE, bad)
    assert labels(found) == {"H6"} and "works gatherings" in found[0].message
    person = one.facilitators[0]
    away = [
        f.model_copy(update={"unavailable": [DateRange(start=one.dates[1])]})
        if f.id == person
        else f
        for f in INSTANCE.facilitators
    ]
    found = check_h6_booking(INSTANCE.model_copy(update={"facilitators": away}), plan)
    assert any("day off" in v.message for v in found)


def test_h6_far_venues_on_adjacent_days(plan: Plan) -> None:
    bad = edited(plan)
    one, two = bad.cohorts[0].gatherings[0], bad.cohorts[1].gatherings[1]
    two.venue = "b" if one.venue == "a" else "a"
    two.dates = [one.dates[1] + dt.timedelta(days=1), one.dates[1] + dt.timedelta(days=2)]
    two.facilitators = list(one.facilitators)
    strict = with_calendar(
        staffing=INSTANCE.calendar.staffing.model_copy(update={"max_transfer_minutes": 0})  # type: ignore[union-attr]
    )
    assert any("next day" in v.message for v in check_h6_booking(strict, bad))
    assert not any("next day" in v.message for v in check_h6_booking(INSTANCE, bad))


def test_h6_pool_size_and_cohorts_each(plan: Plan) -> None:
    assert check_h6_pool(INSTANCE, plan) == []
    staffing = INSTANCE.calendar.staffing  # type: ignore[union-attr]
    found = check_h6_pool(with_calendar(staffing=staffing.model_copy(update={"min_pool": 5})), plan)
    assert found and "min_pool is 5" in found[0].message
    bad = edited(plan)
    for c in bad.cohorts:
        for g in c.gatherings:
            g.facilitators = ["f1", "f2"]
    each = with_calendar(staffing=staffing.model_copy(update={"min_cohorts_each": 2}))
    found = check_h6_pool(each, bad)
    assert [v.entities for v in found] == [("f3",)]


def test_pol_every_municipality_once_after_its_cohort(plan: Plan) -> None:
    assert _politician_rules(INSTANCE, plan) == []
    bad = edited(plan)
    session = bad.politician_sessions[0]
    moved = session.municipalities.pop()
    bad.politician_sessions[1].municipalities.append(moved)
    bad.politician_sessions[1].municipalities.append(bad.politician_sessions[1].municipalities[0])
    cohort = next(c for c in bad.cohorts if moved in c.municipalities)
    bad.politician_sessions[1].date = cohort.closing_sessions[0].date
    text = " ".join(v.message for v in _politician_rules(INSTANCE, bad))
    assert "is in 2 sessions" in text
    assert "but its cohort" in text


def test_pol_session_count(plan: Plan) -> None:
    bad = edited(plan)
    bad.politician_sessions[0].municipalities += bad.politician_sessions[1].municipalities
    del bad.politician_sessions[1]
    found = _politician_rules(INSTANCE, bad)
    assert found and "1 sessions, configured 2" in found[0].message
