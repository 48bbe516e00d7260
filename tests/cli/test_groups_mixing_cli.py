"""Mixing per person in plain words (issue 15): the plan summary says, per gathering after the
first, how many participants sit with someone they sat with before; the groups table (workbook,
CSV, report) counts them per group."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kompetanse_opt import solve
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.objective.group_terms import sat_with_before

GOLFER = Path(__file__).parents[2] / "benchmarks" / "social_golfer" / "golfer_9_3_4.json"


def test_summary_says_how_many_sit_with_someone_again(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["plan", str(GOLFER), "--out", str(tmp_path / "plan.json")])
    assert run.exit_code == 0, run.output
    text = " ".join(run.output.split())
    for gathering, before in ((2, "gathering 1"), (3, "gatherings 1–2"), (4, "gatherings 1–3")):
        assert (
            f"cohort 1, at gathering {gathering}: 0 of 9 participants sit with someone they sat"
            f" with at {before} (0 pairs of participants meet again)"
        ) in text


def test_sat_with_before_counts_people_and_pairs() -> None:
    document = GOLFER.read_text().replace('"method": "joint"', '"method": "sequential"')
    instance = Instance.model_validate_json(document)
    cohort = solve(instance).require_plan().cohorts[0]
    # Gathering 2 with gathering 1's groups: everyone sits with both former group-mates again.
    again = cohort.model_copy(
        update={
            "gatherings": [
                cohort.gatherings[0],
                cohort.gatherings[1].model_copy(update={"groups": cohort.gatherings[0].groups}),
            ]
        }
    )
    assert sat_with_before(again, 2) == (9, 9, 9)
    assert sat_with_before(again, 1) == (0, 9, 0)
