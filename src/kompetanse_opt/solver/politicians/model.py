"""CP-SAT model of the politicians' track (rules T1, T2; terms of T3), given the dated plan.

Each municipality's politicians attend one regional joint session, strictly after their
municipality's cohort has finished; the configured number of sessions are held at venues on
allowed days. With the cohorts' end dates known, the model is a facility-location problem over
candidate *slots* (a day at a venue): ``pick[m, j]`` sends municipality ``m`` to slot ``j`` and
``open[j]`` counts the sessions held there. Travel and waiting are then linear with exact
coefficients, which keeps the LP bound tight (dating the sessions inside the calendar model made
the waiting term a product of a date and a choice, and the proof took minutes).

Why the candidate slots lose nothing: take any valid plan and, venue by venue in date order, move
each session to the earliest free allowed day on or after the day its latest member cohort allows.
No session moves later, so no cost rises, and each lands among the first ``sessions`` free days
after some cohort's end (or its own earliest bound). So the slots are, for every venue and every
cohort end, the first ``sessions`` free allowed days from that end plus ``min_days_after_cohort``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.calendar_days import DayGrid, cohort_last_day
from kompetanse_opt.model.calendar_settings import PoliticianSettings
from kompetanse_opt.model.plan import Plan, PoliticianSession
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.calendar_terms import POLITICIAN_TERMS


@dataclass(frozen=True)
class Slot:
    """A day at a venue where ``capacity`` politicians' sessions can be held."""

    day: int
    venue: str
    capacity: int


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
        self.eligible = {
            mid: [j for j, slot in enumerate(self.slots) if slot.day >= self.earliest(mid)]
            for mid in self.municipalities
        }
        self.pick = {
            (mid, j): self.model.new_bool_var(f"pick[{mid},{j}]")
            for mid in self.municipalities
            for j in self.eligible[mid]
        }
        self.open = [
            self.model.new_int_var(0, slot.capacity, f"open[{slot.venue},{slot.day}]")
            for slot in self.slots
        ]
        self.terms: dict[str, cp_model.LinearExprT] = {}

    def earliest(self, municipality: str) -> int:
        """First day index the municipality's politicians may meet."""
        end = self.ends.get(self.cohort_of.get(municipality, -1), -1)
        return end + self.settings.min_days_after_cohort

    def free_days(self, venue_id: str) -> list[tuple[int, int]]:
        """(day, sessions it can still host) for allowed days the venue is not full or blocked."""
        venue = next(v for v in self.data.instance.venues if v.id == venue_id)
        blocked = {d for r in venue.blocked for d in r.days()}
        used: dict[int, int] = {}
        for c in self.plan.cohorts:
            for g in c.gatherings:
                if g.venue == venue_id:
                    for d in g.dates:
                        used[self.grid.index(d)] = used.get(self.grid.index(d), 0) + 1
        return [
            (i, venue.parallel_gatherings - used.get(i, 0))
            for i in self.grid.starts(1)
            if self.grid.day(i) not in blocked and used.get(i, 0) < venue.parallel_gatherings
        ]

    def candidate_slots(self) -> list[Slot]:
        bounds = sorted({self.earliest(mid) for mid in self.municipalities})
        chosen: dict[tuple[int, str], int] = {}
        for venue in self.venues:
            days = self.free_days(venue)
            for bound in bounds:
                following = [(i, cap) for i, cap in days if i >= bound][: self.settings.sessions]
                chosen.update({(i, venue): cap for i, cap in following})
        for day, venue in self.pinned:
            chosen.setdefault((day, venue), 1)
        rank = {v: n for n, v in enumerate(self.venues)}
        rank.update({v: len(rank) + n for n, (_, v) in enumerate(self.pinned) if v not in rank})
        return [
            Slot(day, venue, cap)
            for (day, venue), cap in sorted(
                chosen.items(), key=lambda kv: (kv[0][0], rank[kv[0][1]])
            )
        ]

    # -- constraints, one method per family --------------------------------------------------

    def build(self) -> PoliticianModel:
        self.one_session_per_municipality()  # T1
        self.session_count()  # T2
        self.sessions_in_open_slots()  # T2
        self.session_sizes()  # T2: no empty session, at most max_municipalities
        self.earlier_slots_first()  # dominance (no effect on the optimum)
        self.pinned_sessions()  # H7, H11
        self.objective()
        return self

    def one_session_per_municipality(self) -> None:
        for mid in self.municipalities:
            # No eligible slot leaves an empty exactly-one: infeasible, as it should be.
            self.model.add_exactly_one(self.pick[mid, j] for j in self.eligible[mid])

    def session_count(self) -> None:
        self.model.add(cp_model.LinearExpr.sum(self.open) == self.settings.sessions)

    def sessions_in_open_slots(self) -> None:
        for (_, j), var in self.pick.items():
            self.model.add(var <= self.open[j])

    def session_sizes(self) -> None:
        limit = self.settings.max_municipalities
        for j in range(len(self.slots)):
            members = cp_model.LinearExpr.sum(
                [self.pick[mid, j] for mid in self.municipalities if (mid, j) in self.pick]
            )
            self.model.add(members >= self.open[j])
            if limit is not None:
                self.model.add(members <= limit * self.open[j])

    def pinned_sessions(self) -> None:
        """A pinned (or held) session is open and its municipalities are in it."""
        slot_of = {(slot.day, slot.venue): j for j, slot in enumerate(self.slots)}
        for key, members in self.pinned.items():
            j = slot_of[key]
            self.model.add(self.open[j] >= 1)
            for mid in members:
                if (mid, j) in self.pick:
                    self.model.add(self.pick[mid, j] == 1)
                else:
                    self.model.add_bool_or([])  # before the cohort ends: cannot hold

    def earlier_slots_first(self) -> None:
        """At one venue, between two cohort ends, a later day is used only if the earlier is.

        Both days admit the same municipalities, so a session on the later day alone could move
        to the earlier one and wait less: the cut removes only dominated plans. It closes the
        LP gap that duplicate slots leave open.
        """
        bounds = sorted({self.earliest(mid) for mid in self.municipalities})
        previous: dict[tuple[str, int], int] = {}
        for j, slot in enumerate(self.slots):
            interval = sum(1 for b in bounds if b <= slot.day)
            key = (slot.venue, interval)
            if (slot.day, slot.venue) in self.pinned:
                continue  # a pinned day stays, whatever days come before it
            if key in previous:
                self.model.add(self.open[j] <= slot.capacity * self.open[previous[key]])
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
        }
        assert tuple(terms) == tuple(POLITICIAN_TERMS)
        self.terms = terms
        weights = self.data.instance.weights
        self.model.minimize(
            cp_model.LinearExpr.sum([int(getattr(weights, n)) * e for n, e in terms.items()])
        )

    # -- extraction --------------------------------------------------------------------------

    def extract(self, solver: cp_model.CpSolver) -> Plan:
        sessions: list[PoliticianSession] = []
        for j, slot in enumerate(self.slots):
            count = solver.value(self.open[j])
            members = [
                mid
                for mid in self.municipalities
                if (mid, j) in self.pick and solver.boolean_value(self.pick[mid, j])
            ]
            # Several sessions in one slot (a venue with parallel rooms): split the members.
            for k in range(count):
                sessions.append(
                    PoliticianSession(
                        id=len(sessions) + 1,
                        venue=slot.venue,
                        date=self.grid.day(slot.day),
                        municipalities=members[k::count],
                    )
                )
        stages = self.plan.stages
        if "politicians" not in stages:
            stages = (*stages, "politicians")
        return self.plan.model_copy(update={"politician_sessions": sessions, "stages": stages})
