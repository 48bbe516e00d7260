"""Hypothesis: the speaker model and the checker agree on random tiny pools (same dated plan)."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetanse_opt.check import check
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.speakers.stage import solve_speakers_stage
from speaker_builders import brute_force, dated, make_speaker_instance, speaker

CAPABILITIES = ("agile", "data_driven")


@cache
def base_plan() -> Plan:
    return dated(make_speaker_instance())


@st.composite
def pools(draw: st.DrawFn) -> list[dict[str, Any]]:
    plan = base_plan()
    days = sorted({d for c in plan.cohorts for g in c.gatherings for d in g.dates})
    out = []
    for i in range(draw(st.integers(1, 3))):
        off = draw(st.lists(st.sampled_from(days), max_size=3, unique=True))
        out.append(
            speaker(
                f"s{i}",
                kind="speaker" if i < 2 else draw(st.sampled_from(["speaker", "guest"])),
                capabilities=draw(st.lists(st.sampled_from(CAPABILITIES), min_size=1, unique=True)),
                unavailable=[{"start": str(d)} for d in sorted(off)],
                max_gatherings=draw(st.none() | st.integers(1, 3)),
                fee=draw(st.integers(0, 60)) * 1000,
                home=draw(st.sampled_from(["1001", "1002", "1003", "1004"])),
            )
        )
    return out


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pool=pools(), theme=st.sampled_from([None, "agile", "data_driven"]))
def test_model_and_checker_agree(pool: list[dict[str, Any]], theme: str | None) -> None:
    themes = {"themes": [{"gathering": 1, "capabilities": [theme]}] if theme else []}
    instance = make_speaker_instance(pool, speaker_settings=themes)
    plan = base_plan()
    data = prepare(instance)
    report, placed = solve_speakers_stage(data, EngineSettings(10, 0, 1), plan)
    expected = brute_force(instance, plan)
    if expected is None:
        assert placed is None
        return
    assert placed is not None, report
    assert check(instance, placed) == []
    assert report.objective == expected
    recomputed = evaluate_terms(data, placed)
    assert report.terms == {k: v for k, v in recomputed.items() if k in report.terms}
