"""Edits of a plan and their feedback (no solve), and pins by kind, on small planned instances."""

from __future__ import annotations

import datetime as dt

import pytest

from builders import make_group_instance
from calendar_builders import make_dated_instance
from kompetanse_opt.check import check
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.solver.pipeline import solve
from kompetanse_opt.web.edits import (
    EditError,
    MoveGathering,
    MoveMunicipality,
    MoveParticipant,
    SwapFacilitator,
    apply_edit,
    describe,
    feedback,
    pin_list,
    set_pin,
)


@pytest.fixture(scope="module")
def grouped() -> tuple[Instance, Plan]:
    people = {str(1001 + i): ["health_care"] * 4 + ["education"] * 4 for i in range(4)}
    instance = make_group_instance(people, cohorts={"count": 2, "capacity": 16, "gatherings": 2})
    return instance, solve(instance, seed=0, workers=1).require_plan()


@pytest.fixture(scope="module")
def dated() -> tuple[Instance, Plan]:
    instance = make_dated_instance()
    return instance, solve(instance, seed=0, workers=1).require_plan()


def test_a_moved_municipality_takes_its_people_into_the_new_cohorts_groups(
    grouped: tuple[Instance, Plan],
) -> None:
    instance, plan = grouped
    here = plan.cohort_of_municipality()["1001"]
    other = 2 if here == 1 else 1
    edited = apply_edit(instance, plan, MoveMunicipality(municipality="1001", cohort=other))
    moved = set(instance.participants_of()["1001"])
    for c in edited.cohorts:
        grouped_people = {p for g in c.gatherings[0].groups for p in g.participants}
        assert grouped_people == set(c.participants)  # nobody lost, nobody twice
        assert (moved <= grouped_people) == (c.id == other)
    for group in edited.cohort(other).gatherings[0].groups:  # each into their own service area
        areas = {p.id: p.service_area for p in instance.participants}
        assert {areas[p] for p in group.participants} == {group.service_area}
    verdict = feedback(instance, plan, edited)
    rules = [v["rule"] for v in verdict.violations]
    assert rules[0] == "H2" and set(rules) == {"H2", "H4"}  # capacity; group sizes 4-8
    assert verdict.deltas["size_imbalance"] > 0
    assert verdict.objective_after - verdict.objective_before == sum(
        getattr(instance.weights, k) * d for k, d in verdict.deltas.items()
    )
    assert edited.meetings is not None and edited.meetings != plan.meetings
    assert describe(MoveMunicipality(municipality="1001", cohort=other)).startswith("moved")


def test_a_participant_into_another_group(grouped: tuple[Instance, Plan]) -> None:
    instance, plan = grouped
    gathering = plan.cohorts[0].gatherings[0]
    person = gathering.groups[0].participants[0]
    target = gathering.groups[1].id
    edit = MoveParticipant(participant=person, gathering=1, group=target)
    edited = apply_edit(instance, plan, edit)
    groups = {g.id: g.participants for g in edited.cohorts[0].gatherings[0].groups}
    assert person in groups[target] and person not in groups[gathering.groups[0].id]
    assert {v["rule"] for v in feedback(instance, plan, edited).violations} == {"H4"}
    with pytest.raises(EditError, match="has no group"):
        apply_edit(instance, plan, edit.model_copy(update={"group": "nope"}))
    with pytest.raises(EditError, match="in no cohort"):
        apply_edit(instance, plan, edit.model_copy(update={"participant": "ghost"}))


def test_a_gathering_moved_and_a_facilitator_swapped(dated: tuple[Instance, Plan]) -> None:
    instance, plan = dated
    first = plan.cohorts[0].gatherings[0]
    day = first.dates[0] + dt.timedelta(days=1)
    edit = MoveGathering(cohort=plan.cohorts[0].id, gathering=1, venue="b", date=day)
    moved = apply_edit(instance, plan, edit).cohorts[0].gatherings[0]
    assert moved.venue == "b" and moved.dates == [day, day + dt.timedelta(days=1)]
    new = next(f.id for f in instance.facilitators if f.id not in first.facilitators)
    swap = SwapFacilitator(
        cohort=plan.cohorts[0].id, gathering=1, old=first.facilitators[0], new=new
    )
    swapped = apply_edit(instance, plan, swap)
    assert new in swapped.cohorts[0].gatherings[0].facilitators
    verdict = feedback(instance, plan, swapped)
    assert set(verdict.deltas) >= {"facilitator_changes", "facilitator_travel"}
    assert verdict.valid == (check(instance, swapped) == [])
    with pytest.raises(EditError, match="unknown venue"):
        apply_edit(instance, plan, edit.model_copy(update={"venue": "zz"}))
    with pytest.raises(EditError, match="unknown facilitator"):
        apply_edit(instance, plan, swap.model_copy(update={"new": "nobody"}))
    with pytest.raises(EditError, match="does not facilitate"):
        apply_edit(instance, plan, swap.model_copy(update={"old": "nobody"}))
    with pytest.raises(EditError, match="has no gathering 5"):
        apply_edit(instance, plan, edit.model_copy(update={"gathering": 5}))


def test_a_date_needs_a_dated_plan(grouped: tuple[Instance, Plan]) -> None:
    instance, plan = grouped
    edit = MoveGathering(cohort=1, gathering=1, date=dt.date(2025, 3, 3))
    with pytest.raises(EditError, match="no dates yet"):
        apply_edit(instance, plan, edit)


def test_pins_by_kind(grouped: tuple[Instance, Plan]) -> None:
    instance, _ = grouped
    one = set_pin(instance, "municipality", {"municipality": "1001", "cohort": 1}, on=True)
    two = set_pin(one, "municipality", {"municipality": "1001", "cohort": 2}, on=True)
    assert pin_list(two) == [
        {"kind": "municipality", "values": {"municipality": "1001", "cohort": 2}}
    ]
    venue = set_pin(two, "gathering", {"cohort": 1, "gathering": 2, "venue": "a"}, on=True)
    assert [p["kind"] for p in pin_list(venue)] == ["municipality", "gathering"]
    off = set_pin(venue, "municipality", {"municipality": "1001", "cohort": 2}, on=False)
    assert [p["kind"] for p in pin_list(off)] == ["gathering"]
    with pytest.raises(EditError, match="unknown pin kind"):
        set_pin(instance, "speaker", {}, on=True)
    with pytest.raises(EditError, match="no such municipality pin"):
        set_pin(instance, "municipality", {"municipality": "1001", "cohort": 1}, on=False)


def test_publish_reaches_replan_where_it_takes_the_date() -> None:
    from kompetanse_opt.web.jobs import announced

    def today_replan(instance: object, previous: object, *, published_until: object = None) -> None:
        return None

    def older_replan(instance: object, previous: object) -> None:
        return None

    assert announced(today_replan, "2027-03-01") == {"published_until": dt.date(2027, 3, 1)}
    assert announced(today_replan, None) == {}
    assert announced(older_replan, "2027-03-01") == {}  # the date stays on the version only


def test_timelines_per_cohort_venue_and_facilitator(dated: tuple[Instance, Plan]) -> None:
    from kompetanse_opt.web.pages import render
    from kompetanse_opt.web.views import timelines

    instance, plan = dated
    drawn = timelines(instance, plan)
    assert [t.by for t in drawn] == ["cohort", "venue", "facilitator"]
    gatherings = sum(len(c.gatherings) for c in plan.cohorts)
    assert sum(len(bars) for _, bars in drawn[0].lanes) == gatherings
    assert sum(len(bars) for _, bars in drawn[2].lanes) == sum(
        len(g.facilitators) for c in plan.cohorts for g in c.gatherings
    )
    html = render("timeline.html", t=drawn[0]).body.decode()
    assert html.count("<rect") == gatherings and "<title>cohort 1, gathering 1 at" in html
