"""The calendar model's sessions and variables (shared by the model and its pins)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model


@dataclass(frozen=True)
class Session:
    """One step of one cohort's template."""

    cohort: int
    step: int  # 0-based position in the template
    kind: str
    index: int  # 1-based among the cohort's steps of the same kind (the gathering index)
    days: int
    venue: str | None  # physical gatherings only


@dataclass
class CalendarVariables:
    start: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    interval: dict[tuple[int, int], cp_model.IntervalVar] = field(default_factory=dict)
    first: dict[int, cp_model.IntVar] = field(default_factory=dict)
    last: dict[int, cp_model.LinearExprT] = field(default_factory=dict)
    span: dict[int, cp_model.IntervalVar] = field(default_factory=dict)
    staff: dict[tuple[str, int, int], cp_model.IntVar] = field(default_factory=dict)
    staff_interval: dict[tuple[str, int, int], cp_model.IntervalVar] = field(default_factory=dict)
    serves: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
    load: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
    terms: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
