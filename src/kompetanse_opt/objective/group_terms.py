"""Objective terms of the group stage, computed from a plan in plain Python.

========================  =========================================================  ======
term                      meaning                                                    rule
========================  =========================================================  ======
``group_size_spread``     for every discussion group, its largest minus its          P2
                          smallest municipality in size units (``grouping``),
                          summed over all groups of all gatherings
``meeting_repeats``       for every pair of municipalities that shares ``K`` groups  P4
                          over the programme, ``K(K-1)/2``: the k-th meeting of a
                          pair costs k - 1, so repeats spread over many pairs
``participant_repeats``   for every pair of participants that shares ``K`` groups    P4
                          (one per gathering at most), ``K(K-1)/2``; with two
                          gatherings, the number of pairs who sit together again
========================  =========================================================  ======

The municipality view saturates (a municipality sends people to several service areas, so two
municipalities of a cohort meet somewhere at every gathering); ``participant_repeats`` is P4 as the
domain states it, about people. Both are summed over gatherings by :func:`repeat_cost`.

The stage solves one cohort and gathering at a time, so :func:`gathering_terms` also splits the
terms by gathering (a gathering's repeats are the meetings it adds on top of earlier ones).
"""

from __future__ import annotations

from kompetanse_opt.model.grouping import Pair, group_meetings, repeat_cost, size_units
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.cohort_terms import TermFunction
from kompetanse_opt.objective.role_terms import (
    gathering_role_terms,
    group_spread_worst,
    role_loners,
    role_similar,
    role_spread,
)


def _municipality_of(data: ProblemData) -> dict[str, str]:
    return {p.id: p.municipality for p in data.instance.participants}


def _spread(data: ProblemData, units: dict[str, int], members: list[str]) -> int:
    municipality_of = _municipality_of(data)
    sizes = [units[municipality_of[pid]] for pid in members if pid in municipality_of]
    return max(sizes) - min(sizes) if sizes else 0


def group_size_spread(data: ProblemData, plan: Plan) -> int:
    units = size_units(data.instance)
    return sum(
        _spread(data, units, group.participants)
        for c in plan.cohorts
        for g in c.gatherings
        for group in g.groups
    )


def meeting_counts(data: ProblemData, plan: Plan) -> dict[Pair, int]:
    """How many groups each pair of municipalities shared over the whole plan."""
    groups = [group.participants for c in plan.cohorts for g in c.gatherings for group in g.groups]
    return group_meetings(groups, _municipality_of(data))


def meeting_repeats(data: ProblemData, plan: Plan) -> int:
    return sum(k * (k - 1) // 2 for k in meeting_counts(data, plan).values())


def person_meetings(groups: list[list[str]]) -> dict[Pair, int]:
    """How many of ``groups`` (participant ids) each pair of participants shared."""
    out: dict[Pair, int] = {}
    for members in groups:
        ordered = sorted(set(members))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                out[(a, b)] = out.get((a, b), 0) + 1
    return out


def participant_repeats(data: ProblemData, plan: Plan) -> int:
    groups = [group.participants for c in plan.cohorts for g in c.gatherings for group in g.groups]
    return sum(k * (k - 1) // 2 for k in person_meetings(groups).values())


def gathering_terms(data: ProblemData, cohort: CohortPlan, index: int) -> dict[str, int]:
    """The group terms one gathering of one cohort adds, given the cohort's earlier gatherings."""
    municipality_of = _municipality_of(data)
    units = size_units(data.instance)
    before: dict[Pair, int] = {}
    now: dict[Pair, int] = {}
    people_before: dict[Pair, int] = {}
    people_now: dict[Pair, int] = {}
    spread = 0
    others: dict[str, int] = {}
    for g in cohort.gatherings:
        groups = [x.participants for x in g.groups]
        if g.index < index:
            for p, k in group_meetings(groups, municipality_of).items():
                before[p] = before.get(p, 0) + k
            for p, k in person_meetings(groups).items():
                people_before[p] = people_before.get(p, 0) + k
        elif g.index == index:
            now = group_meetings(groups, municipality_of)
            people_now = person_meetings(groups)
            spread = sum(_spread(data, units, x.participants) for x in g.groups)
            others = gathering_role_terms(data, g)
    repeats = sum(repeat_cost(before.get(p, 0), k) for p, k in now.items())
    people = sum(repeat_cost(people_before.get(p, 0), k) for p, k in people_now.items())
    return {
        "group_size_spread": spread,
        "meeting_repeats": repeats,
        "participant_repeats": people,
        **others,
    }


def sat_with_before(cohort: CohortPlan, index: int) -> tuple[int, int, int]:
    """At gathering ``index``: (participants who share a group with someone they shared one with
    at an earlier gathering, participants at the gathering, such pairs)."""
    earlier: set[Pair] = set()
    for g in cohort.gatherings:
        if g.index < index:
            earlier |= set(person_meetings([x.participants for x in g.groups]))
    again: set[str] = set()
    seated = pairs = 0
    for g in cohort.gatherings:
        if g.index == index:
            for pair_ in person_meetings([x.participants for x in g.groups]):
                if pair_ in earlier:
                    again.update(pair_)
                    pairs += 1
            seated = sum(len(x.participants) for x in g.groups)
    return len(again), seated, pairs


GROUP_TERMS: dict[str, TermFunction] = {
    "group_size_spread": group_size_spread,
    "meeting_repeats": meeting_repeats,
    "participant_repeats": participant_repeats,
    "group_spread_worst": group_spread_worst,
    "role_spread": role_spread,
    "role_loners": role_loners,
    "role_similar": role_similar,
}
