"""Manual edits of a plan, priced and checked at once (no solve), and pins by kind.

An edit changes one decision of a plan; :func:`feedback` compares the plan before and after: the
independent checker's verdict by label and the change of every objective term. Pins are the
instance's decided choices; :data:`PIN_KINDS` maps each kind the instance knows to its model and
list, so a new kind of pin needs one entry here and nothing else in the web layer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kompetanse_opt.check import check
from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.files import problems_from_validation_error
from kompetanse_opt.model.entities import GatheringPin, MunicipalityPin, Pins
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.meetings import meeting_summary
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, GroupPlan, Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.rules.registry import label_of


class EditError(InputError):
    """An edit that names something the plan or instance does not have."""


class _Edit(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MoveMunicipality(_Edit):
    """Move a municipality (all its participants) to another cohort."""

    op: Literal["move_municipality"] = "move_municipality"
    municipality: str = Field(examples=["4601"])
    cohort: int = Field(ge=1, examples=[2])


class MoveGathering(_Edit):
    """Hold a gathering at another venue and/or starting on another date (two days)."""

    op: Literal["move_gathering"] = "move_gathering"
    cohort: int = Field(ge=1)
    gathering: int = Field(ge=1)
    venue: str | None = None
    date: dt.date | None = Field(default=None, description="the first of its two days")


class MoveParticipant(_Edit):
    """Put a participant into another discussion group of one gathering of their cohort."""

    op: Literal["move_participant"] = "move_participant"
    participant: str
    gathering: int = Field(ge=1)
    group: str


class SwapFacilitator(_Edit):
    """Replace one facilitator of a gathering by another."""

    op: Literal["swap_facilitator"] = "swap_facilitator"
    cohort: int = Field(ge=1)
    gathering: int = Field(ge=1)
    old: str
    new: str


Edit = Annotated[
    MoveMunicipality | MoveGathering | MoveParticipant | SwapFacilitator, Field(discriminator="op")
]


def _fail(location: str, message: str) -> EditError:
    return EditError([Problem(location, message)])


def _cohort(plan: Plan, cohort_id: int, where: str = "cohort") -> CohortPlan:
    try:
        return plan.cohort(cohort_id)
    except KeyError:
        raise _fail(where, f"the plan has no cohort {cohort_id}") from None


def _gathering(cohort: CohortPlan, index: int) -> GatheringPlan:
    for g in cohort.gatherings:
        if g.index == index:
            return g
    raise _fail("gathering", f"cohort {cohort.id} has no gathering {index}")


def _replace_cohort(plan: Plan, cohort: CohortPlan) -> Plan:
    cohorts = [cohort if c.id == cohort.id else c for c in plan.cohorts]
    return plan.model_copy(update={"cohorts": cohorts})


def _without_people(groups: list[GroupPlan], people: set[str]) -> list[GroupPlan]:
    kept = [
        g.model_copy(update={"participants": [p for p in g.participants if p not in people]})
        for g in groups
    ]
    return [g for g in kept if g.participants]


def _with_people(
    groups: list[GroupPlan], people: list[str], areas: dict[str, str]
) -> list[GroupPlan]:
    """Each person joins the smallest group of their service area (else the smallest group)."""
    groups = list(groups)
    for person in people:
        if not groups:
            break
        same = [i for i, g in enumerate(groups) if g.service_area == areas.get(person)]
        pool = same or list(range(len(groups)))
        i = min(pool, key=lambda i: (len(groups[i].participants), i))
        groups[i] = groups[i].model_copy(update={"participants": [*groups[i].participants, person]})
    return groups


def move_municipality(instance: Instance, plan: Plan, edit: MoveMunicipality) -> Plan:
    """The municipality's people leave their cohort (and its groups) and join the smallest group
    of each gathering of the new cohort."""
    people = instance.participants_of().get(edit.municipality)
    if people is None:
        raise _fail("municipality", f"unknown municipality '{edit.municipality}'")
    _cohort(plan, edit.cohort)
    gone = set(people)
    areas = {p.id: p.service_area for p in instance.participants}
    cohorts = []
    for c in plan.cohorts:
        munis = [m for m in c.municipalities if m != edit.municipality]
        members = [p for p in c.participants if p not in gone]
        gatherings = [
            g.model_copy(update={"groups": _without_people(g.groups, gone)}) for g in c.gatherings
        ]
        if c.id == edit.cohort:
            munis, members = [*munis, edit.municipality], [*members, *people]
            gatherings = [
                g.model_copy(update={"groups": _with_people(g.groups, people, areas)})
                for g in gatherings
            ]
        update = {"municipalities": munis, "participants": members, "gatherings": gatherings}
        cohorts.append(c.model_copy(update=update))
    return plan.model_copy(update={"cohorts": cohorts})


def move_gathering(instance: Instance, plan: Plan, edit: MoveGathering) -> Plan:
    cohort = _cohort(plan, edit.cohort)
    gathering = _gathering(cohort, edit.gathering)
    update: dict[str, Any] = {}
    if edit.venue is not None:
        if edit.venue not in {v.id for v in instance.venues}:
            raise _fail("venue", f"unknown venue '{edit.venue}'")
        update["venue"] = edit.venue
    if edit.date is not None:
        if not gathering.dates:
            raise _fail("date", "the plan has no dates yet (a cohort-only plan)")
        update["dates"] = [edit.date, edit.date + dt.timedelta(days=1)]
    moved = gathering.model_copy(update=update)
    gatherings = [moved if g.index == edit.gathering else g for g in cohort.gatherings]
    return _replace_cohort(plan, cohort.model_copy(update={"gatherings": gatherings}))


def move_participant(instance: Instance, plan: Plan, edit: MoveParticipant) -> Plan:
    cohort = next((c for c in plan.cohorts if edit.participant in c.participants), None)
    if cohort is None:
        raise _fail("participant", f"participant '{edit.participant}' is in no cohort")
    gathering = _gathering(cohort, edit.gathering)
    if edit.group not in {g.id for g in gathering.groups}:
        raise _fail("group", f"gathering {edit.gathering} of cohort {cohort.id} has no group")
    groups = _without_people(gathering.groups, {edit.participant})
    groups = [
        g.model_copy(update={"participants": [*g.participants, edit.participant]})
        if g.id == edit.group
        else g
        for g in groups
    ]
    moved = gathering.model_copy(update={"groups": groups})
    gatherings = [moved if g.index == edit.gathering else g for g in cohort.gatherings]
    return _replace_cohort(plan, cohort.model_copy(update={"gatherings": gatherings}))


def swap_facilitator(instance: Instance, plan: Plan, edit: SwapFacilitator) -> Plan:
    cohort = _cohort(plan, edit.cohort)
    gathering = _gathering(cohort, edit.gathering)
    if edit.old not in gathering.facilitators:
        raise _fail("old", f"'{edit.old}' does not facilitate that gathering")
    known = {f.id for f in instance.facilitators}
    if edit.new not in known:
        raise _fail("new", f"unknown facilitator '{edit.new}'")
    people = [edit.new if f == edit.old else f for f in gathering.facilitators]
    moved = gathering.model_copy(update={"facilitators": people})
    gatherings = [moved if g.index == edit.gathering else g for g in cohort.gatherings]
    return _replace_cohort(plan, cohort.model_copy(update={"gatherings": gatherings}))


_APPLY: dict[str, Callable[[Instance, Plan, Any], Plan]] = {
    "move_municipality": move_municipality,
    "move_gathering": move_gathering,
    "move_participant": move_participant,
    "swap_facilitator": swap_facilitator,
}


def apply_edit(instance: Instance, plan: Plan, edit: Any) -> Plan:
    """The plan with ``edit`` made (the meeting summary recomputed when the plan has groups)."""
    edited: Plan = _APPLY[edit.op](instance, plan, edit)
    if edited.meetings is not None:
        edited = edited.model_copy(update={"meetings": meeting_summary(instance, edited)})
    return edited


def describe(edit: Any) -> str:
    """The edit in words, for the version's reason."""
    if isinstance(edit, MoveMunicipality):
        return f"moved municipality {edit.municipality} to cohort {edit.cohort}"
    if isinstance(edit, MoveGathering):
        to = ", ".join(x for x in (edit.venue, edit.date.isoformat() if edit.date else None) if x)
        return f"moved gathering {edit.gathering} of cohort {edit.cohort} to {to}"
    if isinstance(edit, MoveParticipant):
        return f"moved {edit.participant} to group {edit.group} (gathering {edit.gathering})"
    if isinstance(edit, SwapFacilitator):
        return f"{edit.new} instead of {edit.old} at gathering {edit.gathering} of {edit.cohort}"
    return str(edit)


@dataclass(frozen=True)
class Feedback:
    """What an edit does: the checker's verdict by label and the change of every term."""

    violations: list[dict[str, str]]
    terms_before: dict[str, int]
    terms_after: dict[str, int]
    objective_before: int
    objective_after: int

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def deltas(self) -> dict[str, int]:
        names = list(dict.fromkeys([*self.terms_before, *self.terms_after]))
        return {n: self.terms_after.get(n, 0) - self.terms_before.get(n, 0) for n in names}

    def as_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "violations": self.violations,
            "objective_before": self.objective_before,
            "objective_after": self.objective_after,
            "objective_change": self.objective_after - self.objective_before,
            "terms_change": self.deltas,
            "terms_after": self.terms_after,
        }


def feedback(instance: Instance, before: Plan, after: Plan) -> Feedback:
    """Check ``after`` and price it against ``before`` (both with the instance's weights)."""
    data = prepare(instance)
    old, new = evaluate_terms(data, before), evaluate_terms(data, after)
    violations = [{"rule": label_of(v.rule), "message": v.message} for v in check(instance, after)]
    return Feedback(
        violations,
        old,
        new,
        weighted_objective(data, old),
        weighted_objective(data, new),
    )


# Pins ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinKind:
    """One kind of pin: its model, the list of ``Pins`` holding it, and how to read it."""

    model: type[BaseModel]
    attribute: str
    title: str


PIN_KINDS: dict[str, PinKind] = {
    "municipality": PinKind(MunicipalityPin, "municipalities", "municipality → cohort"),
    "gathering": PinKind(GatheringPin, "gatherings", "gathering → venue"),
}


def _pin_kind(kind: str) -> PinKind:
    if kind not in PIN_KINDS:
        raise _fail("kind", f"unknown pin kind '{kind}' (kinds: {', '.join(PIN_KINDS)})")
    return PIN_KINDS[kind]


def pin_list(instance: Instance) -> list[dict[str, Any]]:
    """Every pin of the instance as ``{"kind": ..., "values": {...}}``."""
    out = []
    for kind, spec in PIN_KINDS.items():
        for pin in getattr(instance.pins, spec.attribute):
            out.append({"kind": kind, "values": pin.model_dump(mode="json")})
    return out


def _key(kind: PinKind, values: dict[str, Any]) -> tuple[Any, ...]:
    """What a pin decides about (a municipality; a cohort's gathering): one pin per key."""
    fields = list(kind.model.model_fields)
    return tuple(values[f] for f in fields[:-1])


def set_pin(instance: Instance, kind: str, values: dict[str, Any], *, on: bool) -> Instance:
    """The instance with the pin added (replacing one on the same decision) or removed."""
    spec = _pin_kind(kind)
    try:
        pin = spec.model.model_validate(values)
    except ValidationError as exc:
        raise EditError(problems_from_validation_error(exc), f"{kind} pin") from None
    pins = list(getattr(instance.pins, spec.attribute))
    key = _key(spec, pin.model_dump())
    kept = [p for p in pins if _key(spec, p.model_dump()) != key]
    if not on and len(kept) == len(pins):
        raise _fail("values", f"no such {kind} pin")
    if on:
        kept.append(pin)
    new_pins = instance.pins.model_copy(update={spec.attribute: kept})
    return instance.replace(pins=Pins.model_validate(new_pins.model_dump()))
