"""Plan files are bound to their instance; no plan, no file (issue 13, items 3 and 4)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_runner import cli, error_lines

from builders import make_instance
from kompetanse_opt.model.loading import write_instance


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """a.yaml planned into a.json; b.yaml is another instance (other name and sizes)."""
    monkeypatch.chdir(tmp_path)
    write_instance(make_instance([3, 4, 2]), tmp_path / "a.yaml")
    write_instance(make_instance([3, 4, 3]).replace(name="other"), tmp_path / "b.yaml")
    assert cli("plan", "a.yaml", "--out", "a.json").exit_code == 0
    return tmp_path


REFUSING = {
    "check": ("check", "b.yaml", "a.json"),
    "check --instance": ("check", "a.json", "--instance", "b.yaml"),
    "calendar": ("calendar", "a.json", "--out", "ics", "--instance", "b.yaml"),
    "export": ("export", "a.json", "--csv", "csv", "--instance", "b.yaml"),
    "report": ("report", "a.json", "--out", "r.html", "--instance", "b.yaml"),
    "budget": ("budget", "a.json", "--instance", "b.yaml"),
    "replan": ("replan", "b.yaml", "a.json", "--out", "new.json"),
}


@pytest.mark.parametrize("command", sorted(REFUSING))
def test_a_plan_of_another_instance_is_refused_in_one_line(folder: Path, command: str) -> None:
    before = sorted(p.name for p in folder.iterdir())
    result = cli(*REFUSING[command])
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 1 and len(result.stderr.splitlines()) == 1
    assert "a.json: instance: the plan belongs to instance 'test' (a.yaml" in lines[0]
    assert "not to the instance given, 'other' (b.yaml" in lines[0]
    assert result.stdout == ""
    assert sorted(p.name for p in folder.iterdir()) == before


def test_same_name_other_content_is_refused_too(folder: Path) -> None:
    write_instance(make_instance([3, 4, 3]), folder / "c.yaml")  # also named 'test'
    result = cli("report", "a.json", "--out", "r.html", "--instance", "c.yaml")
    assert result.exit_code == 2 and len(error_lines(result)) == 1
    assert not (folder / "r.html").exists()


def test_a_foreign_embedded_plan_gets_one_line_not_violations(folder: Path) -> None:
    assert cli("plan", "--no-groups", "--no-calendar", "--out", "v.json").exit_code == 0
    result = cli("check", "a.yaml", "v.json")
    assert result.exit_code == 2
    assert len(error_lines(result)) == 1 and len(result.stderr.splitlines()) == 1
    assert "'DigiVestland 2025' (embedded Vestland data" in result.stderr
    assert "[H" not in result.stdout


def test_the_recorded_instance_is_used_without_instance(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The recorded 'a.yaml' is relative: found next to the plan file, from any folder.
    os.chdir(elsewhere)
    checked = cli("check", "../a.json")
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith("valid (")
    budget = cli("budget", "../a.json", "--json")
    assert budget.exit_code == 0 and json.loads(budget.stdout)["participants"] == 9
    assert cli("report", "../a.json", "--out", "r.html").exit_code == 0
    assert (elsewhere / "r.html").exists()


def test_a_missing_recorded_file_is_named(folder: Path) -> None:
    (folder / "a.yaml").rename(folder / "moved.yaml")
    result = cli("check", "a.json")
    assert result.exit_code == 2
    assert error_lines(result) == [
        "error: a.json: instance: made from instance 'test' ('a.yaml', which is not found):"
        " give --instance FILE"
    ]
    assert cli("check", "a.json", "--instance", "moved.yaml").exit_code == 0


def test_an_old_plan_file_still_loads_and_says_so(folder: Path) -> None:
    data = json.loads((folder / "a.json").read_text())
    del data["instance"]
    (folder / "old.json").write_text(json.dumps(data))
    result = cli("check", "a.yaml", "old.json")
    assert result.exit_code == 0
    assert "old.json does not name its instance" in result.stderr
    # Without an instance: the embedded data, as before, with the note (and its violations).
    embedded = cli("check", "old.json")
    assert embedded.exit_code == 1
    assert "using the embedded Vestland data" in embedded.stderr


def test_no_plan_no_file(folder: Path) -> None:
    impossible = make_instance([3, 4, 2], cohorts={"count": 1, "capacity": 5, "gatherings": 1})
    write_instance(impossible, folder / "x.yaml")
    result = cli("plan", "x.yaml", "--out", "x.json")
    assert result.exit_code == 1
    assert not (folder / "x.json").exists()
    assert "plan written" not in result.stdout and "nothing written" in result.stdout
    assert "reason:" in result.stdout


def test_replan_without_a_plan_within_the_budget_writes_nothing(folder: Path) -> None:
    instance = make_instance([3, 3, 2, 2], cohorts={"count": 2, "capacity": 5, "gatherings": 1})
    write_instance(instance, folder / "p.yaml")
    assert cli("plan", "p.yaml", "--out", "p.json").exit_code == 0
    plan = json.loads((folder / "p.json").read_text())
    mover = plan["cohorts"][0]["municipalities"][0]
    other = 2 if plan["cohorts"][0]["id"] == 1 else 1
    pins = {"municipalities": [{"municipality": mover, "cohort": other}]}
    write_instance(instance.replace(pins=pins), folder / "p.yaml")  # edited in place
    refused = cli("replan", "p.json", "--out", "q.json", "--max-moves", "0")
    assert refused.exit_code == 1
    assert not (folder / "q.json").exists()
    assert "plan written" not in refused.stdout
    assert "reason: no plan moves at most 0 participant(s)" in refused.stdout
    moved = cli("replan", "p.json", "--out", "q.json")
    assert moved.exit_code == 0 and (folder / "q.json").exists()
    people = sum(p.municipality == mover for p in instance.participants)
    assert f"M{mover} ({people} participants): cohort" in moved.stdout
    assert "bound None" not in moved.stdout and " gap " in moved.stdout
    # The new plan records the edited file; checking it needs no --instance.
    assert cli("check", "q.json").exit_code == 0


def test_the_path_is_recorded_relative_to_the_plan_file(folder: Path) -> None:
    assert cli("plan", "a.yaml", "--out", "out/p.json").exit_code == 0
    recorded = json.loads((folder / "out" / "p.json").read_text())["instance"]
    assert recorded["path"] == "../a.yaml" and recorded["embedded"] is False
    os.chdir(folder / "out")
    assert cli("check", "p.json").exit_code == 0
    # A re-plan written elsewhere records the same file, relative to its own folder.
    assert cli("replan", "p.json", "--out", "deeper/q.json").exit_code == 0
    again = json.loads((folder / "out" / "deeper" / "q.json").read_text())["instance"]
    assert again["path"] == "../../a.yaml" and again["fingerprint"] == recorded["fingerprint"]
