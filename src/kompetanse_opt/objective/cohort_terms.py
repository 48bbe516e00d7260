"""Objective terms of the cohort stage, computed from a plan in plain Python.

The CP-SAT model builds each term as an expression (``solver/cohorts.py``); this module computes
the same numbers from a finished plan so the two can be compared. All terms are integers; the
objective is ``sum(weight[t] * term[t])`` with the weights of
:class:`~kompetanse_opt.model.instance.Weights`.

========================  =========================================================  ======
term                      meaning                                                    rule
========================  =========================================================  ======
``travel_total``          participant-minutes, home to venue one way, summed over    P1
                          every participant and every physical gathering
``travel_worst``          the largest per-participant travel (minutes, one way,      P1
                          summed over the cohort's gatherings) of any municipality
``size_imbalance``        largest cohort minus smallest cohort (participants)        P3
``wish_misses``           municipalities with preferred cohorts that got none        P6
``together_splits``       for each soft together-set, cohorts it spans minus one     H8/P6
``apart_breaches``        soft apart pairs that share a cohort                       H8
``size_loners``           municipalities without a size-peer in their cohort         P2
                          (only those that have a peer somewhere in the instance)
========================  =========================================================  ======
"""

from __future__ import annotations

from collections.abc import Callable

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData

TermFunction = Callable[[ProblemData, Plan], int]


def municipality_travel(data: ProblemData, plan: Plan) -> dict[str, int]:
    """Minutes one participant of each municipality travels over all its cohort's gatherings."""
    out: dict[str, int] = {}
    for c in plan.cohorts:
        for m in c.municipalities:
            out[m] = sum(data.minutes(m, g.venue) for g in c.gatherings)
    return out


def travel_total(data: ProblemData, plan: Plan) -> int:
    per_person = municipality_travel(data, plan)
    return sum(data.size[m] * minutes for m, minutes in per_person.items())


def travel_worst(data: ProblemData, plan: Plan) -> int:
    return max(municipality_travel(data, plan).values(), default=0)


def size_imbalance(data: ProblemData, plan: Plan) -> int:
    sizes = [c.size for c in plan.cohorts]
    return max(sizes) - min(sizes) if sizes else 0


def wish_misses(data: ProblemData, plan: Plan) -> int:
    cohort_of = plan.cohort_of_municipality()
    return sum(
        1
        for w in data.instance.wishes
        if w.prefers and cohort_of.get(w.municipality) not in w.prefers
    )


def together_splits(data: ProblemData, plan: Plan) -> int:
    cohort_of = plan.cohort_of_municipality()
    return sum(
        max(len({cohort_of[m] for m in s.municipalities if m in cohort_of}) - 1, 0)
        for s in data.instance.together
        if not s.hard
    )


def apart_breaches(data: ProblemData, plan: Plan) -> int:
    cohort_of = plan.cohort_of_municipality()
    return sum(
        1
        for a in data.instance.apart
        if not a.hard
        and a.municipalities[0] in cohort_of
        and cohort_of[a.municipalities[0]] == cohort_of.get(a.municipalities[1])
    )


def size_loners(data: ProblemData, plan: Plan) -> int:
    """Municipalities that could have a size-peer in their cohort but have none.

    Groups put similar sizes together (P2), so a municipality alone in its size range in its
    cohort ends up in a mixed-size group in every service area, at every gathering.
    """
    peers = data.peers
    cohort_of = plan.cohort_of_municipality()
    return sum(
        1
        for m, others in peers.items()
        if others and not any(cohort_of.get(o) == cohort_of.get(m) for o in others)
    )


COHORT_TERMS: dict[str, TermFunction] = {
    "travel_total": travel_total,
    "travel_worst": travel_worst,
    "size_imbalance": size_imbalance,
    "wish_misses": wish_misses,
    "together_splits": together_splits,
    "apart_breaches": apart_breaches,
    "size_loners": size_loners,
}
