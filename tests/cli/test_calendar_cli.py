"""The ``calendar`` command and dated plans through the command line (in-process)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from calendar_builders import make_dated_instance
from kompetanse_opt import read_plan
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.loading import write_instance

INSTANCE = make_dated_instance()


def test_cli_plan_then_calendar(tmp_path: Path) -> None:
    runner = CliRunner()
    write_instance(INSTANCE, tmp_path / "instance.yaml")
    result = runner.invoke(
        main, ["plan", str(tmp_path / "instance.yaml"), "--out", str(tmp_path / "plan.json")]
    )
    assert result.exit_code == 0, result.output
    assert "dates and facilitators" in result.output
    assert read_plan(tmp_path / "plan.json").require_plan().politician_sessions
    args = ["calendar", str(tmp_path / "plan.json"), "--out", str(tmp_path / "ics")]
    result = runner.invoke(main, [*args, "--instance", str(tmp_path / "instance.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ics" / "cohort-1.ics").exists()


def test_cli_calendar_refuses_a_cohort_only_plan(tmp_path: Path) -> None:
    runner = CliRunner()
    write_instance(INSTANCE, tmp_path / "instance.yaml")
    plan_args = ["plan", str(tmp_path / "instance.yaml"), "--out", str(tmp_path / "plan.json")]
    assert runner.invoke(main, [*plan_args, "--no-calendar"]).exit_code == 0
    args = ["calendar", str(tmp_path / "plan.json"), "--out", str(tmp_path / "ics")]
    result = runner.invoke(main, [*args, "--instance", str(tmp_path / "instance.yaml")])
    assert result.exit_code == 2 and "the plan has no dates" in result.output
    assert not (tmp_path / "ics").exists()


def test_cli_bad_date_writes_nothing(tmp_path: Path) -> None:
    text = tmp_path / "instance.yaml"
    write_instance(INSTANCE, text)
    text.write_text(
        text.read_text(encoding="utf-8").replace("2025-12-31", "2025-12-32"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["plan", str(text), "--out", str(tmp_path / "plan.json")])
    assert result.exit_code == 2 and "calendar.horizon_end" in result.output
    assert not (tmp_path / "plan.json").exists()
