"""A quick feasible start for the politicians' model: sessions packed in order of the cohorts'
ends, each at the venue with the least travel that still has a free room on or after its
latest member's first possible day.

CP-SAT starts from it (a hint) and improves on it; when a very short search finds nothing at all,
the stage returns this plan itself (checked like any other), so a tight time limit still gives
every municipality's politicians a session. It respects the model's cuts (rooms of a venue
between two cohort ends used in order, larger sessions first). When packing does not fit the
settings, no hint.
"""

from __future__ import annotations

from kompetanse_opt.solver.politicians.model import PoliticianModel


def _packed(model: PoliticianModel) -> list[list[str]]:
    """Municipalities in order of their first possible day, cut into sessions that fit."""
    settings = model.settings
    rooms = [s.capacity for s in model.slots]
    room = None if not rooms or None in rooms else min(r for r in rooms if r is not None)
    limit = settings.max_municipalities
    groups: list[list[str]] = [[]]
    heads = 0
    for mid in sorted(model.municipalities, key=lambda m: (model.earliest(m), m)):
        need = settings.headcount(mid)
        full = (room is not None and heads + need > room) or (
            limit is not None and len(groups[-1]) >= limit
        )
        if groups[-1] and full:
            groups.append([])
            heads = 0
        groups[-1].append(mid)
        heads += need
    return groups


def _placed(model: PoliticianModel, groups: list[list[str]]) -> dict[int, list[str]] | None:
    """Each group in the earliest free room at its cheapest venue, or None."""
    taken: dict[int, list[str]] = {}
    for members in groups:
        bound = max(model.earliest(m) for m in members)
        heads = sum(model.settings.headcount(m) for m in members)
        options = []
        for venue in model.venues:
            free = [
                j
                for j, slot in enumerate(model.slots)
                if slot.venue == venue
                and slot.day >= bound
                and j not in taken
                and (slot.capacity is None or heads <= slot.capacity)
            ]
            if free:
                cost = sum(model.data.minutes(m, venue) for m in members)
                options.append((cost, model.slots[free[0]].day, free[0]))
        if not options:
            return None
        taken[min(options)[2]] = members
    return taken


def larger_first(model: PoliticianModel, taken: dict[int, list[str]]) -> dict[int, list[str]]:
    """Within each run of alike rooms (a venue between two cohort ends), larger sessions first."""
    bounds = sorted({model.earliest(m) for m in model.municipalities})
    runs: dict[tuple[str, int], list[int]] = {}
    for j in sorted(taken):
        slot = model.slots[j]
        runs.setdefault((slot.venue, sum(1 for b in bounds if b <= slot.day)), []).append(j)
    out: dict[int, list[str]] = {}
    for rooms in runs.values():
        sets = sorted((taken[j] for j in rooms), key=len, reverse=True)
        out.update(zip(rooms, sets, strict=True))
    return out


def add_hint(model: PoliticianModel) -> dict[int, list[str]] | None:
    """Hint a packed plan to CP-SAT, keep it as ``model.hinted`` and return it (room index ->
    municipalities); None when packing found none within the settings."""
    low, high = model.settings.session_range()
    groups = _packed(model)
    if not low <= len(groups) <= high:
        return None
    placed = _placed(model, groups)
    if placed is None:
        return None
    return apply_hint(model, placed)


def apply_hint(model: PoliticianModel, placed: dict[int, list[str]]) -> dict[int, list[str]]:
    """Hint the sessions ``placed`` (room index -> municipalities), larger rooms first, keep
    them as ``model.hinted`` and return them."""
    taken = larger_first(model, placed)
    chosen = {(m, j) for j, members in taken.items() for m in members}
    for (mid, j), var in model.pick.items():
        model.model.add_hint(var, (mid, j) in chosen)
    for j, var in enumerate(model.open):
        model.model.add_hint(var, j in taken)
    model.hinted = taken
    return taken
