"""The instance record of a plan: a stable fingerprint, sensitive to any change (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from builders import make_instance
from kompetanse_opt.model.instance_record import (
    embedded_fingerprint,
    instance_fingerprint,
    record_instance,
)
from kompetanse_opt.model.loading import load_instance, write_instance
from kompetanse_opt.model.plan import PLAN_FORMAT, plan_from_data, read_plan, write_plan
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.solver.pipeline import solve

_SCRIPT = (
    "from kompetanse_opt.model.instance_record import instance_fingerprint\n"
    "from kompetanse_opt.model.vestland import vestland_instance\n"
    "print(instance_fingerprint(vestland_instance()))\n"
)


def test_embedded_fingerprint_is_the_same_for_every_build() -> None:
    assert instance_fingerprint(vestland_instance()) == instance_fingerprint(vestland_instance())
    assert instance_fingerprint(vestland_instance()) == embedded_fingerprint()


@pytest.mark.slow
def test_embedded_fingerprint_is_the_same_in_every_process() -> None:
    # Separate interpreters get different string hash seeds: the dump must not depend on them.
    seen = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout.strip()
        for seed in (1, 2)
    }
    assert seen == {embedded_fingerprint()}
    assert embedded_fingerprint().startswith("sha256:")


def test_fingerprint_changes_with_any_content() -> None:
    base = make_instance([3, 4, 2])
    same = make_instance([3, 4, 2])
    assert instance_fingerprint(base) == instance_fingerprint(same)
    assert instance_fingerprint(base) != instance_fingerprint(make_instance([3, 4, 3]))
    renamed = base.replace(name="another")
    assert instance_fingerprint(base) != instance_fingerprint(renamed)
    settings = base.replace(cohorts=base.cohorts.model_copy(update={"capacity": 11}))
    assert instance_fingerprint(base) != instance_fingerprint(settings)


def test_fingerprint_survives_writing_and_reading(tmp_path: Path) -> None:
    instance = make_instance([3, 4, 2])
    for name in ("i.yaml", "i.json"):
        write_instance(instance, tmp_path / name)
        assert instance_fingerprint(load_instance(tmp_path / name)) == instance_fingerprint(
            instance
        )


def test_record_marks_only_the_embedded_data() -> None:
    assert record_instance(vestland_instance()).embedded
    assert record_instance(vestland_instance(), "copy.yaml").embedded is False
    other = record_instance(make_instance([3, 4, 2]))
    assert not other.embedded and other.path is None and other.name == "test"


def test_solve_result_and_plan_file_carry_the_record(tmp_path: Path) -> None:
    instance = make_instance([3, 4, 2])
    result = solve(instance)
    assert result.instance == record_instance(instance)
    write_plan(result, tmp_path / "plan.json")
    assert read_plan(tmp_path / "plan.json").instance == result.instance


def test_plan_file_without_the_record_still_loads(tmp_path: Path) -> None:
    result = solve(make_instance([3, 4, 2]))
    write_plan(result, tmp_path / "plan.json")
    data = json.loads((tmp_path / "plan.json").read_text())
    del data["instance"]
    old = plan_from_data(data)
    assert data["format"] == PLAN_FORMAT
    assert old.instance is None and old.plan == result.plan
