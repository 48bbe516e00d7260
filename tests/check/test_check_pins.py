"""The checker checks every pin kind (H7) and the held sessions of a re-plan (H11)."""

from __future__ import annotations

import datetime as dt

from kompetanse_opt import check, freeze
from kompetanse_opt.model.plan import Plan
from replan_builders import small_plan, small_replan_instance


def _labels(instance: object, plan: Plan) -> list[str]:
    return [v.rule for v in check(instance, plan)]  # type: ignore[arg-type]


def _with_gathering(plan: Plan, cohort: int, index: int, **update: object) -> Plan:
    cohorts = []
    for c in plan.cohorts:
        gatherings = [
            g.model_copy(update=update) if (c.id, g.index) == (cohort, index) else g
            for g in c.gatherings
        ]
        cohorts.append(c.model_copy(update={"gatherings": gatherings}))
    return plan.model_copy(update={"cohorts": cohorts})


def test_the_plan_keeps_pins_taken_from_itself() -> None:
    plan = small_plan()
    g = plan.cohort(2).gatherings[1]
    instance = small_replan_instance().replace(
        pins={
            "dates": [{"cohort": 2, "index": 2, "date": g.dates[0].isoformat()}],
            "facilitators": [{"cohort": 2, "gathering": 2, "facilitators": g.facilitators}],
            "speakers": [{"cohort": 2, "gathering": 2, "speaker": g.speaker}],
            "groups": [{"cohort": 2, "gathering": 2, "participants": g.groups[0].participants}],
            "cohorts": [{"cohort": 2, "municipalities": plan.cohort(2).municipalities}],
        }
    )
    assert check(instance, plan) == []


def test_each_broken_pin_is_h7() -> None:
    plan = small_plan()
    g = plan.cohort(2).gatherings[1]
    instance = small_replan_instance().replace(
        pins={
            "dates": [{"cohort": 2, "index": 2, "date": "2025-06-02"}],
            "facilitators": [{"cohort": 2, "gathering": 2, "facilitators": ["f2", "f3"]}],
            "speakers": [{"cohort": 2, "gathering": 2, "speaker": "Ada"}],
            "cohorts": [{"cohort": 1, "municipalities": plan.cohort(2).municipalities}],
        }
    )
    violations = check(instance, plan)
    assert {v.rule for v in violations} == {"H7"}
    assert any("frozen" in v.message for v in violations)
    assert any("speaker 'Ada' is pinned" in v.message for v in violations)
    split = [g.groups[0].participants[0], g.groups[1].participants[0]]
    grouped = small_replan_instance().replace(
        pins={"groups": [{"cohort": 2, "gathering": 2, "participants": split}]}
    )
    assert _labels(grouped, plan) == ["H7"]


def test_held_sessions_are_h11() -> None:
    plan = small_plan()
    today = plan.cohort(1).gatherings[0].dates[0]
    frozen = freeze(small_replan_instance(), plan, today)
    assert check(frozen, plan) == []
    held = plan.cohort(1).gatherings[0]
    moved = _with_gathering(
        plan,
        1,
        1,
        dates=[d + dt.timedelta(days=1) for d in held.dates],
        speaker="someone else",
    )
    rules = _labels(frozen, moved)
    assert rules.count("H11") == 2 and set(rules) <= {"H11", "H5", "H6", "H3"}
    regrouped = _with_gathering(
        plan, 1, 1, groups=[*held.groups[1:], held.groups[0].model_copy(update={"id": "x"})]
    )
    assert _labels(frozen, regrouped) == ["H11"]


def test_held_groups_with_a_withdrawn_person_are_not_h4() -> None:
    plan = small_plan()
    gone = plan.cohort(1).municipalities[0]
    today = plan.cohort(1).gatherings[0].dates[0]
    instance = freeze(small_replan_instance().without_municipalities([gone]), plan, today)
    kept = [p for p in plan.cohort(1).participants if not p.startswith(gone)]
    cohort1 = plan.cohort(1).model_copy(
        update={
            "municipalities": [m for m in plan.cohort(1).municipalities if m != gone],
            "participants": kept,
        }
    )
    trimmed = plan.model_copy(update={"cohorts": [cohort1, plan.cohort(2)]})
    rules = _labels(instance, trimmed)
    # Gathering 2 (not held) still has the withdrawn people: H4 there, nothing at the held one.
    assert "H11" not in rules and "H7" not in rules
    assert all("gathering 1" not in v.message for v in check(instance, trimmed) if v.rule == "H4")


def test_a_moved_politicians_session_is_h7_or_h11() -> None:
    plan = small_plan()
    session = plan.politician_sessions[0]
    pin = {"venue": "b", "date": session.date, "municipalities": session.municipalities}
    pinned = small_replan_instance().replace(pins={"politicians": [pin]})
    assert _labels(pinned, plan) == ["H7"]
    frozen = freeze(small_replan_instance(), plan, session.date)
    moved = plan.model_copy(
        update={"politician_sessions": [session.model_copy(update={"venue": "b"})]}
    )
    assert "H11" in _labels(frozen, moved)
