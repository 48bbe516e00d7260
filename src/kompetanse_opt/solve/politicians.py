"""The politicians' track inside the calendar model: regional joint sessions (rule POL).

Each of the configured sessions has a date (``date[s]``) and one venue (``venue[s, v]``); each
municipality's politicians attend exactly one session (``attend[m, s]``), strictly after their
municipality's cohort has finished. As in the cohort model, ``placed[m, s, v]`` (municipality
``m`` in session ``s`` held at ``v``) makes travel linear with exact coefficients. The wait of
a municipality is the days from its cohort's last session to its politicians' session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from kompetanse_opt.plan import PoliticianSession

if TYPE_CHECKING:
    from kompetanse_opt.solve.calendar import CalendarModel


class PoliticianTrack:
    """Variables and constraints of the politicians' sessions, built into a calendar model."""

    def __init__(self, parent: CalendarModel) -> None:
        self.parent = parent
        self.model = parent.model
        self.settings = parent.settings.politicians
        instance = parent.instance
        self.municipalities = [m.id for m in instance.municipalities]
        self.cohort_of = parent.plan.cohort_of_municipality()
        count = self.settings.sessions if self.settings is not None else 0
        self.sessions = list(range(1, count + 1))
        chosen = self.settings.venues if self.settings and self.settings.venues else None
        self.venues = chosen if chosen is not None else instance.venue_ids()
        self.date: dict[int, cp_model.IntVar] = {}
        self.venue: dict[tuple[int, str], cp_model.IntVar] = {}
        self.attend: dict[tuple[str, int], cp_model.IntVar] = {}
        self.placed: dict[tuple[str, int, str], cp_model.IntVar] = {}
        self.wait: dict[str, cp_model.IntVar] = {}
        self.intervals: dict[tuple[int, str], cp_model.IntervalVar] = {}
        if self.sessions:
            self._variables()

    def _variables(self) -> None:
        m, grid = self.model, self.parent.grid
        days = grid.starts(1)
        for s in self.sessions:
            self.date[s] = self.parent.day_var(days, f"politics_date[{s}]")
            for v in self.venues:
                self.venue[s, v] = m.new_bool_var(f"politics_venue[{s},{v}]")
                self.intervals[s, v] = m.new_optional_fixed_size_interval_var(
                    self.date[s], 1, self.venue[s, v], f"politics[{s},{v}]"
                )
        for mid in self.municipalities:
            self.wait[mid] = m.new_int_var(0, grid.n_days, f"politics_wait[{mid}]")
            for s in self.sessions:
                self.attend[mid, s] = m.new_bool_var(f"attend[{mid},{s}]")
                for v in self.venues:
                    self.placed[mid, s, v] = m.new_bool_var(f"politics_placed[{mid},{s},{v}]")

    def build(self) -> None:
        if not self.sessions or self.settings is None:
            return
        m, settings = self.model, self.settings
        for s in self.sessions:
            m.add_exactly_one(self.venue[s, v] for v in self.venues)
            members = [self.attend[mid, s] for mid in self.municipalities]
            m.add(cp_model.LinearExpr.sum(members) >= 1)
            if settings.max_municipalities is not None:
                m.add(cp_model.LinearExpr.sum(members) <= settings.max_municipalities)
            for v in self.venues:
                for day in self.parent.blocked_days(v):
                    m.add(self.date[s] != day).only_enforce_if(self.venue[s, v])
        for mid in self.municipalities:
            m.add_exactly_one(self.attend[mid, s] for s in self.sessions)
            last = self.parent.vars.last[self.cohort_of[mid]]
            for s in self.sessions:
                placed = [self.placed[mid, s, v] for v in self.venues]
                m.add(cp_model.LinearExpr.sum(placed) == self.attend[mid, s])
                for v in self.venues:
                    m.add_implication(self.placed[mid, s, v], self.venue[s, v])
                # Strictly after the cohort: the administration resource has finished it.
                m.add(self.date[s] >= last + settings.min_days_after_cohort).only_enforce_if(
                    self.attend[mid, s]
                )
                m.add(self.wait[mid] == self.date[s] - last).only_enforce_if(self.attend[mid, s])
        self._order_sessions()

    def _order_sessions(self) -> None:
        """Sessions are interchangeable: number them by (date, venue)."""
        if not self.parent.instance.solver.symmetry_breaking:
            return
        rank = len(self.venues)
        keys = [
            self.date[s] * rank
            + cp_model.LinearExpr.sum([i * self.venue[s, v] for i, v in enumerate(self.venues)])
            for s in self.sessions
        ]
        for a, b in zip(keys, keys[1:], strict=False):
            self.model.add(a <= b)

    def venue_intervals(self, venue: str) -> list[cp_model.IntervalVar]:
        return [self.intervals[s, venue] for s in self.sessions if venue in self.venues]

    def travel_term(self) -> cp_model.LinearExprT:
        data = self.parent.data
        return cp_model.LinearExpr.sum(
            [data.minutes(mid, v) * var for (mid, _, v), var in self.placed.items()]
        )

    def wait_term(self) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.sum(list(self.wait.values()))

    def extract(self, solver: cp_model.CpSolver) -> list[PoliticianSession]:
        grid = self.parent.grid
        out = []
        for s in self.sessions:
            venue = next(v for v in self.venues if solver.boolean_value(self.venue[s, v]))
            members = [
                mid for mid in self.municipalities if solver.boolean_value(self.attend[mid, s])
            ]
            out.append(
                PoliticianSession(
                    id=s, venue=venue, date=grid.day(solver.value(self.date[s])), municipalities=members
                )
            )
        return out
