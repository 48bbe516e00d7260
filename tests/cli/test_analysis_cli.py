"""The analysis commands (budget, generate, sweep) through the command line (in-process)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kompetanse_opt.analysis.generator import generate
from kompetanse_opt.cli.main import main
from kompetanse_opt.model.loading import load_instance
from scenario_files import scenario_file


def test_budget_command_prints_the_seed_table() -> None:
    result = CliRunner().invoke(main, ["budget"])
    assert result.exit_code == 0, result.output
    for figure in ("2 629 000", "1 729 000", "8 645", "13 145"):
        assert figure in result.output


def test_generate_command_writes_a_loadable_instance(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "big.json"
    result = CliRunner().invoke(
        main, ["generate", "--scale", "2", "--seed", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert load_instance(out).model_dump() == generate(2, seed=1).model_dump()


def test_sweep_command_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["sweep", str(scenario_file(tmp_path)), "--out", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "sweep.csv").exists() and (out / "sweep.json").exists()
    assert len(list((out / "plans").glob("*.json"))) == 3
    assert "typo: invalid" in result.output
