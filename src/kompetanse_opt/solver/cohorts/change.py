"""The cohort stage's change terms (H11): what a re-plan changes of the baseline's cohorts."""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.freeze import baseline_plan
from kompetanse_opt.objective.change_terms import baseline_states
from kompetanse_opt.solver.cohorts.extraction import order_gatherings
from kompetanse_opt.solver.cohorts.patterns import CohortSpace


def change_terms(space: CohortSpace) -> dict[str, cp_model.LinearExprT]:
    """H11: participants moved from their baseline cohort, and gatherings at another venue
    than the baseline's, split by announced and draft (as :mod:`objective.change_terms`
    counts them; the extraction orders gatherings the same way)."""
    base = space.instance.baseline
    if base is None:
        return {}
    size, member = space.data.size, space.vars.member
    moved: list[cp_model.LinearExprT] = [
        size[m] * (1 - member[m, k]) if k in space.cohorts else size[m]
        for m, k in ((p.municipality, p.cohort) for p in base.municipalities)
        if m in size
    ]
    previous = baseline_plan(space.instance)
    states = baseline_states(space.data)
    old = {(g.cohort, g.gathering): g.venue for g in base.gatherings}
    counts: dict[str, list[cp_model.LinearExprT]] = {"announced": [], "draft": []}
    for k in space.cohorts:
        for p, pattern in enumerate(space.patterns):
            try:
                venues = order_gatherings(space, k, pattern, previous)
            except (ValueError, IndexError):
                continue  # the pins rule this pattern out
            for i, venue in enumerate(venues, start=1):
                state = states.get((k, "gathering", i), "draft")
                if (k, i) in old and old[k, i] != venue and state != "held":
                    counts[state].append(space.vars.pattern[k, p])
    return {
        "changed_cohorts": cp_model.LinearExpr.sum(moved),
        "changed_venues_announced": cp_model.LinearExpr.sum(counts["announced"]),
        "changed_venues_draft": cp_model.LinearExpr.sum(counts["draft"]),
    }
