"""Hard rules of the group stage (H4), one function each.

H4: at each physical gathering every participant of the cohort is in exactly one discussion group;
groups are formed per service area (after merging areas too small for a group, as configured) and
respect the size bounds, the balance rule and the same-municipality rule.

Gatherings already held in a re-plan (``held`` group pins, see :mod:`kompetanse_opt.model.freeze`)
are history: their groups are checked against the record (H11, :mod:`.pin_rules`), not against
today's rules and people (a withdrawn participant stays in the groups they sat in).
"""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.grouping import area_layouts, municipality_cap
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan


def _where(c: CohortPlan, g: GatheringPlan) -> str:
    return msg("cohort {c.id} gathering {g.index}", locals())


def check_h4_one_group_per_participant(instance: Instance, plan: Plan) -> list[Violation]:
    """H4: every participant of the cohort in exactly one group at each gathering, nobody else."""
    out: list[Violation] = []
    ids: Counter[str] = Counter()
    held = instance.pins.held_group_slots()
    for c in plan.cohorts:
        members = set(c.participants)
        for g in c.gatherings:
            where = _where(c, g)
            if (c.id, g.index) in held:
                continue
            if not g.groups:
                out.append(
                    Violation("H4", msg("{where} has no discussion groups", locals()), (str(c.id),))
                )
                continue
            ids.update(group.id for group in g.groups)
            seen: Counter[str] = Counter(pid for group in g.groups for pid in group.participants)
            for pid in c.participants:
                if seen[pid] != 1:
                    out.append(
                        Violation(
                            "H4",
                            msg(
                                "{where}: participant {pid} is in {count} groups, expected 1",
                                locals(),
                                count=seen[pid],
                            ),
                            (pid,),
                            abs(seen[pid] - 1),
                        )
                    )
            for pid in sorted(set(seen) - members):
                out.append(
                    Violation(
                        "H4",
                        msg("{where}: {pid} is in a group but not in the cohort", locals()),
                        (pid,),
                    )
                )
    for gid, n in sorted(ids.items()):
        if n > 1:
            out.append(
                Violation("H4", msg("group id '{gid}' is used {n} times", locals()), (gid,), n - 1)
            )
    return out


def _mixed_groups(where: str, g: GatheringPlan, area_of: dict[str, str]) -> list[Violation]:
    """H4: a group holds only people of its own service area."""
    out: list[Violation] = []
    for group in g.groups:
        wrong = [
            pid
            for pid in group.participants
            if pid in area_of and area_of[pid] != group.service_area
        ]
        if wrong:
            found = ", ".join(f"{pid} ({area_of[pid]})" for pid in wrong)
            out.append(
                Violation(
                    "H4",
                    msg(
                        ("{where}: group {group.id} is for {group.service_area} but holds {found}"),
                        locals(),
                    ),
                    (group.id, *wrong),
                    len(wrong),
                )
            )
    return out


def check_h4_groups_per_service_area(instance: Instance, plan: Plan) -> list[Violation]:
    """H4: each group holds one service area (after merging) and says which; each area has the
    fewest groups its size rules allow (``grouping.area_layouts``)."""
    out: list[Violation] = []
    held = instance.pins.held_group_slots()
    for c in plan.cohorts:
        layouts, problems = area_layouts(instance, c.participants)
        out += [
            Violation("H4", msg("cohort {c.id}: {p}", c=c, p=p), (str(c.id),)) for p in problems
        ]
        area_of = {pid: layout.area for layout in layouts for pid in layout.participants}
        for g in c.gatherings:
            if (c.id, g.index) in held:
                continue
            counts = Counter(group.service_area for group in g.groups)
            where = _where(c, g)
            for layout in layouts:
                if g.groups and counts[layout.area] != layout.groups:
                    out.append(
                        Violation(
                            "H4",
                            msg(
                                "{where}: {layout.area} has {n} groups, "
                                "expected {layout.groups} (the fewest that hold its {layout.n} "
                                "people within the size rules)",
                                locals(),
                                n=counts[layout.area],
                            ),
                            (str(c.id), layout.area),
                            abs(counts[layout.area] - layout.groups),
                        )
                    )
            for area in sorted(set(counts) - {layout.area for layout in layouts}):
                out.append(
                    Violation(
                        "H4",
                        msg(
                            "{where}: groups for '{area}', which has nobody here",
                            locals(),
                        ),
                        (area,),
                    )
                )
            out += _mixed_groups(where, g, area_of)
    return out


def check_h4_group_sizes(instance: Instance, plan: Plan) -> list[Violation]:
    """H4: every group within the size bounds; one area's groups at most the allowed size apart."""
    settings = instance.groups
    low, high, spread = settings.min_size, settings.max_size, settings.max_size_difference
    out: list[Violation] = []
    held = instance.pins.held_group_slots()
    for c in plan.cohorts:
        for g in c.gatherings:
            if (c.id, g.index) in held:
                continue
            sizes: dict[str, list[int]] = {}
            for group in g.groups:
                n = len(group.participants)
                sizes.setdefault(group.service_area, []).append(n)
                if not low <= n <= high:
                    out.append(
                        Violation(
                            "H4",
                            msg(
                                "{where}: group {group.id} has {n} people, outside {low}–{high}",
                                locals(),
                                where=_where(c, g),
                            ),
                            (group.id,),
                            low - n if n < low else n - high,
                        )
                    )
            for area, ns in sorted(sizes.items()):
                if max(ns) - min(ns) > spread:
                    out.append(
                        Violation(
                            "H4",
                            msg(
                                "{where}: {area} groups have sizes {sizes}, more than "
                                "{spread} apart",
                                locals(),
                                where=_where(c, g),
                                sizes=sorted(ns),
                            ),
                            (str(c.id), area),
                            max(ns) - min(ns) - spread,
                        )
                    )
    return out


def check_h4_same_municipality(instance: Instance, plan: Plan) -> list[Violation]:
    """H4: people of one municipality share a group only as far as the rule allows.

    Under 'avoid' a municipality with ``c`` people in an area of ``G`` groups may have at most
    ``ceil(c / G)`` in one group (spreading them as evenly as possible); under 'forbid', one.
    """
    settings = instance.groups
    municipality_of = {p.id: p.municipality for p in instance.participants}
    out: list[Violation] = []
    held = instance.pins.held_group_slots()
    for c in plan.cohorts:
        for g in c.gatherings:
            if (c.id, g.index) in held:
                continue
            groups_of: Counter[str] = Counter(group.service_area for group in g.groups)
            people: Counter[tuple[str, str]] = Counter(
                (group.service_area, municipality_of[pid])
                for group in g.groups
                for pid in group.participants
                if pid in municipality_of
            )
            for group in g.groups:
                here = Counter(
                    municipality_of[pid] for pid in group.participants if pid in municipality_of
                )
                for m, n in sorted(here.items()):
                    cap = municipality_cap(
                        settings, people[group.service_area, m], groups_of[group.service_area]
                    )
                    if n > cap:
                        out.append(
                            Violation(
                                "H4",
                                msg(
                                    "{where}: group {group.id} has {n} people from {m}; "
                                    "same_municipality='{settings.same_municipality}' allows "
                                    "{cap}",
                                    locals(),
                                    where=_where(c, g),
                                ),
                                (group.id, m),
                                n - cap,
                            )
                        )
    return out


#: The group stage's hard rules; keys are "<label>.<aspect>" (as the calendar's), all H4.
GROUP_RULES: dict[str, Rule] = {
    "H4.one_group": check_h4_one_group_per_participant,
    "H4.service_areas": check_h4_groups_per_service_area,
    "H4.sizes": check_h4_group_sizes,
    "H4.same_municipality": check_h4_same_municipality,
}
