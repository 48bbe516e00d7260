"""The cohort stage's hard rules as CP-SAT constraint families: each rule written once.

Every model of the cohort stage (the full model in :mod:`.model`, the feasibility model that
``explain`` uses in :mod:`.feasibility`, the class master and the packing of the class search)
builds a rule through the one function here, over whatever variables it has: a membership literal
per (municipality, cohort or bin), a size expression per cohort, a venue-use count. Where a model
wants a rule relaxable (the feasibility model), it passes a :class:`Guard` that returns the
enforcement literal of each rule instance and records it under its label; the optimisation models
pass :data:`ALWAYS`, and the rule is plain.

The labels are the registry's (:mod:`kompetanse_opt.rules.registry`); the texts say the instance
of the rule in domain words, for conflict sets.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ortools.sat.python import cp_model

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pin_queries import pinned_cohort_of

Bin = TypeVar("Bin", bound=Hashable)
Literal = cp_model.IntVar | int
Expr = cp_model.LinearExprT


@dataclass(frozen=True)
class RuleInstance:
    """One relaxable instance of a rule: ``capacity:3`` is H2 for cohort 3."""

    key: str
    label: str
    text: str
    short: str = ""

    @property
    def kind(self) -> str:
        return self.key.partition(":")[0]


#: Returns the enforcement literals of one rule instance ([] = always enforced).
Guard = Callable[[RuleInstance], list[cp_model.IntVar]]


def ALWAYS(_rule: RuleInstance) -> list[cp_model.IntVar]:  # noqa: N802 (a constant-like guard)
    """The guard of the optimisation models: every rule always holds."""
    return []


def _enforce(constraint: cp_model.Constraint, literals: list[cp_model.IntVar]) -> None:
    if literals:
        constraint.only_enforce_if(literals)


def namer(instance: Instance) -> Callable[[str], str]:
    """Municipalities by name with their participant count, as conflict texts show them
    ("Fedje (4)"); the lookups are built once per family, not once per rule instance."""
    names = {m.id: m.name for m in instance.municipalities}
    size = instance.participants_per_municipality()
    return lambda municipality: (
        f"{names.get(municipality, municipality)} ({size.get(municipality, 0)})"
    )


# -- H1 ------------------------------------------------------------------------------------------


def one_cohort_each(
    model: cp_model.CpModel,
    member: Mapping[tuple[str, Bin], Literal],
    municipalities: Sequence[str],
    bins: Sequence[Bin],
) -> None:
    """H1: each municipality (and so all its participants) in exactly one cohort (or bin).

    Pairs ``member`` leaves out cannot be (pruned options, symmetry breaking): they count as 0.
    """
    for mid in municipalities:
        model.add_exactly_one(member[mid, k] for k in bins if (mid, k) in member)


# -- H2 ------------------------------------------------------------------------------------------


def cohort_capacity(
    model: cp_model.CpModel,
    size: Mapping[Bin, Expr],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """H2: each cohort holds at most the capacity and at least the minimum."""
    capacity, minimum = instance.cohorts.capacity, instance.cohorts.minimum
    for k, expr in size.items():
        text = msg("cohort {k} holds at most {capacity}", locals())
        _enforce(model.add(expr <= capacity), guard(RuleInstance(f"capacity:{k}", "H2", text)))
        if minimum > 0:
            text = msg("cohort {k} holds at least {minimum}", locals())
            _enforce(model.add(expr >= minimum), guard(RuleInstance(f"minimum:{k}", "H2", text)))


# -- H3 ------------------------------------------------------------------------------------------


#: ``venue_count(k, v)``: the number of cohort k's gatherings at venue v, as the model has it.
VenueCount = Callable[[int, str], Expr]


def venue_limits(
    model: cp_model.CpModel,
    venue_count: VenueCount,
    cohorts: Sequence[int],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """H3: a venue hosts at most its ``max_gatherings`` gatherings over all cohorts."""
    for venue in instance.venues:
        if venue.max_gatherings is None:
            continue
        text = msg("{venue.name} hosts at most {venue.max_gatherings} gathering(s)", locals())
        literals = guard(RuleInstance(f"venue_limit:{venue.id}", "H3", text))
        uses = cp_model.LinearExpr.sum([venue_count(k, venue.id) for k in cohorts])
        _enforce(model.add(uses <= venue.max_gatherings), literals)


def room_capacity(
    model: cp_model.CpModel,
    size: Mapping[Bin, Expr],
    at_venue: Mapping[tuple[Bin, str], Sequence[Literal]],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """H3: a cohort with a gathering at a venue fits that venue's room.

    ``at_venue[k, v]`` lists literals any of which means "cohort k meets at v" (one per venue
    pattern containing v in the full model, one use literal in the feasibility model).
    """
    for venue in instance.venues:
        room = venue.room_capacity
        if room is None:
            continue
        literals = guard(
            RuleInstance(
                f"room:{venue.id}", "H3", msg("{venue.name}'s room holds {room}", locals())
            )
        )
        for k, expr in size.items():
            for uses in at_venue.get((k, venue.id), ()):
                if isinstance(uses, int):
                    if uses:
                        _enforce(model.add(expr <= room), literals)
                    continue
                model.add(expr <= room).only_enforce_if([uses, *literals])


# -- H7 ------------------------------------------------------------------------------------------


def municipality_pins(
    model: cp_model.CpModel,
    member: Mapping[tuple[str, int], Literal],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """H7: a pinned municipality is in its cohort (pinned directly, in a frozen cohort or through
    a pinned group), and a frozen cohort takes nobody else; a pin to a cohort that does not exist
    (the count follows the participants under ``cohorts.count: auto``) cannot hold."""
    who = namer(instance)
    for municipality, cohort in pinned_cohort_of(instance).items():
        literals = guard(
            RuleInstance(
                f"pin:{municipality}",
                "H7",
                msg(
                    "{who} is pinned to cohort {cohort}",
                    locals(),
                    who=who(municipality),
                ),
                msg("pinned {who}", locals(), who=who(municipality)),
            )
        )
        target = member.get((municipality, cohort), 0)
        _enforce(model.add(target == 1), literals)
    present = [m.id for m in instance.municipalities]
    for cohort, members in instance.pins.frozen_cohorts().items():
        literals = guard(
            RuleInstance(f"frozen:{cohort}", "H7", msg("cohort {cohort} is frozen", locals()))
        )
        for municipality in present:
            if municipality not in members and (municipality, cohort) in member:
                _enforce(model.add(member[municipality, cohort] == 0), literals)


def gathering_pins(
    model: cp_model.CpModel,
    venue_count: VenueCount,
    cohorts: Sequence[int],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """H7: a cohort's pinned gatherings are at their venues: a cohort with n gatherings pinned
    to a venue holds at least n there (which gathering is which is free, so the venue pattern is
    all that matters); a pin to a cohort that does not exist cannot hold."""
    names = {v.id: v.name for v in instance.venues}
    wanted: dict[tuple[int, str], int] = {}
    pinned = instance.pins.venue_of()
    for (k, _), venue in pinned.items():
        wanted[k, venue] = wanted.get((k, venue), 0) + 1
    for (k, gathering), venue in pinned.items():
        literals = guard(
            RuleInstance(
                f"gathering_pin:{k}:{gathering}",
                "H7",
                msg(
                    "gathering {gathering} of cohort {k} is pinned to {place}",
                    locals(),
                    place=names.get(venue, venue),
                ),
            )
        )
        held = venue_count(k, venue) if k in cohorts else 0
        _enforce(model.add(held >= wanted[k, venue]), literals)


# -- H8 ------------------------------------------------------------------------------------------


def hard_together_sets(
    model: cp_model.CpModel,
    member: Mapping[tuple[str, Bin], Literal],
    bins: Sequence[Bin],
    instance: Instance,
    guard: Guard = ALWAYS,
    scope: Collection[str] | None = None,
) -> None:
    """H8: the members of a hard together-set share one cohort (or bin).

    ``member`` may leave out pairs that cannot be (they count as 0); ``scope`` limits the rule to
    the municipalities a sub-model places (a packing of some classes only).
    """
    size = instance.participants_per_municipality()
    for s in instance.together:
        if not s.hard:
            continue
        people = sum(size.get(m, 0) for m in s.municipalities)
        name = s.name or s.id
        literals = guard(
            RuleInstance(
                f"together:{s.id}",
                "H8",
                msg("together-set {name} ({people} participants) shares one cohort", locals()),
                msg("together-set {name} ({people})", locals()),
            )
        )
        present = [m for m in s.municipalities if scope is None or m in scope]
        if not present:
            continue
        first, *rest = present
        for mid in rest:
            for k in bins:
                same = model.add(member.get((mid, k), 0) == member.get((first, k), 0))
                _enforce(same, literals)


def hard_apart_pairs(
    model: cp_model.CpModel,
    member: Mapping[tuple[str, Bin], Literal],
    bins: Sequence[Bin],
    instance: Instance,
    guard: Guard = ALWAYS,
    scope: Collection[str] | None = None,
) -> None:
    """H8: the two municipalities of a hard apart pair never share a cohort (or bin)."""
    who = namer(instance)
    for a in instance.apart:
        first, second = a.municipalities
        if not a.hard or (scope is not None and not {first, second} <= set(scope)):
            continue
        text = msg(
            "{a} and {b} stay apart",
            locals(),
            a=who(first),
            b=who(second),
        )
        literals = guard(RuleInstance(f"apart:{a.id}", "H8", text))
        for k in bins:
            both = member.get((first, k), 0) + member.get((second, k), 0)
            _enforce(model.add(both <= 1), literals)


# -- P6 (the hard part) --------------------------------------------------------------------------


def cannot_attend(
    model: cp_model.CpModel,
    member: Mapping[tuple[str, int], Literal],
    instance: Instance,
    guard: Guard = ALWAYS,
) -> None:
    """P6: a municipality is never in a cohort it said it cannot attend."""
    who = namer(instance)
    for w in instance.wishes:
        for k in w.cannot_attend:
            text = msg(
                "{who} cannot attend cohort {k}",
                locals(),
                who=who(w.municipality),
            )
            literals = guard(RuleInstance(f"cannot:{w.municipality}:{k}", "P6", text))
            if (w.municipality, k) in member:
                _enforce(model.add(member[w.municipality, k] == 0), literals)


#: The families by label, for the rules table: which function encodes which rule.
FAMILIES: dict[str, tuple[Callable[..., None], ...]] = {
    "H1": (one_cohort_each,),
    "H2": (cohort_capacity,),
    "H3": (venue_limits, room_capacity),
    "H7": (municipality_pins, gathering_pins),
    "H8": (hard_together_sets, hard_apart_pairs),
    "P6": (cannot_attend,),
}
