"""A cohort's learning path in a plan (rule H9): modules per session and per self-study window.

The ``learning`` stage fills :attr:`CohortPlan.learning_path
<kompetanse_opt.model.plan.CohortPlan.learning_path>`: each dated session of the cohort (gatherings,
local and closing half days) with the modules held there, and each self-study window before a
session with the modules done in it. Hours per target group are derived from the catalogue, not
stored (see :mod:`kompetanse_opt.analysis.hours`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SessionKindName = Literal["gathering", "local", "closing"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionContent(_Model):
    """The modules held at one session of a cohort."""

    kind: SessionKindName
    index: int = Field(ge=1, description="1-based among the cohort's sessions of this kind")
    dates: list[dt.date] = Field(default_factory=list, description="the session's day(s)")
    modules: list[str] = Field(default_factory=list, description="module ids in path order")
    main_module: str | None = Field(
        default=None, description="a gathering's main module (its speaker presents it, H10)"
    )


class SelfStudyWindow(_Model):
    """Self-study done between two sessions, before ``before_kind`` ``before_index``."""

    before_kind: SessionKindName
    before_index: int = Field(ge=1)
    start: dt.date = Field(description="first day of the window")
    end: dt.date = Field(description="last day of the window (the day before the session)")
    modules: list[str] = Field(default_factory=list, description="module ids in path order")


class LearningPath(_Model):
    """A cohort's path: its sessions in date order and the self-study window before each."""

    sessions: list[SessionContent] = Field(default_factory=list)
    windows: list[SelfStudyWindow] = Field(default_factory=list)

    def session(self, kind: str, index: int) -> SessionContent:
        for s in self.sessions:
            if s.kind == kind and s.index == index:
                return s
        raise KeyError((kind, index))

    def main_module(self, gathering_index: int) -> str | None:
        """The main module of gathering ``gathering_index`` (None if it has none)."""
        try:
            return self.session("gathering", gathering_index).main_module
        except KeyError:
            return None

    def placement(self) -> dict[str, tuple[int, str]]:
        """Module id -> (position on the timeline, where): window before session k is 2k, session
        k is 2k + 1 (sessions numbered from 0 in date order)."""
        where: dict[str, tuple[int, str]] = {}
        for k, session in enumerate(self.sessions):
            for m in session.modules:
                where[m] = (2 * k + 1, f"{session.kind} {session.index}")
        for window in self.windows:
            k = next(
                (
                    j
                    for j, s in enumerate(self.sessions)
                    if (s.kind, s.index) == (window.before_kind, window.before_index)
                ),
                len(self.sessions),
            )
            for m in window.modules:
                where[m] = (2 * k, f"self-study before {window.before_kind} {window.before_index}")
        return where
