"""Each CP-SAT model of the cohort stage accepts exactly the assignments the checker accepts.

A random small instance and a random assignment (municipalities to cohorts, gatherings to venues)
are drawn; the assignment is fixed in each model that claims to encode a rule, and the model must
be feasible exactly when the independent checker finds no violation of that rule:

* the feasibility model of ``explain``, rule by rule (only that rule's literals assumed);
* the full cohort model, all rules at once (it has no switches);
* the packing of the class search, for the rules it holds (H1, H2, rooms of H3, H8).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from builders import make_instance
from kompetanse_opt.check import check
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.cohorts.feasibility import FeasibilityModel
from kompetanse_opt.solver.cohorts.model import CohortModel, cohort_pattern
from kompetanse_opt.solver.cohorts.packing import ClassPacking

COHORT_LABELS = ("H1", "H2", "H3", "H7", "H8", "P6")
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
#: The full model holds every rule at once, so one rule's breach alone is rarer: more examples.
MORE = settings(FAST, max_examples=200)


@st.composite
def cases(draw: st.DrawFn, decomposable: bool = False) -> tuple[Instance, Plan]:
    """A small instance with every cohort rule in play, and any assignment for it."""
    n = draw(st.integers(2, 5))
    ids = [str(1001 + i) for i in range(n)]
    sizes = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    k = draw(st.integers(1, 3))
    gatherings = draw(st.integers(1, 2))
    venues = {"a": None, "b": None if decomposable else draw(st.sampled_from([None, 0, 1, 2]))}
    capacity = draw(st.integers(max(sizes), 10))
    extra: dict[str, Any] = {}
    rooms = {v: draw(st.sampled_from([None, 3, 6])) for v in venues}
    pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    extra["together"] = [{"id": "t", "municipalities": pair, "hard": draw(st.booleans())}]
    pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
    extra["apart"] = [{"id": "x", "municipalities": pair, "hard": draw(st.booleans())}]
    if not decomposable:
        cohort = st.integers(1, k)
        extra["wishes"] = [{"municipality": ids[-1], "cannot_attend": [draw(cohort)]}]
        extra["pins"] = {
            "municipalities": [{"municipality": ids[0], "cohort": draw(cohort)}],
            "gatherings": [{"cohort": draw(cohort), "gathering": 1, "venue": "b"}],
        }
    cohorts = {
        "count": k,
        "capacity": capacity,
        "minimum": draw(st.integers(0, min(3, capacity))),
        "gatherings": gatherings,
    }
    base = make_instance(dict(zip(ids, sizes, strict=True)), venues=venues, cohorts=cohorts)
    instance = base.replace(
        venues=[v.model_copy(update={"room_capacity": rooms[v.id]}) for v in base.venues],
        solver=base.solver.model_copy(update={"symmetry_breaking": False}),
        **extra,
    )
    home = {mid: draw(st.integers(1, k)) for mid in ids}
    venue_lists = st.lists(st.sampled_from(list(venues)), min_size=gatherings, max_size=gatherings)
    members = instance.participants_of()
    plan = Plan(
        cohorts=[
            CohortPlan.assigned(
                c,
                [m for m in ids if home[m] == c],
                pinned_first(instance, c, draw(venue_lists)),
                members,
            )
            for c in range(1, k + 1)
        ]
    )
    return instance, plan


def pinned_first(instance: Instance, cohort: int, venues: list[str]) -> list[str]:
    """The gatherings in the order the models extract them: a pinned gathering gets its venue
    where the cohort's venues include it (the models decide venue patterns, not the order)."""
    ordered = list(venues)
    for pin in instance.pins.gatherings:
        i = pin.gathering - 1
        if pin.cohort != cohort or ordered[i] == pin.venue:
            continue
        j = next((j for j, v in enumerate(ordered) if v == pin.venue), None)
        if j is not None:
            ordered[i], ordered[j] = ordered[j], ordered[i]
    return ordered


def broken(instance: Instance, plan: Plan) -> set[str]:
    """The labels the checker finds broken, among the cohort stage's rules."""
    return {v.rule for v in check(instance, plan, ("cohorts",))}


def _solves(model: cp_model.CpModel) -> bool:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    status = solver.solve(model)
    assert status != cp_model.UNKNOWN
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@FAST
@given(cases())
def test_feasibility_model_agrees_with_the_checker_rule_by_rule(
    case: tuple[Instance, Plan],
) -> None:
    instance, plan = case
    labels = broken(instance, plan)
    fm = FeasibilityModel(instance)
    for c in plan.cohorts:
        for m in fm.instance.municipalities:
            fm.model.add(fm.member[m.id, c.id] == int(m.id in c.municipalities))
        use = Counter(g.venue for g in c.gatherings)
        for v in instance.venues:
            fm.model.add(fm.at_venue[c.id, v.id] == use[v.id])
    for label in COHORT_LABELS:
        keys = [key for key, r in fm.rules.items() if r.label == label]
        assert fm.infeasible_under(keys) == (label in labels), label


@MORE
@given(cases())
def test_full_model_accepts_exactly_the_valid_assignments(case: tuple[Instance, Plan]) -> None:
    instance, plan = case
    labels = broken(instance, plan)
    model = CohortModel(prepare(instance)).build()
    v = model.vars
    for c in plan.cohorts:
        pattern = cohort_pattern(model.data, c)
        if pattern not in model.patterns:
            # A pattern no cohort may use: one venue's limit is broken by this cohort alone.
            assert "H3" in labels
            return
        for p, candidate in enumerate(model.patterns):
            model.model.add(v.pattern[c.id, p] == int(candidate == pattern))
        for mid in model.municipalities:
            model.model.add(v.member[mid, c.id] == int(mid in c.municipalities))
    assert _solves(model.model) == (not labels), labels


@FAST
@given(cases(decomposable=True))
def test_packing_accepts_exactly_the_valid_assignments(case: tuple[Instance, Plan]) -> None:
    instance, plan = case
    data = prepare(instance)
    by_pattern: dict[tuple[str, ...], list[CohortPlan]] = {}
    for c in plan.cohorts:
        by_pattern.setdefault(cohort_pattern(data, c), []).append(c)
    order = {mid: i for i, mid in enumerate(data.municipality_ids)}
    classes = []
    for pattern, cohorts in by_pattern.items():
        members = sorted((m for c in cohorts for m in c.municipalities), key=order.__getitem__)
        classes.append((pattern, members, len(cohorts)))
    packing = ClassPacking(data, classes, None)
    for ci, (pattern, members, _) in enumerate(classes):
        # Bins are ordered by their first member (the packing's symmetry breaking).
        cohorts = sorted(
            by_pattern[pattern],
            key=lambda c: min((order[m] for m in c.municipalities), default=len(order)),
        )
        for j, c in enumerate(cohorts):
            for mid in members:
                literal = packing.x.get((ci, mid, j))
                inside = mid in c.municipalities
                if literal is None:
                    assert not inside
                else:
                    packing.model.add(literal == int(inside))
    assert _solves(packing.model) == (not broken(instance, plan)), broken(instance, plan)
