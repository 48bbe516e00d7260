"""``kompetanse-opt hours PLAN`` and the learning path in the budget and the export."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import no_traceback
from content_builders import make_learning_instance
from kompetanse_opt import solve, write_plan
from kompetanse_opt.model.loading import write_instance


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, Path]:
    instance = make_learning_instance()
    instance_path = tmp_path / "instance.yaml"
    write_instance(instance, instance_path)
    plan_path = tmp_path / "plan.json"
    write_plan(solve(instance, seed=1, workers=1), plan_path)
    return instance_path, plan_path


def test_hours_prints_the_path_and_the_hours_per_target_group(cli, planned) -> None:  # type: ignore[no-untyped-def]
    instance_path, plan_path = planned
    result = cli("hours", str(plan_path), "--instance", str(instance_path))
    assert result.exit_code == 0, result.output
    assert "Cohort 1:" in result.stdout
    assert ": self-study modules A; B, 3 h" in result.stdout
    assert "sessions G1, 8 h" in result.stdout
    assert "Hours per participant by target group" in result.stdout
    assert "Facilitators' release time" in result.stdout


def test_hours_of_a_missing_plan_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("hours", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert no_traceback(result)


def test_export_has_a_learning_path_sheet_per_cohort(cli, planned, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    instance_path, plan_path = planned
    out = tmp_path / "csv"
    result = cli(
        "export",
        str(plan_path),
        "--instance",
        str(instance_path),
        "--csv",
        str(out),
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    assert {"learning_path_1.csv", "learning_path_2.csv", "learning_hours.csv"} <= {
        p.name for p in out.iterdir()
    }
    text = (out / "learning_path_1.csv").read_text("utf-8-sig")
    assert text.splitlines()[0] == "When,Where,Modules,Hours"
    assert "before " in text and ",self-study,A; B,3 h" in text
