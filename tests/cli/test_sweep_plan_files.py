"""A sweep variant without a plan writes no plan file; its row says why (issue 13, item 3)."""

from __future__ import annotations

from pathlib import Path

from builders import make_instance
from kompetanse_opt.analysis.sweep import VariantTask, solve_variant, write_sweep
from kompetanse_opt.model.problem import prepare


def test_a_variant_without_a_plan_writes_no_plan_file(tmp_path: Path) -> None:
    possible = make_instance([3, 4, 2])
    impossible = make_instance([3, 4, 2], cohorts={"count": 1, "capacity": 5, "gatherings": 1})
    outcomes = [
        solve_variant(VariantTask(i, name, inst, prepare(inst).travel))
        for i, (name, inst) in enumerate([("fits", possible), ("too small", impossible)])
    ]
    assert outcomes[0].plan_json is not None and outcomes[1].plan_json is None
    assert outcomes[1].row.status == "infeasible" and outcomes[1].row.reason
    write_sweep(outcomes, tmp_path)
    assert [p.name for p in (tmp_path / "plans").iterdir()] == ["01-fits.json"]
