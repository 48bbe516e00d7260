"""``hours`` and ``letters`` print Norwegian with ``--lang nb`` (issue 18, item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_norwegian_output import english_words

from content_builders import make_learning_instance
from kompetanse_opt import solve, write_plan
from kompetanse_opt.cli import main
from kompetanse_opt.model.loading import write_instance


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hours_nb")
    instance = make_learning_instance()
    write_instance(instance, folder / "instance.yaml")
    write_plan(solve(instance, seed=1, workers=1), folder / "plan.json")
    return folder / "instance.yaml", folder / "plan.json"


def test_hours_prints_norwegian(planned: tuple[Path, Path]) -> None:
    instance_path, plan_path = planned
    args = ["hours", str(plan_path), "--instance", str(instance_path)]
    result = CliRunner().invoke(main, [*args, "--lang", "nb"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Kull 1:" in result.stdout and "selvstudiemoduler A; B, 3 t" in result.stdout
    assert "Timer per deltaker etter målgruppe" in result.stdout
    assert english_words(result.stdout) == set(), result.stdout
    english = CliRunner().invoke(main, args, terminal_width=200).stdout
    assert "Cohort 1:" in english and ": self-study modules A; B, 3 h" in english


def test_letters_prints_norwegian(planned: tuple[Path, Path], tmp_path: Path) -> None:
    instance_path, plan_path = planned
    args = ["letters", str(plan_path), "--instance", str(instance_path), "--out", str(tmp_path)]
    result = CliRunner().invoke(main, [*args, "--lang", "nb"])
    assert result.exit_code == 0, result.output
    assert "skrev" in result.stdout and "åpne index.html" in result.stdout
    assert english_words(result.stdout) == set(), result.stdout
    result = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert "wrote" in result.stdout
