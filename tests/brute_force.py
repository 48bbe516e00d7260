"""Brute-force enumerations for tiny instances: every plan of a cohort stage, every grouping of
an area, so that tests can compare the solver's optimum with the true one."""

from __future__ import annotations

import itertools
from itertools import product

from kompetanse_opt import check, evaluate_terms, prepare
from kompetanse_opt.model.grouping import AreaLayout, municipality_cap
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan
from kompetanse_opt.objective import weighted_objective


def brute_force(instance: Instance) -> int | None:
    """Best weighted objective over every assignment, or None when no valid plan exists."""
    data = prepare(instance)
    members = instance.participants_of()
    municipalities = [m.id for m in instance.municipalities]
    cohorts = list(range(1, instance.cohort_count + 1))
    venue_ids = instance.venue_ids()
    slots = [(k, g) for k in cohorts for g in range(1, instance.cohorts.gatherings + 1)]
    best: int | None = None
    for assignment in itertools.product(cohorts, repeat=len(municipalities)):
        for venues in itertools.product(venue_ids, repeat=len(slots)):
            venue_of = dict(zip(slots, venues, strict=True))
            plan = Plan(
                cohorts=[
                    CohortPlan(
                        id=k,
                        municipalities=[
                            m for m, c in zip(municipalities, assignment, strict=True) if c == k
                        ],
                        participants=[
                            p
                            for m, c in zip(municipalities, assignment, strict=True)
                            if c == k
                            for p in members[m]
                        ],
                        gatherings=[
                            GatheringPlan(index=g, venue=venue_of[k, g])
                            for g in range(1, instance.cohorts.gatherings + 1)
                        ],
                    )
                    for k in cohorts
                ]
            )
            if check(instance, plan):
                continue
            value = weighted_objective(data, evaluate_terms(data, plan))
            best = value if best is None else min(best, value)
    return best


def valid_assignments(layout: AreaLayout, instance: Instance) -> list[list[list[str]]]:
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
