"""freeze(): held sessions become held pins, started cohorts frozen, the plan the baseline."""

from __future__ import annotations

import datetime as dt

from kompetanse_opt import freeze, with_baseline
from kompetanse_opt.model.freeze import baseline_pins, session_state
from replan_builders import small_plan, small_replan_instance


def _first_day(cohort: int, gathering: int) -> dt.date:
    return small_plan().cohort(cohort).gatherings[gathering - 1].dates[0]


def test_nothing_is_held_before_the_first_session() -> None:
    instance = small_replan_instance()
    today = _first_day(1, 1) - dt.timedelta(days=1)
    frozen = freeze(instance, small_plan(), today)
    assert frozen.pins.empty
    assert frozen.today == today and frozen.baseline == baseline_pins(small_plan())


def test_held_gathering_is_pinned_exactly_and_its_cohort_frozen() -> None:
    plan = small_plan()
    today = _first_day(1, 1)
    frozen = freeze(small_replan_instance(), plan, today, today + dt.timedelta(days=30))
    held = plan.cohort(1).gatherings[0]
    pins = frozen.pins
    assert [(g.cohort, g.gathering, g.venue) for g in pins.gatherings] == [(1, 1, held.venue)]
    assert [(d.cohort, d.session, d.index, d.date, d.held) for d in pins.dates] == [
        (1, "gathering", 1, held.dates[0], True)
    ]
    assert pins.facilitators_of() == {(1, 1): held.facilitators}
    assert sorted(map(sorted, (g.participants for g in pins.groups))) == sorted(
        sorted(g.participants) for g in held.groups
    )
    assert pins.frozen_cohorts() == {1: set(plan.cohort(1).municipalities)}
    assert frozen.cohorts.count == 2


def test_session_states_follow_today_and_published_until() -> None:
    today = _first_day(1, 1)
    frozen = freeze(small_replan_instance(), small_plan(), today, today + dt.timedelta(days=10))
    assert session_state(frozen, today) == "held"
    assert session_state(frozen, today + dt.timedelta(days=10)) == "announced"
    assert session_state(frozen, today + dt.timedelta(days=11)) == "draft"
    assert session_state(with_baseline(small_replan_instance(), small_plan()), today) == "draft"


def test_a_withdrawn_municipality_stays_in_the_record_of_what_was_held() -> None:
    plan = small_plan()
    today = _first_day(1, 1)
    gone = plan.cohort(1).municipalities[0]
    instance = small_replan_instance().without_municipalities([gone])
    frozen = freeze(instance, plan, today)
    seated = {p for g in frozen.pins.groups for p in g.participants}
    assert any(p.startswith(gone) for p in seated)
    assert gone in frozen.pins.frozen_cohorts()[1]
    # Freezing first and withdrawing afterwards keeps the record too.
    later = freeze(small_replan_instance(), plan, today).without_municipalities([gone])
    assert later.pins.groups == frozen.pins.groups


def test_a_secretariat_pin_on_a_held_slot_gives_way_to_history() -> None:
    plan = small_plan()
    held = plan.cohort(1).gatherings[0]
    other = "b" if held.venue == "a" else "a"
    instance = small_replan_instance().replace(
        pins={"gatherings": [{"cohort": 1, "gathering": 1, "venue": other}]}
    )
    frozen = freeze(instance, plan, _first_day(1, 1))
    assert [g.venue for g in frozen.pins.gatherings] == [held.venue]


def test_a_withdrawal_drops_the_municipality_from_pins_that_are_not_held() -> None:
    instance = small_replan_instance().replace(
        pins={
            "politicians": [
                {"venue": "a", "date": "2025-05-05", "municipalities": ["1001", "1002"]}
            ],
            "groups": [{"cohort": 1, "gathering": 1, "participants": ["1001-0", "1002-0"]}],
            "cohorts": [{"cohort": 1, "municipalities": ["1001", "1002"]}],
        }
    )
    after = instance.without_municipalities(["1001"])
    assert after.pins.politicians[0].municipalities == ["1002"]
    assert after.pins.groups[0].participants == ["1002-0"]
    assert after.pins.cohorts[0].municipalities == ["1002"]


def test_published_until_without_today_announces_and_holds_nothing() -> None:
    import datetime as dt

    from kompetanse_opt.model.freeze import session_state
    from kompetanse_opt.model.vestland import vestland_instance

    instance = vestland_instance().replace(published_until=dt.date(2025, 3, 1))
    assert session_state(instance, dt.date(2025, 2, 1)) == "announced"
    assert session_state(instance, dt.date(2025, 3, 2)) == "draft"
    assert session_state(instance, None) == "draft"
