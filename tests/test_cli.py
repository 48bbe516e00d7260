"""The command line through its real entry point (``python -m kompetanse_opt``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from builders import make_instance
from kompetanse_opt.model.loading import write_instance


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kompetanse_opt", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_plan_check_round_trip(tmp_path: Path) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4, 2, 5]), instance)
    planned = run(
        "plan", str(instance), "--out", "plan.json", "--seed", "1", "--threads", "2", cwd=tmp_path
    )
    assert planned.returncode == 0, planned.stderr
    assert "status optimal" in planned.stdout
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert plan["status"] == "optimal" and plan["gap"] == 0.0
    assert {"status", "objective", "bound", "gap", "terms", "cohorts"} <= set(plan)
    assert set(plan["cohorts"][0]) >= {"id", "municipalities", "participants", "gatherings"}
    checked = run("check", str(instance), "plan.json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("valid")


def test_check_lists_violations_with_exit_1(tmp_path: Path) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4, 2, 5]), instance)
    assert run("plan", str(instance), "--out", "plan.json", cwd=tmp_path).returncode == 0
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    plan["cohorts"][0]["participants"].pop()
    (tmp_path / "broken.json").write_text(json.dumps(plan), encoding="utf-8")
    checked = run("check", str(instance), "broken.json", cwd=tmp_path)
    assert checked.returncode == 1
    assert "[H1]" in checked.stdout and "in no cohort" in checked.stdout


def test_bad_instance_exits_2_without_traceback_or_output(tmp_path: Path) -> None:
    data = make_instance([3, 4]).model_dump(mode="json", exclude_none=True)
    data["participants"][5]["municipality"] = "4699"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = bad.read_bytes()
    result = run("plan", str(bad), "--out", "plan.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "participants[5].municipality: unknown municipality '4699'" in result.stderr
    assert "bad.json" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "plan.json").exists()
    assert bad.read_bytes() == before


def test_bad_plan_file_exits_2(tmp_path: Path) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4]), instance)
    (tmp_path / "plan.json").write_text('{"status": "great"}', encoding="utf-8")
    result = run("check", str(instance), "plan.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "plan.json: status:" in result.stderr
    assert "Traceback" not in result.stderr


def test_infeasible_instance_reports_counting_cause(tmp_path: Path) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(
        make_instance([5, 5, 5], cohorts={"count": 1, "capacity": 10, "gatherings": 1}), instance
    )
    result = run("plan", str(instance), "--out", "plan.json", cwd=tmp_path)
    assert result.returncode == 1
    assert "status infeasible" in result.stdout
    assert "cohort capacity 10 × 1 cohorts = 10 < 15 participants" in result.stdout


def test_schema_and_example(tmp_path: Path) -> None:
    for which in ("instance", "plan"):
        schema = run("schema", which, cwd=tmp_path)
        assert schema.returncode == 0
        assert json.loads(schema.stdout)["type"] == "object"
    example = run("example", "--out", "ex", cwd=tmp_path)
    assert example.returncode == 0, example.stderr
    assert (tmp_path / "ex" / "instance.yaml").exists()
    assert (
        (tmp_path / "ex" / "travel_matrix.csv")
        .read_text(encoding="utf-8")
        .startswith("municipality,venue,minutes")
    )


def test_embedded_vestland_plan_is_optimal_and_valid(tmp_path: Path) -> None:
    result = run("plan", "--out", "plan.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    example = run("example", "--out", "ex", cwd=tmp_path)
    assert example.returncode == 0
    checked = run("check", "ex/instance.yaml", "plan.json", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    # Every stage proven optimal given the earlier ones; the whole plan is not proven optimal.
    assert plan["status"] == "stage_optimal" and plan["gap"] > 0
    assert all(r["status"] == "optimal" for r in plan["stage_results"])
    assert sorted(len(c["participants"]) for c in plan["cohorts"]) == [50, 50, 50, 50]


def test_error_messages_keep_square_brackets(tmp_path: Path) -> None:
    data = make_instance([3, 4]).model_dump(mode="json", exclude_none=True)
    data["participants"][0]["municipality"] = "[bold]9999"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("plan", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "[bold]9999" in result.stderr
