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
from itertools import product

from ortools.sat.python import cp_model

from kompetanse_opt.grouping import AreaLayout, Pair, pair, repeat_cost, size_units
from kompetanse_opt.plan import GroupPlan
from kompetanse_opt.problem import ProblemData

#: Group-stage term names in model order (``objective.group_terms`` recomputes them).
GROUP_TERM_NAMES: tuple[str, ...] = ("group_size_spread", "meeting_repeats")

Slot = tuple[int, int]  # (area index, group index)


@dataclass
class GroupVariables:
    people: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    present: dict[tuple[int, str, int], cp_model.IntVar] = field(default_factory=dict)
    size: dict[Slot, cp_model.LinearExprT] = field(default_factory=dict)
    common: dict[tuple[Slot, Slot], cp_model.LinearExprT] = field(default_factory=dict)
    spread: dict[Slot, cp_model.LinearExprT] = field(default_factory=dict)
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)


class GroupModel:
    """Discussion groups of one cohort at one gathering, given meetings at earlier gatherings.

    ``earlier`` holds, per earlier gathering of the cohort, each group's set of municipalities.
    """

    def __init__(
        self,
        data: ProblemData,
        cohort: int,
        gathering: int,
        layouts: list[AreaLayout],
        earlier: list[list[frozenset[str]]] | None = None,
    ) -> None:
        self.data = data
        self.instance = data.instance
        self.cohort = cohort
        self.gathering = gathering
        self.layouts = layouts
        self.earlier = earlier or []
        self.units = size_units(data.instance)
        self.model = cp_model.CpModel()
        self._repeats: cp_model.LinearExprT | None = None
        # Municipalities smallest first, so "first member" orders groups by their smallest member.
        self.order = {
            a: sorted(layout.municipalities, key=lambda m: (self.units[m], m))
            for a, layout in enumerate(layouts)
        }
        self.vars = self._variables()

    # -- variables ---------------------------------------------------------------------------

    def slots(self, a: int) -> range:
        return range(self.layouts[a].groups)

    def _variables(self) -> GroupVariables:
        v = GroupVariables()
        for a, layout in enumerate(self.layouts):
            for m in self.order[a]:
                cap = layout.cap(m)
                for j in self.slots(a):
                    if cap == 1:
                        present = self.model.new_bool_var(f"in[{layout.area},{m},{j}]")
                        v.people[a, m, j] = v.present[a, m, j] = present
                    else:
                        v.people[a, m, j] = self.model.new_int_var(
                            0, cap, f"people[{layout.area},{m},{j}]"
                        )
                        v.present[a, m, j] = self.model.new_bool_var(f"in[{layout.area},{m},{j}]")
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
                self.model.add(sum(self.vars.people[a, m, j] for j in self.slots(a)) == layout.count[m])

    def group_sizes(self) -> None:
        settings = self.instance.groups
        for a, layout in enumerate(self.layouts):
            members = {
                j: cp_model.LinearExpr.sum([self.vars.people[a, m, j] for m in self.order[a]])
                for j in self.slots(a)
            }
            if layout.sizes is not None:
                for j in self.slots(a):
                    self.model.add(members[j] == layout.sizes[j])
                    self.vars.size[a, j] = layout.sizes[j]
                continue
            for j in self.slots(a):
                size = self.model.new_int_var(
                    settings.min_size, settings.max_size, f"size[{layout.area},{j}]"
                )
                self.model.add(size == members[j])
                self.vars.size[a, j] = size
            # Largest first (symmetry), so the first minus the last is the size difference.
            for j in self.slots(a)[1:]:
                self.model.add(self.vars.size[a, j - 1] >= self.vars.size[a, j])
            last = layout.groups - 1
            self.model.add(
                self.vars.size[a, 0] - self.vars.size[a, last] <= settings.max_size_difference
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

    def _largest(self, a: int) -> int:
        sizes = self.layouts[a].sizes
        return sizes[0] if sizes else self.instance.groups.max_size

    def _groups_needed(self, a: int, members: list[str]) -> int:
        """Fewest groups of area ``a`` that ``members``' people can fit in (a valid cut)."""
        layout = self.layouts[a]
        people = sum(layout.count[m] for m in members)
        by_capacity = -(-people // self._largest(a))
        by_spreading = max((-(-layout.count[m] // layout.cap(m)) for m in members), default=0)
        return max(by_capacity, by_spreading)

    def _size_options(self, a: int) -> list[int]:
        """Group sizes of area ``a`` (the smallest allowed for each when sizes are free)."""
        layout = self.layouts[a]
        if layout.sizes is not None:
            return list(layout.sizes)
        return [self.instance.groups.min_size] * layout.groups

    def _pure_side(self, a: int, side: list[str], other: list[str]) -> PureSide:
        """What groups lying wholly on ``side`` of a size step are limited by.

        They hold only ``side``'s people, each holds at most the sum of their per-group caps,
        and there are at most as many as the groups every municipality of ``other`` avoids (a
        municipality whose presence is fixed at ``c`` groups avoids ``groups - c``).
        """
        layout = self.layouts[a]
        avoided = [
            layout.groups - presence
            for m in other
            if (presence := self._fixed_presence(a, m)) is not None
        ]
        return PureSide(
            people=sum(layout.count[m] for m in side),
            per_group=sum(min(layout.count[m], layout.cap(m)) for m in side),
            groups=min(avoided, default=layout.groups),
        )

    def size_levels(self) -> None:
        """Spread of group (a, j) = sum over level steps it straddles of the step's width.

        ``low[ℓ]`` = someone at or below level ℓ is in the group, ``high[ℓ]`` = someone above
        it; the group straddles step ℓ iff both, i.e. ``low + high - 1`` (a group is never
        empty, so at least one of them holds). Both are exact ORs of presence literals.
        """
        v, m_ = self.vars, self.model
        for a, layout in enumerate(self.layouts):
            levels = sorted({self.units[m] for m in self.order[a]})
            for j in self.slots(a):
                v.spread[a, j] = 0
            for step, (level, above) in enumerate(zip(levels, levels[1:], strict=False)):
                below_m = [m for m in self.order[a] if self.units[m] <= level]
                above_m = [m for m in self.order[a] if self.units[m] > level]
                below_side = self._pure_side(a, below_m, above_m)
                above_side = self._pure_side(a, above_m, below_m)
                lows, highs = [], []
                for j in self.slots(a):
                    low = m_.new_bool_var(f"low[{layout.area},{j},{step}]")
                    high = m_.new_bool_var(f"high[{layout.area},{j},{step}]")
                    m_.add_max_equality(low, [v.present[a, m, j] for m in below_m])
                    m_.add_max_equality(high, [v.present[a, m, j] for m in above_m])
                    # Capacity-style links: the LP learns that few groups hold many small ones.
                    largest = layout.sizes[j] if layout.sizes else self._largest(a)
                    m_.add(sum(v.people[a, m, j] for m in below_m) <= largest * low)
                    m_.add(sum(v.people[a, m, j] for m in above_m) <= largest * high)
                    # A group too big to lie wholly on one side must reach across the step.
                    smallest = self._size_options(a)[j]
                    if not below_side.holds(smallest):
                        m_.add_implication(low, high)
                    if not above_side.holds(smallest):
                        m_.add_implication(high, low)
                    v.spread[a, j] += (above - level) * (low + high - 1)
                    lows.append(low)
                    highs.append(high)
                m_.add(sum(lows) >= self._groups_needed(a, below_m))
                m_.add(sum(highs) >= self._groups_needed(a, above_m))
                # A group that does not straddle the step is all below or all above it, and such
                # "pure" groups must fit the people on their side: at least this many straddle.
                pure = most_pure_groups(self._size_options(a), below_side, above_side)
                m_.add(sum(lows) + sum(highs) >= 2 * layout.groups - pure)
            for j in self.slots(a):
                m_.add(v.spread[a, j] >= self._narrowest_window(a, self._size_options(a)[j]))

    def _narrowest_window(self, a: int, size: int) -> int:
        """Smallest size range that holds ``size`` people of area ``a`` (caps respected)."""
        layout = self.layouts[a]
        members = self.order[a]
        best: int | None = None
        for i, first in enumerate(members):
            room = 0
            for last in members[i:]:
                room += min(layout.count[last], layout.cap(last))
                if room >= size:
                    width = self.units[last] - self.units[first]
                    best = width if best is None else min(best, width)
                    break
        return best or 0

    def meetings(self) -> None:
        """Intersections of groups' municipality sets, the quantities repeats are made of.

        ``common[s, t]`` counts municipalities present in both group ``s`` (this gathering) and
        group ``t`` (this or an earlier gathering). A pair of municipalities meeting ``K`` times
        costs ``K(K-1)/2``, the number of pairs of groups it shares, so the repeats term is
        ``sum over pairs of groups of C(common, 2)``: no per-pair variables are needed. Row
        equalities (a municipality in ``s`` is in exactly ``c`` groups of area ``b``) fix each
        row sum of the intersection table, so the LP sees its even spread.
        """
        v, m_ = self.vars, self.model
        slots = self.all_slots()
        both: dict[tuple[Slot, Slot], dict[str, cp_model.IntVar]] = {}
        for i, s in enumerate(slots):
            for t in slots[i + 1 :]:
                shared = self._shareable(s, t)
                if not shared:
                    continue
                both[s, t] = {}
                for m in shared:
                    w = m_.new_bool_var(f"both[{s},{t},{m}]")
                    ys, yt = v.present[s[0], m, s[1]], v.present[t[0], m, t[1]]
                    m_.add_implication(w, ys)
                    m_.add_implication(w, yt)
                    m_.add_bool_or([w, ~ys, ~yt])
                    both[s, t][m] = w
                if len(shared) >= 2:
                    v.common[s, t] = cp_model.LinearExpr.sum(list(both[s, t].values()))
        self._row_equalities(slots, both)
        for g, groups in enumerate(self.earlier, start=1):
            for h, members in enumerate(groups):
                for s in slots:
                    shared = [m for m in self.order[s[0]] if m in members]
                    if len(shared) >= 2:
                        v.common[s, (-g, h)] = cp_model.LinearExpr.sum(
                            [v.present[s[0], m, s[1]] for m in shared]
                        )

    def all_slots(self) -> list[Slot]:
        return [(a, j) for a in range(len(self.layouts)) for j in self.slots(a)]

    def _shareable(self, s: Slot, t: Slot) -> list[str]:
        """Municipalities that can be in both groups (two groups of one area need two people)."""
        if s[0] == t[0]:
            return [m for m in self.order[s[0]] if self.layouts[s[0]].count[m] >= 2]
        in_t = set(self.order[t[0]])
        return [m for m in self.order[s[0]] if m in in_t]

    def _fixed_presence(self, a: int, m: str) -> int | None:
        """In how many groups of area ``a`` municipality ``m`` is, when the rules fix it."""
        layout = self.layouts[a]
        if m not in layout.count:
            return 0
        return layout.count[m] if layout.cap(m) == 1 else None

    def _row_equalities(
        self, slots: list[Slot], both: dict[tuple[Slot, Slot], dict[str, cp_model.IntVar]]
    ) -> None:
        v = self.vars
        for s in slots:
            a = s[0]
            for b in range(len(self.layouts)):
                for m in self.order[a]:
                    copies = self._fixed_presence(b, m)
                    if copies is None:
                        continue
                    if b == a:
                        copies -= 1
                    ws = [
                        both[key][m]
                        for t in slots
                        if t[0] == b and t != s
                        for key in ((s, t) if s < t else (t, s),)
                        if key in both and m in both[key]
                    ]
                    if ws or copies:
                        self.model.add(
                            cp_model.LinearExpr.sum(ws) == copies * v.present[a, m, s[1]]
                        )

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
                else:
                    same = self.model.new_bool_var(f"same_size[{layout.area},{j}]")
                    self.model.add(v.size[a, j - 1] == v.size[a, j]).only_enforce_if(same)
                    self.model.add(v.size[a, j - 1] != v.size[a, j]).only_enforce_if(~same)
                    self.model.add(keys[j - 1] <= keys[j]).only_enforce_if(same)

    def no_worse_than_reusing_groups(self) -> None:
        """Never repeat more than reusing the previous gathering's groups would (always feasible)."""
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

    def _meeting_repeats(self) -> cp_model.LinearExprT:
        """Order-encode each pair's meetings here; the t-th costs (earlier meetings + t - 1)."""
        if self._repeats is None:
            self._repeats = self._encode_repeats()
        return self._repeats

    def _encode_repeats(self) -> cp_model.LinearExprT:
        costs: list[cp_model.LinearExprT] = []
        for key, common in self.vars.common.items():
            # Order encoding of C(common, 2): the t-th shared municipality adds t - 1 pairs.
            most = self._most_common(key)
            steps = [self.model.new_bool_var(f"common[{key}]>={t}") for t in range(1, most + 1)]
            for earlier, later in zip(steps, steps[1:], strict=False):
                self.model.add_implication(later, earlier)
            self.model.add(cp_model.LinearExpr.sum(steps) == common)
            costs.extend(t * step for t, step in enumerate(steps) if t)
        return cp_model.LinearExpr.sum(costs)

    def _most_common(self, key: tuple[Slot, Slot]) -> int:
        s, t = key
        size = self.layouts[s[0]].sizes
        bound = len(self.order[s[0]]) if size is None else min(size[s[1]], len(self.order[s[0]]))
        if t[0] >= 0:
            other = self.layouts[t[0]].sizes
            bound = min(bound, other[t[1]] if other else self.instance.groups.max_size)
        else:
            bound = min(bound, len(self.earlier[-t[0] - 1][t[1]]))
        return bound

    def objective(self) -> None:
        terms = {
            "group_size_spread": cp_model.LinearExpr.sum(list(self.vars.spread.values())),
            "meeting_repeats": self._meeting_repeats(),
        }
        assert tuple(terms) == GROUP_TERM_NAMES
        self.vars.terms = terms
        weights = self.instance.weights
        self.model.minimize(sum(int(getattr(weights, name)) * e for name, e in terms.items()))

    # -- extraction --------------------------------------------------------------------------

    def extract(self, solver: cp_model.CpSolver) -> list[GroupPlan]:
        """Deal each municipality's people out over the groups, in instance order."""
        groups: list[GroupPlan] = []
        person = {p.id: p for p in self.instance.participants}
        for a, layout in enumerate(self.layouts):
            queue: dict[str, list[str]] = {}
            for pid in layout.participants:
                queue.setdefault(person[pid].municipality, []).append(pid)
            for j in self.slots(a):
                members: list[str] = []
                for m in layout.municipalities:
                    take = int(solver.value(self.vars.people[a, m, j]))
                    members += queue[m][:take]
                    del queue[m][:take]
                order = {pid: i for i, pid in enumerate(layout.participants)}
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


@dataclass(frozen=True)
class PureSide:
    people: int
    per_group: int
    groups: int

    def holds(self, size: int) -> bool:
        """Can one group of ``size`` lie wholly on this side?"""
        return self.groups > 0 and size <= min(self.people, self.per_group)


def most_pure_groups(sizes: list[int], below: PureSide, above: PureSide) -> int:
    """Most groups that can lie wholly below or wholly above a size step (a valid upper bound).

    Tries every choice of how many groups of each size go below (sizes take few distinct
    values), then fills the other side with the smallest remaining groups that fit it.
    """
    values = sorted(set(sizes))
    choices = product(*(range(sizes.count(v) + 1) for v in values))
    best = 0
    for counts in choices:
        chosen = [v for v, k in zip(values, counts, strict=True) for _ in range(k)]
        if (
            len(chosen) > below.groups
            or sum(chosen) > below.people
            or any(v > below.per_group for v in chosen)
        ):
            continue
        rest = sorted(v for v, k in zip(values, counts, strict=True) for _ in range(sizes.count(v) - k))
        k_above, used = 0, 0
        for size in rest:
            if k_above == above.groups or size > above.per_group or used + size > above.people:
                break
            k_above, used = k_above + 1, used + size
        best = max(best, len(chosen) + k_above)
    return best
