"""The real entry points in a child process: ``python -m kompetanse_opt`` and the installed
``kompetanse-opt`` console script. Everything else about the command line is tested in-process
(``tests/cli``); these few check what only a real process shows: exit codes, stdout and stderr
kept apart, and no traceback on bad input.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builders import make_instance
from kompetanse_opt import check, read_plan, solve, write_plan
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.plan import SolveStatus

pytestmark = pytest.mark.e2e


def console_script() -> str:
    """The ``kompetanse-opt`` script installed beside this interpreter (or on PATH)."""
    beside = Path(sys.executable).parent / "kompetanse-opt"
    found = str(beside) if beside.exists() else shutil.which("kompetanse-opt")
    assert found, "the kompetanse-opt console script is not installed (pip install -e .)"
    return found


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def module(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "kompetanse_opt", *args], cwd)


def test_module_plans_a_valid_optimal_plan(tmp_path: Path) -> None:
    instance = make_instance([3, 4, 2, 5])
    write_instance(instance, tmp_path / "instance.yaml")
    planned = module(
        "plan", "instance.yaml", "--out", "plan.json", "--seed", "1", "--threads", "2",
        cwd=tmp_path,
    )  # fmt: skip
    assert planned.returncode == 0, planned.stderr
    assert "status optimal" in planned.stdout
    result = read_plan(tmp_path / "plan.json")
    assert result.status is SolveStatus.OPTIMAL and result.gap == 0.0
    assert check(instance, result.require_plan()) == []


def test_bad_instance_exits_2_on_stderr_without_traceback_or_output(tmp_path: Path) -> None:
    data = make_instance([3, 4]).model_dump(mode="json", exclude_none=True)
    data["participants"][5]["municipality"] = "[bold]4699"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = bad.read_bytes()
    result = module("plan", "bad.json", "--out", "plan.json", cwd=tmp_path)
    assert result.returncode == 2
    assert "participants[5].municipality:" in result.stderr and "'[bold]4699'" in result.stderr
    assert "bad.json" in result.stderr and "error" not in result.stdout
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "plan.json").exists()
    assert bad.read_bytes() == before


def test_console_script_check_lists_violations_with_exit_1(tmp_path: Path) -> None:
    instance = make_instance([3, 4, 2, 5])
    write_instance(instance, tmp_path / "instance.yaml")
    write_plan(solve(instance), tmp_path / "plan.json")
    plan = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    plan["cohorts"][0]["participants"].pop()
    (tmp_path / "broken.json").write_text(json.dumps(plan), encoding="utf-8")
    result = run([console_script(), "check", "instance.yaml", "broken.json"], tmp_path)
    assert result.returncode == 1
    assert "[H1]" in result.stdout and "in no cohort" in result.stdout
    assert "Traceback" not in result.stderr
