"""CP-SAT model of the politicians' track (rules T1, T2; terms of T3), given the dated plan.

Each municipality's politicians attend one regional joint session, strictly after their
municipality's cohort has finished, together with an administration resource from the
municipality. With the cohorts' end dates known, the model is a facility-location problem over
candidate *rooms*: a room is a day at a venue and one of the (at most ``max_per_evening``)
sessions that venue can hold that evening. ``pick[m, j]`` sends municipality ``m`` to room ``j``
and ``open[j]`` holds a session there. The number of sessions is the model's choice between
``min_sessions`` and ``max_sessions`` (or exactly ``sessions``), priced per session; a session
holds its municipalities' head count (politicians plus one administration resource each) within
its room; a session that mixes regions pays per extra region (neighbours together).

Why the candidate days lose nothing: take any valid plan and, venue by venue in date order, move
each session to the earliest day on or after the day its latest member cohort allows that still
has a free room. No session moves later, so no cost rises (travel, regions and the number of
sessions do not depend on the day), and each lands among the first ``most`` free days after some
cohort's end (``most`` = the most sessions there can be). So the days are, for every venue and
every cohort end, the first ``most`` free allowed days from that end plus ``min_days_after_cohort``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.calendar_days import DayGrid, cohort_last_day
from kompetanse_opt.model.calendar_settings import PoliticianSettings
from kompetanse_opt.model.plan import Plan, PoliticianSession
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.calendar_terms import POLITICIAN_TERMS, region_of


@dataclass(frozen=True)
class Slot:
    """Room ``room`` (0-based) at a venue on a day: one possible session of ``capacity`` people
    (None = no limit)."""

    day: int
    venue: str
    room: int
    capacity: int | None


class PoliticianModel:
    """The politicians' track for one dated plan."""

    def __init__(self, data: ProblemData, grid: DayGrid, plan: Plan) -> None:
        calendar = data.instance.calendar
        if calendar is None or calendar.politicians is None:
            raise ValueError("the instance has no politicians' track")
        self.data = data
        self.settings: PoliticianSettings = calendar.politicians
        self.grid = grid
        self.plan = plan
        self.model = cp_model.CpModel()
        self.municipalities = [m.id for m in data.instance.municipalities]
        self.region = {m.id: region_of(m.region) for m in data.instance.municipalities}
        self.cohort_of = plan.cohort_of_municipality()
        self.ends: dict[int, int] = {}
        for c in plan.cohorts:
            last = cohort_last_day(c)
            if last is not None:
                self.ends[c.id] = grid.index(last)
        self.venues = self.settings.venues or data.instance.venue_ids()
        #: Pinned sessions (H7; held ones H11): (day index, venue) -> their municipalities.
        self.pinned = {
            (grid.index(p.date), p.venue): [m for m in p.municipalities if m in self.cohort_of]
            for p in data.instance.pins.politicians
        }
        self.slots = self.candidate_slots()
        self.eligible = {mid: self.eligible_slots(mid) for mid in self.municipalities}
        # The decisions are made by build(): counting causes need only the slots.
        self.pick: dict[tuple[str, int], cp_model.IntVar] = {}
        self.open: list[cp_model.IntVar] = []
        self.by_slot: dict[int, list[str]] = {}
        self.terms: dict[str, cp_model.LinearExprT] = {}
        #: The packed start plan hinted to CP-SAT (room -> municipalities), if packing found one
        #: (set by :func:`kompetanse_opt.solver.politicians.hint.add_hint`).
        self.hinted: dict[int, list[str]] | None = None

    def eligible_slots(self, municipality: str) -> list[int]:
        """The rooms the municipality's politicians may meet in: those after its cohort ends."""
        first = self.earliest(municipality)
        return [j for j, slot in enumerate(self.slots) if slot.day >= first]

    def earliest(self, municipality: str) -> int:
        """First day index the municipality's politicians may meet."""
        end = self.ends.get(self.cohort_of.get(municipality, -1), -1)
        return end + self.settings.min_days_after_cohort

    def room_capacity(self, venue_id: str) -> int | None:
        """People one session's room holds: the venue's room, else the track's default."""
        venue = next(v for v in self.data.instance.venues if v.id == venue_id)
        return (
            venue.room_capacity if venue.room_capacity is not None else self.settings.room_capacity
        )

    def free_days(self, venue_id: str) -> list[tuple[int, int]]:
        """(day, sessions it can hold) for allowed days the venue is not full or blocked."""
        venue = next(v for v in self.data.instance.venues if v.id == venue_id)
        blocked = {d for r in venue.blocked for d in r.days()}
        used: dict[int, int] = {}
        for c in self.plan.cohorts:
            for g in c.gatherings:
                if g.venue == venue_id:
                    for d in g.dates:
                        used[self.grid.index(d)] = used.get(self.grid.index(d), 0) + 1
        rooms = self.settings.max_per_evening
        return [
            (i, min(rooms, venue.parallel_gatherings - used.get(i, 0)))
            for i in self.grid.starts(1)
            if self.grid.day(i) not in blocked and used.get(i, 0) < venue.parallel_gatherings
        ]

    def candidate_slots(self) -> list[Slot]:
        bounds = sorted({self.earliest(mid) for mid in self.municipalities})
        most = min(self.settings.session_range()[1], len(self.municipalities))
        chosen: dict[tuple[int, str], int] = {}
        for venue in self.venues:
            days = self.free_days(venue)
            for bound in bounds:
                following = [(i, rooms) for i, rooms in days if i >= bound][:most]
                chosen.update({(i, venue): rooms for i, rooms in following})
        pinned_venues = {venue for _, venue in self.pinned}
        open_days = {(i, venue) for venue in pinned_venues for i, _ in self.free_days(venue)}
        for day, venue in self.pinned:
            if (day, venue) in open_days:  # a closed or full day gets no room: no plan
                chosen.setdefault((day, venue), 1)
        rank = {v: n for n, v in enumerate(self.venues)}
        rank.update({v: len(rank) + n for n, (_, v) in enumerate(self.pinned) if v not in rank})
        return [
            Slot(day, venue, room, self.room_capacity(venue))
            for (day, venue), rooms in sorted(
                chosen.items(), key=lambda kv: (kv[0][0], rank[kv[0][1]])
            )
            for room in range(rooms)
        ]

    def members(self, j: int) -> list[str]:
        """The municipalities that may meet in room ``j`` (in municipality order)."""
        return self.by_slot.get(j, [])

    # -- constraints, one method per family --------------------------------------------------

    def build(self) -> PoliticianModel:
        self.pick = {
            (mid, j): self.model.new_bool_var(f"pick[{mid},{j}]")
            for mid in self.municipalities
            for j in self.eligible[mid]
        }
        self.open = [
            self.model.new_bool_var(f"open[{slot.venue},{slot.day},{slot.room}]")
            for slot in self.slots
        ]
        self.by_slot = {}
        for mid, j in self.pick:
            self.by_slot.setdefault(j, []).append(mid)
        self.one_session_per_municipality()  # T1
        self.session_count()  # T2: between the fewest and most sessions
        self.sessions_in_open_rooms()  # T2
        self.session_sizes()  # T2: no empty session, head count in the room, max_municipalities
        self.larger_sessions_first()  # dominance and symmetry (no effect on the optimum)
        self.pinned_sessions()  # H7, H11
        self.objective()
        return self

    def one_session_per_municipality(self) -> None:
        for mid in self.municipalities:
            # No eligible room leaves an empty exactly-one: infeasible, as it should be.
            self.model.add_exactly_one(self.pick[mid, j] for j in self.eligible[mid])

    def session_count(self) -> None:
        low, high = self.settings.session_range()
        total = cp_model.LinearExpr.sum(self.open)
        self.model.add(total >= low)
        self.model.add(total <= high)
        rooms = [slot.capacity for slot in self.slots]
        if rooms and None not in rooms:
            # Valid cut: everyone's head count needs at least this many rooms of the largest size.
            heads = sum(self.settings.headcount(mid) for mid in self.municipalities)
            biggest = max(r for r in rooms if r is not None)
            self.model.add(total >= -(-heads // biggest))

    def sessions_in_open_rooms(self) -> None:
        for (_, j), var in self.pick.items():
            self.model.add(var <= self.open[j])

    def session_sizes(self) -> None:
        limit = self.settings.max_municipalities
        for j, slot in enumerate(self.slots):
            picks = [self.pick[mid, j] for mid in self.members(j)]
            self.model.add(cp_model.LinearExpr.sum(picks) >= self.open[j])
            if limit is not None:
                self.model.add(cp_model.LinearExpr.sum(picks) <= limit * self.open[j])
            if slot.capacity is not None:
                heads = [
                    self.settings.headcount(mid) * self.pick[mid, j] for mid in self.members(j)
                ]
                self.model.add(cp_model.LinearExpr.sum(heads) <= slot.capacity * self.open[j])

    def pinned_sessions(self) -> None:
        """A pinned (or held) session is open and its municipalities are in it."""
        slot_of = {(slot.day, slot.venue): j for j, slot in enumerate(self.slots) if slot.room == 0}
        for key, members in self.pinned.items():
            j = slot_of.get(key)
            if j is None:  # the pinned day is closed (or full) at that venue: no plan
                self.model.add_bool_or([])
                continue
            self.model.add(self.open[j] >= 1)
            for mid in members:
                if (mid, j) in self.pick:
                    self.model.add(self.pick[mid, j] == 1)
                else:
                    self.model.add_bool_or([])  # before the cohort ends: cannot hold

    def larger_sessions_first(self) -> None:
        """At one venue, between two cohort ends, rooms are used in (day, room) order and each
        holds at least as many municipalities as the next.

        Every room of such a run admits the same municipalities and holds as many people, so the
        sessions' member sets can be exchanged freely: moving a session to an earlier free room,
        or the larger of two sessions to the earlier room, only lowers the waiting. The cuts
        remove only such dominated plans (and the symmetry between alike rooms).
        """
        bounds = sorted({self.earliest(mid) for mid in self.municipalities})
        previous: dict[tuple[str, int], int] = {}
        for j, slot in enumerate(self.slots):
            interval = sum(1 for b in bounds if b <= slot.day)
            key = (slot.venue, interval)
            if (slot.day, slot.venue) in self.pinned:
                continue  # a pinned day stays, whatever days come before it
            if key in previous:
                before = previous[key]
                self.model.add(self.open[j] <= self.open[before])
                self.model.add(
                    cp_model.LinearExpr.sum([self.pick[m, j] for m in self.members(j)])
                    <= cp_model.LinearExpr.sum([self.pick[m, before] for m in self.members(before)])
                )
            previous[key] = j

    def objective(self) -> None:
        cohort_end = {
            mid: self.earliest(mid) - self.settings.min_days_after_cohort
            for mid in self.municipalities
        }
        terms: dict[str, cp_model.LinearExprT] = {
            "politician_travel": cp_model.LinearExpr.sum(
                [
                    self.data.minutes(mid, self.slots[j].venue) * v
                    for (mid, j), v in self.pick.items()
                ]
            ),
            "politician_wait": cp_model.LinearExpr.sum(
                [(self.slots[j].day - cohort_end[mid]) * v for (mid, j), v in self.pick.items()]
            ),
            "politician_session_count": cp_model.LinearExpr.sum(self.open),
            "politician_regions": self._extra_regions(),
        }
        assert tuple(terms) == tuple(POLITICIAN_TERMS)
        self.terms = terms
        weights = self.data.instance.weights
        self.model.minimize(
            cp_model.LinearExpr.sum([int(getattr(weights, n)) * e for n, e in terms.items()])
        )

    def _extra_regions(self) -> cp_model.LinearExprT:
        """Per session, its regions beyond the first: ``regions used - 1`` (0 when closed).

        Linear, so the LP relaxation sees it: ``region[j, r]`` is exactly "some municipality of
        region r is in room j" (at least each pick, at most their sum), and the first region is
        the room's ``open`` (every member has a region) or a "has a region" indicator built the
        same way. The former ``max(0, sum - 1)`` form proved the embedded data's optimum in about
        four times CP-SAT's deterministic time (benchmarks/README.md, pipeline section).
        """
        extras: list[cp_model.LinearExprT] = []
        for j in range(len(self.slots)):
            by_region: dict[str, list[cp_model.IntVar]] = {}
            for mid in self.members(j):
                if self.region[mid]:
                    by_region.setdefault(self.region[mid], []).append(self.pick[mid, j])
            if len(by_region) < 2:
                continue
            used = [
                self._indicator(f"region[{j},{region}]", picks)
                for region, picks in sorted(by_region.items())
            ]
            if all(self.region[mid] for mid in self.members(j)):
                first: cp_model.IntVar = self.open[j]
            else:
                first = self._indicator(f"has_region[{j}]", used)
            extras.append(cp_model.LinearExpr.sum(used) - first)
        return cp_model.LinearExpr.sum(extras)

    def _indicator(self, name: str, literals: list[cp_model.IntVar]) -> cp_model.IntVar:
        """A Boolean equal to "any of ``literals``" (each implies it; it implies their sum)."""
        var = self.model.new_bool_var(name)
        for literal in literals:
            self.model.add_implication(literal, var)
        self.model.add(var <= cp_model.LinearExpr.sum(literals))
        return var

    # -- extraction --------------------------------------------------------------------------

    def extract(self, solver: cp_model.CpSolver) -> Plan:
        """The plan with the sessions of a CP-SAT solution."""
        return self._plan_with(
            lambda j: solver.boolean_value(self.open[j]),
            lambda mid, j: solver.boolean_value(self.pick[mid, j]),
        )

    def extract_hint(self) -> Plan | None:
        """The plan with the packed start plan's sessions (None without one)."""
        hinted = self.hinted
        if hinted is None:
            return None
        chosen = {(mid, j) for j, members in hinted.items() for mid in members}
        return self._plan_with(lambda j: j in hinted, lambda mid, j: (mid, j) in chosen)

    def _plan_with(
        self, is_open: Callable[[int], bool], picked: Callable[[str, int], bool]
    ) -> Plan:
        sessions: list[PoliticianSession] = []
        for j, slot in enumerate(self.slots):
            if not is_open(j):
                continue
            sessions.append(
                PoliticianSession(
                    id=len(sessions) + 1,
                    venue=slot.venue,
                    date=self.grid.day(slot.day),
                    municipalities=[mid for mid in self.members(j) if picked(mid, j)],
                )
            )
        stages = self.plan.stages
        if "politicians" not in stages:
            stages = (*stages, "politicians")
        return self.plan.model_copy(update={"politician_sessions": sessions, "stages": stages})
