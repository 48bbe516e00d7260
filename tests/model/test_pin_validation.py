"""Every pin kind is validated with a located message (issue 16); solver tests are elsewhere."""

from __future__ import annotations

from typing import Any

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.model.entities import Pins as PinsFromEntities
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pins import Pins


def _problems(pins: dict[str, Any], **extra: Any) -> list[tuple[str, str]]:
    base = make_dated_instance(groups={"enabled": True, "min_size": 2, "max_size": 4})
    data = base.model_dump(mode="json")
    data.update({"pins": pins, **extra})
    with pytest.raises(InstanceError) as caught:
        Instance.model_validate(data)
    return [(p.location, p.message) for p in caught.value.problems]


def _valid(pins: dict[str, Any]) -> Instance:
    base = make_dated_instance(groups={"enabled": True, "min_size": 2, "max_size": 4})
    return base.replace(pins=pins)


def test_pins_still_import_from_entities() -> None:
    assert PinsFromEntities is Pins


def test_every_pin_kind_accepts_valid_references() -> None:
    instance = _valid(
        {
            "dates": [{"cohort": 1, "session": "local", "index": 1, "date": "2025-02-03"}],
            "facilitators": [{"cohort": 2, "gathering": 1, "facilitators": ["f1", "f2"]}],
            "speakers": [{"cohort": 1, "gathering": 2, "speaker": "Ada"}],
            "groups": [{"cohort": 1, "gathering": 1, "participants": ["1001-0", "1001-1"]}],
            "cohorts": [{"cohort": 2, "municipalities": ["1002"], "venues": ["a", "a"]}],
        }
    )
    assert instance.pins.named_cohorts() == {1, 2}


def test_date_pin_outside_the_window_and_beyond_the_cohorts() -> None:
    problems = _problems(
        {"dates": [{"cohort": 3, "index": 1, "date": "2027-01-01"}]},
    )
    assert ("pins.dates[0].cohort", "cohort 3 does not exist (cohorts are 1..2)") in problems
    assert any(
        f == "pins.dates[0].date" and "outside the calendar window 2025-01-01..2025-12-31" in m
        for f, m in problems
    )


def test_date_pin_without_calendar_settings_and_unknown_session_index() -> None:
    problems = _problems(
        {"dates": [{"cohort": 1, "session": "closing", "index": 2, "date": "2025-05-05"}]},
        calendar=None,
    )
    assert ("pins.dates[0].date", "a date pin needs calendar settings") in problems
    assert any(f == "pins.dates[0].index" and "closing session 2" in m for f, m in problems)


def test_gathering_beyond_the_cohort_settings() -> None:
    problems = _problems({"speakers": [{"cohort": 1, "gathering": 3, "speaker": "Ada"}]})
    assert problems == [
        ("pins.speakers[0].gathering", "gathering 3 does not exist (gatherings are 1..2)")
    ]


def test_facilitator_not_in_the_pool_and_wrong_count() -> None:
    problems = _problems(
        {"facilitators": [{"cohort": 1, "gathering": 1, "facilitators": ["f1", "nobody", "f2"]}]}
    )
    assert ("pins.facilitators[0].facilitators[1]", "facilitator 'nobody' is not in the pool") in (
        problems
    )
    assert any("calendar.staffing.per_gathering" in m for _, m in problems)


def test_group_pin_with_an_unknown_participant_and_a_double_seat() -> None:
    problems = _problems(
        {
            "groups": [
                {"cohort": 1, "gathering": 1, "participants": ["1001-0", "ghost"]},
                {"cohort": 1, "gathering": 1, "participants": ["1001-0", "1001-1"]},
            ]
        }
    )
    assert ("pins.groups[0].participants[1]", "unknown participant 'ghost'") in problems
    assert any(f == "pins.groups[1].participants[0]" and "also pinned" in m for f, m in problems)


def test_held_group_pin_may_name_withdrawn_people() -> None:
    instance = _valid(
        {"groups": [{"cohort": 1, "gathering": 1, "participants": ["gone-1"], "held": True}]}
    )
    assert instance.pins.held_group_slots() == {(1, 1)}


def test_conflicting_pins_are_reported() -> None:
    problems = _problems(
        {
            "municipalities": [{"municipality": "1001", "cohort": 1}],
            "gatherings": [{"cohort": 2, "gathering": 1, "venue": "b"}],
            "groups": [{"cohort": 2, "gathering": 1, "participants": ["1001-0"]}],
            "cohorts": [{"cohort": 2, "municipalities": ["1001", "9999"], "venues": ["a", "a"]}],
        }
    )
    fields = {f for f, _ in problems}
    assert "pins.groups[0].participants[0]" in fields  # group in cohort 2, municipality in 1
    assert "pins.cohorts[0].municipalities[0]" in fields  # frozen in 2, pinned to 1
    assert ("pins.cohorts[0].municipalities[1]", "unknown municipality '9999'") in problems
    assert any(f == "pins.cohorts[0].venues[0]" and "conflicts" in m for f, m in problems)


def test_the_same_slot_pinned_twice() -> None:
    twice = [
        {"cohort": 1, "gathering": 1, "speaker": "A"},
        {"cohort": 1, "gathering": 1, "speaker": "B"},
    ]
    problems = _problems({"speakers": twice})
    assert problems[0] == (
        "pins.speakers[0]",
        "the speaker of gathering 1 of cohort 1 is pinned twice",
    )


def test_published_until_alone_is_valid_and_follows_today() -> None:
    # Without today nothing is held; published_until alone marks what is announced.
    base = make_dated_instance(groups={"enabled": True, "min_size": 2, "max_size": 4})
    assert base.replace(published_until="2025-03-01").published_until is not None
    problems = _problems({}, today="2025-04-01", published_until="2025-03-01")
    assert problems == [("published_until", "2025-03-01 is before today (2025-04-01)")]
