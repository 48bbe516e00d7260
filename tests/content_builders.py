"""A tiny content catalogue for tests of the learning path (rule H9)."""

from __future__ import annotations

from typing import Any

from calendar_builders import make_dated_instance
from kompetanse_opt.model.instance import Instance


def tiny_catalogue(**changes: Any) -> dict[str, Any]:
    """Three capabilities; self-study a, b, c, d; gathering sessions g1, g2; local l; closing z."""
    data: dict[str, Any] = {
        "name": "tiny",
        "capabilities": [
            {"id": "vision", "name_nb": "Visjon", "name_en": "Vision", "area": "strategy"},
            {"id": "agile", "name_nb": "Smidig", "name_en": "Agile", "area": "organisation"},
            {"id": "data", "name_nb": "Data", "name_en": "Data", "area": "technology"},
        ],
        "modules": [
            _module("a", "self_study", 1.0, 10, ["vision"]),
            _module("b", "self_study", 2.0, 20, ["agile"], hours_by_group={1: 1.0}),
            _module("g1", "gathering_session", 3.0, 30, ["vision"], prerequisites=["a"]),
            _module("c", "self_study", 1.5, 40, ["data"]),
            _module("d", "self_study", 1.0, 40, ["agile"]),
            _module("l", "local_session", 2.0, 50, ["agile"], prerequisites=["b"]),
            _module("g2", "gathering_session", 3.0, 60, ["data"], prerequisites=["c"]),
            _module("z", "closing_session", 1.0, 70, ["vision"]),
        ],
        "frame": {"min_hours": 0, "max_hours": 100},
        "self_study": {"max_hours_per_week": 4.0, "preparation_days": 7},
    }
    data.update(changes)
    return data


def _module(
    ident: str, fmt: str, hours: float, order: int, caps: list[str], **extra: Any
) -> dict[str, Any]:
    return {
        "id": ident,
        "name_nb": ident.upper(),
        "format": fmt,
        "hours": hours,
        "order": order,
        "capabilities": caps,
        **extra,
    }


def make_learning_instance(content: dict[str, Any] | None = None, **extra: Any) -> Instance:
    """A tiny dated instance (2 cohorts) with the tiny catalogue (or ``content``)."""
    return make_dated_instance(
        [3, 4, 2, 5], content=content if content is not None else tiny_catalogue(), **extra
    )
