"""Which municipalities a large-neighbourhood step frees (``class_lns.py``).

* *Hub groups*: the municipalities whose nearest hub (a venue without a limit) is one of a few
  neighbouring hubs. Moves across those hubs' borders are what the hub-area first plan could
  not make.
* *The farthest*: the municipality with the incumbent's worst travel, when it has a cheaper
  pattern, with the hub areas of that pattern's venues and of its own hub. The worst travel is
  one municipality's; a hub group rarely holds both it and the cohorts it would have to join
  (its cheapest pattern often pairs two limited venues of other districts, each hosting one
  gathering that another cohort holds), so the plans the near master settles on can keep a
  worst trip far above the lowest possible one (837 against 492 minutes at 10x, seed 0).

Deterministic: the choices depend only on the instance and the incumbent.
"""

from __future__ import annotations

from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.cohorts.clusters import venue_km
from kompetanse_opt.solver.cohorts.model import Pattern
from kompetanse_opt.solver.cohorts.pattern_travel import Costs

#: Cheaper patterns of the farthest municipality whose venues' hub areas are freed with it.
FAR_PATTERNS = 2


def hub_groups(data: ProblemData, width: int) -> list[list[str]]:
    """Each hub with its nearest other hubs (as the crow flies), ``width`` in all."""
    hubs = [v for v in data.instance.venues if v.max_gatherings is None]
    return [
        [h.id for h in sorted(hubs, key=lambda o: (venue_km(hub, o), o.id))[:width]] for hub in hubs
    ]


def home_hubs(data: ProblemData) -> dict[str, str]:
    """Each municipality's nearest hub by travel (ties by id)."""
    hubs = [v.id for v in data.instance.venues if v.max_gatherings is None]
    return {m: min(hubs, key=lambda h: (data.minutes(m, h), h)) for m in data.municipality_ids}


def venue_hubs(data: ProblemData) -> dict[str, str]:
    """Each venue's hub: itself for a hub, else the nearest hub as the crow flies."""
    hubs = [v for v in data.instance.venues if v.max_gatherings is None]
    if not hubs:
        return {}
    return {
        v.id: v.id
        if v.max_gatherings is None
        else min(hubs, key=lambda h: (venue_km(v, h), h.id)).id
        for v in data.instance.venues
    }


def farthest(
    data: ProblemData,
    patterns: list[Pattern],
    cost: Costs,
    own: dict[str, int],
    good: dict[str, list[int]],
) -> tuple[set[str], set[str]] | None:
    """The municipalities at the incumbent's worst travel and the hubs whose areas to free
    with them: their own and those of the venues of their cheaper patterns (the ``good``
    ones first). None when one of them has no cheaper pattern: then nothing lowers it."""
    if not own:
        return None
    worst = max(cost[m, p] for m, p in own.items())
    by_venue, home = venue_hubs(data), home_hubs(data)
    far = {m for m, p in own.items() if cost[m, p] == worst}
    hubs: set[str] = set()
    for m in sorted(far):
        by_cost = sorted(range(len(patterns)), key=lambda p: (cost[m, p], p))
        cheaper = [p for p in [*good.get(m, []), *by_cost] if cost[m, p] < worst]
        if not cheaper:
            return None
        hubs.add(home[m])
        hubs.update(by_venue[v] for p in cheaper[:FAR_PATTERNS] for v in patterns[p])
    return far, hubs


def split_sets(
    data: ProblemData, patterns: list[Pattern], own: dict[str, int]
) -> list[tuple[set[str], set[str]]]:
    """Each soft together-set the incumbent spreads over pattern classes, largest spread first:
    its members and the hubs of their homes and of the venues of their patterns."""
    by_venue, home = venue_hubs(data), home_hubs(data)
    found: list[tuple[int, str, set[str], set[str]]] = []
    for s in data.instance.together:
        members = [m for m in s.municipalities if m in own]
        classes = {own[m] for m in members}
        if s.hard or len(classes) < 2:
            continue
        hubs = {home[m] for m in members}
        hubs.update(by_venue[v] for p in classes for v in patterns[p])
        found.append((len(classes), s.id, set(members), hubs))
    found.sort(key=lambda f: (-f[0], f[1]))
    return [(members, hubs) for _, _, members, hubs in found]


__all__ = ["FAR_PATTERNS", "farthest", "home_hubs", "hub_groups", "split_sets", "venue_hubs"]
