"""CP-SAT model of the group stage: one cohort's discussion groups at one gathering.

Formulation (why it is fast, where a participant-by-group model is not):

* **Aggregated by municipality.** People of one municipality in one service area are
  interchangeable for every rule and term, so the model decides ``x[a, m, j]``, how many of them
  sit in group ``j`` of area ``a``, not who. Under the default same-municipality rule that is a
  0/1 presence ``y[a, m, j]``; participants are dealt out afterwards.
* **Group counts and sizes precomputed.** Each (merged) area gets the fewest groups its size
  bounds allow (``grouping.area_layouts``); with the default balance rule (sizes at most one
  apart) every group's size is then a constant, largest first.
* **Symmetry broken.** Groups of one area with the same size are interchangeable (also at later
  gatherings: earlier meetings are between municipalities, not groups), so they are ordered by
  their first member.
* **Repeats without pair variables.** A pair of municipalities sharing ``K`` groups costs
  ``K(K-1)/2``, which is the number of pairs of groups it shares; so the repeats term is the sum,
  over pairs of groups (this gathering with this or an earlier one), of ``C(common, 2)`` where
  ``common`` counts the municipalities both groups hold. Against an earlier group ``common`` is
  linear in the presences; row equalities (a municipality in this group is in exactly ``c``
  groups of another area) tell the LP each row total, so its convex cost is bounded tightly.
  This took gathering 2 of a Vestland cohort from "not proven in 10 s" to about 1 s.
* **Tight spread.** A group's size spread is encoded by level literals (``low[ℓ]``: someone at
  or below size level ℓ; ``high[ℓ]``: someone above it) with capacity links, the number of
  groups that must straddle each level (groups wholly on one side must fit there), a per-group
  narrowest window, and "too big for one side" implications.

The model is built in three parts: variables, constraints (one method per family, in
:meth:`GroupModel.build`), and the objective as named weighted terms.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import AreaLayout, Pair, pair, repeat_cost, size_units
from kompetanse_opt.model.plan import GroupPlan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.groups.bounds import AreaBounds

#: Group-stage term names in model order (``objective.group_terms`` recomputes them).
GROUP_TERM_NAMES: tuple[str, ...] = ("group_size_spread", "meeting_repeats")

Slot = tuple[int, int]  # (area index, group index); earlier gatherings' groups use (-gathering, j)


@dataclass
class GroupVariables:
    people: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    present: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    size: dict[Slot, cp_model.IntVar] = field(default_factory=dict)
    common: dict[tuple[Slot, Slot], list[cp_model.IntVar]] = field(default_factory=dict)
    spread: dict[Slot, list[cp_model.LinearExprT]] = field(default_factory=dict)
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)


class GroupModel:
    """Discussion groups of one cohort at one gathering, given the groups of earlier gatherings.

    ``earlier`` holds, per earlier gathering of the cohort, each group's set of municipalities.
    ``model``: a CP-SAT model to add to (the joint model puts every gathering in one).
    """

    def __init__(
        self,
        data: ProblemData,
        cohort: int,
        gathering: int,
        layouts: list[AreaLayout],
        earlier: list[list[frozenset[str]]] | None = None,
        model: cp_model.CpModel | None = None,
    ) -> None:
        self.data = data
        self.instance = data.instance
        self.cohort = cohort
        self.gathering = gathering
        self.layouts = layouts
        self.earlier = earlier or []
        self.units = size_units(data.instance)
        self.model = model if model is not None else cp_model.CpModel()
        self._repeats: cp_model.LinearExprT | None = None
        # Municipalities smallest first, so "first member" orders groups by their smallest member.
        self.order = {
            a: sorted(layout.municipalities, key=lambda m: (self.units[m], m))
            for a, layout in enumerate(layouts)
        }
        self.bounds = {
            a: AreaBounds(layout, self.order[a], self.units, self.instance.groups)
            for a, layout in enumerate(layouts)
        }
        self.vars = self._variables()

    # -- variables ---------------------------------------------------------------------------

    def slots(self, a: int) -> range:
        return range(self.layouts[a].groups)

    def all_slots(self) -> list[Slot]:
        return [(a, j) for a in range(len(self.layouts)) for j in self.slots(a)]

    def _variables(self) -> GroupVariables:
        v = GroupVariables()
        for a, layout in enumerate(self.layouts):
            for m in self.order[a]:
                cap = layout.cap(m)
                for j in self.slots(a):
                    present = self.model.new_bool_var(f"in[{layout.area},{m},{j}]")
                    v.present[a, m, j] = present
                    # With a cap of one (the usual case) the count is the presence literal.
                    v.people[a, m, j] = (
                        present
                        if cap == 1
                        else self.model.new_int_var(0, cap, f"people[{layout.area},{m},{j}]")
                    )
            for j in self.slots(a):
                low, high = self.bounds[a].smallest(j), self.bounds[a].largest(j)
                v.size[a, j] = self.model.new_int_var(low, high, f"size[{layout.area},{j}]")
        return v

    # -- constraints, one method per family --------------------------------------------------

    def build(self) -> GroupModel:
        """Add every constraint family, then the objective. The order here is the model's map."""
        self.one_group_per_participant()  # H4
        self.group_sizes()  # H4 size bounds, P3 balance
        self.presence()  # glue: present = people >= 1 (the same-municipality cap is the domain)
        self.size_levels()  # P2 glue: exact spread with level literals
        self.meetings()  # P4 glue: municipalities two groups have in common
        self.interchangeable_group_order()  # symmetry breaking (no effect on the optimum)
        self.no_worse_than_reusing_groups()  # P4 guarantee
        self.objective()
        return self

    def one_group_per_participant(self) -> None:
        for a, layout in enumerate(self.layouts):
            for m in self.order[a]:
                self.model.add(
                    sum(self.vars.people[a, m, j] for j in self.slots(a)) == layout.count[m]
                )

    def group_sizes(self) -> None:
        """Sizes within the bounds (their domains); free sizes largest first, close together."""
        v = self.vars
        for a, layout in enumerate(self.layouts):
            for j in self.slots(a):
                self.model.add(v.size[a, j] == sum(v.people[a, m, j] for m in self.order[a]))
            if layout.sizes is not None:
                continue  # fixed by the balance rule (the domains are single values)
            for j in self.slots(a)[1:]:
                self.model.add(v.size[a, j - 1] >= v.size[a, j])
            self.model.add(
                v.size[a, 0] - v.size[a, layout.groups - 1]
                <= self.instance.groups.max_size_difference
            )

    def presence(self) -> None:
        v = self.vars
        for a, layout in enumerate(self.layouts):
            for m in self.order[a]:
                cap = layout.cap(m)
                if cap == 1:
                    continue
                for j in self.slots(a):
                    self.model.add(v.people[a, m, j] >= v.present[a, m, j])
                    self.model.add(v.people[a, m, j] <= cap * v.present[a, m, j])

    def size_levels(self) -> None:
        """Spread of group (a, j) = sum over level steps it straddles of the step's width.

        ``low`` = someone at or below the step is in the group, ``high`` = someone above it; the
        group straddles the step iff both, i.e. ``low + high - 1`` (a group is never empty, so
        one of them holds). Both are exact ORs of presence literals. The rest are valid cuts.
        """
        v, m_ = self.vars, self.model
        for a, layout in enumerate(self.layouts):
            bounds = self.bounds[a]
            levels = sorted({self.units[m] for m in self.order[a]})
            for j in self.slots(a):
                v.spread[a, j] = []
            for step, (level, above) in enumerate(pairwise(levels)):
                below_m = [m for m in self.order[a] if self.units[m] <= level]
                above_m = [m for m in self.order[a] if self.units[m] > level]
                below_side = bounds.pure_side(below_m, above_m)
                above_side = bounds.pure_side(above_m, below_m)
                lows, highs = [], []
                for j in self.slots(a):
                    low = m_.new_bool_var(f"low[{layout.area},{j},{step}]")
                    high = m_.new_bool_var(f"high[{layout.area},{j},{step}]")
                    m_.add_max_equality(low, [v.present[a, m, j] for m in below_m])
                    m_.add_max_equality(high, [v.present[a, m, j] for m in above_m])
                    # Capacity-style links: the LP learns that few groups hold many small ones.
                    m_.add(sum(v.people[a, m, j] for m in below_m) <= bounds.largest(j) * low)
                    m_.add(sum(v.people[a, m, j] for m in above_m) <= bounds.largest(j) * high)
                    # A group too big to lie wholly on one side must reach across the step.
                    if not below_side.holds(bounds.smallest(j)):
                        m_.add_implication(low, high)
                    if not above_side.holds(bounds.smallest(j)):
                        m_.add_implication(high, low)
                    v.spread[a, j].append((above - level) * (low + high - 1))
                    lows.append(low)
                    highs.append(high)
                m_.add(sum(lows) >= bounds.groups_needed(below_m))
                m_.add(sum(highs) >= bounds.groups_needed(above_m))
                # A group that does not straddle the step lies wholly on one side, and such
                # groups must fit the people there: at least this many groups straddle.
                pure = bounds.most_pure_groups(below_side, above_side)
                m_.add(sum(lows) + sum(highs) >= 2 * layout.groups - pure)
            for j in self.slots(a):
                window = bounds.narrowest_window(bounds.smallest(j))
                m_.add(cp_model.LinearExpr.sum(v.spread[a, j]) >= window)

    def meetings(self) -> None:
        """Municipalities that two groups have in common, the quantities repeats are made of.

        ``common[s, t]`` lists literals "municipality m is in both group s (this gathering) and
        group t (this or an earlier gathering)". Against an earlier group they are presences;
        within this gathering they are ANDs, with row equalities: a municipality in group s is
        in exactly ``c`` groups of area b (when the rules fix ``c``).
        """
        v, m_ = self.vars, self.model
        slots = self.all_slots()
        both: dict[tuple[Slot, Slot], dict[str, cp_model.IntVar]] = {}
        for i, s in enumerate(slots):
            for t in slots[i + 1 :]:
                shared = self._shareable(s, t)
                both[s, t] = {}
                for m in shared:
                    w = m_.new_bool_var(f"both[{s},{t},{m}]")
                    ys, yt = v.present[s[0], m, s[1]], v.present[t[0], m, t[1]]
                    m_.add_implication(w, ys)
                    m_.add_implication(w, yt)
                    m_.add_bool_or([w, ~ys, ~yt])
                    both[s, t][m] = w
                if len(shared) >= 2:
                    v.common[s, t] = list(both[s, t].values())
        self._row_equalities(slots, both)
        for g, groups in enumerate(self.earlier, start=1):
            for h, members in enumerate(groups):
                for s in slots:
                    shared = [m for m in self.order[s[0]] if m in members]
                    if len(shared) >= 2:
                        v.common[s, (-g, h)] = [v.present[s[0], m, s[1]] for m in shared]

    def _shareable(self, s: Slot, t: Slot) -> list[str]:
        """Municipalities that can be in both groups (two groups of one area need two people)."""
        if s[0] == t[0]:
            return [m for m in self.order[s[0]] if self.layouts[s[0]].count[m] >= 2]
        in_t = set(self.order[t[0]])
        return [m for m in self.order[s[0]] if m in in_t]

    def _row_equalities(
        self, slots: list[Slot], both: dict[tuple[Slot, Slot], dict[str, cp_model.IntVar]]
    ) -> None:
        for s in slots:
            a = s[0]
            for b in range(len(self.layouts)):
                for m in self.order[a]:
                    copies = self.bounds[b].fixed_presence(m)
                    if copies is None:
                        continue
                    ws = [
                        both[min(s, t), max(s, t)][m]
                        for t in slots
                        if t[0] == b and t != s and m in both[min(s, t), max(s, t)]
                    ]
                    others = copies - 1 if b == a else copies
                    if ws or others:
                        self.model.add(sum(ws) == others * self.vars.present[a, m, s[1]])

    def interchangeable_group_order(self) -> None:
        """Groups of one area and equal size are interchangeable: order them by first member."""
        if not self.instance.solver.symmetry_breaking:
            return
        v = self.vars
        for a, layout in enumerate(self.layouts):
            n = len(self.order[a])
            keys = []
            for j in self.slots(a):
                first = self.model.new_int_var(0, n, f"first[{layout.area},{j}]")
                self.model.add_min_equality(
                    first,
                    [n - (n - i) * v.present[a, m, j] for i, m in enumerate(self.order[a])],
                )
                keys.append(first)
            for j in self.slots(a)[1:]:
                if layout.sizes is not None:
                    if layout.sizes[j - 1] == layout.sizes[j]:
                        self.model.add(keys[j - 1] <= keys[j])
                    continue
                same = self.model.new_bool_var(f"same_size[{layout.area},{j}]")
                self.model.add(v.size[a, j - 1] == v.size[a, j]).only_enforce_if(same)
                self.model.add(v.size[a, j - 1] != v.size[a, j]).only_enforce_if(~same)
                self.model.add(keys[j - 1] <= keys[j]).only_enforce_if(same)

    def no_worse_than_reusing_groups(self) -> None:
        """Never repeat more than reusing the previous gathering's groups would (always feasible:
        the same layout admits the same groups), so mixing never makes networking worse."""
        if not self.earlier:
            return
        before: dict[Pair, int] = {}
        for groups in self.earlier:
            for p_, k in _pair_counts(groups).items():
                before[p_] = before.get(p_, 0) + k
        again = _pair_counts(self.earlier[-1])
        baseline = sum(repeat_cost(before.get(p_, 0), k) for p_, k in again.items())
        self.model.add(self._meeting_repeats() <= baseline)

    # -- objective ---------------------------------------------------------------------------

    def meeting_repeats(self) -> cp_model.LinearExprT:
        """The municipality-pair repeats among ``vars.common`` (built once)."""
        return self._meeting_repeats()

    def _meeting_repeats(self) -> cp_model.LinearExprT:
        """Sum over pairs of groups of C(common, 2), each by an order encoding of ``common``."""
        if self._repeats is None:
            costs: list[cp_model.LinearExprT] = []
            for key, shared in self.vars.common.items():
                steps = [
                    self.model.new_bool_var(f"common[{key}]>={t}")
                    for t in range(1, len(shared) + 1)
                ]
                for earlier, later in pairwise(steps):
                    self.model.add_implication(later, earlier)
                self.model.add(sum(steps) == sum(shared))
                # The t-th shared municipality (t from 1) adds t - 1 pairs: convex, so tight.
                costs.extend(t * step for t, step in enumerate(steps) if t)
            self._repeats = cp_model.LinearExpr.sum(costs)
        return self._repeats

    def objective(self) -> None:
        spread = [e for parts in self.vars.spread.values() for e in parts]
        terms = {
            "group_size_spread": cp_model.LinearExpr.sum(spread),
            "meeting_repeats": self._meeting_repeats(),
        }
        assert tuple(terms) == GROUP_TERM_NAMES
        self.vars.terms = terms
        weights = self.instance.weights
        self.model.minimize(
            cp_model.LinearExpr.sum([int(getattr(weights, name)) * e for name, e in terms.items()])
        )

    # -- extraction --------------------------------------------------------------------------

    def solution_counts(self, solver: cp_model.CpSolver) -> dict[tuple[int, str, int], int]:
        return {key: int(solver.value(var)) for key, var in self.vars.people.items()}

    def extract(self, solver: cp_model.CpSolver) -> list[GroupPlan]:
        """Deal each municipality's people out over the groups, in instance order."""
        return self.extract_counts(self.solution_counts(solver))

    def extract_counts(self, counts: dict[tuple[int, str, int], int]) -> list[GroupPlan]:
        """The groups that given people counts per (area, municipality, group) describe."""
        groups: list[GroupPlan] = []
        person = {p.id: p for p in self.instance.participants}
        for a, layout in enumerate(self.layouts):
            queue: dict[str, list[str]] = {}
            for pid in layout.participants:
                queue.setdefault(person[pid].municipality, []).append(pid)
            order = {pid: i for i, pid in enumerate(layout.participants)}
            for j in self.slots(a):
                members: list[str] = []
                for m in layout.municipalities:
                    take = counts.get((a, m, j), 0)
                    members += queue[m][:take]
                    del queue[m][:take]
                groups.append(
                    GroupPlan(
                        id=f"c{self.cohort}-g{self.gathering}-{layout.area}-{j + 1}",
                        service_area=layout.area,
                        participants=sorted(members, key=order.__getitem__),
                    )
                )
        return groups


def _pair_counts(groups: list[frozenset[str]]) -> dict[Pair, int]:
    out: dict[Pair, int] = {}
    for members in groups:
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                out[pair(a, b)] = out.get(pair(a, b), 0) + 1
    return out
