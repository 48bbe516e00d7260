"""Fuzz: mutations of the embedded instance (``kompetanse-opt example``), its travel matrix and a
plan file, through every command that reads them (issue 14).

Property: exit 0, 1 or 2, never a traceback, nothing written on exit 2. The default run is a few
derandomised examples; ``-m slow`` runs many.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fuzz_helpers import assert_clean, cli, damage_text, fuzz_settings, mutate_document, serialise


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("example")
    with cli() as run:
        assert run("example", "--out", folder).exit_code == 0
        plan = folder / "plan.json"
        args = ("plan", folder / "instance.yaml", "--out", plan, "--no-calendar", "--no-groups")
        assert run(*args, "--time-limit", "5").exit_code == 0
    return {
        "folder": folder,
        "instance": yaml.safe_load((folder / "instance.yaml").read_text(encoding="utf-8")),
        "matrix": (folder / "travel_matrix.csv").read_text(encoding="utf-8"),
        "plan": plan.read_text(encoding="utf-8"),
    }


def _instance_case(example: dict[str, Any], examples: int) -> None:
    @fuzz_settings(examples)
    @given(st.data())
    def case(data: st.DataObject) -> None:
        mutated = mutate_document(data.draw, example["instance"])
        suffix, text = serialise(data.draw, mutated)
        text = damage_text(data.draw, text)
        command = data.draw(st.sampled_from(["budget", "check", "export"]))
        with tempfile.TemporaryDirectory() as tmp, cli() as run:
            folder = Path(tmp)
            (folder / "travel_matrix.csv").write_text(example["matrix"], encoding="utf-8")
            path = folder / f"instance{suffix}"
            path.write_text(text, encoding="utf-8")
            plan = example["folder"] / "plan.json"
            out = folder / "csv"
            if command == "budget":
                assert_clean(run("budget", path))
            elif command == "check":
                assert_clean(run("check", path, plan))
            else:
                assert_clean(run("export", plan, "--instance", path, "--csv", out), [out])

    case()


def _travel_case(example: dict[str, Any], examples: int) -> None:
    @fuzz_settings(examples)
    @given(st.data())
    def case(data: st.DataObject) -> None:
        text = damage_text(data.draw, example["matrix"])
        lines = text.splitlines()
        if lines and data.draw(st.booleans()):
            i = data.draw(st.integers(0, len(lines) - 1))
            cells = lines[i].split(",")
            j = data.draw(st.integers(0, len(cells) - 1))
            cells[j] = str(
                data.draw(
                    st.one_of(
                        st.sampled_from(["nan", "inf", "-1", "1e300", "\x00", "=1"]),
                        st.text(max_size=10),
                    )
                )
            )
            lines[i] = ",".join(cells)
            text = "\n".join(lines)
        with tempfile.TemporaryDirectory() as tmp, cli() as run:
            folder = Path(tmp)
            (folder / "travel_matrix.csv").write_text(
                text, encoding="utf-8", errors="surrogatepass"
            )
            (folder / "instance.yaml").write_text(
                yaml.safe_dump(example["instance"]), encoding="utf-8"
            )
            plan = example["folder"] / "plan.json"
            assert_clean(run("check", folder / "instance.yaml", plan))

    case()


def _plan_case(example: dict[str, Any], examples: int) -> None:
    import json

    @fuzz_settings(examples)
    @given(st.data())
    def case(data: st.DataObject) -> None:
        mutated = mutate_document(data.draw, json.loads(example["plan"]))
        suffix, text = serialise(data.draw, mutated)
        text = damage_text(data.draw, text)
        command = data.draw(st.sampled_from(["check", "report", "budget"]))
        with tempfile.TemporaryDirectory() as tmp, cli() as run:
            folder = Path(tmp)
            plan = folder / f"plan{suffix}"
            plan.write_text(text, encoding="utf-8")
            instance = example["folder"] / "instance.yaml"
            out = folder / "report.html"
            if command == "check":
                assert_clean(run("check", instance, plan))
            elif command == "report":
                assert_clean(run("report", plan, "--instance", instance, "--out", out), [out])
            else:
                assert_clean(run("budget", plan, "--instance", instance))

    case()


def test_fuzz_instance_files(example: dict[str, Any]) -> None:
    _instance_case(example, 6)


def test_fuzz_travel_matrix_files(example: dict[str, Any]) -> None:
    _travel_case(example, 4)


def test_fuzz_plan_files(example: dict[str, Any]) -> None:
    _plan_case(example, 6)


@pytest.mark.slow
def test_fuzz_instance_files_many(example: dict[str, Any]) -> None:
    _instance_case(example, 300)


@pytest.mark.slow
def test_fuzz_travel_matrix_files_many(example: dict[str, Any]) -> None:
    _travel_case(example, 100)


@pytest.mark.slow
def test_fuzz_plan_files_many(example: dict[str, Any]) -> None:
    _plan_case(example, 300)
