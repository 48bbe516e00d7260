"""The checker's H5.quiet rule: gathering start weekdays and quiet periods, on edited plans."""

from __future__ import annotations

import datetime as dt

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import check, solve
from kompetanse_opt.check.calendar_rules import CALENDAR_RULES, check_h5_quiet_and_start_days
from kompetanse_opt.model.plan import Plan

INSTANCE = make_dated_instance()


@pytest.fixture(scope="module")
def plan() -> Plan:
    return solve(INSTANCE).require_plan()


def moved(plan: Plan, first: dt.date) -> Plan:
    out = plan.model_copy(deep=True)
    gathering = out.cohorts[0].gatherings[0]
    object.__setattr__(gathering, "dates", [first, first + dt.timedelta(days=1)])
    return out


def test_registered_under_h5() -> None:
    assert CALENDAR_RULES["H5.quiet"] is check_h5_quiet_and_start_days


def test_solver_plan_passes(plan: Plan) -> None:
    assert check_h5_quiet_and_start_days(INSTANCE, plan) == []


def test_gathering_on_2_january_is_refused(plan: Plan) -> None:
    [v] = check_h5_quiet_and_start_days(INSTANCE, moved(plan, dt.date(2025, 1, 2)))
    assert v.rule == "H5" and "first week of January" in v.message


def test_gathering_the_day_after_the_summer_holiday_is_refused(plan: Plan) -> None:
    [v] = check_h5_quiet_and_start_days(INSTANCE, moved(plan, dt.date(2025, 8, 14)))
    assert "Sommarferie" in v.message


def test_gathering_starting_on_a_monday_is_refused(plan: Plan) -> None:
    violations = check(INSTANCE, moved(plan, dt.date(2025, 3, 10)))
    assert any("gatherings start on" in v.message for v in violations)
