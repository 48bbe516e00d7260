"""The group stage on random tiny cohorts (hypothesis).

* whatever the planner returns passes the checker: every participant in exactly one group of
  their (merged) area per gathering, sizes and balance held, nobody lost; and networking is never
  worse than reusing gathering 1's groups at gathering 2;
* "infeasible" always comes with a reason naming the cohort and service area;
* each gathering's optimum equals a brute-force enumeration of every valid grouping (the model's
  redundant cuts and symmetry breaking must never cut off a better grouping).
"""

from __future__ import annotations

from itertools import product
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builders import make_group_instance
from kompetanse_opt import check, prepare, solve
from kompetanse_opt.model.grouping import AreaLayout, area_layouts, group_meetings, municipality_cap
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GroupPlan, SolveStatus
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.group_terms import gathering_terms, meeting_counts
from kompetanse_opt.solver.groups.hints import add_warm_start
from kompetanse_opt.solver.groups.model import GroupModel

AREAS = ("health_care", "education", "staff_support")
# Mostly chains that end in staff_support (every area can merge), sometimes none at all.
MERGES: tuple[dict[str, str], ...] = (
    {},
    {"education": "health_care", "health_care": "staff_support"},
    {"education": "staff_support", "health_care": "staff_support"},
    {"health_care": "education", "education": "staff_support"},
)


@st.composite
def tiny_cohorts(draw: st.DrawFn, most_people: int = 7) -> Instance:
    n = draw(st.integers(2, 4))
    people: dict[str, list[str]] = {}
    left = most_people
    for i in range(n):
        k = draw(st.integers(1, min(3, left - (n - i - 1))))
        left -= k
        people[str(1001 + i)] = draw(st.lists(st.sampled_from(AREAS), min_size=k, max_size=k))
    low = draw(st.sampled_from([2, 2, 2, 3]))
    groups: dict[str, Any] = {
        "min_size": low,
        "max_size": draw(st.integers(low, 4)),
        "max_size_difference": draw(st.integers(0, 2)),
        "same_municipality": draw(st.sampled_from(["avoid", "avoid", "allow", "forbid"])),
        "merge_into": draw(st.sampled_from(MERGES)),
        "size_scale": draw(st.sampled_from([1, 10])),
        # These properties are the sequential method's (gathering by gathering); the joint
        # model has its own tests (test_social_golfer.py, test_joint_groups.py).
        "method": "sequential",
    }
    return make_group_instance(
        people,
        populations={m: draw(st.integers(300, 300_000)) for m in people},
        groups=groups,
        weights={
            "group_size_spread": draw(st.integers(0, 5)),
            "meeting_repeats": draw(st.integers(0, 5)),
            "participant_repeats": draw(st.integers(0, 5)),
        },
    )


def grouped_or_none(instance: Instance) -> tuple[Any, CohortPlan | None]:
    result = solve(instance, time_limit=10)
    event(f"status {result.status.value}")
    if result.status is SolveStatus.INFEASIBLE:
        return result, None
    assert result.status is SolveStatus.OPTIMAL, result.reasons
    return result, result.require_plan().cohorts[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(most_people=8))
def test_plans_are_valid_and_never_repeat_more_than_same_groups_twice(instance: Instance) -> None:
    result, cohort = grouped_or_none(instance)
    if cohort is None:
        _, problems = area_layouts(instance, [p.id for p in instance.participants])
        assert result.reasons and (problems or "smallest discussion group" in result.reasons[0])
        assert all("service area '" in r or "discussion group" in r for r in result.reasons)
        return
    plan = result.require_plan()
    assert check(instance, plan) == []
    layouts, _ = area_layouts(instance, cohort.participants)
    model = GroupModel(prepare(instance), 1, 1, layouts).build()
    assert add_warm_start(model), "the greedy warm start breaks a rule"
    everyone = sorted(p.id for p in instance.participants)
    for g in cohort.gatherings:
        assert sorted(pid for group in g.groups for pid in group.participants) == everyone
    municipality_of = {p.id: p.municipality for p in instance.participants}
    first = group_meetings([x.participants for x in cohort.gatherings[0].groups], municipality_of)
    same_twice = sum(2 * k * (2 * k - 1) // 2 for k in first.values())
    if instance.weights.meeting_repeats:  # a guarantee of the weighted repeat terms (issue 15)
        assert result.terms["meeting_repeats"] <= same_twice
    assert sum(meeting_counts(prepare(instance), plan).values()) >= sum(first.values())


def _valid_assignments(layout: AreaLayout, instance: Instance) -> list[list[list[str]]]:
    """Every way to put the area's people into its groups within the rules (labelled groups)."""
    settings_ = instance.groups
    municipality_of = {p.id: p.municipality for p in instance.participants}
    out = []
    for labels in product(range(layout.groups), repeat=layout.n):
        groups: list[list[str]] = [[] for _ in range(layout.groups)]
        for pid, j in zip(layout.participants, labels, strict=True):
            groups[j].append(pid)
        sizes = [len(g) for g in groups]
        if min(sizes) < settings_.min_size or max(sizes) > settings_.max_size:
            continue
        if max(sizes) - min(sizes) > settings_.max_size_difference:
            continue
        if any(
            sum(municipality_of[pid] == m for pid in g)
            > municipality_cap(settings_, layout.count[m], layout.groups)
            for g in groups
            for m in layout.count
        ):
            continue
        out.append(groups)
    return out


def _brute_force(instance: Instance, cohort: CohortPlan, index: int) -> int:
    """Best weighted objective of gathering ``index`` given the cohort's earlier gatherings."""
    data = prepare(instance)
    layouts, _ = area_layouts(instance, cohort.participants)
    options = [_valid_assignments(layout, instance) for layout in layouts]
    municipality_of = {p.id: p.municipality for p in instance.participants}
    earlier = [g for g in cohort.gatherings if g.index < index]
    baseline = None
    if earlier:
        again = cohort.model_copy(deep=True)
        again.gatherings[index - 1].groups = earlier[-1].groups
        baseline = gathering_terms(data, again, index)
    guarded = [
        name
        for name in ("meeting_repeats", "participant_repeats")
        if getattr(instance.weights, name)
    ]
    best = None
    for choice in product(*options):
        groups = [
            GroupPlan(id=f"{layout.area}-{j}", service_area=layout.area, participants=members)
            for layout, assignment in zip(layouts, choice, strict=True)
            for j, members in enumerate(assignment)
        ]
        trial = cohort.model_copy(deep=True)
        trial.gatherings[index - 1].groups = groups
        terms = gathering_terms(data, trial, index)
        if baseline is not None and any(terms[n] > baseline[n] for n in guarded):
            continue  # the stage never repeats more than reusing the previous groups
        value = weighted_objective(data, terms)
        best = value if best is None else min(best, value)
    assert best is not None, "the same groups as before are always allowed"
    del municipality_of
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_cohorts(most_people=6))
def test_each_gathering_is_optimal_by_brute_force(instance: Instance) -> None:
    result, cohort = grouped_or_none(instance)
    if cohort is None:
        return
    reports = {r.gathering: r for r in result.stage_results if r.name == "groups"}
    for g in cohort.gatherings:
        assert reports[g.index].objective == _brute_force(instance, cohort, g.index)
