"""Groups through the plan file and the command line, and the full Vestland plan (slow)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from builders import make_group_instance
from kompetanse_opt import check, read_plan, solve, vestland_instance, write_plan
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.plan import SolveStatus

PEOPLE = {str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(5)}


def test_plan_file_keeps_groups_stages_and_meetings(tmp_path: Path) -> None:
    instance = make_group_instance(PEOPLE)
    result = solve(instance)
    path = tmp_path / "plan.json"
    write_plan(result, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    gathering = data["cohorts"][0]["gatherings"][0]
    assert {"index", "venue", "groups"} <= set(gathering)
    assert set(gathering["groups"][0]) == {"id", "service_area", "participants"}
    assert data["stages"] == ["cohorts", "groups"]
    assert data["meetings"]["pairs_met"] == 10
    assert [(r["name"], r["cohort"], r["gathering"]) for r in data["stage_results"]] == [
        ("cohorts", None, None),
        ("groups", 1, 1),
        ("groups", 1, 2),
    ]
    again = read_plan(path)
    assert again.require_plan() == result.require_plan()
    assert check(instance, again.require_plan()) == []


def test_cli_plan_with_and_without_groups_then_check(tmp_path: Path) -> None:
    instance_path = tmp_path / "instance.yaml"
    write_instance(make_group_instance(PEOPLE), instance_path)
    runner = CliRunner()
    grouped, cohorts_only = tmp_path / "grouped.json", tmp_path / "cohorts.json"
    run = runner.invoke(main, ["plan", str(instance_path), "--out", str(grouped)])
    assert run.exit_code == 0, run.output
    assert "discussion groups" in run.output and "meetings:" in run.output
    run = runner.invoke(
        main, ["plan", str(instance_path), "--no-groups", "--out", str(cohorts_only)]
    )
    assert run.exit_code == 0, run.output
    assert "discussion groups" not in run.output
    run = runner.invoke(main, ["check", str(instance_path), str(grouped)])
    assert run.exit_code == 0 and "valid (cohorts+groups)" in run.output, run.output
    run = runner.invoke(main, ["check", str(instance_path), str(cohorts_only)])
    assert run.exit_code == 0 and "valid (cohorts)" in run.output, run.output

    broken = json.loads(grouped.read_text(encoding="utf-8"))
    broken["cohorts"][0]["gatherings"][1]["groups"][0]["participants"].pop()
    grouped.write_text(json.dumps(broken), encoding="utf-8")
    run = runner.invoke(main, ["check", str(instance_path), str(grouped)])
    assert run.exit_code == 1 and "[H4]" in run.output, run.output


def test_cli_reports_group_infeasibility_without_a_traceback(tmp_path: Path) -> None:
    instance_path = tmp_path / "instance.yaml"
    write_instance(
        make_group_instance({"1001": ["staff_support"] * 3}, groups={"merge_into": {}}),
        instance_path,
    )
    run = CliRunner().invoke(main, ["plan", str(instance_path), "--out", str(tmp_path / "p.json")])
    assert run.exit_code == 1
    assert "reason:" in run.output and "smallest discussion group" in run.output
    assert run.exception is None or isinstance(run.exception, SystemExit)


@pytest.mark.slow
def test_vestland_groups_are_proven_optimal_and_valid() -> None:
    instance = vestland_instance()
    result = solve(instance)
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    reports = [r for r in result.stage_results if r.name == "groups"]
    assert len(reports) == 8 and all(r.gap == 0.0 for r in reports)
    areas = Counter(g.service_area for c in plan.cohorts for g in c.gatherings[0].groups)
    assert "culture" not in areas  # one culture leader in Bergen's cohort: merged into education
    assert plan.meetings is not None and plan.meetings.pairs_met > 0
