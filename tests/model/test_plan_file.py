"""Plan files: round trip, schema fields, and clear errors for malformed files."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import make_instance
from kompetanse_opt import read_plan, solve, write_plan
from kompetanse_opt.core.errors import PlanFileError
from kompetanse_opt.model.plan import PLAN_FORMAT, PlanFile, SolveStatus


def test_round_trip_keeps_plan_and_report(tmp_path: Path) -> None:
    result = solve(make_instance([3, 4, 2, 5]))
    write_plan(result, tmp_path / "plan.json")
    again = read_plan(tmp_path / "plan.json")
    assert again == result


def test_infeasible_result_round_trips_without_plan(tmp_path: Path) -> None:
    result = solve(make_instance([5, 5, 5], cohorts={"count": 1, "capacity": 10, "gatherings": 1}))
    write_plan(result, tmp_path / "plan.json")
    again = read_plan(tmp_path / "plan.json")
    assert again.status is SolveStatus.INFEASIBLE and again.plan is None
    assert again.reasons == result.reasons


def test_published_schema_names_the_contract_fields() -> None:
    properties = PlanFile.model_json_schema()["properties"]
    for name in ("status", "objective", "bound", "gap", "terms", "cohorts", "stage_results"):
        assert name in properties


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1, 2]", "expected a mapping"),
        ('{"status": "optimal", "cohorts": [{"id": 0}]}', r"cohorts\[0\]\.id: must be at least 1"),
        ('{"status": "optimal", "format": "other/plan@9"}', "unsupported plan format"),
        ('{"status": "optimal", "colour": "red"}', "colour: unknown field"),
    ],
)
def test_malformed_plan_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanFileError, match=message) as info:
        read_plan(path)
    assert str(path) in str(info.value)


def test_write_is_atomic_and_replaces(tmp_path: Path) -> None:
    result = solve(make_instance([3, 4]))
    path = tmp_path / "plan.json"
    path.write_text("old", encoding="utf-8")
    write_plan(result, path)
    assert read_plan(path).plan == result.plan
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]
    assert PLAN_FORMAT in path.read_text(encoding="utf-8")


def test_written_files_get_the_usual_mode_not_owner_only(tmp_path: Path) -> None:
    import os

    mask = os.umask(0)
    os.umask(mask)
    path = tmp_path / "plan.json"
    write_plan(solve(make_instance([3, 4])), path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_stage_modules_import_by_dotted_path() -> None:
    # The package's `solve` function must not shadow the subpackage holding the stage models:
    # `import a.b.c as m` walks attributes, so a function named like the subpackage breaks it.
    import kompetanse_opt.solver.pipeline as pipeline_module

    assert pipeline_module.solve is solve
