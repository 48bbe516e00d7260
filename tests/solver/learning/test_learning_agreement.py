"""Checker and model agree on random tiny catalogues: the stage's plan is valid and as good as the
best placement brute force finds, and it finds none exactly when brute force finds none."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from content_builders import make_learning_instance, tiny_catalogue
from kompetanse_opt import check, solve
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.learning_hours import dated_sessions, windows
from kompetanse_opt.model.learning_plan import LearningPath, SelfStudyWindow, SessionContent
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective.learning_terms import self_study_peak
from kompetanse_opt.solver.engine import EngineSettings
from kompetanse_opt.solver.learning.model import places_of
from kompetanse_opt.solver.learning.stage import solve_learning_stage

FORMATS = ("self_study", "self_study", "gathering_session", "local_session", "closing_session")


@cache
def dated_plan() -> Plan:
    """One cohort's dated plan of the tiny instance (the learning stage left out)."""
    instance = make_learning_instance()
    plan = solve(instance, seed=1, workers=1, skip=("learning",)).require_plan()
    return plan.model_copy(update={"cohorts": plan.cohorts[:1]})


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 5))
    modules = []
    for i in range(n):
        earlier = [m["id"] for m in modules]
        modules.append(
            {
                "id": f"m{i}",
                "name_nb": f"M{i}",
                "format": draw(st.sampled_from(FORMATS)),
                "hours": draw(st.sampled_from([0.5, 1.0, 2.0, 3.0, 5.0])),
                "order": draw(st.integers(0, 3)) + 10 * i // 3,
                "capabilities": [draw(st.sampled_from(["vision", "agile", "data"]))],
                "prerequisites": draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                if earlier
                else [],
            }
        )
    for m in modules:  # prerequisites may not come later in the order
        order = {x["id"]: x["order"] for x in modules}
        m["prerequisites"] = [p for p in m["prerequisites"] if order[p] <= m["order"]]
    per_week = draw(st.sampled_from([1.0, 2.0, 4.0]))
    return tiny_catalogue(
        modules=modules,
        required={1: [], 2: [], 3: [], 4: []},
        self_study={"max_hours_per_week": per_week, "preparation_days": 7},
    )


def _brute_force(instance: Instance, plan: Plan) -> int | None:
    catalogue = instance.content
    assert catalogue is not None
    cohort = plan.cohorts[0]
    sessions = dated_sessions(cohort)
    wins = windows(sessions, catalogue.self_study.preparation_days)
    data = prepare(instance)
    best: int | None = None
    options = [places_of(m, sessions) for m in catalogue.modules]
    for combo in itertools.product(*options):
        at: dict[int, list[str]] = {}
        for m, k in zip(catalogue.modules, combo, strict=True):
            at.setdefault(k, []).append(m.id)
        path = LearningPath(
            sessions=[
                SessionContent(kind=s.kind, index=s.index, modules=at.get(2 * k + 1, []))  # type: ignore[arg-type]
                for k, s in enumerate(sessions)
            ],
            windows=[
                SelfStudyWindow(
                    before_kind=w.before.kind,  # type: ignore[arg-type]
                    before_index=w.before.index,
                    start=w.start,
                    end=w.end,
                    modules=at.get(2 * k, []),
                )
                for k, w in enumerate(wins)
            ],
        )
        trial = plan.model_copy(
            update={
                "cohorts": [cohort.model_copy(update={"learning_path": path})],
                "stages": (*plan.stages, "learning"),
            }
        )
        if check(instance, trial, ("learning",)):
            continue
        value = self_study_peak(data, trial)
        best = value if best is None else min(best, value)
    return best


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=catalogues())
def test_stage_and_checker_agree_with_brute_force(content: dict[str, Any]) -> None:
    instance = make_learning_instance(content)
    plan = dated_plan()
    data = prepare(instance)
    _, placed, reasons = solve_learning_stage(data, EngineSettings(10.0, 0, 1), plan)
    best = _brute_force(instance, plan)
    event("no placement" if placed is None else "placed")
    if placed is None:
        assert best is None
        assert reasons
    else:
        assert check(instance, placed, ("learning",)) == []
        assert self_study_peak(data, placed) == best
