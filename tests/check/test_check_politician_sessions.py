"""The checker's T2 on edited plans: session count range, room head count, sessions per
evening; T1 still one session per municipality."""

from __future__ import annotations

import pytest

from calendar_builders import make_dated_instance
from kompetanse_opt import solve
from kompetanse_opt.check.politician_rules import (
    check_t1_one_session_after_cohort,
    check_t2_sessions,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, PoliticianSession

INSTANCE = make_dated_instance(
    [3, 4, 2, 5], calendar={"politicians": {"room_capacity": 30, "max_sessions": 3}}
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return solve(INSTANCE).require_plan()


def with_sessions(plan: Plan, sessions: list[PoliticianSession]) -> Plan:
    return plan.model_copy(update={"politician_sessions": sessions})


def messages(instance: Instance, plan: Plan) -> list[str]:
    return [v.message for v in check_t2_sessions(instance, plan)]


def test_solver_plan_passes(plan: Plan) -> None:
    assert check_t2_sessions(INSTANCE, plan) == []
    assert check_t1_one_session_after_cohort(INSTANCE, plan) == []


def test_an_overfull_room(plan: Plan) -> None:
    last = max(s.date for s in plan.politician_sessions)
    venue = plan.politician_sessions[0].venue
    everyone = [m.id for m in INSTANCE.municipalities]
    crowded = with_sessions(
        plan, [PoliticianSession(id=1, venue=venue, date=last, municipalities=everyone)]
    )
    assert "24 people in a room for 30" not in " ".join(messages(INSTANCE, crowded))
    small = INSTANCE.model_copy(
        update={
            "calendar": INSTANCE.calendar.model_copy(  # type: ignore[union-attr]
                update={
                    "politicians": INSTANCE.calendar.politicians.model_copy(  # type: ignore[union-attr]
                        update={"room_capacity": 20}
                    )
                }
            )
        }
    )
    assert any("24 people in a room for 20" in m for m in messages(small, crowded))


def test_two_sessions_on_one_evening_at_one_venue(plan: Plan) -> None:
    last = max(s.date for s in plan.politician_sessions)
    venue = plan.politician_sessions[0].venue
    ids = [m.id for m in INSTANCE.municipalities]
    split = with_sessions(
        plan,
        [
            PoliticianSession(id=1, venue=venue, date=last, municipalities=ids[:2]),
            PoliticianSession(id=2, venue=venue, date=last, municipalities=ids[2:]),
        ],
    )
    assert any(
        "2 sessions at" in m and "at most 1 an evening" in m for m in messages(INSTANCE, split)
    )


def test_more_sessions_than_allowed(plan: Plan) -> None:
    last = max(s.date for s in plan.politician_sessions)
    venues = INSTANCE.venue_ids()
    ids = [m.id for m in INSTANCE.municipalities]
    many = with_sessions(
        plan,
        [
            PoliticianSession(id=k + 1, venue=venues[k % 2], date=last, municipalities=[m])
            for k, m in enumerate(ids)
        ],
    )
    assert any("4 sessions, configured 1..3" in m for m in messages(INSTANCE, many))
