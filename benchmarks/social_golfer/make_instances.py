"""Write the social golfer instances of this folder in the project's instance format.

A social golfer case ``n-s-w`` (``n = g * s`` people, groups of ``s``, ``w`` rounds) maps to one
cohort of ``n`` participants, each from their own municipality (all of one size), all in one
service area, ``w`` gatherings, groups of exactly ``s``, and weights so that only participants
meeting again count (``participant_repeats``). A perfect answer is a plan with objective 0.

    python benchmarks/social_golfer/make_instances.py   # rewrites the *.json files here
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

#: (people, group size, gatherings): the cases of README.md.
CASES: tuple[tuple[int, int, int], ...] = (
    (9, 3, 4),
    (16, 4, 5),
    (15, 3, 5),
    (15, 3, 6),
    (9, 3, 5),
    (16, 4, 6),
    (8, 2, 6),
    (6, 2, 5),
    (6, 2, 6),
)

ZERO_WEIGHTS = (
    "travel_total",
    "travel_worst",
    "size_imbalance",
    "size_loners",
    "group_size_spread",
    "group_spread_worst",
    "meeting_repeats",
    "role_spread",
    "role_loners",
    "role_similar",
)


def golfer_instance(people: int, size: int, gatherings: int) -> dict[str, Any]:
    """The instance document of one social golfer case."""
    ids = [str(1001 + i) for i in range(people)]
    return {
        "name": f"social-golfer-{people}-{size}-{gatherings}",
        "municipalities": [
            {"id": m, "name": f"P{m}", "population": 5000, "lat": 60.0, "lon": 5.0} for m in ids
        ],
        "participants": [
            {"id": f"p{m}", "municipality": m, "target_group": 1, "service_area": "staff_support"}
            for m in ids
        ],
        "venues": [{"id": "a", "name": "A", "lat": 60.0, "lon": 5.0}],
        "cohorts": {"count": 1, "capacity": people, "gatherings": gatherings},
        "travel": {"matrix": [{"municipality": m, "venue": "a", "minutes": 10} for m in ids]},
        "solver": {"time_limit": 10, "workers": 1},
        "groups": {
            "min_size": size,
            "max_size": size,
            "max_size_difference": 0,
            "same_municipality": "allow",
            "method": "joint",
            "mix": {},
        },
        "weights": {**dict.fromkeys(ZERO_WEIGHTS, 0), "participant_repeats": 1},
    }


def case_path(people: int, size: int, gatherings: int) -> Path:
    return HERE / f"golfer_{people}_{size}_{gatherings}.json"


def main() -> None:
    for case in CASES:
        case_path(*case).write_text(json.dumps(golfer_instance(*case), indent=1) + "\n")


if __name__ == "__main__":
    main()
