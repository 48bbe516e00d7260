"""What the group rules mean, in plain Python: size units, size-peers, merged service areas.

The group stage's model, the checker and the objective all read these definitions, so the three
agree on, for example, which service area a culture leader's group belongs to after merging. They
are definitions of the rules (like the venue limits in the instance), not solver decisions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from kompetanse_opt.model.entities import Participant
from kompetanse_opt.model.instance import GroupSettings, Instance


def size_units(instance: Instance) -> dict[str, int]:
    """Each municipality's size on the configured integer scale (P2 compares these)."""
    settings = instance.groups
    scale = settings.scale
    if settings.size_measure == "log_population":
        return {m.id: round(scale * math.log(m.population)) for m in instance.municipalities}
    return {m.id: round(m.population / scale) for m in instance.municipalities}


def size_peers(instance: Instance) -> dict[str, list[str]]:
    """Municipality -> the other municipalities close enough in size to be its peers."""
    units = size_units(instance)
    reach = instance.groups.peers_within
    ids = [m.id for m in instance.municipalities]
    return {m: [o for o in ids if o != m and abs(units[o] - units[m]) <= reach] for m in ids}


def group_count(n: int, most_of_one: int, settings: GroupSettings) -> int | None:
    """The fewest groups that hold ``n`` people within the size and balance rules (None: none).

    ``most_of_one`` is the largest number of people one municipality has in the area; with
    ``same_municipality='forbid'`` every one of them needs a group of their own.
    """
    if n == 0:
        return 0
    least = max(1, -(-n // settings.max_size))
    if settings.same_municipality == "forbid":
        least = max(least, most_of_one)
    for groups in range(least, n // settings.min_size + 1):
        if settings.max_size_difference == 0 and n % groups:
            continue
        return groups
    return None


def balanced_sizes(n: int, groups: int, settings: GroupSettings) -> tuple[int, ...] | None:
    """Group sizes, largest first, when the balance rule fixes them (difference 0 or 1)."""
    if settings.max_size_difference > 1 or groups == 0:
        return None
    q, r = divmod(n, groups)
    return (q + 1,) * r + (q,) * (groups - r)


@dataclass(frozen=True)
class AreaLayout:
    """One (merged) service area of one cohort: who is in it and how many groups it gets."""

    area: str
    merged: tuple[str, ...]
    participants: tuple[str, ...]
    count: dict[str, int]
    groups: int
    sizes: tuple[int, ...] | None
    settings: GroupSettings = field(repr=False)

    @property
    def n(self) -> int:
        return len(self.participants)

    @property
    def municipalities(self) -> list[str]:
        return list(self.count)

    def cap(self, municipality: str) -> int:
        """Most people of ``municipality`` one group of this area may hold."""
        return municipality_cap(self.settings, self.count[municipality], self.groups)


def municipality_cap(settings: GroupSettings, people: int, groups: int) -> int:
    """'avoid' lets a municipality double up only as far as spreading over the groups forces."""
    if settings.same_municipality == "allow" or groups == 0:
        return people
    if settings.same_municipality == "forbid":
        return 1
    return -(-people // groups)


def effective_areas(instance: Instance, participant_ids: Iterable[str]) -> dict[str, str]:
    """The service area each participant is grouped in, after merging within these people."""
    layouts, _ = area_layouts(instance, participant_ids)
    return {pid: layout.area for layout in layouts for pid in layout.participants}


def area_layouts(
    instance: Instance, participant_ids: Iterable[str]
) -> tuple[list[AreaLayout], list[str]]:
    """Merge too-small service areas of these people (one cohort) and size their groups.

    Returns the layouts of the areas that can be grouped and, separately, plain-words problems for
    areas that cannot (nobody is dropped silently: such an area's people appear in a problem).
    """
    settings = instance.groups
    person = {p.id: p for p in instance.participants}
    order = {p.id: i for i, p in enumerate(instance.participants)}
    members = _members_by_area(settings, participant_ids, person, order)
    area_rank = {a: i for i, a in enumerate(members)}
    _merge_unfit_areas(members, settings, person, order, area_rank)
    return _sized_layouts(members, settings, person, area_rank)


def _members_by_area(
    settings: GroupSettings,
    participant_ids: Iterable[str],
    person: dict[str, Participant],
    order: dict[str, int],
) -> dict[str, list[str]]:
    """The known participants among ``participant_ids`` by their own service area, in instance
    order; every configured area is a key (empty when nobody is in it)."""
    ids = sorted((pid for pid in participant_ids if pid in person), key=order.__getitem__)
    members: dict[str, list[str]] = {a: [] for a in settings.service_areas}
    for pid in ids:
        members.setdefault(person[pid].service_area, []).append(pid)
    return members


def _municipality_counts(pids: list[str], person: dict[str, Participant]) -> dict[str, int]:
    """How many of ``pids`` each municipality has, in order of first appearance."""
    out: dict[str, int] = {}
    for pid in pids:
        out[person[pid].municipality] = out.get(person[pid].municipality, 0) + 1
    return out


def _merge_unfit_areas(
    members: dict[str, list[str]],
    settings: GroupSettings,
    person: dict[str, Participant],
    order: dict[str, int],
    area_rank: dict[str, int],
) -> None:
    """Move, in place, the people of each area no group count fits into its merge target."""

    def fits(area: str) -> bool:
        c = _municipality_counts(members[area], person)
        return group_count(len(members[area]), max(c.values(), default=0), settings) is not None

    # Sources before their targets (deepest in the merge forest first), so an area has received
    # everything merged into it before it is judged; one pass then suffices (the map is acyclic).
    def depth(area: str) -> int:
        steps = 0
        while area in settings.merge_into and steps <= len(members):
            area, steps = settings.merge_into[area], steps + 1
        return steps

    for area in sorted(members, key=lambda a: (-depth(a), area_rank[a])):
        target = settings.merge_into.get(area)
        if members[area] and target is not None and not fits(area):
            members.setdefault(target, [])
            members[target] = sorted(members[target] + members[area], key=order.__getitem__)
            members[area] = []


def _sized_layouts(
    members: dict[str, list[str]],
    settings: GroupSettings,
    person: dict[str, Participant],
    area_rank: dict[str, int],
) -> tuple[list[AreaLayout], list[str]]:
    """The layout of every non-empty area after merging, or a problem for one no count fits."""
    layouts: list[AreaLayout] = []
    problems: list[str] = []
    for area, pids in members.items():
        if not pids:
            continue
        c = _municipality_counts(pids, person)
        groups = group_count(len(pids), max(c.values()), settings)
        merged = sorted({person[pid].service_area for pid in pids}, key=area_rank.__getitem__)
        sources = [a for a in merged if a != area]
        what = f"service area '{area}'" + (
            f" (with {', '.join(sources)} merged in)" if sources else ""
        )
        if groups is None:
            problems.append(_unfit_message(what, len(pids), c, settings))
            continue
        layouts.append(
            AreaLayout(
                area=area,
                merged=tuple(merged),
                participants=tuple(pids),
                count=c,
                groups=groups,
                sizes=balanced_sizes(len(pids), groups, settings),
                settings=settings,
            )
        )
    return layouts, problems


def _unfit_message(what: str, n: int, count: dict[str, int], settings: GroupSettings) -> str:
    bounds = f"groups of {settings.min_size}–{settings.max_size}"
    if n < settings.min_size:
        reason = f"fewer than the smallest group ({settings.min_size})"
    elif settings.same_municipality == "forbid" and max(count.values()) * settings.min_size > n:
        most = max(count, key=lambda m: count[m])
        reason = (
            f"municipality {most} has {count[most]} people in it, so same_municipality='forbid'"
            f" needs {count[most]} groups of at least {settings.min_size}"
        )
    else:
        reason = (
            f"no number of groups holds {n} within the size bounds and a size difference of at"
            f" most {settings.max_size_difference}"
        )
    return (
        f"{what} has {n} participants: {bounds} cannot hold them ({reason})"
        " and it has no merge target"
    )


Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """A municipality pair in a fixed order, so (a, b) and (b, a) count as one."""
    return (a, b) if a < b else (b, a)


def group_meetings(
    groups: Iterable[Iterable[str]], municipality_of: dict[str, str]
) -> dict[Pair, int]:
    """How often each pair of municipalities shares a group among ``groups`` (participant ids).

    A meeting is two municipalities in one group: two that share three groups met three times.
    Several people of one municipality in a group still make one meeting per other municipality.
    """
    out: dict[Pair, int] = {}
    for members in groups:
        present = sorted({municipality_of[pid] for pid in members if pid in municipality_of})
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                out[(a, b)] = out.get((a, b), 0) + 1
    return out


def repeat_cost(before: int, now: int) -> int:
    """Cost of ``now`` more meetings of a pair that met ``before`` times: the k-th costs k - 1.

    Summed over gatherings this telescopes to ``K(K-1)/2`` for a pair that meets ``K`` times, so
    the cost of a repeat grows with how often the pair has met and repeats spread out.
    """
    return now * before + now * (now - 1) // 2
