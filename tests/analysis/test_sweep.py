"""Sweeps: every executor gives the same table; bad variants become marked rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kompetanse_opt.analysis.scenarios import read_scenarios
from kompetanse_opt.analysis.sweep import INVALID, VariantOutcome, run_sweep, sweep_csv
from scenario_files import VARIANTS, scenario_file


def comparable(outcomes: list[VariantOutcome]) -> list[dict[str, object]]:
    return [o.row.comparable() for o in outcomes]


def test_bad_override_is_a_marked_row_and_the_sweep_goes_on(tmp_path: Path) -> None:
    outcomes = run_sweep(read_scenarios(scenario_file(tmp_path)), jobs=1)
    rows = [o.row for o in outcomes]
    assert [r.variant for r in rows] == [v["name"] for v in VARIANTS]
    assert [r.status for r in rows] == ["optimal", "optimal", "optimal", INVALID]
    assert "cohorts.capasity" in rows[3].reason
    assert rows[1].cohorts == 3 and rows[0].cohorts == 2
    assert rows[0].price_with_support is not None
    csv = sweep_csv(rows)
    assert csv.splitlines()[0].startswith("variant,status,reason,objective,bound,gap,wall_time")
    assert len(csv.splitlines()) == 5


def test_local_processes_and_dask_give_identical_tables(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    scenarios = read_scenarios(scenario_file(tmp_path))
    inline = comparable(run_sweep(scenarios, jobs=1))
    processes = comparable(run_sweep(scenarios, jobs=2))
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        on_dask = comparable(run_sweep(scenarios, dask_address=cluster.scheduler_address))
    assert processes == inline
    assert on_dask == inline
