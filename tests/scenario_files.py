"""A tiny scenario file for the sweep tests (analysis and command line)."""

from __future__ import annotations

from pathlib import Path

import yaml

from builders import make_instance
from kompetanse_opt.model.loading import write_instance

VARIANTS = [
    {"name": "base"},
    {"name": "three cohorts", "overrides": {"cohorts": {"count": 3, "capacity": 8}}},
    {"name": "no limit on b", "overrides": {"venues.b.max_gatherings": None}},
    {"name": "typo", "overrides": {"cohorts.capasity": 9}},
]


def scenario_file(tmp_path: Path) -> Path:
    write_instance(make_instance([3, 4, 2, 5, 3, 3]), tmp_path / "base.yaml")
    spec = {
        "name": "tiny",
        "base": "base.yaml",
        "solver": {"time_limit": 10, "seed": 1, "workers": 1},
        "variants": VARIANTS,
    }
    path = tmp_path / "scenarios.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path
