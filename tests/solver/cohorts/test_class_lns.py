"""Neighbourhood search over the class master: it only ever keeps a better plan."""

from __future__ import annotations

import time

import pytest

from kompetanse_opt import check, prepare
from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.solver.cohorts.class_lns import FREED_HUBS, improve, neighbourhoods
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
