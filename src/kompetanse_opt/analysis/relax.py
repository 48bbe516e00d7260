"""Relaxation suggestions: the least disruptive changes that make an infeasible instance plannable.

The menu, from least to most disruptive (the rank shown to the user):

====  =====================  =========================================================
rank  kind                   change
====  =====================  =========================================================
1     ``soften_set``         a hard together-set becomes soft (it may split, at a cost)
2     ``soften_apart``       a hard apart pair becomes soft
3     ``drop_pin``           a municipality or gathering pin is released
4     ``drop_wish``          a "cannot attend cohort k" wish is dropped (ask them first)
5     ``lower_minimum``      the cohort minimum is lowered to the largest value that works
6     ``venue_limit``        a limited venue may host one more gathering
7     ``room``               a venue's room capacity is raised to what is needed
8     ``capacity``           cohort capacity +k, for the smallest k that works
9     ``one_more_cohort``    one more cohort (more speakers, facilitators and venues)
====  =====================  =========================================================

Every suggestion is verified by actually solving the changed instance (its cohort stage, where
the conflicting rules live); only those that give a plan are returned, each with the resulting
cohort-stage objective.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kompetanse_opt.analysis.explain import Conflict
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.solver.cohorts.feasibility import FeasibilityModel
from kompetanse_opt.solver.pipeline import solve

LATER_STAGES = ("groups", "calendar", "politicians")

RANK = {
    "soften_set": 1,
    "soften_apart": 2,
    "drop_pin": 3,
    "drop_wish": 4,
    "lower_minimum": 5,
    "venue_limit": 6,
    "room": 7,
    "capacity": 8,
    "one_more_cohort": 9,
}


@dataclass(frozen=True)
class Suggestion:
    kind: str
    description: str
    status: SolveStatus
    objective: int | None
    instance: Instance = field(repr=False, compare=False)

    @property
    def rank(self) -> int:
        return RANK[self.kind]


def _with_venue(instance: Instance, venue: str, **update: int | None) -> Instance:
    venues = [v.model_copy(update=update) if v.id == venue else v for v in instance.venues]
    return instance.replace(venues=venues)


def _feasible(instance: Instance, time_limit: float) -> bool:
    try:
        return FeasibilityModel(instance).core(time_limit) is None
    except TimeoutError:
        return False


def _smallest_capacity_increase(instance: Instance, time_limit: float) -> int | None:
    capacity = instance.cohorts.capacity
    for extra in range(1, capacity + 1):
        changed = instance.replace(
            cohorts=instance.cohorts.model_copy(update={"capacity": capacity + extra})
        )
        if _feasible(changed, time_limit):
            return extra
    return None


def _candidates(
    instance: Instance, conflict: Conflict, time_limit: float
) -> Iterator[tuple[str, str, Instance]]:
    keys = [r.key for r in conflict.rules]  # conflict rules drive the menu
    for key in keys:
        kind, _, rest = key.partition(":")
        if kind == "together":
            sets = [
                s.model_copy(update={"hard": False}) if s.id == rest else s
                for s in instance.together
            ]
            yield (
                "soften_set",
                f"let together-set {rest} split (make it soft)",
                instance.replace(together=sets),
            )
        elif kind == "apart":
            pairs = [
                a.model_copy(update={"hard": False}) if a.id == rest else a for a in instance.apart
            ]
            yield "soften_apart", f"make apart pair {rest} soft", instance.replace(apart=pairs)
        elif kind == "pin":
            pins = instance.pins.model_copy(
                update={
                    "municipalities": [
                        p for p in instance.pins.municipalities if p.municipality != rest
                    ]
                }
            )
            yield "drop_pin", f"release the pin of municipality {rest}", instance.replace(pins=pins)
        elif kind == "gathering_pin":
            cohort, gathering = (int(x) for x in rest.split(":"))
            kept = [
                g
                for g in instance.pins.gatherings
                if (g.cohort, g.gathering) != (cohort, gathering)
            ]
            pins = instance.pins.model_copy(update={"gatherings": kept})
            yield (
                "drop_pin",
                f"release the venue pin of cohort {cohort} gathering {gathering}",
                instance.replace(pins=pins),
            )
        elif kind == "cannot":
            municipality, cohort_text = rest.split(":")
            cohort = int(cohort_text)
            wishes = [
                w.model_copy(update={"cannot_attend": [k for k in w.cannot_attend if k != cohort]})
                if w.municipality == municipality
                else w
                for w in instance.wishes
            ]
            yield (
                "drop_wish",
                f"ask {municipality} whether it can attend cohort {cohort} after all",
                instance.replace(wishes=wishes),
            )
        elif kind == "venue_limit":
            limit = next(v.max_gatherings or 0 for v in instance.venues if v.id == rest)
            yield (
                "venue_limit",
                f"allow one more gathering at {rest}",
                _with_venue(instance, rest, max_gatherings=limit + 1),
            )
        elif kind == "room":
            yield (
                "room",
                f"book a room at {rest} for {instance.cohorts.capacity}",
                _with_venue(instance, rest, room_capacity=instance.cohorts.capacity),
            )
    if any(k.startswith("minimum:") for k in keys):
        for minimum in range(instance.cohorts.minimum - 1, -1, -1):
            changed = instance.replace(
                cohorts=instance.cohorts.model_copy(update={"minimum": minimum})
            )
            if _feasible(changed, time_limit):
                yield "lower_minimum", f"lower the cohort minimum to {minimum}", changed
                break
    if any(k.startswith(("capacity:", "room:", "venue_limit:")) for k in keys):
        extra = _smallest_capacity_increase(instance, time_limit)
        if extra is not None:
            cohorts = instance.cohorts.model_copy(
                update={"capacity": instance.cohorts.capacity + extra}
            )
            yield (
                "capacity",
                f"raise cohort capacity by {extra} to {cohorts.capacity}",
                instance.replace(cohorts=cohorts),
            )
        cohorts = instance.cohorts.model_copy(update={"count": instance.cohort_count + 1})
        yield (
            "one_more_cohort",
            f"add a cohort ({instance.cohort_count + 1} in all)",
            instance.replace(cohorts=cohorts),
        )


def suggest_relaxations(
    instance: Instance, conflict: Conflict, time_limit: float = 10.0
) -> list[Suggestion]:
    """Verified suggestions, least disruptive first, then by objective."""
    seen: set[str] = set()
    out: list[Suggestion] = []
    for kind, description, changed in _candidates(instance, conflict, time_limit):
        if description in seen:
            continue
        seen.add(description)
        # The conflict is among cohort-stage rules, so the cohort stage is what verifies it.
        result = solve(changed, time_limit=time_limit, skip=LATER_STAGES)
        if result.status.has_plan:
            out.append(Suggestion(kind, description, result.status, result.objective, changed))
    return sorted(out, key=lambda s: (s.rank, s.objective if s.objective is not None else 0))
