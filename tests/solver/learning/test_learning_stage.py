"""The learning stage on tiny instances: against brute force, the checker, and the causes."""

from __future__ import annotations

import itertools

import pytest

from content_builders import make_learning_instance, tiny_catalogue
from kompetanse_opt import check, solve
from kompetanse_opt.analysis.explain import explain
from kompetanse_opt.model.learning_hours import dated_sessions, windows
from kompetanse_opt.model.learning_plan import LearningPath, SelfStudyWindow, SessionContent
from kompetanse_opt.model.plan import CohortPlan, Plan, SolveStatus
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.objective.learning_terms import self_study_peak
from kompetanse_opt.solver.learning.model import places_of


def _path(plan: Plan, cohort: CohortPlan, choice: dict[str, int]) -> LearningPath:
    catalogue_sessions = dated_sessions(cohort)
    wins = windows(catalogue_sessions, 7)
    at: dict[int, list[str]] = {}
    for mid, k in choice.items():
        at.setdefault(k, []).append(mid)
    return LearningPath(
        sessions=[
            SessionContent(
                kind=s.kind,
                index=s.index,
                dates=list(s.dates),  # type: ignore[arg-type]
                modules=at.get(2 * k + 1, []),
            )
            for k, s in enumerate(catalogue_sessions)
        ],
        windows=[
            SelfStudyWindow(
                before_kind=w.before.kind,
                before_index=w.before.index,  # type: ignore[arg-type]
                start=w.start,
                end=w.end,
                modules=at.get(2 * k, []),
            )
            for k, w in enumerate(wins)
        ],
    )


def _brute_force_peak(instance, plan: Plan, cohort: CohortPlan) -> int | None:  # type: ignore[no-untyped-def]
    """The least self_study_peak of any valid placement of the cohort's modules."""
    catalogue = instance.content
    sessions = dated_sessions(cohort)
    options = [places_of(m, sessions) for m in catalogue.modules]
    data = prepare(instance)
    best: int | None = None
    for combo in itertools.product(*options):
        choice = {m.id: k for m, k in zip(catalogue.modules, combo, strict=True)}
        one = cohort.model_copy(update={"learning_path": _path(plan, cohort, choice)})
        trial = plan.model_copy(update={"cohorts": [one], "stages": (*plan.stages, "learning")})
        if check(instance, trial, ("learning",)):
            continue
        value = self_study_peak(data, trial)
        best = value if best is None else min(best, value)
    return best


@pytest.mark.slow
def test_stage_matches_brute_force_per_cohort() -> None:
    instance = make_learning_instance()
    result = solve(instance, seed=1, workers=1)
    plan = result.require_plan()
    assert "learning" in plan.stages
    assert check(instance, plan) == []
    dated = plan.model_copy(
        update={
            "stages": tuple(s for s in plan.stages if s != "learning"),
            "cohorts": [c.model_copy(update={"learning_path": None}) for c in plan.cohorts],
        }
    )
    data = prepare(instance)
    for cohort, original in zip(dated.cohorts, plan.cohorts, strict=True):
        one = plan.model_copy(update={"cohorts": [original]})
        assert _brute_force_peak(instance, dated, cohort) == self_study_peak(data, one)
    learning = next(r for r in result.stage_results if r.name == "learning")
    assert learning.status is SolveStatus.OPTIMAL
    assert result.terms["self_study_peak"] == learning.terms["self_study_peak"]


def test_prerequisites_and_order_hold_in_the_plan() -> None:
    instance = make_learning_instance()
    plan = solve(instance, seed=1, workers=1).require_plan()
    for cohort in plan.cohorts:
        assert cohort.learning_path is not None
        where = cohort.learning_path.placement()
        assert where["a"][0] < where["g1"][0]
        assert where["c"][0] < where["g2"][0]
        assert where["g1"][0] <= where["l"][0] <= where["g2"][0] <= where["z"][0]


def test_checker_flags_a_prerequisite_after_its_session() -> None:
    instance = make_learning_instance()
    plan = solve(instance, seed=1, workers=1).require_plan()
    cohort = plan.cohorts[0]
    assert cohort.learning_path is not None
    path = cohort.learning_path
    windows_ = [
        w.model_copy(update={"modules": [m for m in w.modules if m != "a"]}) for w in path.windows
    ]
    windows_[-1] = windows_[-1].model_copy(update={"modules": [*windows_[-1].modules, "a"]})
    bad = cohort.model_copy(update={"learning_path": path.model_copy(update={"windows": windows_})})
    broken = plan.model_copy(update={"cohorts": [bad, *plan.cohorts[1:]]})
    texts = [str(v) for v in check(instance, broken)]
    assert any("[H9]" in t and "prerequisite 'a'" in t for t in texts)


def test_frame_above_is_a_named_cause_from_plan_and_explain() -> None:
    content = tiny_catalogue(frame={"min_hours": 10, "max_hours": 20})
    instance = make_learning_instance(content)
    result = solve(instance, seed=1, workers=1)
    assert result.status is SolveStatus.INFEASIBLE
    # sessions 2 x 8 + 2 x 3.5 = 23 h, self-study 5.5 h (target group 1: 4.5 h)
    assert "target group 1 gets 27.5 h: above the frame of 20 h" in result.reasons[0]
    explanation = explain(instance, time_limit=10)
    assert not explanation.feasible
    assert any(c.label == "H9" and "above the frame of 20 h" in c.text for c in explanation.causes)


def test_uncovered_capability_is_a_cause() -> None:
    content = tiny_catalogue(required={1: ["vision"], 2: ["vision", "missing"]})
    with pytest.raises(Exception, match="unknown capability 'missing'"):
        make_learning_instance(content)
    content = tiny_catalogue()
    content["modules"] = [
        {**m, "target_groups": [1]} if m["id"] == "c" or m["id"] == "g2" else m
        for m in content["modules"]
    ]
    result = solve(make_learning_instance(content), seed=1, workers=1)
    assert result.status is SolveStatus.INFEASIBLE
    assert any("target group 2 must cover capability 'data'" in r for r in result.reasons)


def test_without_catalogue_there_is_no_learning_stage() -> None:
    from calendar_builders import make_dated_instance

    plan = solve(make_dated_instance(), seed=1, workers=1).require_plan()
    assert "learning" not in plan.stages
    assert all(c.learning_path is None for c in plan.cohorts)
