"""Small dated instances: the cohort builder's instance plus calendar settings and facilitators."""

from __future__ import annotations

from typing import Any

from builders import make_instance
from kompetanse_opt.model.instance import Instance


def make_dated_instance(
    sizes: list[int] | None = None,
    *,
    calendar: dict[str, Any] | None = None,
    facilitators: int | list[dict[str, Any]] = 3,
    cohorts: dict[str, Any] | None = None,
    **extra: Any,
) -> Instance:
    """Municipalities 1001.. with ``sizes`` people, venues a (any) and b (max 1), 2 cohorts.

    The calendar defaults to 2025 with short gaps so the model is tiny; ``calendar`` entries
    override it. ``facilitators`` is a count (homes cycle over the municipalities) or a list.
    """
    sizes = sizes or [3, 4, 2, 5]
    settings: dict[str, Any] = {
        "horizon_start": "2025-01-01",
        "horizon_end": "2025-12-31",
        "first_start_by": "2025-03-31",
        "preferred_end": "2025-10-31",
        "template": [
            {"kind": "gathering"},
            {"kind": "local", "min_gap_days": 7, "max_gap_days": 21},
            {"kind": "gathering", "min_gap_days": 7, "max_gap_days": 21},
            {"kind": "closing", "min_gap_days": 7, "max_gap_days": 21},
        ],
        "politicians": {"sessions": 2},
    }
    settings.update(calendar or {})
    if isinstance(facilitators, int):
        facilitators = [
            {"id": f"f{i + 1}", "name": f"F{i + 1}", "home": str(1001 + i % len(sizes))}
            for i in range(facilitators)
        ]
    return make_instance(
        sizes,
        cohorts=cohorts or {"count": 2, "capacity": 10, "gatherings": 2},
        calendar=settings,
        facilitators=facilitators,
        **extra,
    )
