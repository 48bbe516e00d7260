"""CP-SAT model of the speaker stage (rule H10 and its preferences), given the dated plan.

``x[s, k]`` puts speaker ``s`` at gathering ``k``, only where ``s`` can present the gathering's
theme and is free on both of its days (and is its pinned speaker, if it has one); ``y[h, k]``
brings guest ``h`` to gathering ``k`` as an optional extra slot. Exactly one speaker per gathering,
nobody in two places on one day (a gathering is two days, lunch to lunch, so gatherings that
share a day exclude each other), nobody over their ``max_gatherings``. The terms are built exactly
(not only at the optimum), so every solution's terms equal the plain recomputation in
:mod:`kompetanse_opt.objective.speaker_terms`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.model.speakers import Speaker, eligible, guest_pins
from kompetanse_opt.objective.speaker_terms import (
    SPEAKER_TERMS,
    fee_thousands,
    speaker_minutes,
    theme_of,
)

Pair = tuple[str, int]


@dataclass(frozen=True)
class Slot:
    """A dated physical gathering to staff with a speaker."""

    cohort: int
    index: int
    venue: str
    days: tuple[dt.date, ...]
    theme: str


class SpeakerModel:
    """The speaker assignment for one dated plan."""

    def __init__(self, data: ProblemData, plan: Plan) -> None:
        self.data = data
        self.plan = plan
        instance = data.instance
        self.model = cp_model.CpModel()
        cohorts = sorted(plan.cohorts, key=lambda c: c.id)
        self.slots = [
            Slot(c.id, g.index, g.venue, tuple(g.dates), theme_of(data, g.index, c))
            for c in cohorts
            for g in c.gatherings
            if g.dates
        ]
        cohort_plans = {c.id: c for c in cohorts}
        self.people: dict[str, Speaker] = {s.id: s for s in instance.speakers}
        self.x: dict[Pair, cp_model.IntVar] = {}
        self.y: dict[Pair, cp_model.IntVar] = {}
        guests_allowed = instance.speaker_settings.guests_per_gathering > 0
        for k, slot in enumerate(self.slots):
            days = list(slot.days)
            mine = cohort_plans[slot.cohort]
            for s in eligible(instance, slot.cohort, slot.index, days, cohort_plan=mine):
                self.x[s.id, k] = self.model.new_bool_var(f"x[{s.id},{k}]")
            if guests_allowed:
                for h in eligible(instance, slot.cohort, slot.index, days, "guest", mine):
                    self.y[h.id, k] = self.model.new_bool_var(f"y[{h.id},{k}]")
        self.terms: dict[str, cp_model.LinearExprT] = {}

    def build(self) -> SpeakerModel:
        self.one_speaker_each()
        self.guest_slots()
        self.pinned_guests()  # H7, H11
        self.one_place_a_day()
        self.max_loads()
        self.objective()
        return self

    def _of_slot(self, pairs: dict[Pair, cp_model.IntVar], k: int) -> list[cp_model.IntVar]:
        return [v for (_, j), v in pairs.items() if j == k]

    def _of_person(self, pairs: dict[Pair, cp_model.IntVar], pid: str) -> list[cp_model.IntVar]:
        return [v for (p, _), v in pairs.items() if p == pid]

    def one_speaker_each(self) -> None:
        for k in range(len(self.slots)):
            # No eligible speaker leaves an empty exactly-one: infeasible, as it should be.
            self.model.add_exactly_one(self._of_slot(self.x, k))

    def guest_slots(self) -> None:
        cap = self.data.instance.speaker_settings.guests_per_gathering
        for k in range(len(self.slots)):
            chosen = self._of_slot(self.y, k)
            if len(chosen) > cap:
                self.model.add(cp_model.LinearExpr.sum(chosen) <= cap)

    def pinned_guests(self) -> None:
        """A gathering whose guests are pinned (or held) has exactly those guests."""
        for k, slot in enumerate(self.slots):
            wanted = guest_pins(self.data.instance).get((slot.cohort, slot.index))
            if wanted is None:
                continue
            for (h, j), var in self.y.items():
                if j == k:
                    self.model.add(var == int(h in wanted))
            if any((h, k) not in self.y for h in wanted):
                self.model.add_bool_or([])  # a pinned guest who cannot come: no plan

    def _baseline_changes(self) -> cp_model.LinearExprT:
        """H11: gatherings with another speaker than the baseline's, plus its guests gone."""
        base = self.data.instance.baseline
        parts: list[cp_model.LinearExprT] = []
        if base is None:
            return cp_model.LinearExpr.sum(parts)
        slot_of = {(s.cohort, s.index): k for k, s in enumerate(self.slots)}
        for pin in base.speakers:
            k = slot_of.get((pin.cohort, pin.gathering))
            if k is None:
                continue
            kept = self.x.get((pin.speaker, k))
            parts.append(1 if kept is None else 1 - kept)
            for guest in pin.guests or ():
                stays = self.y.get((guest, k))
                parts.append(1 if stays is None else 1 - stays)
        return cp_model.LinearExpr.sum(parts)

    def one_place_a_day(self) -> None:
        for pairs in (self.x, self.y):
            busy: dict[tuple[str, dt.date], list[cp_model.IntVar]] = {}
            for (pid, k), var in pairs.items():
                for day in self.slots[k].days:
                    busy.setdefault((pid, day), []).append(var)
            for same_day in busy.values():
                if len(same_day) > 1:
                    self.model.add_at_most_one(same_day)

    def max_loads(self) -> None:
        for pairs in (self.x, self.y):
            for pid in {p for p, _ in pairs}:
                limit = self.people[pid].slots
                load = self._of_person(pairs, pid)
                if limit is not None and len(load) > limit:
                    self.model.add(cp_model.LinearExpr.sum(load) <= limit)

    def _changes(self) -> cp_model.LinearExprT:
        """Per theme: speakers used minus one (``used`` is exactly the OR of its x's)."""
        themes: dict[str, list[int]] = {}
        for k, slot in enumerate(self.slots):
            themes.setdefault(slot.theme, []).append(k)
        parts: list[cp_model.LinearExprT] = []
        for theme, slots in themes.items():
            for pid in self.people:
                xs = [self.x[pid, k] for k in slots if (pid, k) in self.x]
                if xs:
                    used = self.model.new_bool_var(f"used[{pid},{theme}]")
                    self.model.add_max_equality(used, xs)
                    parts.append(used)
            parts.append(-1)
        return cp_model.LinearExpr.sum(parts)

    def _peak(self) -> cp_model.LinearExprT:
        speakers = [s.id for s in self.people.values() if s.kind == "speaker"]
        peak = self.model.new_int_var(0, len(self.slots), "peak")
        loads: list[cp_model.LinearExprT] = [
            cp_model.LinearExpr.sum(self._of_person(self.x, pid)) for pid in speakers
        ]
        self.model.add_max_equality(peak, loads or [cp_model.LinearExpr.constant(0)])
        return peak

    def objective(self) -> None:
        terms: dict[str, cp_model.LinearExprT] = {
            "speaker_changes": self._changes(),
            "speaker_peak_load": self._peak(),
            "speaker_travel": cp_model.LinearExpr.sum(
                [
                    speaker_minutes(self.data, self.people[pid], self.slots[k].venue) * v
                    for (pid, k), v in self.x.items()
                ]
            ),
            "speaker_fees": cp_model.LinearExpr.sum(
                [fee_thousands(self.people[pid]) * v for (pid, _), v in self.x.items()]
            ),
            "guest_slots_unused": cp_model.LinearExpr.sum(
                [self.people[h.id].slots or 1 for h in self.guests()]
                + [-v for v in self.y.values()]
            ),
        }
        assert tuple(terms) == tuple(SPEAKER_TERMS)
        if self.data.instance.baseline is not None:
            terms["changed_speakers"] = self._baseline_changes()
        self.terms = terms
        instance = self.data.instance
        self.model.minimize(
            cp_model.LinearExpr.sum([instance.weight(n) * e for n, e in terms.items()])
        )

    def guests(self) -> list[Speaker]:
        return [s for s in self.people.values() if s.kind == "guest"]

    def extract(self, solver: cp_model.CpSolver) -> Plan:
        speaker = {k: pid for (pid, k), v in self.x.items() if solver.boolean_value(v)}
        guests: dict[int, list[str]] = {}
        for (pid, k), v in self.y.items():
            if solver.boolean_value(v):
                guests.setdefault(k, []).append(pid)
        return self.placed(speaker, guests)

    def placed(self, speaker: dict[int, str], guests: dict[int, list[str]]) -> Plan:
        """The plan with ``speaker[slot]`` and ``guests[slot]`` at each slot's gathering."""
        at = {(s.cohort, s.index): k for k, s in enumerate(self.slots)}
        cohorts = []
        for c in self.plan.cohorts:
            gatherings = []
            for g in c.gatherings:
                slot = at.get((c.id, g.index))
                if slot is None:
                    gatherings.append(g)
                    continue
                update = {"speaker": speaker[slot], "guests": sorted(guests.get(slot, []))}
                gatherings.append(g.model_copy(update=update))
            cohorts.append(c.model_copy(update={"gatherings": gatherings}))
        stages = self.plan.stages
        if "speakers" not in stages:
            stages = (*stages, "speakers")
        return self.plan.model_copy(update={"cohorts": cohorts, "stages": stages})
