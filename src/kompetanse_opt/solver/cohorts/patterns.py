"""Venue patterns (the multiset of venues of a cohort's gatherings) and the full cohort model's
variables and shape, shared by the model, its extraction and the class search."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import Protocol

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan
from kompetanse_opt.model.problem import ProblemData

Pattern = tuple[str, ...]


def cohort_pattern(data: ProblemData, cohort: CohortPlan) -> Pattern:
    """A planned cohort's venue pattern, venues in instance order (unknown venues last)."""
    ids = data.venue_ids
    return tuple(
        sorted(
            (g.venue for g in cohort.gatherings),
            key=lambda v: ids.index(v) if v in ids else len(ids),
        )
    )


def venue_patterns(data: ProblemData) -> list[Pattern]:
    """Every multiset of venues a cohort's gatherings can use within the venues' limits."""
    venues = data.instance.venues
    limit = {v.id: v.max_gatherings for v in venues}
    patterns = []
    for combo in combinations_with_replacement(
        [v.id for v in venues], data.instance.cohorts.gatherings
    ):
        counts = Counter(combo)
        if all(limit[v] is None or counts[v] <= (limit[v] or 0) for v in counts):
            patterns.append(tuple(combo))
    return patterns


@dataclass
class CohortVariables:
    member: dict[tuple[str, int], cp_model.IntVar]
    pattern: dict[tuple[int, int], cp_model.IntVar]
    share: dict[tuple[str, int], cp_model.IntVar]
    cohort_of: dict[str, cp_model.IntVar]
    pattern_of_cohort: dict[int, cp_model.IntVar]
    pattern_of: dict[str, cp_model.IntVar]
    count: dict[int, cp_model.IntVar]
    size: dict[int, cp_model.IntVar]
    terms: dict[str, cp_model.LinearExprT]


class CohortSpace(Protocol):
    """What the full cohort model exposes to its hints and extraction."""

    data: ProblemData
    instance: Instance
    model: cp_model.CpModel
    vars: CohortVariables
    cohorts: list[int]
    municipalities: list[str]
    patterns: list[Pattern]
