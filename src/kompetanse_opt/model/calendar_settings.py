"""Calendar, facilitator and politicians'-track settings of an instance (rules H5, H6, T1–T3).

Everything here validates itself (types, ranges, date order); cross-references to municipalities,
venues and the cohort settings are checked in :mod:`kompetanse_opt.model.calendar_validation`. The
defaults are the seed's: first cohort in Q1 2025, a programme that runs through 2025 and may go
into 2026, four-month cohorts of gathering 1, a local half day, gathering 2 and a closing half
day on Teams, on weekdays outside public and Vestland school holidays. See ``docs/calendar.md``.

This module imports nothing from ``model`` (only the limits of ``core``), so
:mod:`kompetanse_opt.model.instance` can import it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.i18n import msg

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
#: Weekday names in ``date.weekday()`` order (Monday = 0).
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SessionKind = Literal["gathering", "local", "closing"]
SchoolHolidayKind = Literal["winter", "easter", "summer", "autumn", "christmas"]
#: Days a session of each kind occupies: a gathering is lunch to lunch over two days.
SESSION_DAYS: dict[str, int] = {"gathering": 2, "local": 1, "closing": 1}

_Identifier = Annotated[str, Field(min_length=1, max_length=lim.MAX_IDENTIFIER)]
_Text = Annotated[str, Field(max_length=lim.MAX_NAME)]
_Days = Annotated[int, Field(ge=1, le=lim.MAX_DAYS)]
_Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$")]
_Minutes = Annotated[int, Field(ge=0, le=lim.MAX_MINUTES)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DateRange(_Strict):
    """Inclusive dates ``start`` .. ``end`` (one day when ``end`` is left out)."""

    start: dt.date
    end: dt.date | None = None
    name: _Text = ""

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                msg("end {end} is before start {start}", end=self.end, start=self.start)
            )
        if self.end is not None and (self.end - self.start).days > lim.MAX_DAYS:
            raise ValueError(msg("spans more than {limit} days", limit=lim.spaced(lim.MAX_DAYS)))
        return self

    @property
    def last(self) -> dt.date:
        return self.end if self.end is not None else self.start

    def days(self) -> Iterator[dt.date]:
        day = self.start
        while day <= self.last:
            yield day
            day += dt.timedelta(days=1)


class SessionStep(_Strict):
    """One step of a cohort's session template.

    The gap is counted in calendar days from the previous step's last day to this step's first
    day (1 = the next day); the first step's gap settings are ignored.
    """

    kind: SessionKind
    min_gap_days: _Days = 21
    max_gap_days: _Days | None = 49
    weekdays: list[Weekday] | None = Field(
        default=None, description="allowed weekdays of this step; null = the calendar's"
    )

    @model_validator(mode="after")
    def _gaps_ordered(self) -> SessionStep:
        if self.max_gap_days is not None and self.max_gap_days < self.min_gap_days:
            raise ValueError(
                msg(
                    "max_gap_days {max_gap_days} is below min_gap_days {min_gap_days}",
                    max_gap_days=self.max_gap_days,
                    min_gap_days=self.min_gap_days,
                )
            )
        return self


def default_template() -> list[SessionStep]:
    """Gathering 1, local half day, gathering 2, closing half day on Teams (the seed's order)."""
    return [
        SessionStep(kind="gathering"),
        SessionStep(kind="local"),
        SessionStep(kind="gathering"),
        SessionStep(kind="closing"),
    ]


class StaffingSettings(_Strict):
    """Facilitator rules (H6) for the physical gatherings."""

    per_gathering: int = Field(
        default=2, ge=1, le=lim.MAX_FACILITATORS, description="facilitators at each gathering"
    )
    min_pool: int = Field(
        default=3,
        ge=0,
        le=lim.MAX_FACILITATORS,
        description="the pool has at least this many people",
    )
    min_cohorts_each: int = Field(
        default=4,
        ge=0,
        le=lim.MAX_COHORTS,
        description="each facilitator serves at least this many cohorts, when the plan has as many",
    )
    max_transfer_minutes: int = Field(
        default=180,
        ge=0,
        le=lim.MAX_MINUTES,
        description="longest venue-to-venue trip between a gathering ending one day and another"
        " starting the next day (the evening in between)",
    )


#: Politicians per municipality when ``headcounts`` does not name it: the formannskap (the
#: executive committee) has at least five members (kommuneloven § 5-6).
DEFAULT_POLITICIANS = 5


class PoliticianSettings(_Strict):
    """The politicians' track (T1-T3): regional joint sessions after each municipality's cohort.

    A session holds the politicians of its municipalities plus one administration resource from
    each, within the room; the number of sessions is the model's choice (between
    ``min_sessions`` and ``max_sessions``) unless ``sessions`` fixes it. See ``docs/calendar.md``.
    """

    sessions: int | None = Field(
        default=None,
        ge=1,
        le=lim.MAX_COHORTS,
        description="exactly this many joint sessions; null = the model chooses",
    )
    min_sessions: int = Field(default=1, ge=1, le=lim.MAX_COHORTS)
    max_sessions: int = Field(default=8, ge=1, le=lim.MAX_COHORTS)
    venues: list[_Identifier] | None = Field(
        default=None, description="venues that may host them; null = every venue"
    )
    duration_minutes: int = Field(default=120, ge=15, le=120, description="at most 2 hours")
    start_time: dt.time = dt.time(18, 0)
    min_days_after_cohort: int = Field(
        default=1,
        ge=1,
        le=lim.MAX_DAYS,
        description="days after the cohort's last session (1 = the next day)",
    )
    max_municipalities: int | None = Field(
        default=None, ge=1, le=lim.MAX_MUNICIPALITIES, description="per session"
    )
    politicians: int = Field(
        default=DEFAULT_POLITICIANS,
        ge=1,
        le=lim.MAX_CAPACITY,
        description="politicians each municipality sends, unless headcounts names it",
    )
    headcounts: dict[_Kommunenummer, Annotated[int, Field(ge=1, le=lim.MAX_CAPACITY)]] = Field(
        default_factory=dict,
        max_length=lim.MAX_MUNICIPALITIES,
        description="politicians a municipality sends, by kommunenummer",
    )
    room_capacity: int | None = Field(
        default=60,
        ge=1,
        le=lim.MAX_CAPACITY,
        description="people in one session's room where the venue gives no room_capacity;"
        " null = no limit",
    )
    max_per_evening: int = Field(
        default=1, ge=1, le=lim.MAX_COHORTS, description="sessions at one venue on one evening"
    )

    @model_validator(mode="after")
    def _bounds_ordered(self) -> PoliticianSettings:
        if self.max_sessions < self.min_sessions:
            raise ValueError(
                msg(
                    "max_sessions {max_sessions} is below min_sessions {min_sessions}",
                    max_sessions=self.max_sessions,
                    min_sessions=self.min_sessions,
                )
            )
        return self

    def session_range(self) -> tuple[int, int]:
        """Fewest and most sessions: ``sessions`` both, else the configured bounds."""
        if self.sessions is not None:
            return self.sessions, self.sessions
        return self.min_sessions, self.max_sessions

    def headcount(self, municipality: str) -> int:
        """People a municipality brings: its politicians and one administration resource (T1)."""
        return self.headcounts.get(municipality, self.politicians) + 1


_QUIET_SESSIONS: tuple[SessionKind, ...] = ("gathering",)
_QUIET_AFTER: tuple[SchoolHolidayKind, ...] = ("summer", "autumn", "winter", "christmas")
#: A secretariat's gathering days: lunch Tuesday to lunch Wednesday .. Thursday to Friday.
_GATHERING_STARTS: tuple[Weekday, ...] = ("tue", "wed", "thu")


class QuietPeriods(_Strict):
    """Days a secretariat would not choose for a session of the listed kinds (H5): the first
    week of January and the first week after the school holidays, when people are back but
    busy. A session of those kinds may not touch a quiet day (a gathering on 2-3 January, a
    cohort starting the day after the summer holiday). See ``docs/calendar.md``."""

    sessions: list[SessionKind] = Field(
        default_factory=lambda: list(_QUIET_SESSIONS),
        max_length=3,
        description="session kinds that avoid quiet days",
    )
    new_year_days: int = Field(
        default=7, ge=0, le=31, description="the first days of January (7 = 1-7 January)"
    )
    after_school_holidays: int = Field(
        default=7,
        ge=0,
        le=lim.MAX_DAYS,
        description="days after each school holiday of the kinds in after_kinds",
    )
    after_kinds: list[SchoolHolidayKind] = Field(
        default_factory=lambda: list(_QUIET_AFTER),
        max_length=5,
        description="school holidays followed by a quiet week",
    )
    periods: list[DateRange] = Field(
        default_factory=list, max_length=lim.MAX_LIST, description="further quiet periods"
    )


class SessionTimes(_Strict):
    """Clock times (Europe/Oslo) used for calendar files."""

    gathering_start: dt.time = dt.time(11, 30)
    gathering_end: dt.time = dt.time(13, 0)
    half_day_start: dt.time = dt.time(9, 0)
    half_day_end: dt.time = dt.time(12, 30)


class CalendarSettings(_Strict):
    """When sessions may be held (H5), who staffs them (H6) and the politicians' track."""

    horizon_start: dt.date = dt.date(2025, 1, 1)
    horizon_end: dt.date = dt.date(2026, 6, 30)
    first_start_by: dt.date | None = Field(
        default=dt.date(2025, 3, 31), description="the first cohort starts on or before this day"
    )
    preferred_end: dt.date | None = Field(
        default=dt.date(2025, 12, 31),
        description="cohorts should finish by this day (soft: term late_days)",
    )
    window_months: int = Field(
        default=4, ge=1, le=24, description="a cohort's sessions lie within this many months"
    )
    template: list[SessionStep] = Field(
        default_factory=default_template, min_length=1, max_length=100
    )
    weekdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS[:5]), min_length=1, max_length=7
    )
    gathering_starts: list[Weekday] | None = Field(
        default_factory=lambda: list(_GATHERING_STARTS),
        min_length=1,
        max_length=7,
        description="weekdays a physical gathering (lunch to lunch) may start; null = any"
        " allowed weekday",
    )
    quiet: QuietPeriods | None = Field(
        default_factory=QuietPeriods, description="quiet periods; null = none"
    )
    public_holidays: bool = Field(default=True, description="block Norwegian public holidays")
    school_holidays: bool = Field(default=True, description="block the school-holiday file")
    school_holidays_file: str | None = Field(
        default=None,
        max_length=lim.MAX_PATH,
        description="CSV of school holidays; null = the shipped Vestland file",
    )
    blackouts: list[DateRange] = Field(default_factory=list, max_length=lim.MAX_LIST)
    stagger_min_days: int = Field(
        default=14,
        ge=0,
        le=lim.MAX_DAYS,
        description="cohort k+1 starts at least this many days after cohort k",
    )
    stagger_max_days: int | None = Field(default=None, ge=0, le=lim.MAX_DAYS)
    max_concurrent_cohorts: int | None = Field(
        default=2,
        ge=1,
        le=lim.MAX_COHORTS,
        description="cohorts running at the same time; null = any",
    )
    staffing: StaffingSettings = Field(default_factory=StaffingSettings)
    politicians: PoliticianSettings | None = Field(
        default_factory=PoliticianSettings, description="null = no politicians' track"
    )
    times: SessionTimes = Field(default_factory=SessionTimes)

    @model_validator(mode="after")
    def _dates_ordered(self) -> CalendarSettings:
        if self.horizon_end <= self.horizon_start:
            raise ValueError(
                msg(
                    "horizon_end {horizon_end} must be after horizon_start {horizon_start}",
                    horizon_end=self.horizon_end,
                    horizon_start=self.horizon_start,
                )
            )
        if (self.horizon_end - self.horizon_start).days > lim.MAX_DAYS:
            raise ValueError(
                msg("the horizon spans more than {limit} days", limit=lim.spaced(lim.MAX_DAYS))
            )
        if self.first_start_by is not None and not (
            self.horizon_start <= self.first_start_by <= self.horizon_end
        ):
            raise ValueError(
                msg(
                    "first_start_by {first_start_by} lies outside the horizon "
                    "{horizon_start}..{horizon_end}",
                    first_start_by=self.first_start_by,
                    horizon_start=self.horizon_start,
                    horizon_end=self.horizon_end,
                )
            )
        if self.stagger_max_days is not None and self.stagger_max_days < self.stagger_min_days:
            raise ValueError(
                msg(
                    "stagger_max_days {stagger_max_days} is below "
                    "stagger_min_days {stagger_min_days}",
                    stagger_max_days=self.stagger_max_days,
                    stagger_min_days=self.stagger_min_days,
                )
            )
        return self

    def step_weekdays(self, step: SessionStep) -> list[Weekday]:
        return step.weekdays if step.weekdays is not None else self.weekdays


class Facilitator(_Strict):
    """A trained regional facilitator ("fasilitator")."""

    id: _Identifier
    name: str = Field(min_length=1, max_length=lim.MAX_NAME)
    home: _Kommunenummer | None = Field(
        default=None, description="home municipality (for travel); null = no travel counted"
    )
    home_minutes: dict[_Identifier, _Minutes] | None = Field(
        default=None,
        max_length=lim.MAX_LIST,
        description="minutes one way from home to each venue, for a home that is not one of the"
        " instance's municipalities (import writes them when nobody there registered); null ="
        " from the travel matrix",
    )
    unavailable: list[DateRange] = Field(default_factory=list, max_length=lim.MAX_LIST)
