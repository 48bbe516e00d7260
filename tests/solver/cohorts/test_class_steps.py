"""A neighbourhood step packs only the classes its master changed; the plan stays valid."""

from __future__ import annotations

import time

from kompetanse_opt import check, evaluate_terms, prepare
from kompetanse_opt.solver.cohorts.class_lns import incumbent_window
from kompetanse_opt.solver.cohorts.class_rounds import objective, pattern_of
from kompetanse_opt.solver.cohorts.class_steps import _split, solve_step
from kompetanse_opt.solver.cohorts.classes import ClassMaster
from kompetanse_opt.solver.cohorts.clusters import cluster_plan
from kompetanse_opt.solver.cohorts.model import cohort_pattern, venue_patterns
from kompetanse_opt.solver.engine import EngineSettings
from region_builders import small_region


def _first() -> tuple:  # type: ignore[type-arg]
    data = prepare(small_region())
    plan = cluster_plan(data, EngineSettings(10, 1, 1), time.perf_counter() + 5)
    assert plan is not None
    return data, plan


def test_split_keeps_unchanged_classes_and_repacks_changed_ones() -> None:
    data, plan = _first()
    classes: dict = {}
    for c in plan.cohorts:
        pattern = cohort_pattern(data, c)
        members, count = classes.get(pattern, ([], 0))
        classes[pattern] = ([*members, *c.municipalities], count + 1)
    same = [(p, ms, n) for p, (ms, n) in classes.items()]
    kept, changed = _split(data, plan, same)
    assert changed == []
    assert sorted(sorted(ms) for _, ms in kept) == sorted(
        sorted(c.municipalities) for c in plan.cohorts
    )
    first, *rest = same
    moved = (first[0], first[1], first[2] + 1)
    kept, changed = _split(data, plan, [moved, *rest])
    assert changed == [moved]
    assert len(kept) == len(plan.cohorts) - first[2]


def test_solve_step_gives_a_valid_plan_no_worse_in_travel() -> None:
    data, plan = _first()
    patterns = venue_patterns(data)
    own = pattern_of(data, patterns, plan)
    options = {m: sorted({own[m], *range(len(patterns))}) for m in data.municipality_ids}
    master = ClassMaster(data, options, incumbent_window(data, plan), occupied=True)
    master.add_hint(plan)
    found = solve_step(master, plan, EngineSettings(5, 1, 1), time.perf_counter() + 5, None)
    assert found.plan is not None
    assert check(data.instance, found.plan, ("cohorts",)) == []
    travel = evaluate_terms(data, found.plan)["travel_total"]
    assert travel <= evaluate_terms(data, plan)["travel_total"]
    assert objective(data, found.plan) > 0
