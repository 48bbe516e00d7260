"""Counting checks that prove an instance infeasible before any search, in plain words.

Each check returns the causes it finds (an empty list when it finds none) and is registered under
the label of the rule it proves broken (:mod:`kompetanse_opt.rules.registry`). They are cheap, so
the planner runs them all first and reports the simplest cause instead of an opaque "infeasible".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pin_queries import pinned_cohort_of

CountingCheck = Callable[[Instance], list[str]]


@dataclass(frozen=True)
class Cause:
    """A cause of infeasibility that counting proves: the broken rule's label and the words."""

    label: str
    text: str

    def __str__(self) -> str:
        return f"[{self.label}] {self.text}"


def too_many_participants(instance: Instance) -> list[str]:
    k, cap, total = instance.cohort_count, instance.cohorts.capacity, instance.total_participants
    if total > k * cap:
        return [
            msg(
                "cohort capacity {cap} × {k} cohorts = {seats} < {total} participants",
                locals(),
                seats=k * cap,
            )
        ]
    return []


def too_few_participants(instance: Instance) -> list[str]:
    k, minimum, total = instance.cohort_count, instance.cohorts.minimum, instance.total_participants
    if total < k * minimum:
        return [
            msg(
                ("cohort minimum {minimum} × {k} cohorts = {seats} > {total} participants"),
                locals(),
                seats=k * minimum,
            )
        ]
    return []


def too_few_venue_slots(instance: Instance) -> list[str]:
    needed = instance.cohort_count * instance.cohorts.gatherings
    limits = [v.max_gatherings for v in instance.venues]
    if any(limit is None for limit in limits):
        return []
    available = sum(limit or 0 for limit in limits)
    if available < needed:
        return [
            msg(
                "{instance.cohort_count} cohorts × {instance.cohorts.gatherings} "
                "gatherings = {needed} gatherings, but the venues may host only "
                "{available} in total",
                locals(),
            )
        ]
    return []


def no_room_large_enough(instance: Instance) -> list[str]:
    """Every cohort needs rooms: if all rooms are small, the cohorts must be small enough too."""
    rooms = [v.room_capacity for v in instance.venues]
    if any(r is None for r in rooms):
        return []
    largest = max(r or 0 for r in rooms)
    k, total = instance.cohort_count, instance.total_participants
    if largest * k < total:
        return [
            msg(
                "the largest room holds {largest}; {k} cohorts in such rooms hold "
                "{seats} < {total}",
                locals(),
                seats=largest * k,
            )
        ]
    return []


def oversized_hard_sets(instance: Instance) -> list[str]:
    size = instance.participants_per_municipality()
    cap = instance.cohorts.capacity
    out = []
    for s in instance.together:
        members = sum(size.get(m, 0) for m in s.municipalities)
        if s.hard and members > cap:
            out.append(
                msg(
                    "hard together-set {set_name} has {members} participants > cohort "
                    "capacity {cap}",
                    locals(),
                    set_name=s.name or s.id,
                )
            )
    return out


def overfull_pinned_cohorts(instance: Instance) -> list[str]:
    size = instance.participants_per_municipality()
    cap = instance.cohorts.capacity
    load: dict[int, int] = {}
    for municipality, cohort in pinned_cohort_of(instance).items():
        load[cohort] = load.get(cohort, 0) + size.get(municipality, 0)
    return [
        msg(
            ("municipalities pinned to cohort {k} have {n} participants > cohort capacity {cap}"),
            k=k,
            n=n,
            cap=cap,
        )
        for k, n in sorted(load.items())
        if n > cap
    ]


def municipalities_without_cohort(instance: Instance) -> list[str]:
    k = instance.cohort_count
    out = []
    for w in instance.wishes:
        if set(range(1, k + 1)) <= set(w.cannot_attend):
            out.append(
                msg("municipality {w.municipality} cannot attend any of the {k} cohorts", locals())
            )
    return out


def contradictory_sets(instance: Instance) -> list[str]:
    """A hard apart pair inside one hard together-set, or pins that split a hard together-set."""
    out = []
    pinned = pinned_cohort_of(instance)
    for s in instance.together:
        if not s.hard:
            continue
        members = set(s.municipalities)
        for a in instance.apart:
            if a.hard and set(a.municipalities) <= members:
                out.append(
                    msg(
                        "apart pair {a.id} lies inside hard together-set {set_name}",
                        locals(),
                        set_name=s.name or s.id,
                    )
                )
        cohorts = sorted({pinned[m] for m in members if m in pinned})
        if len(cohorts) > 1:
            out.append(
                msg(
                    ("hard together-set {set_name} has members pinned to cohorts {cohorts}"),
                    locals(),
                    set_name=s.name or s.id,
                )
            )
    return out


def pins_to_missing_cohorts(instance: Instance) -> list[str]:
    """A pin naming a cohort beyond the cohort count (with ``cohorts.count: auto`` the count
    follows the number of participants, so a pin can outlive its cohort)."""
    k = instance.cohort_count
    how = (
        msg(
            "cohorts.count auto: {instance.total_participants} participants at "
            "capacity {instance.cohorts.capacity}",
            locals(),
        )
        if instance.cohorts.count == "auto"
        else "cohorts.count"
    )
    out = [
        msg(
            "municipality {p.municipality} is pinned to cohort {p.cohort}, but there "
            "are only {k} cohorts ({how})",
            p=p,
            k=k,
            how=how,
        )
        for p in instance.pins.municipalities
        if p.cohort > k
    ]
    out += [
        msg(
            "gathering {g.gathering} of cohort {g.cohort} is pinned to {g.venue}, "
            "but there are only {k} cohorts ({how})",
            g=g,
            k=k,
            how=how,
        )
        for g in instance.pins.gatherings
        if g.cohort > k
    ]
    return out


#: The cohort stage's counting checks, each under the label of the rule it proves broken.
COUNTING_CHECKS: tuple[tuple[str, CountingCheck], ...] = (
    ("H2", too_many_participants),
    ("H2", too_few_participants),
    ("H3", too_few_venue_slots),
    ("H3", no_room_large_enough),
    ("H7", pins_to_missing_cohorts),
    ("H8", oversized_hard_sets),
    ("H7", overfull_pinned_cohorts),
    ("P6", municipalities_without_cohort),
    ("H8", contradictory_sets),
)


def labelled_causes(
    instance: Instance, checks: tuple[tuple[str, CountingCheck], ...] = COUNTING_CHECKS
) -> list[Cause]:
    """Every cause that ``checks`` prove, each with its rule's label."""
    return [Cause(label, text) for label, check in checks for text in check(instance)]


def counting_causes(instance: Instance) -> list[str]:
    """Every cause of infeasibility that counting alone can prove."""
    return [cause.text for cause in labelled_causes(instance)]


def groups_larger_than_cohorts(instance: Instance) -> list[str]:
    """No cohort can hold even one discussion group."""
    smallest = instance.groups.min_size
    largest_cohort = min(instance.cohorts.capacity, instance.total_participants)
    if largest_cohort < smallest:
        return [
            msg(
                "the smallest discussion group has {smallest} people, but a cohort holds "
                "at most {largest_cohort} (capacity {instance.cohorts.capacity}, "
                "{instance.total_participants} participants)",
                locals(),
            )
        ]
    return []


def unmergeable_small_areas(instance: Instance) -> list[str]:
    """A root service area (no merge target) that, with every area merging into it and all
    cohorts together, still has fewer people than the smallest group.

    Split over cohorts they are fewer still, so no cohort plan can give them a group.
    """
    settings = instance.groups

    def root(area: str) -> str:
        seen = {area}
        while area in settings.merge_into and settings.merge_into[area] not in seen:
            area = settings.merge_into[area]
            seen.add(area)
        return area

    count: dict[str, int] = {}
    for p in instance.participants:
        count[root(p.service_area)] = count.get(root(p.service_area), 0) + 1
    return [
        msg(
            "service area '{area}' has {count} participants in the whole "
            "programme (merged areas included), fewer than the smallest group "
            "({settings.min_size}), and no merge target (set "
            "groups.merge_into.{area})",
            area=area,
            count=count[area],
            settings=settings,
        )
        for area in settings.service_areas
        if 0 < count.get(area, 0) < settings.min_size
    ]


GROUP_COUNTING_CHECKS: tuple[tuple[str, CountingCheck], ...] = (
    ("H4", groups_larger_than_cohorts),
    ("H4", unmergeable_small_areas),
)


def group_counting_causes(instance: Instance) -> list[str]:
    """Causes that counting proves before any search, for plans with discussion groups.

    What depends on the cohort plan (an area too small in one cohort) is reported by the group
    stage per cohort, from :func:`kompetanse_opt.model.grouping.area_layouts`.
    """
    return [cause.text for cause in labelled_causes(instance, GROUP_COUNTING_CHECKS)]
