"""The speaker stage's fallback: a greedy assignment when the search found nothing in time."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from kompetanse_opt.check import check
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective import weighted_objective
from kompetanse_opt.objective.speaker_terms import SPEAKER_TERMS
from kompetanse_opt.solver.engine import EngineRun, EngineSettings
from kompetanse_opt.solver.speakers import stage
from kompetanse_opt.solver.speakers.greedy import greedy_speakers
from kompetanse_opt.solver.speakers.model import SpeakerModel
from speaker_builders import brute_force, dated, make_speaker_instance, speaker


def test_greedy_plan_is_valid_and_no_better_than_the_optimum() -> None:
    instance = make_speaker_instance(
        [speaker("s1", fee=50_000), speaker("s2", max_gatherings=2), speaker("s3")]
    )
    plan = dated(instance)
    data = prepare(instance)
    placed = greedy_speakers(SpeakerModel(data, plan).build())
    assert placed is not None
    assert check(instance, placed, ("speakers",)) == []
    value = weighted_objective(data, {n: f(data, placed) for n, f in SPEAKER_TERMS.items()})
    best = brute_force(instance, plan)
    assert best is not None and value >= best
    # The dearer speaker only where the cheaper ones are used up: s2 (2) and s3 fill 4 slots.
    assert "s1" not in {g.speaker for c in placed.cohorts for g in c.gatherings}


def test_greedy_gives_up_when_a_gathering_is_left_without_a_speaker() -> None:
    instance = make_speaker_instance([speaker("s1", max_gatherings=1)])
    plan = dated(make_speaker_instance())
    model = SpeakerModel(prepare(instance), plan).build()
    assert greedy_speakers(model) is None


def test_stage_falls_back_to_the_greedy_plan_when_the_search_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    instance = make_speaker_instance()
    plan = dated(instance)
    data = prepare(instance)

    def nothing(*_: object, **__: object) -> EngineRun:
        return EngineRun(cp_model.CpSolver(), SolveStatus.UNKNOWN, 0.01)

    monkeypatch.setattr(stage, "run_with_fallback", nothing)
    settings = EngineSettings(time_limit=1.0, seed=0, workers=1)
    report, placed = stage.solve_speakers_stage(data, settings, plan)
    assert placed is not None and report.status is SolveStatus.FEASIBLE
    assert report.bound is None and report.objective is not None
    assert check(instance, placed, ("speakers",)) == []
