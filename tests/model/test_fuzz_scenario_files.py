"""Fuzz: mutations of the shipped scenario file, read and turned into variant instances the way
``kompetanse-opt sweep`` does before it solves (issue 14).

Property: reading raises nothing but :class:`InputError`; a variant that cannot be built is a
marked row, never a traceback.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from fuzz_helpers import damage_text, fuzz_settings, mutate_document, serialise
from kompetanse_opt.analysis.scenarios import read_scenarios
from kompetanse_opt.analysis.sweep import prepare_tasks
from kompetanse_opt.core.errors import InputError

SHIPPED = Path(__file__).resolve().parents[2] / "examples" / "scenarios_vestland.yaml"


def _case(examples: int) -> None:
    original = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))

    @fuzz_settings(examples)
    @given(st.data())
    def case(data: st.DataObject) -> None:
        suffix, text = serialise(data.draw, mutate_document(data.draw, original))
        text = damage_text(data.draw, text)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"scenarios{suffix}"
            path.write_text(text, encoding="utf-8")
            try:
                scenarios = read_scenarios(path)
            except InputError:
                return
            # What the sweep does before it solves: a bad variant is a marked row.
            tasks, invalid = prepare_tasks(scenarios)
            assert len(tasks) + len(invalid) == len(scenarios.spec.variants)

    case()


def test_fuzz_scenario_files() -> None:
    _case(5)


@pytest.mark.slow
def test_fuzz_scenario_files_many() -> None:
    _case(200)
