"""Social golfer instances with known optima (benchmarks/social_golfer/README.md): the joint
group model finds a perfect answer (nobody meets anyone twice) and proves it, and proves the
least number of repeats where no perfect answer exists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kompetanse_opt import solve
from kompetanse_opt.check import check
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.objective.group_terms import person_meetings

FOLDER = Path(__file__).parents[3] / "benchmarks" / "social_golfer"


def golfer(people: int, size: int, gatherings: int) -> Instance:
    path = FOLDER / f"golfer_{people}_{size}_{gatherings}.json"
    return Instance.model_validate(json.loads(path.read_text()))


def solved_repeats(instance: Instance) -> int:
    result = solve(instance)
    # The group stage is proven (the whole plan is at least stage_optimal: issue 13).
    assert result.status in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL), result.reasons
    assert all(r.status is SolveStatus.OPTIMAL for r in result.stage_results)
    plan = result.require_plan()
    assert check(instance, plan) == []
    groups = [x.participants for g in plan.cohorts[0].gatherings for x in g.groups]
    repeats = sum(k * (k - 1) // 2 for k in person_meetings(groups).values())
    assert repeats == result.terms["participant_repeats"]
    reports = [r for r in result.stage_results if r.name == "groups"]
    assert reports and all(r.status is SolveStatus.OPTIMAL for r in reports)
    return repeats


@pytest.mark.parametrize("case", [(6, 2, 5), (9, 3, 4)])
def test_perfect_answer_found_and_proven(case: tuple[int, int, int]) -> None:
    assert solved_repeats(golfer(*case)) == 0


@pytest.mark.slow
@pytest.mark.parametrize("case", [(8, 2, 6), (16, 4, 5), (15, 3, 5), (15, 3, 6)])
def test_perfect_answer_found_and_proven_larger(case: tuple[int, int, int]) -> None:
    assert solved_repeats(golfer(*case)) == 0


@pytest.mark.parametrize(("case", "least"), [((6, 2, 6), 3), ((9, 3, 5), 9)])
def test_no_perfect_answer_is_proven(case: tuple[int, int, int], least: int) -> None:
    # One round more than a perfect answer allows: the pigeonhole bound is met and proven.
    assert solved_repeats(golfer(*case)) == least


@pytest.mark.slow
def test_no_perfect_answer_is_proven_sixteen_over_six() -> None:
    assert solved_repeats(golfer(16, 4, 6)) == 24


def test_sequential_method_misses_the_perfect_answer_on_sixteen_over_five() -> None:
    # The reason for the joint model: gathering by gathering, each gathering optimal given the
    # earlier ones, leaves repeats at the last gatherings where a perfect plan exists.
    document = json.loads((FOLDER / "golfer_16_4_5.json").read_text())
    document["groups"]["method"] = "sequential"
    document["weights"]["meeting_repeats"] = 1  # the sequential model's own repeats term
    instance = Instance.model_validate(document)
    result = solve(instance)
    assert check(instance, result.require_plan()) == []
    assert result.terms["participant_repeats"] > 0


def test_short_time_falls_back_to_the_sequential_groups_without_claiming_optimal() -> None:
    instance = golfer(9, 3, 4)
    result = solve(instance, time_limit=0.3)
    plan = result.require_plan()
    assert check(instance, plan) == []
    reports = [r for r in result.stage_results if r.name == "groups"]
    assert reports and all(r.status is not SolveStatus.OPTIMAL for r in reports)
