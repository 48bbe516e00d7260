"""Quiet periods and gathering start weekdays on the day grid (settings and grid only)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from calendar_builders import make_dated_instance
from kompetanse_opt.model.calendar_days import build_grid, quiet_days
from kompetanse_opt.model.calendar_settings import CalendarSettings, QuietPeriods

D = dt.date


def test_default_quiet_days_follow_new_year_and_school_holidays() -> None:
    instance = make_dated_instance()
    assert instance.calendar is not None
    quiet = quiet_days(instance, instance.calendar)
    for day in (D(2025, 1, 2), D(2025, 1, 3), D(2025, 1, 7)):
        assert "first week of January" in quiet[day]
    # Summer holiday 2025 ends 13 August (shipped Vestland file): 14-20 August are quiet.
    assert "Sommarferie" in quiet[D(2025, 8, 14)]
    assert D(2025, 8, 20) in quiet and D(2025, 8, 21) not in quiet
    assert "veke 41" in quiet[D(2025, 10, 13)]  # after the autumn week
    assert "veke 9" in quiet[D(2025, 3, 3)]  # after the winter week
    assert D(2025, 4, 22) not in quiet  # Easter is not followed by a quiet week by default


def test_quiet_periods_can_be_switched_off_or_extended() -> None:
    off = make_dated_instance(calendar={"quiet": None})
    assert off.calendar is not None and quiet_days(off, off.calendar) == {}
    own = make_dated_instance(
        calendar={
            "quiet": {
                "new_year_days": 0,
                "after_kinds": ["easter"],
                "after_school_holidays": 2,
                "periods": [{"start": "2025-06-02", "end": "2025-06-03", "name": "budget"}],
            }
        }
    )
    assert own.calendar is not None
    quiet = quiet_days(own, own.calendar)
    assert set(quiet) == {D(2025, 4, 22), D(2025, 4, 23), D(2025, 6, 2), D(2025, 6, 3)}


def test_gatherings_start_tuesday_to_thursday_and_keep_off_quiet_days() -> None:
    grid = build_grid(make_dated_instance())
    starts = [grid.day(i) for i in grid.starts(2, kind="gathering")]
    assert {d.weekday() for d in starts} == {1, 2, 3}
    # The Christmas holiday ends 1 January, so 2-8 January are quiet: Thursday 9th is first.
    assert starts[0] == D(2025, 1, 9)
    assert not any(D(2025, 8, 13) <= d <= D(2025, 8, 20) for d in starts)
    # Half days are not gatherings: any allowed weekday, quiet days allowed by default.
    local = [grid.day(i) for i in grid.starts(1, kind="local")]
    assert D(2025, 1, 2) in local and D(2025, 1, 6) in local


def test_why_not_session_names_the_reason() -> None:
    grid = build_grid(make_dated_instance())
    assert "quiet (the first week of January)" in (
        grid.why_not_session([D(2025, 1, 7), D(2025, 1, 8)], "gathering") or ""
    )
    assert "starts on a mon" in (
        grid.why_not_session([D(2025, 3, 10), D(2025, 3, 11)], "gathering") or ""
    )
    assert grid.why_not_session([D(2025, 3, 11), D(2025, 3, 12)], "gathering") is None
    assert grid.why_not_session([D(2025, 1, 6)], "local") is None


def test_any_start_weekday_when_none_configured() -> None:
    grid = build_grid(make_dated_instance(calendar={"gathering_starts": None}))
    starts = {grid.day(i).weekday() for i in grid.starts(2, kind="gathering")}
    assert starts == {0, 1, 2, 3}  # Monday..Thursday: Friday-Saturday is not two weekdays


def test_settings_reject_bad_values() -> None:
    with pytest.raises(ValidationError):
        QuietPeriods(after_kinds=["spring"])  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        CalendarSettings(gathering_starts=[])
