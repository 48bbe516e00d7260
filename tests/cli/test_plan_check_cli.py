"""Plan, check, schema and example through the command line, in-process (click's runner).

The real entry points (``python -m kompetanse_opt``, the console script) are run in ``tests/e2e``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from builders import make_instance
from cli_helpers import Cli, no_traceback
from kompetanse_opt.model.loading import write_instance


def test_plan_check_round_trip(tmp_path: Path, cli: Cli) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4, 2, 5]), instance)
    planned = cli("plan", str(instance), "--out", "plan.json", "--seed", "1", "--threads", "2")
    assert planned.exit_code == 0, planned.stderr
    assert "status optimal" in planned.stdout
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["gap"] == 0.0
    assert {"status", "objective", "bound", "gap", "terms", "cohorts"} <= set(plan)
    assert set(plan["cohorts"][0]) >= {"id", "municipalities", "participants", "gatherings"}
    checked = cli("check", str(instance), "plan.json")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("valid")


def test_check_lists_violations_with_exit_1(tmp_path: Path, cli: Cli) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4, 2, 5]), instance)
    assert cli("plan", str(instance), "--out", "plan.json").exit_code == 0
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    plan["cohorts"][0]["participants"].pop()
    (tmp_path / "broken.json").write_text(json.dumps(plan), encoding="utf-8")
    checked = cli("check", str(instance), "broken.json")
    assert checked.exit_code == 1 and no_traceback(checked)
    assert "[H1]" in checked.stdout and "in no cohort" in checked.stdout


def test_bad_instance_exits_2_without_traceback_or_output(tmp_path: Path, cli: Cli) -> None:
    data = make_instance([3, 4]).model_dump(mode="json", exclude_none=True)
    data["participants"][5]["municipality"] = "4699"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = bad.read_bytes()
    result = cli("plan", str(bad), "--out", "plan.json")
    assert result.exit_code == 2 and no_traceback(result)
    assert "participants[5].municipality: unknown municipality '4699'" in result.stderr
    assert "bad.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "plan.json").exists()
    assert bad.read_bytes() == before


def test_bad_plan_file_exits_2(tmp_path: Path, cli: Cli) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4]), instance)
    (tmp_path / "plan.json").write_text('{"status": "great"}', encoding="utf-8")
    result = cli("check", str(instance), "plan.json")
    assert result.exit_code == 2 and no_traceback(result)
    assert "plan.json: status:" in result.stderr
    assert "Traceback" not in result.stderr


def test_infeasible_instance_reports_counting_cause(tmp_path: Path, cli: Cli) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(
        make_instance([5, 5, 5], cohorts={"count": 1, "capacity": 10, "gatherings": 1}), instance
    )
    result = cli("plan", str(instance), "--out", "plan.json")
    assert result.exit_code == 1 and no_traceback(result)
    assert "status infeasible" in result.stdout
    assert "cohort capacity 10 × 1 cohorts = 10 < 15 participants" in result.stdout


def test_schema_and_example(tmp_path: Path, cli: Cli) -> None:
    for which in ("instance", "plan"):
        schema = cli("schema", which)
        assert schema.exit_code == 0
        assert json.loads(schema.stdout)["type"] == "object"
    example = cli("example", "--out", "ex")
    assert example.exit_code == 0, example.stderr
    assert (tmp_path / "ex" / "instance.yaml").exists()
    assert (
        (tmp_path / "ex" / "travel_matrix.csv")
        .read_text(encoding="utf-8")
        .startswith("municipality,venue,minutes")
    )


@pytest.mark.slow  # the plan itself: tests/solver/test_vestland_plan.py; the commands: above
def test_embedded_vestland_plan_is_optimal_and_valid(tmp_path: Path, cli: Cli) -> None:
    result = cli("plan", "--out", "plan.json")
    assert result.exit_code == 0, result.stderr
    example = cli("example", "--out", "ex")
    assert example.exit_code == 0
    checked = cli("check", "ex/instance.yaml", "plan.json")
    assert checked.exit_code == 0, checked.stdout
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    # Every stage proven optimal given the earlier ones; the whole plan is not proven optimal.
    assert plan["status"] == "stage_optimal" and plan["gap"] > 0
    assert all(r["status"] == "optimal" for r in plan["stage_results"])
    assert sorted(len(c["participants"]) for c in plan["cohorts"]) == [50, 50, 50, 50]


def test_error_messages_keep_square_brackets(tmp_path: Path, cli: Cli) -> None:
    data = make_instance([3, 4]).model_dump(mode="json", exclude_none=True)
    data["participants"][0]["municipality"] = "[bold]9999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = cli("plan", str(bad))
    assert result.exit_code == 2 and no_traceback(result)
    assert "[bold]9999" in result.stderr
