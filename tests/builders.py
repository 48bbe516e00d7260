"""Builders for small instances with inline travel matrices (no travel graph needed)."""

from __future__ import annotations

from typing import Any

from kompetanse_opt.model.instance import Instance


def make_instance(
    sizes: dict[str, int] | list[int],
    *,
    venues: dict[str, int | None] | None = None,
    minutes: dict[tuple[str, str], int] | None = None,
    cohorts: dict[str, Any] | None = None,
    **extra: Any,
) -> Instance:
    """A small instance: municipalities ``1001, 1002, ...`` (or given ids) with ``sizes`` people.

    ``venues`` maps venue id to its programme limit (None = unlimited). Travel minutes default to a
    simple deterministic pattern so tests that do not care about travel need not state it.
    """
    if isinstance(sizes, list):
        sizes = {str(1001 + i): n for i, n in enumerate(sizes)}
    venues = venues if venues is not None else {"a": None, "b": 1}
    municipalities = [
        {"id": mid, "name": f"M{mid}", "population": 1000 * n, "lat": 60.0, "lon": 5.0}
        for mid, n in sizes.items()
    ]
    participants = [
        {
            "id": f"{mid}-{j}",
            "municipality": mid,
            "target_group": 1 + j % 4,
            "service_area": "health_care",
        }
        for mid, n in sizes.items()
        for j in range(n)
    ]
    matrix = []
    for i, mid in enumerate(sizes):
        for j, vid in enumerate(venues):
            value = (minutes or {}).get((mid, vid), 10 + ((7 * i + 13 * j) % 50))
            matrix.append({"municipality": mid, "venue": vid, "minutes": value})
    data: dict[str, Any] = {
        "name": "test",
        "municipalities": municipalities,
        "participants": participants,
        "venues": [
            {"id": vid, "name": vid.upper(), "lat": 60.0, "lon": 5.0, "max_gatherings": limit}
            for vid, limit in venues.items()
        ],
        "cohorts": cohorts or {"count": 2, "capacity": 10, "gatherings": 2},
        "travel": {"matrix": matrix},
        "solver": {"time_limit": 20, "workers": 1},
        # Tiny cohorts cannot form discussion groups of 4-8; group tests build their own.
        "groups": {"enabled": False},
    }
    data.update(extra)
    return Instance.model_validate(data)


def make_group_instance(
    people: dict[str, list[str]],
    *,
    populations: dict[str, int] | None = None,
    groups: dict[str, Any] | None = None,
    cohorts: dict[str, Any] | None = None,
    **extra: Any,
) -> Instance:
    """One cohort (by default) whose municipalities send people with the given service areas.

    ``people`` maps a municipality id to its participants' service areas, e.g.
    ``{"1001": ["health_care", "staff_support"]}``; ids are ``<municipality>-<n>``.
    """
    populations = populations or {}
    municipalities = [
        {
            "id": mid,
            "name": f"M{mid}",
            "population": populations.get(mid, 1000 * (i + 1)),
            "lat": 60.0,
            "lon": 5.0,
        }
        for i, mid in enumerate(people)
    ]
    participants = [
        {"id": f"{mid}-{j}", "municipality": mid, "target_group": 1, "service_area": area}
        for mid, areas in people.items()
        for j, area in enumerate(areas)
    ]
    total = len(participants)
    data: dict[str, Any] = {
        "name": "groups-test",
        "municipalities": municipalities,
        "participants": participants,
        "venues": [{"id": "a", "name": "A", "lat": 60.0, "lon": 5.0}],
        "cohorts": cohorts or {"count": 1, "capacity": max(total, 1), "gatherings": 2},
        "travel": {
            "matrix": [{"municipality": mid, "venue": "a", "minutes": 10} for mid in people]
        },
        "solver": {"time_limit": 20, "workers": 1},
        "groups": groups or {},
    }
    data.update(extra)
    return Instance.model_validate(data)
