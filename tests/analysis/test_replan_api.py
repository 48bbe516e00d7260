"""``kompetanse_opt.replan``: the old signature still works; changes, warnings, the diff and the
notifications come back as data (JSON-serialisable dataclasses)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from builders import make_instance
from kompetanse_opt import AddRegistrations, Withdraw, replan, solve


def test_old_signature_and_changes_as_data(tmp_path: Path) -> None:
    instance = make_instance(
        [3, 4, 2, 2], together=[{"id": "t", "municipalities": ["1001", "1002"]}]
    )
    previous = solve(instance).require_plan()
    plain = replan(instance, previous, 0)  # max_moves, positional, as before
    assert plain.result.status.has_plan and plain.diff.empty and plain.notifications == []
    sheet = tmp_path / "late.csv"
    sheet.write_text("kommune,målgruppe,tjenesteområde\nM1003,2,health_care\n", encoding="utf-8")
    outcome = replan(
        instance,
        previous,
        changes=[Withdraw("M1001"), AddRegistrations(source=sheet)],
    )
    assert outcome.warnings == [
        "M1001 withdrawn: together-set 't' dropped (fewer than two members left)"
    ]
    assert [m.participant for m in outcome.diff.added] == ["1003-01"]
    assert {m.municipality for m in outcome.diff.withdrawn} == {"1001"}
    told = {n.recipient: n.messages for n in outcome.notifications}
    assert told["1001"] == [
        f"withdrawal of 3 participant(s) from cohort {outcome.diff.withdrawn[0].before} recorded"
    ]
    assert told["1003"][0].startswith("1 new participant(s) placed in cohort")
    json.dumps([asdict(n) for n in outcome.notifications])
    json.dumps(asdict(outcome.diff))
    assert outcome.instance is not None and outcome.instance.baseline is not None
