"""A feasibility model of the cohort stage with one enforcement literal per named rule.

CP-SAT cannot combine assumptions with an objective, so explaining infeasibility uses this
separate model: the same hard rules as :mod:`kompetanse_opt.solver.cohorts.model`, but no
objective, and
each relaxable rule (a cohort's capacity, a venue's limit, a pin, a hard set, a wish) guarded by
its own literal. Solving under all literals as assumptions, CP-SAT names a subset that cannot
hold together; :mod:`kompetanse_opt.analysis.explain` shrinks it to a minimal one.

Structure that is not a choice (every municipality in exactly one cohort, a gathering at one
venue) is always on. The formulation counts gatherings per (cohort, venue), which is all the
rules need and keeps the model small.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance


@dataclass(frozen=True)
class NamedRule:
    """A relaxable rule of the instance, in domain words."""

    key: str
    label: str
    text: str
    short: str = ""

    @property
    def kind(self) -> str:
        return self.key.partition(":")[0]


class FeasibilityModel:
    """Hard rules of the cohort stage, each relaxable rule behind an assumption literal."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.cohorts = list(range(1, instance.cohort_count + 1))
        self.size = instance.participants_per_municipality()
        self.names = {m.id: m.name for m in instance.municipalities}
        self.rules: dict[str, NamedRule] = {}
        self.literals: dict[str, cp_model.IntVar] = {}
        self.member = {
            (m.id, k): self.model.new_bool_var(f"member[{m.id},{k}]")
            for m in instance.municipalities
            for k in self.cohorts
        }
        gatherings = instance.cohorts.gatherings
        self.at_venue = {
            (k, v.id): self.model.new_int_var(0, gatherings, f"at_venue[{k},{v.id}]")
            for k in self.cohorts
            for v in instance.venues
        }
        self.cohort_size = {
            k: sum(self.size[m] * self.member[m, k] for m in self.names) for k in self.cohorts
        }
        self._structure()
        self._capacities()
        self._minimums()
        self._venue_limits()
        self._room_capacities()
        self._municipality_pins()
        self._gathering_pins()
        self._together_sets()
        self._apart_pairs()
        self._cannot_attend()

    def _guard(self, key: str, label: str, text: str, short: str = "") -> cp_model.IntVar:
        literal = self.model.new_bool_var(f"rule[{key}]")
        self.rules[key] = NamedRule(key, label, text, short or text)
        self.literals[key] = literal
        return literal

    def _who(self, municipality: str) -> str:
        return f"{self.names.get(municipality, municipality)} ({self.size.get(municipality, 0)})"

    def _structure(self) -> None:
        for m in self.names:
            self.model.add_exactly_one(self.member[m, k] for k in self.cohorts)
        for k in self.cohorts:
            venues = [self.at_venue[k, v.id] for v in self.instance.venues]
            self.model.add(sum(venues) == self.instance.cohorts.gatherings)

    def _capacities(self) -> None:
        capacity = self.instance.cohorts.capacity
        for k in self.cohorts:
            on = self._guard(f"capacity:{k}", "H2", f"cohort {k} holds at most {capacity}")
            self.model.add(self.cohort_size[k] <= capacity).only_enforce_if(on)

    def _minimums(self) -> None:
        minimum = self.instance.cohorts.minimum
        if minimum <= 0:
            return
        for k in self.cohorts:
            on = self._guard(f"minimum:{k}", "H2", f"cohort {k} holds at least {minimum}")
            self.model.add(self.cohort_size[k] >= minimum).only_enforce_if(on)

    def _venue_limits(self) -> None:
        for v in self.instance.venues:
            if v.max_gatherings is None:
                continue
            on = self._guard(
                f"venue_limit:{v.id}",
                "H3",
                f"{v.name} hosts at most {v.max_gatherings} gathering(s)",
            )
            uses = sum(self.at_venue[k, v.id] for k in self.cohorts)
            self.model.add(uses <= v.max_gatherings).only_enforce_if(on)

    def _room_capacities(self) -> None:
        for v in self.instance.venues:
            if v.room_capacity is None:
                continue
            on = self._guard(f"room:{v.id}", "H3", f"{v.name}'s room holds {v.room_capacity}")
            for k in self.cohorts:
                used = self.model.new_bool_var(f"uses[{k},{v.id}]")
                self.model.add(self.at_venue[k, v.id] == 0).only_enforce_if(~used)
                self.model.add(self.cohort_size[k] <= v.room_capacity).only_enforce_if([on, used])

    def _municipality_pins(self) -> None:
        for pin in self.instance.pins.municipalities:
            on = self._guard(
                f"pin:{pin.municipality}",
                "H7",
                f"{self._who(pin.municipality)} is pinned to cohort {pin.cohort}",
                f"pinned {self._who(pin.municipality)}",
            )
            self.model.add(self.member[pin.municipality, pin.cohort] == 1).only_enforce_if(on)

    def _gathering_pins(self) -> None:
        wanted: Counter[tuple[int, str]] = Counter(
            (g.cohort, g.venue) for g in self.instance.pins.gatherings
        )
        venue_names = {v.id: v.name for v in self.instance.venues}
        for g in self.instance.pins.gatherings:
            on = self._guard(
                f"gathering_pin:{g.cohort}:{g.gathering}",
                "H7",
                f"gathering {g.gathering} of cohort {g.cohort} is pinned to {venue_names[g.venue]}",
            )
            needed = wanted[g.cohort, g.venue]
            self.model.add(self.at_venue[g.cohort, g.venue] >= needed).only_enforce_if(on)

    def _together_sets(self) -> None:
        for s in self.instance.together:
            if not s.hard:
                continue
            people = sum(self.size[m] for m in s.municipalities)
            on = self._guard(
                f"together:{s.id}",
                "H8",
                f"together-set {s.name or s.id} ({people} participants) shares one cohort",
                f"together-set {s.name or s.id} ({people})",
            )
            first, *rest = s.municipalities
            for m in rest:
                for k in self.cohorts:
                    self.model.add(self.member[m, k] == self.member[first, k]).only_enforce_if(on)

    def _apart_pairs(self) -> None:
        for a in self.instance.apart:
            if not a.hard:
                continue
            first, second = a.municipalities
            on = self._guard(
                f"apart:{a.id}", "H8", f"{self._who(first)} and {self._who(second)} stay apart"
            )
            for k in self.cohorts:
                self.model.add_bool_or(
                    [~self.member[first, k], ~self.member[second, k]]
                ).only_enforce_if(on)

    def _cannot_attend(self) -> None:
        for w in self.instance.wishes:
            for k in w.cannot_attend:
                on = self._guard(
                    f"cannot:{w.municipality}:{k}",
                    "P6",
                    f"{self._who(w.municipality)} cannot attend cohort {k}",
                )
                self.model.add(self.member[w.municipality, k] == 0).only_enforce_if(on)

    def infeasible_under(self, keys: list[str], time_limit: float = 10.0) -> bool | None:
        """Whether the rules ``keys`` (and the structure) admit no plan; None if undecided."""
        status, _ = self._solve(keys, time_limit)
        if status == cp_model.INFEASIBLE:
            return True
        if status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            return False
        return None

    def core(self, time_limit: float = 10.0) -> list[str] | None:
        """A subset of the rules that cannot hold together, or None when all of them can.

        Raises ``TimeoutError`` when CP-SAT decides neither within ``time_limit``.
        """
        status, solver = self._solve(list(self.rules), time_limit)
        if status in (cp_model.FEASIBLE, cp_model.OPTIMAL):
            return None
        if status != cp_model.INFEASIBLE:
            raise TimeoutError(f"feasibility undecided within {time_limit} s")
        chosen = set(solver.sufficient_assumptions_for_infeasibility())
        return [key for key, lit in self.literals.items() if lit.index in chosen]

    def _solve(
        self, keys: list[str], time_limit: float
    ) -> tuple[cp_model.CpSolverStatus, cp_model.CpSolver]:
        self.model.clear_assumptions()
        self.model.add_assumptions([self.literals[k] for k in keys])
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        # Assumption cores are only returned by the single-threaded search.
        solver.parameters.num_workers = 1
        # Enforced linear constraints only reach the LP at level 2; without it the pigeonhole
        # proofs behind capacity conflicts take exponential time.
        solver.parameters.linearization_level = 2
        status = solver.solve(self.model)
        return status, solver
