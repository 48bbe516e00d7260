"""The baseline's groups fitted to a cohort whose people changed (minimal change, H11).

After a withdrawal (or a late registration) the least change to a cohort's discussion groups is
usually the baseline's groups less the people who left, with any newcomer in the smallest group
of their service area that has room for their municipality, the smallest groups dissolved where
the area now needs fewer (rule H4: the fewest groups that hold its people), and as few people as
possible moved from groups over their balanced size to groups under it. :func:`fitted_groups`
builds that candidate; the group stage keeps it instead of a fresh solve when it keeps every
group rule and its weighted value (group terms plus ``changed_groups`` at
``change_weights.group_member``) is no worse than the fresh solve's. A kept candidate is no
proven optimum: its gatherings are reported ``feasible``.
"""

from __future__ import annotations

from kompetanse_opt.check import check
from kompetanse_opt.model.grouping import AreaLayout, area_layouts
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GroupPlan, Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.change_terms import changed_groups
from kompetanse_opt.objective.group_terms import gathering_terms

#: Rules of pins and held sessions: met by the stage after the groups are chosen
#: (:mod:`.pinned`), and about cohorts a one-cohort plan does not hold.
_LATER_RULES = ("H7", "H11")


def fitted_groups(
    instance: Instance, cohort: CohortPlan, previous: CohortPlan | None
) -> CohortPlan | None:
    """``cohort`` with ``previous``'s groups fitted to its people, or None when they cannot be
    (a gathering or a service area the baseline has no groups for, or rules still broken)."""
    if previous is None or set(cohort.participants) == set(previous.participants):
        return None
    layouts, problems = area_layouts(instance, cohort.participants)
    if problems:
        return None
    old = {g.index: g for g in previous.gatherings}
    home = {p.id: p.municipality for p in instance.participants}
    gatherings = []
    for g in cohort.gatherings:
        if g.index not in old or not old[g.index].groups:
            return None
        groups = _fit_gathering(old[g.index].groups, layouts, home)
        if groups is None:
            return None
        gatherings.append(g.model_copy(update={"groups": groups}))
    fitted = cohort.model_copy(update={"gatherings": gatherings})
    plan = Plan(stages=("cohorts", "groups"), cohorts=[fitted])
    broken = [v for v in check(instance, plan, ("groups",)) if not v.rule.startswith(_LATER_RULES)]
    return None if broken else fitted


def _fit_gathering(
    old: list[GroupPlan], layouts: list[AreaLayout], home: dict[str, str]
) -> list[GroupPlan] | None:
    out: list[GroupPlan] = []
    for layout in layouts:
        mine = [g for g in old if g.service_area == layout.area]
        if len(mine) < layout.groups:
            return None  # the area needs a group more: no small change makes one
        present = set(layout.participants)
        members = [[p for p in g.participants if p in present] for g in mine]
        seated = {p for m in members for p in m}
        for pid in layout.participants:  # newcomers: the smallest group with room for them
            if pid not in seated:
                room = [m for m in members if _room(m, pid, layout, home)] or members
                min(room, key=len).append(pid)
        kept = _dissolve_small(members, layout, home)
        _rebalance(members, layout, home)
        order = {pid: i for i, pid in enumerate(layout.participants)}
        out += [
            mine[j].model_copy(update={"participants": sorted(members[j], key=order.__getitem__)})
            for j in kept
        ]
    return out


def _dissolve_small(
    members: list[list[str]], layout: AreaLayout, home: dict[str, str]
) -> list[int]:
    """While the area has more groups than the fewest that hold its people (rule H4), the
    smallest group's people join the smallest others; the indexes of the groups kept."""
    kept = list(range(len(members)))
    while len(kept) > layout.groups:
        gone = min(kept, key=lambda j: (len(members[j]), -j))
        kept.remove(gone)
        for pid in members[gone]:
            room = [j for j in kept if _room(members[j], pid, layout, home)] or kept
            members[min(room, key=lambda j: (len(members[j]), j))].append(pid)
        members[gone] = []
    return kept


def _room(group: list[str], pid: str, layout: AreaLayout, home: dict[str, str]) -> bool:
    """Whether ``group`` may take ``pid`` under the municipality cap."""
    return sum(1 for q in group if home[q] == home[pid]) < layout.cap(home[pid])


def _rebalance(members: list[list[str]], layout: AreaLayout, home: dict[str, str]) -> None:
    """Move people one at a time from a group over its balanced size to one under it, each to a
    group with room for their municipality, until the sizes are balanced (or nobody can move)."""
    live = [j for j in range(len(members)) if members[j]]
    q, r = divmod(layout.n, len(live))
    by_size = sorted(live, key=lambda j: (-len(members[j]), j))
    target = {j: q + (1 if rank < r else 0) for rank, j in enumerate(by_size)}
    for _ in range(layout.n):
        over = [j for j in live if len(members[j]) > target[j]]
        under = [j for j in live if len(members[j]) < target[j]]
        if not over or not under or not _move_one(members, over, under, layout, home):
            return


def _move_one(
    members: list[list[str]],
    over: list[int],
    under: list[int],
    layout: AreaLayout,
    home: dict[str, str],
) -> bool:
    for j in over:
        for k in under:
            for pid in reversed(members[j]):
                if _room(members[k], pid, layout, home):
                    members[j].remove(pid)
                    members[k].append(pid)
                    return True
    return False


def cohort_value(data: ProblemData, cohort: CohortPlan) -> int:
    """The weighted group terms of ``cohort``'s gatherings plus its weighted ``changed_groups``."""
    value = sum(
        weighted_objective(data, gathering_terms(data, cohort, g.index)) for g in cohort.gatherings
    )
    changes = changed_groups(data, Plan(cohorts=[cohort]))
    return value + weighted_objective(data, {"changed_groups": changes})
