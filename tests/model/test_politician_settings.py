"""The politicians' track settings: session range, head counts and their validation."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from calendar_builders import make_dated_instance
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.calendar_settings import DEFAULT_POLITICIANS, PoliticianSettings
from kompetanse_opt.rules.calendar_counting import calendar_counting_causes


def test_the_model_chooses_unless_sessions_is_given() -> None:
    assert PoliticianSettings().session_range() == (1, 8)
    assert PoliticianSettings(min_sessions=2, max_sessions=5).session_range() == (2, 5)
    assert PoliticianSettings(sessions=4).session_range() == (4, 4)


def test_head_count_is_politicians_plus_the_administration_resource() -> None:
    track = PoliticianSettings(headcounts={"4601": 11})
    assert track.headcount("4601") == 12
    assert track.headcount("4602") == DEFAULT_POLITICIANS + 1


def test_bad_bounds_are_refused() -> None:
    with pytest.raises(ValidationError, match="max_sessions 2 is below min_sessions 3"):
        PoliticianSettings(min_sessions=3, max_sessions=2)
    with pytest.raises(ValidationError):
        PoliticianSettings(max_per_evening=0)


def test_headcounts_must_name_known_municipalities() -> None:
    with pytest.raises(InstanceError) as caught:
        make_dated_instance(calendar={"politicians": {"headcounts": {"9999": 3}}})
    assert any("headcounts.9999" in str(p) for p in caught.value.problems)


def test_counting_names_rooms_too_small() -> None:
    too_big = make_dated_instance(
        calendar={"politicians": {"room_capacity": 10, "headcounts": {"1001": 12}}}
    )
    assert any("more than the largest room (10)" in c for c in calendar_counting_causes(too_big))
    too_few = make_dated_instance(
        calendar={"politicians": {"room_capacity": 10, "max_sessions": 2}}
    )
    # 4 municipalities × 6 people = 24 > 2 sessions × 10
    assert any("do not fit in at most 2 sessions" in c for c in calendar_counting_causes(too_few))
