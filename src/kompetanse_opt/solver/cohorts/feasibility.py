"""A feasibility model of the cohort stage with one enforcement literal per named rule.

CP-SAT cannot combine assumptions with an objective, so explaining infeasibility uses this
separate model: the same hard rules as :mod:`kompetanse_opt.solver.cohorts.model`, built by the
same constraint families (:mod:`kompetanse_opt.solver.cohorts.families`), but no objective, and
each relaxable rule (a cohort's capacity, a venue's limit, a pin, a hard set, a wish) guarded by
its own literal. Solving under all literals as assumptions, CP-SAT names a subset that cannot
hold together; :mod:`kompetanse_opt.analysis.explain` shrinks it to a minimal one.

Structure that is not a choice (every municipality in exactly one cohort, a gathering at one
venue) is always on. The formulation counts gatherings per (cohort, venue), which is all the
rules need and keeps the model small.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.solver.cohorts import families
from kompetanse_opt.solver.cohorts.families import RuleInstance
from kompetanse_opt.solver.interrupt import new_solver, solve_stoppably

#: A relaxable rule of the instance, in domain words (the rule instance of a constraint family).
NamedRule = RuleInstance


class FeasibilityModel:
    """Hard rules of the cohort stage, each relaxable rule behind an assumption literal."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.cohorts = list(range(1, instance.cohort_count + 1))
        self.size = instance.participants_per_municipality()
        self.rules: dict[str, NamedRule] = {}
        self.literals: dict[str, cp_model.IntVar] = {}
        municipalities = [m.id for m in instance.municipalities]
        self.member = {
            (m, k): self.model.new_bool_var(f"member[{m},{k}]")
            for m in municipalities
            for k in self.cohorts
        }
        gatherings = instance.cohorts.gatherings
        self.at_venue = {
            (k, v.id): self.model.new_int_var(0, gatherings, f"at_venue[{k},{v.id}]")
            for k in self.cohorts
            for v in instance.venues
        }
        self.cohort_size = {
            k: sum(self.size[m] * self.member[m, k] for m in municipalities) for k in self.cohorts
        }
        self._build(municipalities)

    def _build(self, municipalities: list[str]) -> None:
        """The structure (always on), then every family behind its rules' literals."""
        m, instance, guard = self.model, self.instance, self._guard
        families.one_cohort_each(m, self.member, municipalities, self.cohorts)
        for k in self.cohorts:
            venues = [self.at_venue[k, v.id] for v in instance.venues]
            m.add(sum(venues) == instance.cohorts.gatherings)
        families.cohort_capacity(m, self.cohort_size, instance, guard)
        families.venue_limits(m, self._venue_count, self.cohorts, instance, guard)
        families.room_capacity(m, self.cohort_size, self._uses_venue(), instance, guard)
        families.municipality_pins(m, self.member, instance, guard)
        families.gathering_pins(m, self._venue_count, self.cohorts, instance, guard)
        families.hard_together_sets(m, self.member, self.cohorts, instance, guard)
        families.hard_apart_pairs(m, self.member, self.cohorts, instance, guard)
        families.cannot_attend(m, self.member, instance, guard)

    def _venue_count(self, k: int, venue: str) -> cp_model.LinearExprT:
        return self.at_venue[k, venue]

    def _uses_venue(self) -> dict[tuple[int, str], list[cp_model.IntVar]]:
        """One literal per (cohort, venue with a room limit): the cohort meets there."""
        out: dict[tuple[int, str], list[cp_model.IntVar]] = {}
        for v in self.instance.venues:
            if v.room_capacity is None:
                continue
            for k in self.cohorts:
                used = self.model.new_bool_var(f"uses[{k},{v.id}]")
                self.model.add(self.at_venue[k, v.id] == 0).only_enforce_if(~used)
                out[k, v.id] = [used]
        return out

    def _guard(self, rule: RuleInstance) -> list[cp_model.IntVar]:
        """A fresh assumption literal for ``rule``: the rule holds when it is true."""
        literal = self.model.new_bool_var(f"rule[{rule.key}]")
        short = rule.short or rule.text
        self.rules[rule.key] = RuleInstance(rule.key, rule.label, rule.text, short)
        self.literals[rule.key] = literal
        return [literal]

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
        solver = new_solver(time_limit)
        # Assumption cores are only returned by the single-threaded search.
        solver.parameters.num_workers = 1
        # Enforced linear constraints only reach the LP at level 2; without it the pigeonhole
        # proofs behind capacity conflicts take exponential time.
        solver.parameters.linearization_level = 2
        status = solve_stoppably(solver, self.model)
        return status, solver
