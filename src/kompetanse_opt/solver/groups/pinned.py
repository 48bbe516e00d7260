"""Group pins (H7), held groups (H11) and the baseline's groups in the group stage.

* A gathering whose groups are all decided (held by a freeze, or pins that seat every participant
  of the cohort) is reproduced exactly from its pins, whatever the solve found.
* Other group pins (these people together in one group) are met after the solve by swapping each
  pinned person into the group that already holds most of their pin, with someone of the same
  service area (and, where there is one, of the same municipality, so every municipality-level
  rule and term stays as solved) who is in no pin. Gatherings changed so lose their proof
  (``optimal`` becomes ``feasible``), and the checker has the last word on the result.
* A cohort whose people are exactly the baseline's keeps the baseline's groups unsolved (minimal
  change, H11): see :func:`baseline_cohorts`; one whose people changed may keep them fitted
  (:mod:`.baseline_fit`).
"""

from __future__ import annotations

from kompetanse_opt.model.grouping import area_layouts
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pins import GroupPin
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, GroupPlan


def kept_groups(cohort: CohortPlan, previous: CohortPlan | None) -> CohortPlan | None:
    """``cohort`` with ``previous``'s groups, if it has the very same people and gatherings."""
    if previous is None or set(previous.participants) != set(cohort.participants):
        return None
    old = {g.index: g for g in previous.gatherings}
    if any(g.index not in old or not old[g.index].groups for g in cohort.gatherings):
        return None
    gatherings = [g.model_copy(update={"groups": old[g.index].groups}) for g in cohort.gatherings]
    return cohort.model_copy(update={"gatherings": gatherings})


def baseline_cohorts(instance: Instance) -> dict[int, CohortPlan]:
    """The baseline's groups as cohorts (people = everyone seated at the first gathering)."""
    base = instance.baseline
    if base is None:
        return {}
    out: dict[int, CohortPlan] = {}
    for k in sorted({g.cohort for g in base.groups}):
        gatherings = []
        for i in sorted({g.gathering for g in base.groups if g.cohort == k}):
            groups = [
                GroupPlan(
                    id=pin.id or f"c{k}-g{i}-{n}",
                    service_area=pin.service_area or "",
                    participants=list(pin.participants),
                )
                for n, pin in enumerate(base.groups_at(k, i), start=1)
            ]
            gatherings.append(GatheringPlan(index=i, venue="", groups=groups))
        people = [p for g in gatherings[0].groups for p in g.participants]
        out[k] = CohortPlan(id=k, municipalities=[], participants=people, gatherings=gatherings)
    return out


def _decided(instance: Instance, cohort: CohortPlan, pins: list[GroupPin]) -> bool:
    seated = {pid for pin in pins for pid in pin.participants}
    return any(pin.held for pin in pins) or set(cohort.participants) <= seated


def _from_pins(
    cohort: CohortPlan, index: int, pins: list[GroupPin], area_of: dict[str, str]
) -> list[GroupPlan]:
    groups = []
    for n, pin in enumerate(pins, start=1):
        area = pin.service_area or next(
            (area_of[p] for p in pin.participants if p in area_of), "pinned"
        )
        groups.append(
            GroupPlan(
                id=pin.id or f"c{cohort.id}-g{index}-{area}-pin{n}",
                service_area=area,
                participants=list(pin.participants),
            )
        )
    return groups


def _swap_in(
    groups: list[GroupPlan], pins: list[GroupPin], home: dict[str, str], area_of: dict[str, str]
) -> list[GroupPlan] | None:
    """``groups`` with every pin's people in one group (by swaps), or None when it cannot be."""
    members = [list(g.participants) for g in groups]
    pinned = {pid for pin in pins for pid in pin.participants}
    used: set[int] = set()
    for pin in sorted(pins, key=lambda p: -len(p.participants)):
        want = [pid for pid in pin.participants if any(pid in m for m in members)]
        open_groups = [
            i for i in range(len(members)) if i not in used and len(members[i]) >= len(want)
        ]
        if not open_groups:
            return None
        target = max(open_groups, key=lambda i: (len(set(want) & set(members[i])), -i))
        used.add(target)
        for pid in want:
            if pid in members[target]:
                continue
            source = next(i for i, m in enumerate(members) if pid in m)
            free = [q for q in members[target] if q not in pinned]
            if not free:
                return None
            q = min(
                free,
                key=lambda q: (area_of.get(q) != area_of.get(pid), home.get(q) != home.get(pid)),
            )
            members[target][members[target].index(q)] = pid
            members[source][members[source].index(pid)] = q
    return [g.model_copy(update={"participants": m}) for g, m in zip(groups, members, strict=True)]


def apply_group_pins(
    instance: Instance, cohort: CohortPlan
) -> tuple[CohortPlan, set[int], list[str]]:
    """``cohort`` with its group pins met: (cohort, gatherings changed, why a pin cannot hold)."""
    if not any(p.cohort == cohort.id for p in instance.pins.groups):
        return cohort, set(), []
    home = {p.id: p.municipality for p in instance.participants}
    layouts, _ = area_layouts(instance, cohort.participants)
    area_of = {pid: layout.area for layout in layouts for pid in layout.participants}
    changed: set[int] = set()
    problems: list[str] = []
    gatherings = []
    for g in cohort.gatherings:
        pins = instance.pins.groups_at(cohort.id, g.index)
        groups: list[GroupPlan] | None = g.groups
        if pins and _decided(instance, cohort, pins):
            groups = _from_pins(cohort, g.index, pins, area_of)
        elif pins:
            groups = _swap_in(g.groups, pins, home, area_of)
        if groups is None:
            problems.append(
                f"cohort {cohort.id} gathering {g.index}: the pinned groups do not fit the"
                " groups' sizes (H7)"
            )
            groups = g.groups
        if groups != g.groups:
            changed.add(g.index)
        gatherings.append(g.model_copy(update={"groups": groups}))
    return cohort.model_copy(update={"gatherings": gatherings}), changed, problems
