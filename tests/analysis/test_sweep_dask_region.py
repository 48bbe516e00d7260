"""The 10x region's scenario sweep on a local multi-process Dask cluster gives the local rows.

The base is ``generate(10, seed=1, all_stages=True)`` written to a file; the variants cut it
down to a district each (``district_overrides``), one with a venue changed. Each variant runs
every stage, and every stage is proven optimal (given the earlier ones) well inside the limit:
a solve that ends by a proof on one CP-SAT worker does not depend on timing, so the rows and
the plans must be the same whichever process solved them. A variant over the whole region is
not in this test: its cohort stage ends at its time limit (wall clock), so its plan depends on
the machine's load (see docs/sweeps.md).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from kompetanse_opt.analysis.generator import district_overrides, generate
from kompetanse_opt.analysis.scenarios import read_scenarios
from kompetanse_opt.analysis.sweep import VariantOutcome, run_sweep
from kompetanse_opt.model.loading import write_instance


def without_times(value: Any) -> Any:
    """``value`` without any ``wall_time`` (the one thing two runs never share)."""
    if isinstance(value, dict):
        return {k: without_times(v) for k, v in value.items() if k != "wall_time"}
    if isinstance(value, list):
        return [without_times(v) for v in value]
    return value


def digest(outcome: VariantOutcome) -> str | None:
    if outcome.plan_json is None:
        return None
    text = json.dumps(without_times(json.loads(outcome.plan_json)), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def region_scenarios(folder: Path) -> Path:
    region = generate(10, seed=1, all_stages=True)
    write_instance(region, folder / "region10.json")
    stord_twice = {**district_overrides(region, 1), "venues.r1-stord.max_gatherings": 2}
    spec = {
        "name": "10x region, district by district",
        "base": "region10.json",
        "solver": {"time_limit": 300, "seed": 0, "workers": 1},
        "variants": [
            {"name": "district 1", "overrides": district_overrides(region, 1)},
            {"name": "district 1, Stord twice", "overrides": stord_twice},
            {"name": "district 10", "overrides": district_overrides(region, 10)},
        ],
    }
    path = folder / "scenarios.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


@pytest.mark.slow
def test_ten_x_region_sweep_on_a_multi_process_dask_cluster_equals_the_local_run(
    tmp_path: Path,
) -> None:
    distributed = pytest.importorskip("distributed")
    scenarios = read_scenarios(region_scenarios(tmp_path))
    local = run_sweep(scenarios, jobs=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = run_sweep(scenarios, dask_address=cluster.scheduler_address)
    # The premise: every stage of every variant ended by a proof, not by the clock.
    for outcome in local:
        assert outcome.plan_json is not None, outcome.row.reason
        reports = json.loads(outcome.plan_json)["stage_results"]
        assert {r["status"] for r in reports} == {"optimal"}, outcome.row.variant
        assert outcome.row.cohorts == 4
    assert [o.row.comparable() for o in on_dask] == [o.row.comparable() for o in local]
    assert [digest(o) for o in on_dask] == [digest(o) for o in local]
