"""Hostile instance files (issue 14): limits, safe YAML/JSON reading, paths inside instances."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from builders import make_instance
from kompetanse_opt.cli.main import main
from kompetanse_opt.core import limits
from kompetanse_opt.core.errors import InputError, InstanceError
from kompetanse_opt.core.paths import outside_paths_allowed
from kompetanse_opt.core.safe_read import parse_structured, read_structured
from kompetanse_opt.model.loading import instance_to_data, load_instance
from kompetanse_opt.model.problem import prepare

#: A line of a file outside the instance folder that no message may echo.
SECRET_LINE = "SECRETXYZ:x:0:0:SECRETXYZ:/SECRETXYZ:/bin/bash\n"


def _data() -> dict[str, Any]:
    return instance_to_data(make_instance([3, 4, 2]))


def _write(folder: Path, data: dict[str, Any], name: str = "inst.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        prepare(load_instance(path))
    return str(info.value).splitlines()


# -- limits ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["cohorts"].update(capacity=10**12), "cohorts.capacity: at most 100 000"),
        (lambda d: d["cohorts"].update(count=10**9), "cohorts.count"),
        (
            lambda d: d["municipalities"][0].update(population=10**30),
            "municipalities[0].population: at most 100 000 000",
        ),
        (
            lambda d: d.update(weights={"travel_total": 10**15}),
            "weights.travel_total: at most 1 000 000",
        ),
        (
            lambda d: d["venues"][0].update(name="x" * 5000),
            "venues[0].name: at most 300 characters",
        ),
        (lambda d: d.update(name="n" * 1000), "name: at most 300 characters"),
        (
            lambda d: d["travel"]["matrix"][0].update(minutes=10**8),
            "travel.matrix[0].minutes: at most 10 000",
        ),
        (lambda d: d["wishes"].append({"municipality": "1001", "prefers": [10**9]}), "prefers[0]"),
        (lambda d: d.update(solver={"time_limit": "nan"}), "solver.time_limit"),
        (lambda d: d.update(solver={"time_limit": "inf"}), "solver.time_limit"),
        (lambda d: d.update(solver={"seed": 2**70}), "solver.seed: at most"),
        (
            lambda d: d.update(participants=d["participants"] * 40_000),
            "participants: at most 100 000 items",
        ),
    ],
)
def test_values_beyond_the_limits_are_located_one_line_each(
    tmp_path: Path, edit: Any, expected: str
) -> None:
    data = _data()
    edit(data)
    problems = _problems(_write(tmp_path, data))
    assert any(expected in line for line in problems), problems
    assert all(len(line) < 400 for line in problems)


def test_the_largest_allowed_numbers_reach_the_solver_without_overflow() -> None:
    """Every weight, travel time and population at its limit: the solver answers, no traceback."""
    from kompetanse_opt.model.settings import Weights
    from kompetanse_opt.solver.pipeline import solve

    huge = dict.fromkeys(Weights.model_fields, limits.MAX_WEIGHT)
    minutes = {(m, v): limits.MAX_MINUTES for m in ("1001", "1002", "1003") for v in ("a", "b")}
    instance = make_instance([3, 4, 2], minutes=minutes, weights=huge)
    data = instance_to_data(instance)
    for m in data["municipalities"]:
        m["population"] = limits.MAX_POPULATION
    from kompetanse_opt.model.instance import Instance

    result = solve(Instance.model_validate(data), time_limit=5)
    assert result.status.has_plan


def test_time_limit_and_seed_options_are_bounded(tmp_path: Path) -> None:
    runner = CliRunner()
    path = _write(tmp_path, _data())
    for args in (
        ["--time-limit", "nan"],
        ["--time-limit", "inf"],
        ["--time-limit", "-1"],
        ["--seed", str(2**64)],
        ["--seed", str(2**63)],
    ):
        result = runner.invoke(main, ["plan", str(path), "--out", str(tmp_path / "p.json"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert not (tmp_path / "p.json").exists()


# -- safe YAML and JSON ----------------------------------------------------------------------


def _bad(text: str, json_syntax: bool = False) -> str:
    with pytest.raises(InputError) as info:
        parse_structured(text, json_syntax)
    return str(info.value)


def test_duplicate_keys_are_refused_with_their_line() -> None:
    assert "line 3, column 1: duplicate key 'capacity'" in _bad("a: 1\ncapacity: 2\ncapacity: 3\n")
    assert "duplicate key 'a'" in _bad('{"a": 1, "b": {"x": 1}, "a": 2}', json_syntax=True)
    assert "duplicate key 'x'" in _bad("top:\n  x: 1\n  x: 2\n")


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    assert "nested deeper than" in _bad("[" * 100_000, json_syntax=True)
    assert "nested deeper than" in _bad("[" * 100_000)
    assert "nested deeper than" in _bad("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 200)))
    # Within the limit is fine.
    assert parse_structured("[" * 10 + "]" * 10, True) == [[[[[[[[[[]]]]]]]]]]


def test_a_billion_laughs_is_refused_quickly_and_not_echoed() -> None:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    message = _bad("\n".join(lines))
    assert "expands to more than" in message
    assert "lol" not in message


def test_too_many_aliases_are_refused() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (limits.MAX_ALIASES + 1)) + "]\n"
    assert "aliases" in _bad(text)


def test_huge_numbers_and_garbage_are_one_line(tmp_path: Path) -> None:
    assert "malformed" in _bad("x: " + "9" * 10_000)
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00SECRETXYZ" * 100)
    with pytest.raises(InstanceError, match="not UTF-8") as info:
        read_structured(path, InstanceError)
    assert "SECRETXYZ" not in str(info.value)


def test_big_files_are_refused_before_reading(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2000, encoding="utf-8")
    with pytest.raises(InputError, match="larger than"):
        read_structured(path)


def test_messages_quote_at_most_a_few_dozen_characters(tmp_path: Path) -> None:
    data = _data()
    data["municipalities"][0]["id"] = "x" * 100_000
    data["participants"][0]["target_group"] = "y" * 100_000
    for line in _problems(_write(tmp_path, data)):
        assert len(line) < 400, line[:500]


# -- paths inside an instance ----------------------------------------------------------------


def _matrix_instance(folder: Path, matrix_file: str) -> Path:
    data = _data()
    matrix = data["travel"].pop("matrix")
    lines = ["municipality,venue,minutes"] + [
        f"{e['municipality']},{e['venue']},{e['minutes']}" for e in matrix
    ]
    (folder / "matrix.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    data["travel"] = {"matrix_file": matrix_file}
    return _write(folder, data)


def test_a_travel_file_in_or_below_the_instance_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = _matrix_instance(tmp_path, "sub/../matrix.csv")
    assert prepare(load_instance(path)).minutes("1001", "a") > 0


@pytest.mark.parametrize("name", ["/etc/passwd", "../outside.csv", "sub/../../outside.csv"])
def test_paths_out_of_the_instance_folder_are_refused(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "inst"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text(
        "SECRETXYZ:x:0:0:SECRETXYZ:/SECRETXYZ:/bin/bash\n", encoding="utf-8"
    )
    problems = _problems(_matrix_instance(folder, name))
    assert len(problems) == 1
    assert "travel.matrix_file" in problems[0] and "--allow-outside-paths" in problems[0]
    assert "SECRETXYZ" not in problems[0]


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "inst"
    folder.mkdir()
    _matrix_instance(folder, "matrix.csv")
    (tmp_path / "secret.csv").write_text("secret\n", encoding="utf-8")
    (folder / "link.csv").symlink_to(tmp_path / "secret.csv")
    problems = _problems(_matrix_instance(folder, "link.csv"))
    assert "leaves the folder" in problems[0]


def test_the_option_allows_outside_paths_and_never_echoes_content(tmp_path: Path) -> None:
    folder = tmp_path / "inst"
    folder.mkdir()
    (tmp_path / "outside.csv").write_text(
        "SECRETXYZ:x:0:0:SECRETXYZ:/SECRETXYZ:/bin/bash\n", encoding="utf-8"
    )
    path = _matrix_instance(folder, "../outside.csv")
    with outside_paths_allowed():
        problems = _problems(path)
    assert "missing required column" in problems[0]
    assert "SECRETXYZ" not in "\n".join(problems)
    runner = CliRunner()
    args = ["plan", str(path), "--out", str(tmp_path / "plan.json"), "--time-limit", "1"]
    allowed = runner.invoke(main, ["--allow-outside-paths", *args])
    refused = runner.invoke(main, args)
    assert "missing required column" in allowed.output and allowed.exit_code == 2
    assert "--allow-outside-paths" in refused.output and refused.exit_code == 2
    assert "--allow-outside-paths" not in allowed.output
    assert "SECRETXYZ" not in allowed.output + refused.output


def test_school_holidays_file_and_scenario_base_follow_the_rule(tmp_path: Path) -> None:
    from kompetanse_opt.analysis.scenarios import read_scenarios
    from kompetanse_opt.model.calendar_days import school_holidays

    data = _data()
    data["calendar"] = {"school_holidays_file": "../holidays.csv"}
    folder = tmp_path / "inst"
    folder.mkdir()
    with pytest.raises(InstanceError, match=r"calendar\.school_holidays_file"):
        school_holidays(load_instance(_write(folder, data)))
    scenario = tmp_path / "inst" / "sweep.yaml"
    scenario.write_text("name: s\nbase: ../x.yaml\nvariants: [{name: a}]\n", encoding="utf-8")
    with pytest.raises(InputError, match="base"):
        read_scenarios(scenario)


def test_nul_and_control_characters_in_a_travel_csv_name_the_line(tmp_path: Path) -> None:
    path = _matrix_instance(tmp_path, "matrix.csv")
    text = (tmp_path / "matrix.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",", ",\x00", 1)
    (tmp_path / "matrix.csv").write_text("\n".join(text), encoding="utf-8")
    problems = _problems(path)
    assert any("line 3" in p and "control character" in p for p in problems), problems


def test_nan_in_limits_module_is_consistent() -> None:
    assert math.isfinite(limits.MAX_TIME_LIMIT)
    assert limits.MAX_WEIGHT * limits.MAX_MINUTES * limits.MAX_PARTICIPANTS < 2**62


def test_the_largest_populations_and_weights_reach_the_group_stage_without_overflow() -> None:
    from builders import make_group_instance
    from kompetanse_opt.model.settings import Weights
    from kompetanse_opt.solver.pipeline import solve

    people = {str(1001 + i): ["health_care"] * 3 + ["education"] * 2 for i in range(6)}
    populations = {m: limits.MAX_POPULATION - i for i, m in enumerate(people)}
    populations["1001"] = 1
    instance = make_group_instance(
        people,
        populations=populations,
        groups={"size_measure": "population", "size_scale": 1, "peer_range": 0},
        weights=dict.fromkeys(Weights.model_fields, limits.MAX_WEIGHT),
    )
    result = solve(instance, time_limit=10)
    assert result.status.has_plan and result.objective is not None
    assert result.objective > 10**14


def test_budget_of_a_plan_of_another_instance_is_one_line(tmp_path: Path) -> None:
    """Found by the plan-file fuzz: a cohort naming an unknown municipality raised KeyError."""
    runner = CliRunner()
    instance = _write(tmp_path, _data())
    plan = tmp_path / "plan.json"
    args = ["plan", str(instance), "--out", str(plan), "--no-calendar", "--time-limit", "5"]
    assert runner.invoke(main, args).exit_code == 0
    data = json.loads(plan.read_text(encoding="utf-8"))
    data["cohorts"][0]["municipalities"][0] = "=1+1"
    plan.write_text(json.dumps(data), encoding="utf-8")
    result = runner.invoke(main, ["budget", str(plan), "--instance", str(instance)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "belongs to another one" in result.output


def test_an_unknown_stage_in_a_plan_file_is_one_line(tmp_path: Path) -> None:
    """Found by the plan-file fuzz: an unknown stage name was a KeyError in the checker."""
    from kompetanse_opt.core.errors import PlanFileError
    from kompetanse_opt.model.plan import read_plan

    path = tmp_path / "plan.json"
    plan = {"format": "kompetanse-opt/plan@1", "status": "feasible", "cohorts": []}
    path.write_text(json.dumps({**plan, "stages": ["cohorts", "=1+1"]}), encoding="utf-8")
    with pytest.raises(PlanFileError, match="unknown stage '=1\\+1'"):
        read_plan(path)
