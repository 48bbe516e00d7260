"""The hour arithmetic of the learning path (rule H9), shared by the stage, the checker, the
counting causes and the hours accounting, so all of them count the same way.

A participant's programme (what the frame counts) is the programme hours of every session of the
cohort's template (everyone attends every session: a gathering's 8 h, a half day's 3.5 h) plus
the self-study modules of their target group. Travel and nights are reported separately and
count only when the catalogue's frame says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kompetanse_opt.model.content import ContentCatalogue
from kompetanse_opt.model.plan import CohortPlan


@dataclass(frozen=True)
class DatedSession:
    """One session of a cohort: its kind, 1-based index among its kind, and its days."""

    kind: str
    index: int
    dates: tuple[dt.date, ...]

    @property
    def label(self) -> str:
        return f"{self.kind} {self.index}"


@dataclass(frozen=True)
class Window:
    """The self-study window before a session: ``start`` .. ``end`` inclusive."""

    before: DatedSession
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return max((self.end - self.start).days + 1, 1)


def dated_sessions(cohort: CohortPlan) -> list[DatedSession]:
    """The cohort's dated sessions in date order (gatherings, local and closing half days)."""
    sessions = [DatedSession("gathering", g.index, tuple(g.dates)) for g in cohort.gatherings]
    sessions += [DatedSession("local", s.index, (s.date,)) for s in cohort.local_sessions]
    sessions += [DatedSession("closing", s.index, (s.date,)) for s in cohort.closing_sessions]
    dated = [s for s in sessions if s.dates]
    return sorted(dated, key=lambda s: (s.dates[0], s.kind, s.index))


def windows(sessions: Sequence[DatedSession], preparation_days: int) -> list[Window]:
    """The self-study window before each session: from the day after the previous session (or
    ``preparation_days`` before the first) to the day before it."""
    out: list[Window] = []
    for k, session in enumerate(sessions):
        end = session.dates[0] - dt.timedelta(days=1)
        if k == 0:
            start = session.dates[0] - dt.timedelta(days=preparation_days)
        else:
            start = sessions[k - 1].dates[-1] + dt.timedelta(days=1)
        out.append(Window(session, min(start, end), end))
    return out


def window_capacity(catalogue: ContentCatalogue, window: Window) -> int:
    """Self-study minutes that fit a window: the weekly maximum over its days."""
    per_week = round(catalogue.self_study.max_hours_per_week * 60)
    return per_week * window.days // 7


def session_minutes(catalogue: ContentCatalogue, kinds: Sequence[str]) -> int:
    """Programme minutes of sessions of these kinds (one entry per session)."""
    return sum(catalogue.sessions.minutes_of(kind) for kind in kinds)


def self_study_minutes(catalogue: ContentCatalogue, target_group: int) -> int:
    return sum(m.minutes_for(target_group) for m in catalogue.modules if m.format == "self_study")


def programme_minutes(catalogue: ContentCatalogue, kinds: Sequence[str], target_group: int) -> int:
    """What the frame counts for a participant of ``target_group`` (travel and nights aside)."""
    return session_minutes(catalogue, kinds) + self_study_minutes(catalogue, target_group)


def counted_extra(catalogue: ContentCatalogue, travel_minutes: int, nights: int) -> int:
    """The travel and night minutes the frame counts as well (none by default)."""
    frame = catalogue.frame
    travel = travel_minutes if frame.count_travel else 0
    night = nights * round(frame.night_hours * 60) if frame.count_nights else 0
    return travel + night


def frame_minutes(catalogue: ContentCatalogue, target_group: int) -> tuple[int, int]:
    bounds = catalogue.frame.bounds(target_group)
    return round(bounds.min_hours * 60), round(bounds.max_hours * 60)


def covered(catalogue: ContentCatalogue, target_group: int) -> set[str]:
    """Capabilities that the modules for ``target_group`` cover."""
    return {c for m in catalogue.modules_for(target_group) for c in m.capabilities}
