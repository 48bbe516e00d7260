"""The .ics files parse back (with icalendar) to the plan's sessions, in Europe/Oslo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from calendar_builders import make_dated_instance
from kompetanse_opt import solve
from kompetanse_opt.io.ics import calendar_files, write_calendars
from kompetanse_opt.model.plan import Plan

INSTANCE = make_dated_instance()
OSLO = "Europe/Oslo"
STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return solve(INSTANCE).require_plan()


def events(content: bytes) -> list[tuple[str, dt.datetime, dt.datetime]]:
    cal = Calendar.from_ical(content)
    assert [tz.tz_name for tz in cal.timezones] == [OSLO]
    out = []
    for event in cal.events:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert str(start.tzinfo) == OSLO and str(end.tzinfo) == OSLO
        out.append((str(event["summary"]), start, end))
    return out


def test_cohort_files_hold_every_session_with_the_plan_dates(plan: Plan) -> None:
    files = calendar_files(INSTANCE, plan, STAMP)
    for c in plan.cohorts:
        got = events(files[f"cohort-{c.id}.ics"])
        expected = {(g.dates[0], g.dates[1]) for g in c.gatherings}
        expected |= {(s.date, s.date) for s in c.local_sessions + c.closing_sessions}
        assert {(start.date(), end.date()) for _, start, end in got} == expected
        gathering = next(e for e in got if "samling 1" in e[0])
        assert gathering[1].time() == dt.time(11, 30) and gathering[2].time() == dt.time(13, 0)
        assert (gathering[2].date() - gathering[1].date()).days == 1


def test_facilitator_files_hold_exactly_their_gatherings(plan: Plan) -> None:
    files = calendar_files(INSTANCE, plan, STAMP)
    for f in INSTANCE.facilitators:
        got = (
            events(files[f"facilitator-{f.id}.ics"])
            if any(f.id in g.facilitators for c in plan.cohorts for g in c.gatherings)
            else []
        )
        mine = sorted(
            g.dates[0] for c in plan.cohorts for g in c.gatherings if f.id in g.facilitators
        )
        assert sorted(start.date() for _, start, _ in got) == mine


def test_politicians_file_and_shared_uids(plan: Plan) -> None:
    files = calendar_files(INSTANCE, plan, STAMP)
    got = events(files["politicians.ics"])
    assert sorted(start.date() for _, start, _ in got) == sorted(
        s.date for s in plan.politician_sessions
    )
    assert all(end - start == dt.timedelta(hours=2) for _, start, end in got)
    uids = lambda name: {str(e["uid"]) for e in Calendar.from_ical(files[name]).events}  # noqa: E731
    person = plan.cohorts[0].gatherings[0].facilitators[0]
    assert uids(f"facilitator-{person}.ics") & uids("cohort-1.ics")


def test_write_calendars_writes_every_file(plan: Plan, tmp_path: Path) -> None:
    written = write_calendars(INSTANCE, plan, tmp_path / "ics", STAMP)
    assert sorted(p.name for p in written) == sorted(calendar_files(INSTANCE, plan, STAMP))
    assert not list((tmp_path / "ics").glob(".*.tmp"))
