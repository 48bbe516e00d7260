"""The diff by layer (each change once, with names) and the per-recipient notifications."""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.analysis.notifications import notifications
from kompetanse_opt.analysis.plan_diff import diff_plans
from kompetanse_opt.model.plan import (
    CohortPlan,
    GatheringPlan,
    GroupPlan,
    Plan,
    PoliticianSession,
)

NAMES = {
    "1001": "Askøy",
    "1002": "Bømlo",
    "1003": "Fedje",
    "f1": "Kari",
    "f2": "Ola",
    "f3": "Nils",
    "a": "Bergen",
    "b": "Førde",
    "1001-1": "Anne (Askøy)",
    "1002-1": "Per (Bømlo)",
}


def _gathering(index: int, groups: list[list[str]], **extra: object) -> GatheringPlan:
    day = dt.date(2025, 3, 3 + 14 * (index - 1))
    fields: dict[str, object] = {
        "venue": "a",
        "dates": [day, day + dt.timedelta(days=1)],
        "facilitators": ["f1", "f2"],
        "speaker": f"speaker-1-{index}",
        "groups": [
            GroupPlan(id=f"g{k}", service_area="health_care", participants=members)
            for k, members in enumerate(groups, start=1)
        ],
    }
    fields.update(extra)
    return GatheringPlan(index=index, **fields)  # type: ignore[arg-type]


def _plan(cohort1: list[GatheringPlan], c1: list[str], c2: list[str], sessions=None) -> Plan:  # type: ignore[no-untyped-def]
    people = {"1001": ["1001-1", "1001-2"], "1002": ["1002-1", "1002-2"], "1003": ["1003-1"]}
    return Plan(
        stages=("cohorts", "groups", "calendar", "politicians"),
        cohorts=[
            CohortPlan(
                id=1,
                municipalities=c1,
                participants=[p for m in c1 for p in people[m]],
                gatherings=cohort1,
            ),
            CohortPlan(
                id=2,
                municipalities=c2,
                participants=[p for m in c2 for p in people[m]],
                gatherings=[GatheringPlan(index=1, venue="a")],
            ),
        ],
        politician_sessions=sessions or [],
    )


def test_renumbered_groups_and_a_withdrawn_member_are_no_change() -> None:
    before = _plan(
        [_gathering(1, [["1001-1", "1001-2"], ["1002-1", "1002-2", "1003-1"]])],
        ["1001", "1002", "1003"],
        [],
    )
    # Fedje withdraws; the two groups come back in the other order.
    after = _plan(
        [_gathering(1, [["1002-1", "1002-2"], ["1001-1", "1001-2"]])], ["1001", "1002"], []
    )
    diff = diff_plans(before, after)
    assert diff.group_changes == [] and diff.regrouped == []
    assert diff.lines(NAMES) == ["withdrawn Fedje (1 participant): was in cohort 1"]


def test_a_swap_lists_the_two_people_once_each_with_names() -> None:
    before = _plan(
        [_gathering(1, [["1001-1", "1001-2"], ["1002-1", "1002-2"]])], ["1001", "1002"], []
    )
    after = _plan(
        [_gathering(1, [["1002-1", "1001-2"], ["1001-1", "1002-2"]])], ["1001", "1002"], []
    )
    diff = diff_plans(before, after)
    assert sorted(g.participant for g in diff.group_changes) == ["1001-1", "1002-1"]
    assert diff.regrouped == [1]
    lines = diff.lines(NAMES)
    assert "cohort 1 gathering 1: Anne (Askøy) changes group (g1 → g2)" in lines
    assert "cohort 1 gathering 1: Per (Bømlo) changes group (g2 → g1)" in lines
    assert len(lines) == 2


def test_every_layer_once_with_names_and_who_is_told() -> None:
    session = PoliticianSession(id=1, venue="a", date=dt.date(2025, 6, 3), municipalities=["1001"])
    moved = session.model_copy(update={"date": dt.date(2025, 6, 10)})
    groups = [["1001-1", "1001-2"]]
    before = _plan(
        [_gathering(1, groups), _gathering(2, groups)], ["1001"], ["1002", "1003"], [session]
    )
    late = dt.date(2025, 3, 24)
    after = _plan(
        [
            _gathering(1, groups, facilitators=["f1", "f3"]),
            _gathering(2, groups, venue="b", dates=[late, late + dt.timedelta(days=1)]),
        ],
        ["1001", "1003"],
        ["1002"],
        [moved],
    )
    diff = diff_plans(before, after)
    lines = diff.lines(NAMES)
    assert lines == [
        "Fedje (1 participant): cohort 2 → cohort 1",
        "cohort 1 gathering 2: venue Bergen → Førde",
        "cohort 1 gathering 2: 2025-03-17 – 2025-03-18 → 2025-03-24 – 2025-03-25 (7 days later)",
        "cohort 1 gathering 1: facilitators + Nils, − Ola",
        "politicians of Askøy: Bergen 2025-06-03 → Bergen 2025-06-10",
    ]
    told = {(n.kind, n.name): n.messages for n in notifications(diff, before, after, NAMES)}
    assert told["municipality", "Fedje"] == ["1 participant(s) move from cohort 2 to cohort 1"]
    askoy = told["municipality", "Askøy"]
    assert "cohort 1 gathering 2: venue Bergen → Førde" in askoy
    assert askoy[-1] == "politicians' session now: Bergen 2025-06-10"
    assert told["facilitator", "Nils"] == ["added: cohort 1 gathering 1 (2025-03-03 – 2025-03-04)"]
    assert told["facilitator", "Ola"][0] == "removed: cohort 1 gathering 1"
    assert len(told["facilitator", "Kari"]) == 2  # venue and dates of gathering 2
    assert ("municipality", "Bømlo") not in told  # nothing changed for it
    assert told["speaker", "speaker-1-2"][0].startswith("cohort 1 gathering 2: venue")


def test_the_matching_lists_the_fewest_people_and_keeps_labels_on_ties() -> None:
    # Fedje's person leaves g1; the rest stay where they were (same ids): no change. A greedy
    # match by largest overlap alone could pair g1 with g2 on a tie and list people who stayed.
    before = _plan(
        [_gathering(1, [["1001-1", "1003-1", "1002-2"], ["1001-2", "1002-1"]])],
        ["1001", "1002", "1003"],
        [],
    )
    after = _plan(
        [_gathering(1, [["1001-1", "1002-2"], ["1001-2", "1002-1"]])], ["1001", "1002"], []
    )
    assert diff_plans(before, after).group_changes == []
    # One person really moves: only they are listed.
    moved = _plan(
        [_gathering(1, [["1001-1"], ["1001-2", "1002-1", "1002-2"]])], ["1001", "1002"], []
    )
    changes = diff_plans(before, moved).group_changes
    assert [(g.participant, g.before, g.after) for g in changes] == [("1002-2", "g1", "g2")]
