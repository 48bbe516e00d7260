"""Every stage honours the pins: pins taken from a valid plan are kept exactly by solve (H7)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetanse_opt import check, freeze, solve
from kompetanse_opt.model.calendar_days import closed_days
from kompetanse_opt.model.plan import Plan
from replan_builders import small_plan, small_replan_instance


def _all_pins(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Every decision of ``plan`` as a pin (speakers renamed, to see them written)."""
    pins: dict[str, list[dict[str, Any]]] = {
        "municipalities": [],
        "gatherings": [],
        "dates": [],
        "facilitators": [],
        "speakers": [],
        "groups": [],
        "cohorts": [],
    }
    for c in plan.cohorts:
        pins["municipalities"] += [{"municipality": m, "cohort": c.id} for m in c.municipalities]
        pins["cohorts"].append({"cohort": c.id, "municipalities": c.municipalities})
        for s in c.local_sessions:
            pins["dates"].append(
                {"cohort": c.id, "session": "local", "index": s.index, "date": s.date}
            )
        for s in c.closing_sessions:
            pins["dates"].append(
                {"cohort": c.id, "session": "closing", "index": s.index, "date": s.date}
            )
        for g in c.gatherings:
            slot = {"cohort": c.id, "gathering": g.index}
            pins["gatherings"].append({**slot, "venue": g.venue})
            pins["dates"].append({"cohort": c.id, "index": g.index, "date": g.dates[0]})
            pins["facilitators"].append({**slot, "facilitators": g.facilitators})
            pins["speakers"].append({**slot, "speaker": f"Speaker {c.id}.{g.index}"})
            pins["groups"] += [{**slot, "participants": x.participants} for x in g.groups]
    return pins


def _kept(pins: dict[str, list[dict[str, Any]]]) -> Plan:
    instance = small_replan_instance().replace(pins=pins)
    result = solve(instance, time_limit=10)
    plan = result.require_plan()
    assert check(instance, plan) == []
    return plan


def test_all_pins_of_a_plan_reproduce_it() -> None:
    plan = _kept(_all_pins(small_plan()))
    for before, after in zip(small_plan().cohorts, plan.cohorts, strict=True):
        assert after.municipalities == before.municipalities
        assert after.local_sessions == before.local_sessions
        for g, h in zip(before.gatherings, after.gatherings, strict=True):
            assert (h.venue, h.dates, sorted(h.facilitators)) == (
                g.venue,
                g.dates,
                sorted(g.facilitators),
            )
            assert sorted(map(sorted, (x.participants for x in h.groups))) == sorted(
                map(sorted, (x.participants for x in g.groups))
            )
            assert h.speaker == f"Speaker {before.id}.{g.index}"


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_pins_from_a_plan_are_kept(data: st.DataObject) -> None:
    every = _all_pins(small_plan())
    chosen = {
        kind: data.draw(st.lists(st.sampled_from(pins), unique_by=str, max_size=3), label=kind)
        if pins
        else []
        for kind, pins in every.items()
    }
    plan = _kept(chosen)
    dates = {(c.id, g.index): g.dates[0] for c in plan.cohorts for g in c.gatherings}
    for pin in chosen["dates"]:
        if pin.get("session", "gathering") == "gathering":
            assert dates[pin["cohort"], pin["index"]] == pin["date"]
    for pin in chosen["groups"]:
        gathering = plan.cohort(pin["cohort"]).gatherings[pin["gathering"] - 1]
        assert any(set(pin["participants"]) <= set(x.participants) for x in gathering.groups)
    for pin in chosen["speakers"]:
        assert plan.cohort(pin["cohort"]).gatherings[pin["gathering"] - 1].speaker == pin["speaker"]


def test_a_date_pin_on_a_closed_day_is_a_counting_cause() -> None:
    instance = small_replan_instance().replace(
        pins={"dates": [{"cohort": 1, "index": 1, "date": "2025-01-04"}]}
    )
    result = solve(instance, time_limit=5)
    assert result.status.value == "infeasible"
    assert (
        "cohort 1 gathering 1 is pinned to 2025-01-04, but 2025-01-04 is a sat"
        in (result.reasons[0])
    )


def test_a_pinned_facilitator_away_on_the_pinned_day_is_a_counting_cause() -> None:
    away = {"start": "2025-01-06", "end": "2025-01-07"}
    base = small_replan_instance()
    facilitators = [f.model_dump() for f in base.facilitators]
    facilitators[0]["unavailable"] = [away]
    instance = base.replace(
        facilitators=facilitators,
        pins={
            "dates": [{"cohort": 1, "index": 1, "date": "2025-01-06"}],
            "facilitators": [{"cohort": 1, "gathering": 1, "facilitators": ["f1", "f2"]}],
        },
    )
    reasons = solve(instance, time_limit=5).reasons
    assert reasons == [
        "cohort 1 gathering 1 is pinned to 2025-01-06 with facilitator f1, who is unavailable then"
    ]


def test_a_politicians_session_pin_and_a_held_one_are_kept() -> None:
    session = small_plan().politician_sessions[0]
    instance = small_replan_instance()
    assert instance.calendar is not None
    closed = closed_days(instance, instance.calendar)
    day = next(
        d
        for k in range(7, 60)
        if (d := session.date + dt.timedelta(days=k)) not in closed and d.weekday() < 5
    )
    pin = {"venue": "b", "date": day, "municipalities": session.municipalities}
    plan = _kept({"politicians": [pin]})
    assert any(
        (s.venue, s.date, s.municipalities) == ("b", day, session.municipalities)
        for s in plan.politician_sessions
    )
    frozen = freeze(small_replan_instance(), small_plan(), session.date)
    replanned = solve(frozen, time_limit=10).require_plan()
    assert replanned.politician_sessions[0] == session
