"""Neighbourhood search over the class master: it only ever keeps a better plan."""

from __future__ import annotations

import time

import pytest

from kompetanse_opt import check, prepare
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.solver.cohorts.class_lns import (
    FREED_HUBS,
    MAX_STEP_TIME,
    STEP_TIME,
    _Chooser,
    improve,
    neighbourhoods,
    next_length,
)
from kompetanse_opt.solver.cohorts.class_rounds import Round, objective
from kompetanse_opt.solver.cohorts.clusters import cluster_plan
from kompetanse_opt.solver.cohorts.model import venue_patterns
from kompetanse_opt.solver.cohorts.pattern_travel import pattern_costs
from kompetanse_opt.solver.engine import EngineSettings
from region_builders import small_region


def test_neighbourhoods_free_each_hub_with_its_nearest() -> None:
    data = prepare(generate(4, seed=1))
    groups = neighbourhoods(data)
    hubs = [v.id for v in data.instance.venues if v.max_gatherings is None]
    assert [g[0] for g in groups] == hubs
    assert all(len(set(g)) == FREED_HUBS for g in groups)


def _assert_improve_keeps_a_valid_plan_no_worse(instance: Instance) -> None:
    data = prepare(instance)
    settings = EngineSettings(10, 1, 1)
    first = cluster_plan(data, settings, time.perf_counter() + 5)
    assert first is not None
    patterns = venue_patterns(data)
    cost = pattern_costs(data, patterns)
    found = improve(
        data, patterns, cost, None, Round(first, 0, {}), settings, time.perf_counter() + 3
    )
    assert found.plan is not None
    assert check(instance, found.plan, ("cohorts",)) == []
    assert objective(data, found.plan) <= objective(data, first)


def test_improve_keeps_a_valid_plan_no_worse_on_a_small_region() -> None:
    """The same as below on three hubs and ten municipalities, where it finds better plans."""
    _assert_improve_keeps_a_valid_plan_no_worse(small_region())


@pytest.mark.slow
def test_improve_keeps_a_valid_plan_no_worse() -> None:
    _assert_improve_keeps_a_valid_plan_no_worse(generate(2, seed=3))


def test_a_step_that_ends_on_its_cap_without_improving_gets_twice_the_time() -> None:
    assert next_length(STEP_TIME, improved=False, capped=True) == 2 * STEP_TIME
    assert next_length(MAX_STEP_TIME, improved=False, capped=True) == MAX_STEP_TIME
    assert next_length(2 * STEP_TIME, improved=True, capped=True) == 2 * STEP_TIME
    assert next_length(4 * STEP_TIME, improved=False, capped=False) == STEP_TIME
    assert next_length(STEP_TIME, improved=True, capped=False) == STEP_TIME


def test_the_chooser_keeps_a_step_length_per_neighbourhood() -> None:
    data = prepare(small_region())
    first = cluster_plan(data, EngineSettings(10, 1, 1), time.perf_counter() + 5)
    assert first is not None
    patterns = venue_patterns(data)
    chooser = _Chooser(data, patterns, pattern_costs(data, patterns), {})
    best = Round(first, 0, {})
    upper = int(objective(data, first))
    assert chooser.next(best, upper) is not None
    assert chooser.length() == STEP_TIME
    capped = chooser.current
    chooser.tell(improved=False, capped=True)
    assert chooser.length() == 2 * STEP_TIME
    chooser.next(best, upper)
    if chooser.current != capped:  # another neighbourhood starts at the first length
        assert chooser.length() == STEP_TIME
    assert chooser.lengths[capped] == 2 * STEP_TIME
