"""Placement advice for a late registration: where could a new municipality go?

Every cohort is tried in turn with everyone else left where they are (same cohorts, same venues):
the hard rules are checked with the independent checker and the objective change is computed
from the plan, so no search is needed and the answer is exact for "without moving anyone else".
"""

from __future__ import annotations

from dataclasses import dataclass

from kompetanse_opt.check import check
from kompetanse_opt.check.violation import Violation
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData, prepare
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.solver.pipeline import solve


@dataclass(frozen=True)
class Placement:
    """Municipality ``municipality`` in cohort ``cohort``: valid or not, and what it costs."""

    municipality: str
    cohort: int
    valid: bool
    objective_change: int
    terms_change: dict[str, int]
    violations: tuple[Violation, ...]

    def line(self) -> str:
        if self.valid:
            return f"cohort {self.cohort}: objective {self.objective_change:+d}"
        reasons = "; ".join(v.message for v in self.violations)
        return f"cohort {self.cohort}: not possible ({reasons})"


def _with_municipality(instance: Instance, plan: Plan, municipality: str, cohort: int) -> Plan:
    people = instance.participants_of()[municipality]
    cohorts = []
    for c in plan.cohorts:
        munis = [m for m in c.municipalities if m != municipality]
        members = [p for p in c.participants if p not in people]
        if c.id == cohort:
            munis, members = [*munis, municipality], [*members, *people]
        cohorts.append(c.model_copy(update={"municipalities": munis, "participants": members}))
    return plan.model_copy(update={"cohorts": cohorts})


def _without(plan: Plan, instance: Instance, municipality: str) -> Plan:
    people = set(instance.participants_of()[municipality])
    return plan.model_copy(
        update={
            "cohorts": [
                c.model_copy(
                    update={
                        "municipalities": [m for m in c.municipalities if m != municipality],
                        "participants": [p for p in c.participants if p not in people],
                    }
                )
                for c in plan.cohorts
            ]
        }
    )


def advise_placement(
    instance: Instance, plan: Plan, municipality: str, data: ProblemData | None = None
) -> list[Placement]:
    """Every cohort for ``municipality``, valid ones first, cheapest first."""
    data = data or prepare(instance)
    base = _without(plan, instance, municipality)
    base_terms = evaluate_terms(data, base)
    base_value = weighted_objective(data, base_terms)
    out = []
    for c in plan.cohorts:
        candidate = _with_municipality(instance, base, municipality, c.id)
        violations = tuple(check(instance, candidate, ("cohorts",)))
        terms = evaluate_terms(data, candidate)
        out.append(
            Placement(
                municipality=municipality,
                cohort=c.id,
                valid=not violations,
                objective_change=weighted_objective(data, terms) - base_value,
                terms_change={k: terms[k] - base_terms.get(k, 0) for k in terms},
                violations=violations,
            )
        )
    return sorted(out, key=lambda p: (not p.valid, p.objective_change, p.cohort))


def plan_without(
    instance: Instance,
    municipality: str,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
) -> Plan | None:
    """The cohort plan of ``instance`` before ``municipality`` registered (None if it has none).

    The cohort count stays what the full instance has (with ``count: auto`` one municipality
    fewer could mean one cohort fewer, which would drop a cohort the newcomer may join or a pin
    names). Placement concerns cohorts only; groups and dates follow once it is decided.
    """
    if len(instance.municipalities) < 2:
        return None  # nobody else: there is no plan to place it into
    earlier = instance.with_cohort_settings().without_municipalities([municipality])
    skip = ("groups", "calendar", "politicians")
    result = solve(earlier, time_limit=time_limit, seed=seed, workers=workers, skip=skip)
    return result.plan
