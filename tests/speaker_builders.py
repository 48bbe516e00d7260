"""Small dated instances with a speaker pool (rule H10)."""

from __future__ import annotations

import itertools
from typing import Any

from calendar_builders import make_dated_instance
from kompetanse_opt.check import check
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.speaker_terms import SPEAKER_TERMS
from kompetanse_opt.solver.pipeline import solve


def speaker(ident: str, **extra: Any) -> dict[str, Any]:
    """A pool speaker who can present 'agile' and 'data_driven', free every day, from 1001."""
    data: dict[str, Any] = {
        "id": ident,
        "name": ident.upper(),
        "capabilities": ["agile", "data_driven"],
        "home": "1001",
        "fee": 30_000,
    }
    data.update(extra)
    return data


def make_speaker_instance(speakers: list[dict[str, Any]] | None = None, **extra: Any) -> Instance:
    """The dated test instance (2 cohorts × 2 gatherings) with a pool of three speakers."""
    pool = speakers if speakers is not None else [speaker("s1"), speaker("s2"), speaker("s3")]
    return make_dated_instance(speakers=pool, **extra)


def dated(instance: Instance) -> Plan:
    result = solve(instance, time_limit=10, skip=("speakers",))
    assert result.plan is not None
    return result.plan


def with_people(plan: Plan, speakers: tuple[str, ...], guests: tuple[str | None, ...]) -> Plan:
    cohorts = []
    k = 0
    for c in plan.cohorts:
        gatherings = []
        for g in c.gatherings:
            extra = [guests[k]] if guests[k] else []
            gatherings.append(g.model_copy(update={"speaker": speakers[k], "guests": extra}))
            k += 1
        cohorts.append(c.model_copy(update={"gatherings": gatherings}))
    return plan.model_copy(update={"cohorts": cohorts, "stages": (*plan.stages, "speakers")})


def brute_force(instance: Instance, plan: Plan) -> int | None:
    """The least weighted speaker objective over every assignment the checker accepts."""
    data = prepare(instance)
    n = sum(len(c.gatherings) for c in plan.cohorts)
    speakers = [s.id for s in instance.speakers if s.kind == "speaker"]
    guests: list[str | None] = [None, *(s.id for s in instance.speakers if s.kind == "guest")]
    best = None
    for people in itertools.product(speakers, repeat=n):
        for extra in itertools.product(guests, repeat=n):
            candidate = with_people(plan, people, extra)
            if check(instance, candidate, ("speakers",)):
                continue
            terms = {name: fn(data, candidate) for name, fn in SPEAKER_TERMS.items()}
            value = weighted_objective(data, terms)
            best = value if best is None else min(best, value)
    return best
