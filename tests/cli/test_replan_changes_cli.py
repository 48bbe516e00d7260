"""``replan``'s change options: each one, the diff and notifications printed, --json, bad input.

Solver behaviour (what stays fixed) is tested in tests/analysis/test_replan_running.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_runner import cli, error_lines

from calendar_builders import make_dated_instance
from cli_helpers import no_traceback
from kompetanse_opt.cli.json_documents import ReplanDocument
from kompetanse_opt.model.loading import instance_to_data, write_instance


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planned")
    instance = make_dated_instance([3, 4, 2, 5], facilitators=4)
    write_instance(instance, folder / "i.yaml")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = cli("plan", "i.yaml", "--out", "p.json")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("i.yaml", "p.json"):
        shutil.copy(planned / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _plan(folder: Path, name: str = "p.json") -> dict:  # type: ignore[type-arg]
    return json.loads((folder / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_withdraw_by_name_writes_plan_and_instance_and_prints_the_diff(folder: Path) -> None:
    result = cli("replan", "p.json", "--out", "q.json", "--withdraw", "M1003")
    assert result.exit_code == 0, result.output
    assert "withdrawn M1003 (2 participants): was in cohort" in result.stdout
    assert "who must be told:" in result.stdout and "municipality M1003:" in result.stdout
    assert (folder / "q.instance.json").exists()
    assert _plan(folder, "q.json")["instance"]["path"] == "q.instance.json"
    # The new plan records the changed instance: check needs no --instance.
    assert cli("check", "q.json").exit_code == 0


def test_facilitator_unavailable_and_venue_closed_pair_with_their_on(folder: Path) -> None:
    plan = _plan(folder)
    gathering = plan["cohorts"][0]["gatherings"][0]
    who, day = gathering["facilitators"][0], gathering["dates"][0]
    result = cli(
        "replan",
        "p.json",
        "--out",
        "q.json",
        "--facilitator-unavailable",
        who,
        "--on",
        day,
        "--venue-closed",
        "B",
        "--on",
        "2025-01-01..2025-01-10",
    )
    assert result.exit_code == 0, result.output
    new = _plan(folder, "q.json")["cohorts"][0]["gatherings"][0]
    assert who not in new["facilitators"] or new["dates"][0] != day
    changed = json.loads((folder / "q.instance.json").read_text(encoding="utf-8"))
    person = next(f for f in changed["facilitators"] if f["id"] == who)
    assert person["unavailable"][-1]["start"] == day
    assert cli("check", "q.json").exit_code == 0
    venue = next(v for v in changed["venues"] if v["id"] == "b")
    assert venue["blocked"][-1] == {
        "start": "2025-01-01",
        "end": "2025-01-10",
        "name": "closed (re-plan)",
    }


def test_today_and_published_until(folder: Path) -> None:
    day = _plan(folder)["cohorts"][0]["gatherings"][0]["dates"][0]
    result = cli(
        "replan", "p.json", "--out", "q.json", "--today", day, "--published-until", "2025-12-31"
    )
    assert result.exit_code == 0, result.output
    held = _plan(folder, "q.json")["cohorts"][0]["gatherings"][0]
    assert held == _plan(folder)["cohorts"][0]["gatherings"][0]
    # The recorded instance holds the freeze: check reproduces the plan's terms and H11.
    made_for = json.loads((folder / "q.instance.json").read_text(encoding="utf-8"))
    assert made_for["today"] == day and made_for["published_until"] == "2025-12-31"
    assert cli("check", "q.json").exit_code == 0


def test_json_document_has_layers_notifications_and_warnings(folder: Path) -> None:
    result = cli("replan", "p.json", "--out", "q.json", "--withdraw", "1001", "--json")
    assert result.exit_code == 0, result.output
    document = ReplanDocument.model_validate_json(result.stdout)
    assert document.withdrawals[0].name == "M1001" and document.withdrawals[0].after is None
    assert document.lines and document.lines[0].startswith("withdrawn M1001")
    assert any(n.kind == "municipality" and n.name == "M1001" for n in document.notifications)
    assert document.written == "q.json"


def test_add_registrations_from_a_csv(folder: Path) -> None:
    (folder / "late.csv").write_text(
        "kommune,målgruppe,tjenesteområde,navn\n"
        "M1002,2,health_care,Kari Nordmann\n"
        "1004,3,health_care,Ola Nordmann\n",
        encoding="utf-8",
    )
    result = cli("replan", "p.json", "--out", "q.json", "--add", "late.csv")
    assert result.exit_code == 0, result.output
    assert "new M1002 (1 participant)" in result.stdout
    assert "new M1004 (1 participant)" in result.stdout
    added = json.loads((folder / "q.instance.json").read_text(encoding="utf-8"))
    assert {p.get("name") for p in added["participants"]} >= {"Kari Nordmann", "Ola Nordmann"}


def test_an_edited_instance_that_leaves_a_municipality_empty_withdraws_it(folder: Path) -> None:
    data = instance_to_data(make_dated_instance([3, 4, 2, 5], facilitators=4))
    data["participants"] = [p for p in data["participants"] if p["municipality"] != "1002"]
    (folder / "i.yaml").write_text(json.dumps(data), encoding="utf-8")
    result = cli("replan", "p.json", "--out", "q.json")
    assert result.exit_code == 0, result.output
    assert "warning: M1002 has no participants: withdrawn, not planned" in result.stderr
    assert "withdrawn M1002 (4 participants)" in result.stdout
    assert "municipality M1002:" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--withdraw", "Atlantis"), ["--withdraw: unknown municipality 'Atlantis'"]),
        (
            ("--facilitator-unavailable", "f1", "--on", "2025-03-06..2025-03-04"),
            ["--on: '2025-03-06..2025-03-04': the range ends before it starts"],
        ),
        (
            ("--venue-closed", "A", "--on", "soon"),
            ["--on: 'soon' is not a date or a range such as 2025-03-04 or 2025-03-04..2025-03-06"],
        ),
        (("--on", "2025-03-04"), ["--on: '2025-03-04' follows no --facilitator-unavailable"]),
        (("--venue-closed", "A"), ["--venue-closed: 'A' needs --on DATE[..DATE]"]),
        (("--venue-closed", "Nowhere", "--on", "2025-03-04"), ["--venue-closed: unknown venue"]),
        (
            ("--today", "2025-06-01", "--published-until", "2025-05-01"),
            ["--published-until: 2025-05-01 is before --today 2025-06-01"],
        ),
        (("--add", "missing.csv"), ["--add missing.csv: file not found"]),
        (
            ("--today", "2025-06-01", "--venue-closed", "A", "--on", "2025-05-01"),
            ["--venue-closed: 2025-05-01 is on or before today (2025-06-01)"],
        ),
        (
            ("--withdraw", "Atlantis", "--venue-closed", "A", "--on", "x"),
            ["--withdraw: unknown municipality 'Atlantis'", "--on: 'x' is not a date"],
        ),
    ],
)
def test_bad_change_options_one_line_each_exit_2_nothing_written(
    folder: Path, args: tuple[str, ...], expected: list[str]
) -> None:
    result = cli("replan", "p.json", "--out", "q.json", *args)
    assert result.exit_code == 2 and no_traceback(result)
    lines = error_lines(result)
    assert len(lines) == len(expected), lines
    for line, start in zip(sorted(lines), sorted(expected), strict=True):
        assert line.startswith(f"error: {start}"), line
    assert not (folder / "q.json").exists() and not (folder / "q.instance.json").exists()


def test_bad_today_is_a_usage_error(folder: Path) -> None:
    result = cli("replan", "p.json", "--out", "q.json", "--today", "06.12.2026")
    assert result.exit_code == 2 and not (folder / "q.json").exists()


def test_bad_input_with_json_prints_an_error_document(folder: Path) -> None:
    result = cli("replan", "p.json", "--out", "q.json", "--withdraw", "Atlantis", "--json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["kind"] == "error"
    assert document["problems"] == ["--withdraw: unknown municipality 'Atlantis'"]
    assert not (folder / "q.json").exists()
