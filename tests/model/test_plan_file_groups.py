"""Plan files keep discussion groups, stages and meetings."""

from __future__ import annotations

import json
from pathlib import Path

from builders import make_group_instance
from kompetanse_opt import check, read_plan, solve, write_plan

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
