"""Discussion groups through the command line: plan with and without groups, check."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from builders import make_group_instance
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.loading import write_instance

PEOPLE = {str(1001 + i): ["staff_support", "staff_support", "health_care"] for i in range(5)}


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
