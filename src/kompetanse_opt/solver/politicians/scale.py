"""The politicians' track at scale: each municipality at its nearest venues only.

The exact model offers every municipality a room on the first ``most`` free days after every
cohort end at every venue (see :mod:`kompetanse_opt.solver.politicians.model`), so it grows with
venues x cohort ends x sessions x municipalities: at 5x Vestland (15 venues, 20 cohorts, up to
40 sessions, 215 municipalities) about 800 000 pick variables and 25 s of model building on a
loaded 2-core machine, at 10x about ten times more. Above :data:`LARGE_PAIRS` municipality-venue
pairs the stage uses this restriction instead: a municipality may meet at its
:data:`NEAREST_VENUES` nearest venues (by its politicians' travel, ties by the venues' order),
and each venue offers days only after the ends of the cohorts of municipalities that may meet
there, as many as those municipalities (at most ``most``). Every plan of the restriction is a
plan of the whole model, so the checker accepts it; its optimum is not the stage's, so the
stage reports at best ``feasible`` and no bound.
"""

from __future__ import annotations

from kompetanse_opt.model.calendar_days import DayGrid
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.politicians.hint import apply_hint
from kompetanse_opt.solver.politicians.model import PoliticianModel, Slot

#: Venues each municipality may meet at, in the restriction.
NEAREST_VENUES = 3
#: Municipalities x venues above which the stage uses the restriction (2x Vestland: 86 x 6 =
#: 516, exact; 5x: 215 x 15 = 3 225, restricted).
LARGE_PAIRS = 1_000


def is_large(data: ProblemData) -> bool:
    """Whether the politicians' stage uses :class:`NearestVenues` for this instance."""
    calendar = data.instance.calendar
    venues = calendar.politicians.venues if calendar and calendar.politicians else None
    count = len(venues or data.instance.venues)
    return len(data.instance.municipalities) * count > LARGE_PAIRS


class NearestVenues(PoliticianModel):
    """:class:`PoliticianModel` with each municipality at its nearest venues only."""

    def __init__(self, data: ProblemData, grid: DayGrid, plan: Plan) -> None:
        self.allowed: dict[str, set[str]] = {}
        super().__init__(data, grid, plan)

    def candidate_slots(self) -> list[Slot]:
        order = {v: n for n, v in enumerate(self.venues)}
        for mid in self.municipalities:
            near = sorted(self.venues, key=lambda v: (self.data.minutes(mid, v), order[v]))
            self.allowed[mid] = set(near[:NEAREST_VENUES])
        most = min(self.settings.session_range()[1], len(self.municipalities))
        slots: list[Slot] = []
        for venue in self.venues:
            coming = [mid for mid in self.municipalities if venue in self.allowed[mid]]
            bounds = sorted({self.earliest(mid) for mid in coming})
            days = self.free_days(venue)
            chosen: dict[int, int] = {}
            for bound in bounds:
                following = [(i, rooms) for i, rooms in days if i >= bound]
                chosen.update(following[: min(most, len(coming))])
            capacity = self.room_capacity(venue)
            slots += [
                Slot(day, venue, room, capacity)
                for day, rooms in chosen.items()
                for room in range(rooms)
            ]
        if not self.pinned:
            return sorted(slots, key=lambda s: (s.day, order[s.venue], s.room))
        # Pinned sessions (rare at this size) keep their day and members: the exact model's
        # slots for them, and their venue allowed to their municipalities.
        for (_, venue), members in self.pinned.items():
            for mid in members:
                self.allowed[mid].add(venue)
        pinned = [s for s in super().candidate_slots() if (s.day, s.venue) in self.pinned]
        known = {(s.day, s.venue, s.room) for s in slots}
        slots += [s for s in pinned if (s.day, s.venue, s.room) not in known]
        return sorted(slots, key=lambda s: (s.day, order.get(s.venue, len(order)), s.room))

    def eligible_slots(self, municipality: str) -> list[int]:
        first, allowed = self.earliest(municipality), self.allowed[municipality]
        near = [
            j for j, slot in enumerate(self.slots) if slot.day >= first and slot.venue in allowed
        ]
        # No day at the nearest venues: every venue's (never a municipality left out).
        return near or super().eligible_slots(municipality)


def add_nearest_hint(model: NearestVenues) -> dict[int, list[str]] | None:
    """The restriction's packed start plan (the counterpart of ``hint.add_hint``, which packs
    across venues): municipalities by their nearest venue, then by their first possible day,
    cut into sessions that fit the room, each in its venue's earliest free room on or after its
    latest member's first day. Hinted and kept as ``model.hinted``; None if it does not fit."""
    settings = model.settings
    by_venue: dict[str, list[str]] = {}
    for mid in model.municipalities:
        home = min(model.allowed[mid], key=lambda v: (model.data.minutes(mid, v), v))
        by_venue.setdefault(home, []).append(mid)
    taken: dict[int, list[str]] = {}
    for venue, members in by_venue.items():
        free = [j for j, slot in enumerate(model.slots) if slot.venue == venue]
        group: list[str] = []
        for mid in sorted(members, key=lambda m: (model.earliest(m), m)):
            if group and not _fits(model, [*group, mid], free[0] if free else None):
                if not _place(model, group, free, taken):
                    return None
                group = []
            group.append(mid)
        if group and not _place(model, group, free, taken):
            return None
    low, high = settings.session_range()
    if not low <= len(taken) <= high:
        return None
    return apply_hint(model, taken)


def _fits(model: PoliticianModel, group: list[str], room: int | None) -> bool:
    limit = model.settings.max_municipalities
    capacity = None if room is None else model.slots[room].capacity
    heads = sum(model.settings.headcount(m) for m in group)
    return (capacity is None or heads <= capacity) and (limit is None or len(group) <= limit)


def _place(
    model: PoliticianModel, group: list[str], free: list[int], taken: dict[int, list[str]]
) -> bool:
    """``group`` into the first room of ``free`` open to all of them; False if none is."""
    for j in free:
        if j not in taken and all((m, j) in model.pick for m in group):
            taken[j] = group
            return True
    return False
