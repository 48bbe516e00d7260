"""The CLI says in plain words what holds for the whole plan (issue 13, item 1)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from builders import make_group_instance, make_instance
from kompetanse_opt.cli.main import main
from kompetanse_opt.cli.summary import plan_claim
from kompetanse_opt.model.loading import write_instance
from kompetanse_opt.model.plan import Result, SolveStatus, read_plan


def _plan(tmp_path: Path, instance_file: Path) -> tuple[str, Result]:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(main, ["plan", str(instance_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output, read_plan(out)


def test_a_proven_cohort_only_plan_says_optimal_for_the_whole_objective(tmp_path: Path) -> None:
    instance = tmp_path / "instance.yaml"
    write_instance(make_instance([3, 4, 2, 5]), instance)
    output, result = _plan(tmp_path, instance)
    assert result.status is SolveStatus.OPTIMAL
    assert "plan: optimal (proven for the whole objective)" in output


def test_a_stage_wise_plan_says_so_with_its_whole_plan_gap(tmp_path: Path) -> None:
    people = {"1001": ["health_care"] * 2, "1002": ["health_care"], "1003": ["health_care"]}
    people["1004"] = ["health_care"] * 2
    instance = tmp_path / "instance.yaml"
    groups = {"min_size": 2, "max_size": 3, "max_size_difference": 0, "size_scale": 1}
    # Gathering by gathering (the joint method would find the whole optimum, issue 15).
    groups |= {"same_municipality": "allow", "method": "sequential", "mix": {}}
    write_instance(
        make_group_instance(
            people,
            populations=dict.fromkeys(people, 300),
            groups=groups,
            weights={"group_size_spread": 0, "meeting_repeats": 1, "participant_repeats": 0},
        ),
        instance,
    )
    output, result = _plan(tmp_path, instance)
    assert result.status is SolveStatus.STAGE_OPTIMAL
    assert "plan: each stage optimal given the earlier stages; whole-plan gap" in output
    assert f"against bound {result.bound}" in output
    assert "stage-level (each given the earlier stages): cohorts optimal" in output
    assert "plan: optimal" not in output


def test_feasible_and_no_bound_wordings() -> None:
    feasible = Result(status=SolveStatus.FEASIBLE, objective=110, bound=100, gap=10 / 110)
    assert plan_claim(feasible) == "plan: feasible, whole-plan gap 9.09 % against bound 100"
    ranked = Result(status=SolveStatus.STAGE_OPTIMAL, objective=110)
    assert "no bound for the whole objective" in plan_claim(ranked)
    assert plan_claim(Result(status=SolveStatus.UNKNOWN)) == ""
