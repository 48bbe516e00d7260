"""The speaker stage against brute force on tiny pools, and the embedded plan's speakers."""

from __future__ import annotations

from typing import Any

import pytest

from kompetanse_opt.check import check
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.pipeline import planned_stages, solve
from kompetanse_opt.solver.speakers.stage import solve_speakers_stage
from speaker_builders import brute_force, dated, make_speaker_instance, speaker

POOLS: list[list[dict[str, Any]]] = [
    [speaker("s1"), speaker("s2", home="1002", fee=10_000)],
    [
        speaker("s1", max_gatherings=2),
        speaker("s2", capabilities=["agile"], home="1003"),
        speaker("g1", kind="guest", capabilities=["data_driven"]),
    ],
    [
        speaker("s1", unavailable=[{"start": "2025-01-01", "end": "2025-02-28"}]),
        speaker("s2", max_gatherings=2, fee=50_000),
        speaker("s3", lat=61.0, lon=6.0, home=None, fee=0, capabilities=["data_driven"]),
        speaker("g1", kind="guest", max_gatherings=2),
    ],
]


@pytest.mark.slow
@pytest.mark.parametrize("pool", POOLS)
def test_stage_matches_brute_force(pool: list[dict[str, Any]]) -> None:
    themes = {"themes": [{"gathering": 2, "capabilities": ["data_driven"]}]}
    instance = make_speaker_instance(pool, speaker_settings=themes)
    plan = dated(instance)
    data = prepare(instance)
    report, placed = solve_speakers_stage(data, EngineSettings(10, 0, 1), plan)
    expected = brute_force(instance, plan)
    if expected is None:
        assert placed is None
        return
    assert placed is not None and report.status.value == "optimal"
    assert check(instance, placed) == []
    assert report.objective == expected


def test_without_a_pool_the_stage_does_not_run() -> None:
    from calendar_builders import make_dated_instance

    assert "speakers" not in planned_stages(make_dated_instance())
    assert "speakers" in planned_stages(make_speaker_instance())
    assert "speakers" not in planned_stages(make_speaker_instance().replace(calendar=None))


@pytest.mark.slow
def test_the_embedded_plan_has_one_available_speaker_per_gathering() -> None:
    from kompetanse_opt.model.speakers import gathering_needs
    from kompetanse_opt.model.vestland import vestland_instance

    instance = vestland_instance()
    result = solve(instance, time_limit=30)
    plan = result.require_plan()
    assert "speakers" in plan.stages and check(instance, plan) == []
    pool = {s.id: s for s in instance.speakers if s.kind == "speaker"}
    busy: set[tuple[str, object]] = set()
    for c in plan.cohorts:
        for g in c.gatherings:
            person = pool[g.speaker or ""]
            assert person.available_on(g.dates)
            needs = gathering_needs(instance, g.index, c)  # the main module's capabilities
            assert needs and person.can_present(needs)
            for day in g.dates:
                assert (person.id, day) not in busy
                busy.add((person.id, day))
