"""iCalendar (.ics) export of a dated plan: one file per cohort, per facilitator, per speaker
(and guest) when the plan has the speaker stage, and one for the politicians' sessions, in time
zone Europe/Oslo (written with the ``icalendar`` library).

Clock times come from ``calendar.times`` (defaults: a lunch-to-lunch gathering runs 11:30 on its
first day to 13:00 on its second; local and closing half days 09:00-12:30) and the politicians'
sessions from ``calendar.politicians.start_time`` for ``duration_minutes`` (default 18:00, 2 h).
An event has the same UID in every file it appears in (a gathering is in its cohort's file and in
each of its facilitators' files), so calendar programs treat re-imports as updates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from kompetanse_opt.core.files import write_files_atomic
from kompetanse_opt.core.text import ics_text, slug
from kompetanse_opt.model.calendar_settings import CalendarSettings
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan

TIME_ZONE = "Europe/Oslo"
_OSLO = ZoneInfo(TIME_ZONE)
_PRODID = "-//kompetanse-opt//plan calendar//NO"


def _staffs(person: str) -> Callable[[GatheringPlan], bool]:
    return lambda g: person in g.facilitators


def _presents(person: str) -> Callable[[GatheringPlan], bool]:
    return lambda g: person == g.speaker or person in g.guests


def _at(day: dt.date, clock: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=_OSLO)


class _Exporter:
    def __init__(self, instance: Instance, plan: Plan, stamp: dt.datetime | None) -> None:
        if instance.calendar is None:
            raise ValueError("the instance has no calendar settings")
        self.instance = instance
        self.settings: CalendarSettings = instance.calendar
        self.plan = plan
        self.stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.venues = {v.id: v.name for v in instance.venues}
        self.people = {f.id: f.name for f in instance.facilitators}
        self.speakers = {s.id: s.name for s in instance.speakers}
        self.names = {m.id: m.name for m in instance.municipalities}
        self.prefix = slug(instance.name)

    def calendar(self, title: str, events: list[Event]) -> Calendar:
        cal = Calendar()
        cal.add("prodid", _PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", ics_text(title).replace("\n", " "))
        cal.add("x-wr-timezone", TIME_ZONE)
        days = [e.decoded("dtstart").date() for e in events]
        if days:
            # A VTIMEZONE covering just the plan's years keeps the files small.
            first, last = dt.date(min(days).year, 1, 1), dt.date(max(days).year + 1, 1, 1)
            cal.add_component(Timezone.from_tzinfo(_OSLO, TIME_ZONE, first, last))
        for event in events:
            cal.add_component(event)
        return cal

    def event(
        self, uid: str, summary: str, start: dt.datetime, end: dt.datetime, where: str, notes: str
    ) -> Event:
        event = Event()
        event.add("uid", f"{self.prefix}-{uid}@kompetanse-opt")
        event.add("dtstamp", self.stamp)
        event.add("dtstart", start)
        event.add("dtend", end)
        # User text (names, venues): control characters and bare CRs removed; the library
        # escapes commas, semicolons, backslashes and newlines.
        event.add("summary", ics_text(summary))
        event.add("location", ics_text(where))
        event.add("description", ics_text(notes))
        return event

    def gathering(self, c: CohortPlan, g: GatheringPlan) -> Event:
        times = self.settings.times
        venue = self.venues.get(g.venue, g.venue)
        staff = ", ".join(self.people.get(f, f) for f in g.facilitators)
        speaker = self.speakers.get(g.speaker or "", g.speaker or "-")
        guests = ", ".join(self.speakers.get(h, h) for h in g.guests)
        guests = f" Gjester: {guests}." if guests else ""
        return self.event(
            f"cohort{c.id}-gathering{g.index}",
            f"Kull {c.id}: samling {g.index}, {venue}",
            _at(g.dates[0], times.gathering_start),
            _at(g.dates[-1], times.gathering_end),
            venue,
            f"Lunsj til lunsj. Fasilitatorer: {staff}. Foredragsholder: {speaker}.{guests}"
            f" {len(c.municipalities)} kommuner, {c.size} deltakere.",
        )

    def cohort_events(self, c: CohortPlan) -> list[Event]:
        times = self.settings.times
        events = [self.gathering(c, g) for g in c.gatherings if g.dates]
        for s in c.local_sessions:
            events.append(
                self.event(
                    f"cohort{c.id}-local{s.index}",
                    f"Kull {c.id}: lokal halvdag i egen kommune",
                    _at(s.date, times.half_day_start),
                    _at(s.date, times.half_day_end),
                    "Egen kommune",
                    "Hver ledergruppe i egne lokaler: "
                    + ", ".join(self.names.get(m, m) for m in c.municipalities),
                )
            )
        for s in c.closing_sessions:
            events.append(
                self.event(
                    f"cohort{c.id}-closing{s.index}",
                    f"Kull {c.id}: avsluttende halvdagssamling på Teams",
                    _at(s.date, times.half_day_start),
                    _at(s.date, times.half_day_end),
                    "Microsoft Teams",
                    "Hele kullet samlet digitalt.",
                )
            )
        return sorted(events, key=lambda e: e.decoded("dtstart"))

    def politician_events(self) -> list[Event]:
        track = self.settings.politicians
        if track is None:
            return []
        events = []
        for s in self.plan.politician_sessions:
            start = _at(s.date, track.start_time)
            venue = self.venues.get(s.venue, s.venue)
            events.append(
                self.event(
                    f"politicians{s.id}",
                    f"Folkevalgte: felles samling {s.id}, {venue}",
                    start,
                    start + dt.timedelta(minutes=track.duration_minutes),
                    venue,
                    "Kommuner: " + ", ".join(self.names.get(m, m) for m in s.municipalities),
                )
            )
        return events

    def person_file(
        self,
        out: dict[str, bytes],
        prefix: str,
        ident: str,
        title: str,
        attends: Callable[[GatheringPlan], bool],
    ) -> None:
        """``<prefix>-<id>.ics`` with the gatherings the person attends."""
        events = [
            self.gathering(c, g)
            for c in self.plan.cohorts
            for g in c.gatherings
            if attends(g) and g.dates
        ]
        events.sort(key=lambda e: e.decoded("dtstart"))
        name, n = f"{prefix}-{slug(ident)}", 2
        while f"{name}.ics" in out:  # ids that differ only in punctuation
            name, n = f"{prefix}-{slug(ident)}-{n}", n + 1
        out[f"{name}.ics"] = self.calendar(title, events).to_ical()

    def files(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for c in sorted(self.plan.cohorts, key=lambda c: c.id):
            cal = self.calendar(f"Kull {c.id}", self.cohort_events(c))
            out[f"cohort-{c.id}.ics"] = cal.to_ical()
        for f in self.instance.facilitators:
            attends = _staffs(f.id)
            self.person_file(out, "facilitator", f.id, f.name, attends)
        if "speakers" in self.plan.stages:
            # One file per speaker and guest of the pool (their gatherings, empty if none).
            for s in self.instance.speakers:
                self.person_file(out, "speaker", s.id, s.name, _presents(s.id))
        if self.plan.politician_sessions:
            cal = self.calendar("Folkevalgte", self.politician_events())
            out["politicians.ics"] = cal.to_ical()
        return out


def calendar_files(
    instance: Instance, plan: Plan, stamp: dt.datetime | None = None
) -> dict[str, bytes]:
    """File name -> .ics content for every cohort, facilitator and the politicians' sessions.

    ``stamp`` is every event's DTSTAMP (default: now, in UTC).
    """
    return _Exporter(instance, plan, stamp).files()


def municipality_calendar(
    instance: Instance, plan: Plan, municipality: str, stamp: dt.datetime | None = None
) -> bytes:
    """One municipality's calendar: its cohort's sessions and its politicians' session."""
    exporter = _Exporter(instance, plan, stamp)
    events = [
        e
        for c in plan.cohorts
        if municipality in c.municipalities
        for e in exporter.cohort_events(c)
    ]
    sessions = [s for s in plan.politician_sessions if municipality in s.municipalities]
    wanted = {f"{exporter.prefix}-politicians{s.id}@kompetanse-opt" for s in sessions}
    events += [e for e in exporter.politician_events() if str(e.get("uid")) in wanted]
    name = exporter.names.get(municipality, municipality)
    calendar = exporter.calendar(name, sorted(events, key=lambda e: e.decoded("dtstart")))
    content: bytes = calendar.to_ical()
    return content


def write_calendars(
    instance: Instance, plan: Plan, out_dir: Path, stamp: dt.datetime | None = None
) -> list[Path]:
    """Write every .ics file into ``out_dir``: all are rendered first, then written all or none."""
    files = calendar_files(instance, plan, stamp)
    return write_files_atomic(out_dir, {name: _bytes_writer(c) for name, c in files.items()})


def _bytes_writer(content: bytes) -> Callable[[Path], None]:
    def write(tmp: Path) -> None:
        tmp.write_bytes(content)

    return write
