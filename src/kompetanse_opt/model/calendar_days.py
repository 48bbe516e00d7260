"""The day grid: integer day indices over the horizon, and which days sessions may use.

Both the scheduling model and the checker work from :func:`build_grid`, so they agree on what
an allowed day is: an allowed weekday inside the horizon that is not a Norwegian public holiday,
a school-holiday day (from the school-holiday CSV) or a blackout. Precomputing this keeps the
CP-SAT model small: a session's start variable only ranges over days where it can start.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from dateutil.relativedelta import relativedelta

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.paths import resolve_inside
from kompetanse_opt.core.safe_read import read_text
from kompetanse_opt.core.text import shorten
from kompetanse_opt.model.calendar_settings import WEEKDAYS, CalendarSettings, DateRange, Weekday
from kompetanse_opt.model.holidays import public_holidays_between
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan

SCHOOL_HOLIDAY_KINDS = ("winter", "easter", "summer", "autumn", "christmas")
_SHIPPED_SCHOOL_HOLIDAYS = "vestland_school_holidays.csv"
_SETTING = "calendar.school_holidays_file"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clipped to the month's end (31 Jan + 1 month = 28 Feb)."""
    result: dt.date = day + relativedelta(months=months)
    return result


def _parse_rows(text: str) -> tuple[list[tuple[str, DateRange]], list[Problem]]:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1)]
    body = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not body:
        return [], [Problem(_SETTING, msg("the file has no header row"))]
    header_line, header = body[0]
    reader = csv.DictReader([header, *(line for _, line in body[1:])])
    missing = [c for c in ("kind", "start", "end") if c not in (reader.fieldnames or [])]
    if missing:
        return [], [
            Problem(
                msg("{setting}, line {line}", setting=_SETTING, line=header_line),
                msg("missing columns {missing}", missing=missing),
            )
        ]
    ranges: list[tuple[str, DateRange]] = []
    problems: list[Problem] = []
    for (n, _), row in zip(body[1:], reader, strict=True):
        where = msg("{setting}, line {line}", setting=_SETTING, line=n)
        kind = (row.get("kind") or "").strip()
        if kind not in SCHOOL_HOLIDAY_KINDS:
            problems.append(
                Problem(
                    where,
                    msg(
                        "kind {kind} is not one of {kinds}",
                        kind=shorten(kind),
                        kinds=SCHOOL_HOLIDAY_KINDS,
                    ),
                )
            )
        try:
            start = dt.date.fromisoformat((row.get("start") or "").strip())
            end = dt.date.fromisoformat((row.get("end") or "").strip())
        except ValueError:
            problems.append(Problem(where, msg("unparseable date: use YYYY-MM-DD")))
            continue
        if end < start:
            problems.append(
                Problem(where, msg("end {end} is before start {start}", end=end, start=start))
            )
            continue
        name = (row.get("name") or "").strip() or f"school {kind} holiday"
        ranges.append((kind, DateRange(start=start, end=end, name=name)))
    return ranges, problems


@lru_cache(maxsize=16)
def _read_cached(
    path: str, stamp: int
) -> tuple[tuple[tuple[str, DateRange], ...], tuple[Problem, ...]]:
    del stamp  # only part of the cache key: an edited file is read again
    text = (
        resources.files("kompetanse_opt.data").joinpath(_SHIPPED_SCHOOL_HOLIDAYS).read_text("utf-8")
        if path == ""
        else read_text(Path(path), InstanceError)
    )
    ranges, problems = _parse_rows(text)
    return tuple(ranges), tuple(problems)


def school_holidays(instance: Instance) -> list[DateRange]:
    """The school holidays of the instance's file (or the shipped Vestland file)."""
    return [r for _, r in school_holidays_by_kind(instance)]


def school_holidays_by_kind(instance: Instance) -> list[tuple[str, DateRange]]:
    """The school holidays with their kind (winter, easter, summer, autumn, christmas)."""
    settings = instance.calendar
    if settings is None or not settings.school_holidays:
        return []
    name = settings.school_holidays_file
    if name is None:
        ranges, problems = _read_cached("", 0)
        source = None
    else:
        path = resolve_inside(name, instance.base_dir, _SETTING, InstanceError)
        source = str(path)
        try:
            ranges, problems = _read_cached(str(path), path.stat().st_mtime_ns)
        except OSError as exc:
            message = msg("cannot read file: {reason}", reason=exc.strerror or "error")

            raise InstanceError([Problem(_SETTING, message)], source) from None
    if problems:
        raise InstanceError(list(problems), source)
    return list(ranges)


@dataclass(frozen=True)
class DayGrid:
    """Days ``first`` .. ``last`` as indices 0 .. n-1, with the reason each closed day is closed."""

    first: dt.date
    last: dt.date
    weekdays: frozenset[int]
    closed: Mapping[dt.date, str]
    #: Days sessions of ``quiet_kinds`` avoid, and why (see :class:`QuietPeriods`).
    quiet: Mapping[dt.date, str] = field(default_factory=dict)
    quiet_kinds: frozenset[str] = frozenset()
    #: Weekdays (Monday = 0) a gathering may start; None = any allowed weekday.
    gathering_starts: frozenset[int] | None = None

    @property
    def n_days(self) -> int:
        return (self.last - self.first).days + 1

    def index(self, day: dt.date) -> int:
        return (day - self.first).days

    def day(self, index: int) -> dt.date:
        return self.first + dt.timedelta(days=index)

    def why_not(self, day: dt.date, weekdays: Iterable[Weekday] | None = None) -> str | None:
        """Why no session may be held on ``day`` (None when it may)."""
        allowed = self.weekdays if weekdays is None else weekday_numbers(weekdays)
        if not self.first <= day <= self.last:
            return msg("{day} is outside the horizon {self.first}..{self.last}", locals())
        if day.weekday() not in allowed:
            name = WEEKDAYS[day.weekday()]
            return msg("{day} is a {name}, not an allowed weekday", day=day, name=name)
        if day in self.closed:
            return msg("{day} is closed: {why}", day=day, why=self.closed[day])
        return None

    def starts(
        self,
        length: int,
        weekdays: Iterable[Weekday] | None = None,
        blocked: Iterable[dt.date] = (),
        kind: str | None = None,
    ) -> list[int]:
        """Indices where a session of ``length`` consecutive allowed (unblocked) days can start;
        a session of ``kind`` also keeps off quiet days and starts on its start weekdays."""
        allowed = self.weekdays if weekdays is None else weekday_numbers(weekdays)
        avoid = set(blocked)
        if kind in self.quiet_kinds:
            avoid |= set(self.quiet)
        ok = [
            self.day(i).weekday() in allowed
            and self.day(i) not in self.closed
            and self.day(i) not in avoid
            for i in range(self.n_days)
        ]
        return [
            i
            for i in range(self.n_days - length + 1)
            if all(ok[i : i + length]) and self.starts_on(self.day(i), kind)
        ]

    def starts_on(self, day: dt.date, kind: str | None) -> bool:
        """Whether a session of ``kind`` may start on ``day``'s weekday."""
        starts = self.gathering_starts
        return kind != "gathering" or starts is None or day.weekday() in starts

    def why_not_session(self, days: list[dt.date], kind: str) -> str | None:
        """Why a session of ``kind`` on ``days`` breaks a quiet period or its start weekday."""
        if days and not self.starts_on(days[0], kind):
            names = [WEEKDAYS[n] for n in sorted(self.gathering_starts or ())]
            first = WEEKDAYS[days[0].weekday()]
            return msg("starts on a {first}; gatherings start on {names}", first=first, names=names)
        if kind in self.quiet_kinds:
            for day in days:
                if day in self.quiet:
                    return msg("{day} is {why}", day=day, why=self.quiet[day])
        return None

    def window_last(self, index: int, months: int) -> int:
        """Last day index a cohort that starts on day ``index`` may use (capped at the horizon)."""
        return min(self.index(add_months(self.day(index), months)) - 1, self.n_days - 1)


def weekday_numbers(names: Iterable[Weekday]) -> frozenset[int]:
    return frozenset(WEEKDAYS.index(n) for n in names)


def closed_days(instance: Instance, settings: CalendarSettings) -> dict[dt.date, str]:
    """Every closed day of the horizon and why: public holidays, school holidays, blackouts."""
    first, last = settings.horizon_start, settings.horizon_end
    closed: dict[dt.date, str] = {}
    if settings.public_holidays:
        for day, name in public_holidays_between(first, last).items():
            closed[day] = msg("public holiday ({name})", name=name)
    for holiday in school_holidays(instance):
        for day in holiday.days():
            if first <= day <= last:
                closed.setdefault(day, msg("school holiday ({name})", name=holiday.name))
    for blackout in settings.blackouts:
        for day in blackout.days():
            if first <= day <= last:
                closed.setdefault(day, f"blackout ({blackout.name or blackout.start})")
    return dict(sorted(closed.items()))


def quiet_days(instance: Instance, settings: CalendarSettings) -> dict[dt.date, str]:
    """The horizon's quiet days and why: the first days of January, the days after the school
    holidays of the configured kinds, and the further quiet periods."""
    quiet = settings.quiet
    if quiet is None:
        return {}
    first, last = settings.horizon_start, settings.horizon_end
    days: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        for n in range(quiet.new_year_days):
            days[dt.date(year, 1, 1) + dt.timedelta(days=n)] = "quiet (the first week of January)"
    if quiet.after_school_holidays and settings.school_holidays:
        for kind, holiday in school_holidays_by_kind(instance):
            if kind in quiet.after_kinds:
                for n in range(1, quiet.after_school_holidays + 1):
                    day = holiday.last + dt.timedelta(days=n)
                    days.setdefault(day, msg("quiet (the week after {name})", name=holiday.name))
    for period in quiet.periods:
        for day in period.days():
            days.setdefault(day, f"quiet ({period.name or period.start})")
    return {d: why for d, why in sorted(days.items()) if first <= d <= last}


def build_grid(instance: Instance) -> DayGrid:
    """The day grid of an instance with calendar settings."""
    settings = instance.calendar
    if settings is None:
        raise ValueError("the instance has no calendar settings")
    starts = settings.gathering_starts
    return DayGrid(
        first=settings.horizon_start,
        last=settings.horizon_end,
        weekdays=weekday_numbers(settings.weekdays),
        closed=closed_days(instance, settings),
        quiet=quiet_days(instance, settings),
        quiet_kinds=frozenset(settings.quiet.sessions if settings.quiet else ()),
        gathering_starts=None if starts is None else weekday_numbers(starts),
    )


def venue_minutes(travel: Mapping[tuple[str, str], int], a: str, b: str) -> int:
    """Estimated minutes between two venues, from the municipality-to-venue matrix.

    The matrix has no venue-to-venue times, so the trip is taken as the shortest way through any
    municipality (``min_m minutes(m, a) + minutes(m, b)``); the venue's own municipality is
    usually the minimiser, which makes this close to the direct trip and never shorter than it
    when the matrix comes from shortest paths. 0 for the same venue.
    """
    if a == b:
        return 0
    municipalities = sorted({m for m, _ in travel})
    return min(
        (
            travel[m, a] + travel[m, b]
            for m in municipalities
            if (m, a) in travel and (m, b) in travel
        ),
        default=0,
    )


def cohort_dates(cohort: CohortPlan) -> list[dt.date]:
    """Every day a cohort meets (gathering days, local and closing half days), sorted."""
    days = [d for g in cohort.gatherings for d in g.dates]
    days += [s.date for s in cohort.local_sessions] + [s.date for s in cohort.closing_sessions]
    return sorted(days)


def cohort_last_day(cohort: CohortPlan) -> dt.date | None:
    days = cohort_dates(cohort)
    return days[-1] if days else None
