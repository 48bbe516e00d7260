"""CP-SAT model of the group stage for all of one cohort's gatherings at once (issue 15).

The sequential method (:mod:`.model`, one gathering after the other) is greedy: gathering 1 is
optimised alone and fixes what gathering 2 can avoid. This model holds every gathering of a cohort,
so ``optimal`` means optimal for the cohort's whole group objective.

* **Per gathering** it reuses :class:`~.model.GroupModel` (aggregated by municipality: sizes, size
  levels for the spread, within-gathering municipality meetings, groups ordered by first member),
  all parts adding to one CP-SAT model. Each gathering's groups can be relabelled on their own, so
  ordering them per gathering stays valid.
* **People.** P4 is about people: ``person[g, a, p, j]`` says participant ``p`` sits in group
  ``j`` of area ``a`` at gathering ``g``. A participant who is their municipality's only one in
  the area *is* the municipality's presence literal; the others are new literals that share out
  their municipality's count.
* **Repeats without pair variables.** As in the sequential model, participants meeting again are
  counted per pair of groups (one at an earlier, one at a later gathering, same area: people only
  meet in their own area) as ``C(common, 2)`` with ``common`` the people both groups hold, by an
  order encoding; row equalities (someone in group ``j`` at gathering ``g`` is in exactly one group
  at gathering ``h``) make the LP bound tight. The same is done for municipality pairs across
  gatherings when ``meeting_repeats`` has a weight (the municipality view, kept for information).
* **Symmetry** (with ``solver.symmetry_breaking``): people of one municipality in one area are
  interchangeable, so at the first gathering they sit in groups in instance order; municipalities
  identical in size and in people per area are interchangeable, so at the first gathering (in the
  first area where each has one person and groups are of equal size) they too sit in groups in
  order. With groups ordered by first member this fixes the first gathering up to relabelling
  (a social golfer instance's first round is fixed entirely).
"""

from __future__ import annotations

from itertools import pairwise

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import AreaLayout, size_units
from kompetanse_opt.model.plan import CohortPlan, GroupPlan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.role_terms import attribute_value
from kompetanse_opt.solver.groups.model import GroupModel
from kompetanse_opt.solver.groups.roles import (
    Costs,
    PersonKey,
    active_attributes,
    add_role_terms,
    add_worst_group,
)

#: The joint model's terms; ``objective.group_terms`` recomputes each (per gathering as well).
JOINT_TERM_NAMES: tuple[str, ...] = (
    "group_size_spread",
    "meeting_repeats",
    "participant_repeats",
    "group_spread_worst",
    "role_spread",
    "role_loners",
    "role_similar",
)


class JointGroupModel:
    """Discussion groups of one cohort at all of its gatherings (``gatherings``: their indexes).

    ``free``: all gatherings are decided here (not some fixed from outside, as the stepwise
    method fixes the earlier ones), so the later gatherings may be put in order.
    """

    def __init__(
        self,
        data: ProblemData,
        cohort: int,
        gatherings: list[int],
        layouts: list[AreaLayout],
        free: bool = True,
    ) -> None:
        self.data = data
        self.instance = data.instance
        self.cohort = cohort
        self.gatherings = gatherings
        self.layouts = layouts
        self.free = free
        self.model = cp_model.CpModel()
        self.parts = [
            GroupModel(data, cohort, g, layouts, None, model=self.model) for g in gatherings
        ]
        municipality_of = {p.id: p.municipality for p in data.instance.participants}
        #: Per area: each municipality's participants in it, in instance (layout) order.
        self.people_of: list[dict[str, list[str]]] = []
        for layout in layouts:
            by_m: dict[str, list[str]] = {}
            for pid in layout.participants:
                by_m.setdefault(municipality_of[pid], []).append(pid)
            self.people_of.append(by_m)
        self.person: dict[PersonKey, cp_model.IntVar] = {}
        person = {p.id: p for p in data.instance.participants}
        attributes = active_attributes(self)
        #: What tells two participants apart for the objective besides municipality and area.
        self.profile = {
            pid: tuple(attribute_value(person[pid], attr) for attr in attributes)
            for layout in layouts
            for pid in layout.participants
        }
        self.costs = Costs()
        self.terms: dict[str, cp_model.LinearExprT] = {}

    # -- building ----------------------------------------------------------------------------

    def build(self) -> JointGroupModel:
        """Every gathering's rules, the people, symmetry breaking, the repeats, the objective."""
        weights = self.instance.weights
        for part in self.parts:
            part.one_group_per_participant()  # H4
            part.group_sizes()  # H4 size bounds, P3 balance
            part.presence()
            part.size_levels()  # P2
            if weights.meeting_repeats:
                part.meetings()  # P4, municipality view, within the gathering
            part.interchangeable_group_order()
        self._people()
        if self.instance.solver.symmetry_breaking:
            self._first_gathering_order()
        if weights.meeting_repeats:
            self._municipalities_across_gatherings()
        if weights.participant_repeats:
            self._people_across_gatherings()
        add_role_terms(self)  # P8
        if weights.group_spread_worst:
            add_worst_group(self)  # P2, the worst group
        self._objective()
        return self

    def _people(self) -> None:
        m_ = self.model
        for pos, part in enumerate(self.parts):
            for a, layout in enumerate(self.layouts):
                for m, pids in self.people_of[a].items():
                    if len(pids) == 1:
                        for j in range(layout.groups):
                            self.person[pos, a, pids[0], j] = part.vars.people[a, m, j]
                        continue
                    for pid in pids:
                        row = [m_.new_bool_var(f"p[{pos},{pid},{j}]") for j in range(layout.groups)]
                        m_.add_exactly_one(row)
                        for j, var in enumerate(row):
                            self.person[pos, a, pid, j] = var
                    for j in range(layout.groups):
                        m_.add(
                            sum(self.person[pos, a, pid, j] for pid in pids)
                            == part.vars.people[a, m, j]
                        )

    def _group_of(self, a: int, pid: str) -> cp_model.LinearExprT:
        """Index of ``pid``'s group at the first gathering."""
        return cp_model.LinearExpr.sum(
            [j * self.person[0, a, pid, j] for j in range(self.layouts[a].groups)]
        )

    def _first_gathering_order(self) -> None:
        """Interchangeable people, and interchangeable municipalities, in order at gathering 1."""
        for a, layout in enumerate(self.layouts):
            if layout.groups < 2:
                continue
            for pids in self.people_of[a].values():
                for p, q in pairwise(pids):
                    if self.profile[p] == self.profile[q]:
                        self.model.add(self._group_of(a, p) <= self._group_of(a, q))
        for members in self._interchangeable_municipalities():
            for a, layout in enumerate(self.layouts):
                equal_sizes = layout.sizes is not None and len(set(layout.sizes)) == 1
                if not equal_sizes or layout.groups < 2:
                    continue
                if any(layout.count.get(m) != 1 or layout.cap(m) != 1 for m in members):
                    continue
                order = [m for m in self.parts[0].order[a] if m in members]
                for m, n in pairwise(order):
                    first, second = self.people_of[a][m][0], self.people_of[a][n][0]
                    self.model.add(self._group_of(a, first) <= self._group_of(a, second))
                break
        self._later_gatherings_in_order()

    def _later_gatherings_in_order(self) -> None:
        """Gatherings after the first are interchangeable for every group rule and term (all
        participants attend each, every term is symmetric in them), so they are ordered by the
        group of one participant: the second of the largest area, in the first member order."""
        key = self._order_participant()
        if key is None:
            return
        a, pid = key
        layout = self.layouts[a]

        def group_at(pos: int) -> cp_model.LinearExprT:
            return cp_model.LinearExpr.sum(
                [j * self.person[pos, a, pid, j] for j in range(layout.groups)]
            )

        for pos in range(1, len(self.parts) - 1):
            self.model.add(group_at(pos) <= group_at(pos + 1))

    def _order_participant(self) -> tuple[int, str] | None:
        """(area, participant) whose group orders the later gatherings, if they are ordered."""
        if len(self.parts) < 3 or not self.free or not self.instance.solver.symmetry_breaking:
            return None
        a = max(range(len(self.layouts)), key=lambda b: (self.layouts[b].n, -b))
        layout = self.layouts[a]
        if layout.groups < 2 or len(self.parts[0].order[a]) < 2:
            return None
        return a, self.people_of[a][self.parts[0].order[a][1]][0]

    def _interchangeable_municipalities(self) -> list[list[str]]:
        """Classes (two or more) of municipalities with equal size and people in every area."""
        units = size_units(self.instance)
        classes: dict[tuple[object, ...], list[str]] = {}
        names = sorted({m for layout in self.layouts for m in layout.count})
        for m in names:
            people = tuple(
                tuple(sorted(self.profile[pid] for pid in by_m.get(m, [])))
                for by_m in self.people_of
            )
            classes.setdefault((units[m], people), []).append(m)
        return [members for members in classes.values() if len(members) >= 2]

    def _convex_cost(self, shared: list[cp_model.IntVar], name: str) -> cp_model.LinearExprT:
        """``C(sum(shared), 2)`` by an order encoding (the t-th shared adds t - 1: convex)."""
        steps = [self.model.new_bool_var(f"{name}>={t}") for t in range(1, len(shared) + 1)]
        for earlier, later in pairwise(steps):
            self.model.add_implication(later, earlier)
        self.model.add(sum(steps) == sum(shared))
        return cp_model.LinearExpr.sum([t * step for t, step in enumerate(steps) if t])

    def _people_across_gatherings(self) -> None:
        """Participants sharing a group at gathering g and again at a later gathering h."""
        m_ = self.model
        for h in range(1, len(self.parts)):
            for g in range(h):
                for a, layout in enumerate(self.layouts):
                    groups = range(layout.groups)
                    both: dict[tuple[str, int, int], cp_model.IntVar] = {}
                    for pid in layout.participants:
                        for j in groups:
                            for k in groups:
                                w = m_.new_bool_var(f"again[{g},{h},{pid},{j},{k}]")
                                m_.add_implication(w, self.person[g, a, pid, j])
                                m_.add_implication(w, self.person[h, a, pid, k])
                                both[pid, j, k] = w
                        # Row equalities: exactly one pair of groups holds pid at g and h.
                        for j in groups:
                            m_.add(
                                sum(both[pid, j, k] for k in groups) == self.person[g, a, pid, j]
                            )
                            m_.add(
                                sum(both[pid, k, j] for k in groups) == self.person[h, a, pid, j]
                            )
                    for j in groups:
                        for k in groups:
                            shared = [both[pid, j, k] for pid in layout.participants]
                            cost = self._convex_cost(shared, f"people[{g},{h},{a},{j},{k}]")
                            self.costs.add("participant_repeats", h, cost)
                            self.costs.add("area_repeats", a, cost)
        self._pigeonhole_bounds()

    def _pigeonhole_bounds(self) -> None:
        """With fixed sizes an area's groups hold the same number of pair meetings in every
        valid grouping; spread as evenly as possible over the area's pairs of people, they
        still repeat at least this much (the bound that proves "no perfect answer")."""
        for a, layout in enumerate(self.layouts):
            if layout.sizes is None or layout.n < 2:
                continue
            meetings = len(self.parts) * sum(size * (size - 1) // 2 for size in layout.sizes)
            least = even_spread_repeats(meetings, layout.n * (layout.n - 1) // 2)
            if least:
                self.model.add(self.costs.of("area_repeats", a) >= least)

    def _municipalities_across_gatherings(self) -> None:
        """Municipalities sharing a group at gathering g and again at a later gathering h (any
        areas): the municipality view of P4, as the sequential model counts it."""
        m_ = self.model
        for h in range(1, len(self.parts)):
            for g in range(h):
                early, late = self.parts[g], self.parts[h]
                for s in early.all_slots():
                    for t in late.all_slots():
                        in_t = set(late.order[t[0]])
                        shared = [m for m in early.order[s[0]] if m in in_t]
                        if len(shared) < 2:
                            continue
                        ws = []
                        for m in shared:
                            w = m_.new_bool_var(f"both[{g},{s},{h},{t},{m}]")
                            ys, yt = (
                                early.vars.present[s[0], m, s[1]],
                                late.vars.present[t[0], m, t[1]],
                            )
                            m_.add_implication(w, ys)
                            m_.add_implication(w, yt)
                            m_.add_bool_or([w, ~ys, ~yt])
                            ws.append(w)
                        cost = self._convex_cost(ws, f"towns[{g},{s},{h},{t}]")
                        self.costs.add("meeting_repeats", h, cost)

    def _objective(self) -> None:
        for pos, part in enumerate(self.parts):
            spread = [e for parts in part.vars.spread.values() for e in parts]
            self.costs.add("group_size_spread", pos, cp_model.LinearExpr.sum(spread))
            if self.instance.weights.meeting_repeats:
                self.costs.add("meeting_repeats", pos, part.meeting_repeats())
        weights = self.instance.weights
        names = [n for n in JOINT_TERM_NAMES if n == "group_size_spread" or getattr(weights, n)]
        self.terms = {
            name: cp_model.LinearExpr.sum([self.costs.of(name, p) for p in range(len(self.parts))])
            for name in names
        }
        self.model.minimize(
            cp_model.LinearExpr.sum([getattr(weights, n) * e for n, e in self.terms.items()])
        )

    # -- hints and extraction ----------------------------------------------------------------

    def hint_values(self, cohort: CohortPlan) -> dict[PersonKey, int] | None:
        """The person literals of ``cohort``'s groups (e.g. the sequential method's), or None
        when they do not fit this model's layout."""
        values: dict[PersonKey, int] = dict.fromkeys(self.person, 0)
        by_index = {g.index: g for g in cohort.gatherings}
        for pos, index in enumerate(self.gatherings):
            gathering = by_index.get(index)
            if gathering is None:
                return None
            for a, layout in enumerate(self.layouts):
                groups = [x for x in gathering.groups if x.service_area == layout.area]
                if len(groups) != layout.groups:
                    return None
                for j, group in enumerate(groups):
                    for pid in group.participants:
                        if (pos, a, pid, j) not in values:
                            return None
                        values[pos, a, pid, j] = 1
        return self._later_gatherings_sorted(values)

    def _later_gatherings_sorted(self, values: dict[PersonKey, int]) -> dict[PersonKey, int]:
        """``values`` with the later gatherings put in this model's order (they are
        interchangeable), so a hint from another method satisfies the symmetry breaking."""
        key = self._order_participant()
        if key is None:
            return values
        a, pid = key
        group = {
            pos: next(j for j in range(self.layouts[a].groups) if values[pos, a, pid, j])
            for pos in range(1, len(self.parts))
        }
        new_pos = {old: new for new, old in enumerate(sorted(group, key=group.__getitem__), 1)}
        return {(new_pos.get(k[0], k[0]), k[1], k[2], k[3]): v for k, v in values.items()}

    def solution_terms(self, solver: cp_model.CpSolver) -> dict[int, dict[str, int]]:
        """Each gathering's share of every term, as ``objective.gathering_terms`` splits them."""
        return {
            index: {name: int(solver.value(self.costs.of(name, pos))) for name in self.terms}
            for pos, index in enumerate(self.gatherings)
        }

    def extract(self, solver: cp_model.CpSolver) -> dict[int, list[GroupPlan]]:
        """Each gathering's groups, members in instance order."""
        out: dict[int, list[GroupPlan]] = {}
        for pos, index in enumerate(self.gatherings):
            groups: list[GroupPlan] = []
            for a, layout in enumerate(self.layouts):
                for j in range(layout.groups):
                    members = [
                        pid
                        for pid in layout.participants
                        if solver.value(self.person[pos, a, pid, j])
                    ]
                    groups.append(
                        GroupPlan(
                            id=f"c{self.cohort}-g{index}-{layout.area}-{j + 1}",
                            service_area=layout.area,
                            participants=members,
                        )
                    )
            out[index] = groups
        return out


def even_spread_repeats(meetings: int, pairs: int) -> int:
    """Fewest repeats (sum of ``C(K, 2)``) of ``meetings`` spread over ``pairs`` pairs."""
    q, r = divmod(meetings, pairs)
    return r * (q + 1) * q // 2 + (pairs - r) * q * (q - 1) // 2
