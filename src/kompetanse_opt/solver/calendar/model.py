"""CP-SAT model of the calendar stage: dates and facilitators.

Given the cohort plan (who is in which cohort, which venue hosts each gathering), this model
dates every session of the template and staffs every physical gathering (the politicians'
track follows in its own stage, :mod:`kompetanse_opt.solver.politicians.model`). Days are integer
indices over the horizon; each session's start variable ranges only over days where it can be
held (allowed weekdays minus holidays, blackouts and the venue's blocked days, see
:mod:`kompetanse_opt.model.calendar_days`), so the model stays small.
Sessions are fixed-size interval variables; facilitators are optional intervals on their
gatherings (``staff[f, g]``) in a no-overlap with their unavailable days; venues are a
no-overlap (or a cumulative with their ``parallel_gatherings``) over their gatherings.

Built PyJobShop style: variables, one method per constraint family (listed in order in
:meth:`CalendarModel.build`) and the objective as named weighted terms.
"""

from __future__ import annotations

from itertools import pairwise

from ortools.sat.python import cp_model

from kompetanse_opt.model.calendar_days import DayGrid, venue_minutes
from kompetanse_opt.model.calendar_settings import SESSION_DAYS, CalendarSettings
from kompetanse_opt.model.plan import HalfDaySession, Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.calendar_terms import CALENDAR_TERMS
from kompetanse_opt.solver.calendar import pins
from kompetanse_opt.solver.calendar.speaker_days import add_speaker_days
from kompetanse_opt.solver.calendar.variables import CalendarVariables, Session


class CalendarModel:
    """The scheduling model for one problem, its day grid and its cohort plan."""

    def __init__(self, data: ProblemData, grid: DayGrid, plan: Plan) -> None:
        if data.instance.calendar is None:
            raise ValueError("the instance has no calendar settings")
        self.data = data
        self.instance = data.instance
        self.settings: CalendarSettings = data.instance.calendar
        self.grid = grid
        self.plan = plan
        self.model = cp_model.CpModel()
        self.cohorts = [c.id for c in sorted(plan.cohorts, key=lambda c: c.id)]
        self.sessions = self._sessions()
        self.gatherings = [s for s in self.sessions if s.kind == "gathering"]
        self.facilitators = [f.id for f in self.instance.facilitators]
        self.vars = CalendarVariables()
        self._variables()

    def _sessions(self) -> list[Session]:
        out = []
        for c in sorted(self.plan.cohorts, key=lambda c: c.id):
            venue_of = {g.index: g.venue for g in c.gatherings}
            seen: dict[str, int] = {}
            for step, spec in enumerate(self.settings.template):
                seen[spec.kind] = seen.get(spec.kind, 0) + 1
                index = seen[spec.kind]
                venue = venue_of.get(index) if spec.kind == "gathering" else None
                out.append(Session(c.id, step, spec.kind, index, SESSION_DAYS[spec.kind], venue))
        return out

    # -- variables ---------------------------------------------------------------------------

    def blocked_days(self, venue_id: str) -> list[int]:
        venue = next(v for v in self.instance.venues if v.id == venue_id)
        return sorted(
            {self.grid.index(d) for r in venue.blocked for d in r.days() if self._in_grid(d)}
        )

    def _in_grid(self, day: object) -> bool:
        return self.grid.first <= day <= self.grid.last  # type: ignore[operator]

    def day_var(self, starts: list[int], name: str) -> cp_model.IntVar:
        if not starts:
            # No day fits: an empty domain makes the model infeasible, reported honestly.
            var = self.model.new_int_var(0, 0, name)
            self.model.add_bool_or([])
            return var
        return self.model.new_int_var_from_domain(cp_model.Domain.from_values(starts), name)

    def _variables(self) -> None:
        m, v, grid = self.model, self.vars, self.grid
        for s in self.sessions:
            weekdays = self.settings.step_weekdays(self.settings.template[s.step])
            blocked = [grid.day(i) for i in self.blocked_days(s.venue)] if s.venue else []
            key = (s.cohort, s.step)
            v.start[key] = self.day_var(
                grid.starts(s.days, weekdays, blocked, s.kind), f"start[{s.cohort},{s.step}]"
            )
            v.interval[key] = m.new_fixed_size_interval_var(
                v.start[key], s.days, f"session[{s.cohort},{s.step}]"
            )
        final = len(self.settings.template) - 1
        last_days = SESSION_DAYS[self.settings.template[-1].kind]
        for k in self.cohorts:
            v.first[k] = v.start[k, 0]
            v.last[k] = v.start[k, final] + last_days - 1
            size = m.new_int_var(1, grid.n_days, f"span_days[{k}]")
            v.span[k] = m.new_interval_var(v.first[k], size, v.last[k] + 1, f"span[{k}]")
        for f in self.facilitators:
            for g in self.gatherings:
                key3 = (f, g.cohort, g.step)
                v.staff[key3] = m.new_bool_var(f"staff[{f},{g.cohort},{g.index}]")
                v.staff_interval[key3] = m.new_optional_fixed_size_interval_var(
                    v.start[g.cohort, g.step], 2, v.staff[key3], f"works[{f},{g.cohort},{g.index}]"
                )
            for k in self.cohorts:
                v.serves[f, k] = m.new_bool_var(f"serves[{f},{k}]")
                m.add_max_equality(
                    v.serves[f, k],
                    [v.staff[f, g.cohort, g.step] for g in self.gatherings if g.cohort == k],
                )
            v.load[f] = cp_model.LinearExpr.sum(
                [v.staff[f, g.cohort, g.step] for g in self.gatherings]
            )

    # -- constraints, one method per family --------------------------------------------------

    def build(self) -> CalendarModel:
        """Add every constraint family, then the objective. The order here is the model's map."""
        self.template_order_and_spacing()  # H5
        self.cohort_windows()  # H5
        self.first_cohort_start()  # H5
        self.cohort_stagger()  # H5
        self.concurrent_cohorts()  # H5
        self.facilitator_count()  # H6
        self.facilitator_no_double_booking()  # H6 (unavailable days included)
        self.facilitator_transfers()  # H6
        self.facilitator_cohorts_each()  # H6
        self.venue_days()  # H3: one gathering at a time
        add_speaker_days(self)  # H10: a free speaker on every gathering's days
        pins.add_pins(self)  # H7, H11: pinned and held dates and staff
        pins.add_baseline_hint(self)
        self.objective()
        return self

    def template_order_and_spacing(self) -> None:
        v = self.vars
        template = self.settings.template
        for k in self.cohorts:
            for step in range(1, len(template)):
                prev_last = v.start[k, step - 1] + SESSION_DAYS[template[step - 1].kind] - 1
                gap = v.start[k, step] - prev_last
                self.model.add(gap >= template[step].min_gap_days)
                if template[step].max_gap_days is not None:
                    self.model.add(gap <= template[step].max_gap_days)

    def cohort_windows(self) -> None:
        months = self.settings.window_months
        table = [self.grid.window_last(i, months) for i in range(self.grid.n_days)]
        for k in self.cohorts:
            limit = self.model.new_int_var(0, self.grid.n_days - 1, f"window_last[{k}]")
            self.model.add_element(self.vars.first[k], table, limit)
            self.model.add(self.vars.last[k] <= limit)

    def first_cohort_start(self) -> None:
        by = self.settings.first_start_by
        if by is None or not self.cohorts:
            return
        # Cohorts start in id order (cohort_stagger), so cohort 1 is the first to start.
        self.model.add(self.vars.first[self.cohorts[0]] <= self.grid.index(by))

    def cohort_stagger(self) -> None:
        low, high = self.settings.stagger_min_days, self.settings.stagger_max_days
        for a, b in pairwise(self.cohorts):
            # Cohort numbers mean time order: wishes and pins speak of "cohort 1" as the first.
            self.model.add(self.vars.first[b] - self.vars.first[a] >= max(low, 1))
            if high is not None:
                self.model.add(self.vars.first[b] - self.vars.first[a] <= high)

    def concurrent_cohorts(self) -> None:
        limit = self.settings.max_concurrent_cohorts
        if limit is None or limit >= len(self.cohorts):
            return
        spans = [self.vars.span[k] for k in self.cohorts]
        self.model.add_cumulative(spans, [1] * len(spans), limit)

    def facilitator_count(self) -> None:
        need = self.settings.staffing.per_gathering
        for g in self.gatherings:
            staff = [self.vars.staff[f, g.cohort, g.step] for f in self.facilitators]
            self.model.add(cp_model.LinearExpr.sum(staff) == need)

    def unavailable_days(self, facilitator: str) -> list[int]:
        person = next(f for f in self.instance.facilitators if f.id == facilitator)
        return sorted(
            {self.grid.index(d) for r in person.unavailable for d in r.days() if self._in_grid(d)}
        )

    def facilitator_no_double_booking(self) -> None:
        for f in self.facilitators:
            busy = [self.vars.staff_interval[f, g.cohort, g.step] for g in self.gatherings]
            busy += [
                self.model.new_fixed_size_interval_var(day, 1, f"away[{f},{day}]")
                for day in self.unavailable_days(f)
            ]
            self.model.add_no_overlap(busy)

    def far_pairs(self) -> list[tuple[Session, Session]]:
        """Gatherings too far apart for one facilitator on adjacent days."""
        limit = self.settings.staffing.max_transfer_minutes
        pairs = []
        for i, g in enumerate(self.gatherings):
            for h in self.gatherings[i + 1 :]:
                if g.venue and h.venue and self.transfer_minutes(g.venue, h.venue) > limit:
                    pairs.append((g, h))
        return pairs

    def transfer_minutes(self, a: str, b: str) -> int:
        return venue_minutes(self.data.travel, a, b)

    def facilitator_transfers(self) -> None:
        v = self.vars
        for g, h in self.far_pairs():
            sg, sh = v.start[g.cohort, g.step], v.start[h.cohort, h.step]
            adjacent = self.model.new_bool_var(
                f"adjacent[{g.cohort},{g.index},{h.cohort},{h.index}]"
            )
            # Not adjacent: neither starts the day after the other ends (ends are start + 1).
            self.model.add(sh - sg != 2).only_enforce_if(~adjacent)
            self.model.add(sg - sh != 2).only_enforce_if(~adjacent)
            for f in self.facilitators:
                self.model.add(
                    v.staff[f, g.cohort, g.step] + v.staff[f, h.cohort, h.step] + adjacent <= 2
                )

    def facilitator_cohorts_each(self) -> None:
        need = self.settings.staffing.min_cohorts_each
        if len(self.cohorts) < need:
            return  # the seed's rule applies where the plan has at least that many cohorts
        for f in self.facilitators:
            self.model.add(sum(self.vars.serves[f, k] for k in self.cohorts) >= need)

    def venue_days(self) -> None:
        for venue in self.instance.venues:
            intervals = [
                self.vars.interval[g.cohort, g.step] for g in self.gatherings if g.venue == venue.id
            ]
            if len(intervals) < 2:
                continue
            if venue.parallel_gatherings == 1:
                self.model.add_no_overlap(intervals)
            else:
                self.model.add_cumulative(
                    intervals, [1] * len(intervals), venue.parallel_gatherings
                )

    # -- objective ---------------------------------------------------------------------------

    def objective(self) -> None:
        terms = {
            "facilitator_changes": self._facilitator_changes(),
            "facilitator_imbalance": self._facilitator_imbalance(),
            "facilitator_travel": self._facilitator_travel(),
            "late_days": self._late_days(),
        }
        assert tuple(terms) == tuple(CALENDAR_TERMS)
        terms.update(pins.change_terms(self))  # H11, with a baseline
        self.vars.terms = terms
        weight = self.instance.weight
        self.model.minimize(cp_model.LinearExpr.sum([weight(n) * e for n, e in terms.items()]))

    def _facilitator_changes(self) -> cp_model.LinearExprT:
        if not self.facilitators:
            return cp_model.LinearExpr.sum([])
        need = self.settings.staffing.per_gathering
        served = [self.vars.serves[f, k] for f in self.facilitators for k in self.cohorts]
        return cp_model.LinearExpr.sum(served) - need * len(self.cohorts)

    def _facilitator_imbalance(self) -> cp_model.LinearExprT:
        if not self.facilitators:
            return cp_model.LinearExpr.sum([])
        top = len(self.gatherings)
        most = self.model.new_int_var(0, top, "most_gatherings")
        least = self.model.new_int_var(0, top, "least_gatherings")
        loads = list(self.vars.load.values())
        self.model.add_max_equality(most, loads)
        self.model.add_min_equality(least, loads)
        return most - least

    def _facilitator_travel(self) -> cp_model.LinearExprT:
        people = {f.id: f for f in self.instance.facilitators}
        return cp_model.LinearExpr.sum(
            [
                minutes * self.vars.staff[f, g.cohort, g.step]
                for f in self.facilitators
                for g in self.gatherings
                if g.venue is not None
                and (minutes := self.data.facilitator_minutes(people[f], g.venue)) is not None
            ]
        )

    def _late_days(self) -> cp_model.LinearExprT:
        preferred = self.settings.preferred_end
        if preferred is None:
            return cp_model.LinearExpr.sum([])
        limit = self.grid.index(preferred)
        late = []
        for k in self.cohorts:
            days = self.model.new_int_var(0, self.grid.n_days, f"late_days[{k}]")
            self.model.add_max_equality(days, [0, self.vars.last[k] - limit])
            late.append(days)
        return cp_model.LinearExpr.sum(late)

    # -- extraction --------------------------------------------------------------------------

    def extract(self, solver: cp_model.CpSolver) -> Plan:
        """The cohort plan with every session dated and every gathering staffed."""
        v, grid = self.vars, self.grid
        speakers = pins.speaker_of(self)
        cohorts = []
        for c in sorted(self.plan.cohorts, key=lambda c: c.id):
            mine = [s for s in self.sessions if s.cohort == c.id]
            first_day = {
                (s.kind, s.index): grid.day(solver.value(v.start[c.id, s.step])) for s in mine
            }
            step_of = {s.index: s.step for s in mine if s.kind == "gathering"}
            gatherings = []
            for g in c.gatherings:
                day = first_day["gathering", g.index]
                staff = [
                    f
                    for f in self.facilitators
                    if solver.boolean_value(v.staff[f, c.id, step_of[g.index]])
                ]
                gatherings.append(
                    g.model_copy(
                        update={
                            "dates": [day, grid.day(grid.index(day) + 1)],
                            "facilitators": staff,
                            "speaker": speakers.get((c.id, g.index), f"speaker-{c.id}-{g.index}"),
                        }
                    )
                )
            half_days = {
                kind: [
                    HalfDaySession(index=s.index, date=first_day[kind, s.index])
                    for s in mine
                    if s.kind == kind
                ]
                for kind in ("local", "closing")
            }
            cohorts.append(
                c.model_copy(
                    update={
                        "gatherings": gatherings,
                        "local_sessions": half_days["local"],
                        "closing_sessions": half_days["closing"],
                    }
                )
            )
        stages = (
            (*self.plan.stages, "calendar")
            if "calendar" not in self.plan.stages
            else self.plan.stages
        )
        return self.plan.model_copy(
            update={
                "cohorts": cohorts,
                "stages": stages,
            }
        )
