"""What each letter says, as plain values: one builder per recipient kind.

* a municipality: its cohort, every session's date, place and travel time, its participants with
  their group at each gathering, the politicians' session, and what to prepare before each session;
* a facilitator: the gatherings, dates, venues, co-facilitators, nights and travel from home;
* a speaker (only when the instance has a real speaker pool; placeholder ids get no letter).

Names everywhere, never ids. The templates under ``templates/letters`` lay the values out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kompetanse_opt.io.labels import Labels, sort_key
from kompetanse_opt.io.letters_text import LetterText
from kompetanse_opt.model.calendar_settings import SessionTimes
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan
from kompetanse_opt.model.problem import TravelMatrix


@dataclass(frozen=True)
class Letter:
    """One letter: its file stem, heading, recipient's name, template and the template's values."""

    stem: str
    kind: str
    recipient: str
    title: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    start: dt.date | None = None


class LetterData:
    """Look-ups shared by every letter of one plan."""

    def __init__(self, instance: Instance, plan: Plan, travel: TravelMatrix, lang: str) -> None:
        self.instance, self.plan, self.travel = instance, plan, travel
        self.text = LetterText("en" if lang == "en" else "nb")
        self.labels = Labels(self.text.lang)
        self.municipalities = {m.id: m.name for m in instance.municipalities}
        self.venues = {v.id: v.name for v in instance.venues}
        self.facilitators = {f.id: f.name for f in instance.facilitators}
        speakers = getattr(instance, "speakers", None) or []
        self.speakers: dict[str, str] = {s.id: s.name for s in speakers}
        self.times = instance.calendar.times if instance.calendar else SessionTimes()

    def clock(self, value: dt.time) -> str:
        return value.strftime("%H.%M" if self.text.lang == "nb" else "%H:%M")

    def gathering_when(self, g: GatheringPlan) -> str:
        if not g.dates:
            return ""
        t = self.text
        return t(
            "lunch_to_lunch",
            first=t.day(g.dates[0]),
            start=self.clock(self.times.gathering_start),
            last=t.day(g.dates[-1]),
            end=self.clock(self.times.gathering_end),
        )

    def half_day_when(self, day: dt.date) -> str:
        t = self.text
        start, end = self.clock(self.times.half_day_start), self.clock(self.times.half_day_end)
        return t("half_day", day=t.day(day), start=start, end=end)

    def names(self, ids: list[str]) -> list[str]:
        return sorted((self.municipalities.get(m, m) for m in ids), key=sort_key)

    def minutes(self, origin: str, venue: str) -> str:
        value = self.travel.get((origin, venue))
        return "" if value is None else self.text.duration(value)


def _group_names(data: LetterData, g: GatheringPlan) -> dict[str, tuple[str, list[str]]]:
    """Participant -> (group name, other municipalities in the group) at one gathering."""
    home = {p.id: p.municipality for p in data.instance.participants}
    seen: dict[str, int] = {}
    out: dict[str, tuple[str, list[str]]] = {}
    for group in g.groups:
        seen[group.service_area] = seen.get(group.service_area, 0) + 1
        area = data.labels.service_area(group.service_area)
        name = data.text("group_name", area=area, n=seen[group.service_area])
        towns = {home.get(p, "") for p in group.participants}
        for p in group.participants:
            out[p] = (name, data.names(sorted(towns - {home.get(p, "")})))
    return out


def _sessions(data: LetterData, c: CohortPlan, municipality: str) -> list[Row]:
    t = data.text
    rows = [
        Row(
            (
                t("gathering_n", n=g.index),
                data.gathering_when(g),
                data.venues.get(g.venue, g.venue),
                data.minutes(municipality, g.venue),
            ),
            g.dates[0] if g.dates else None,
        )
        for g in c.gatherings
    ]
    rows += [
        Row((t("session_local"), data.half_day_when(s.date), t("own_house"), ""), s.date)
        for s in c.local_sessions
    ]
    rows += [
        Row((t("session_closing"), data.half_day_when(s.date), t("teams"), ""), s.date)
        for s in c.closing_sessions
    ]
    return sorted(rows, key=lambda r: (r.start or dt.date.max, r.cells[0]))


def _module_names(data: LetterData) -> dict[str, str]:
    """Module id -> name in the letter's language, from the instance's content catalogue (if
    it has one: the ``learning`` stage's catalogue)."""
    catalogue: Any = getattr(data.instance, "content", None)
    if catalogue is None:
        return {}
    nb = data.text.lang == "nb"
    return {m.id: (m.name_nb if nb else m.name_en or m.name_nb) for m in catalogue.modules}


def _path_steps(data: LetterData, c: CohortPlan) -> dict[tuple[str, int], str]:
    """(session kind, index) -> the self-study before it, by module name and dates, when the
    cohort has a learning path (``CohortPlan.learning_path`` of the ``learning`` stage)."""
    path: Any = getattr(c, "learning_path", None)
    names = _module_names(data)
    if path is None or not names:
        return {}
    t = data.text
    out: dict[tuple[str, int], str] = {}
    for window in path.windows:
        modules = [names.get(m, m) for m in window.modules]
        if modules:
            when = t("window", start=t.day(window.start), end=t.day(window.end))
            out[(window.before_kind, window.before_index)] = f"{when}: {'; '.join(modules)}."
    return out


def _preparation(data: LetterData, c: CohortPlan) -> list[tuple[str, str]]:
    """(before which session, what to do): the cohort's learning path where it has one, else
    the seed's general words."""
    t = data.text
    path = _path_steps(data, c)
    steps: list[tuple[dt.date, str, str, tuple[str, int]]] = []
    for g in c.gatherings:
        key = "prep_gathering_1" if g.index == 1 else "prep_gathering_n"
        day = g.dates[0] if g.dates else dt.date.max
        steps.append((day, t("gathering_n", n=g.index), t(key), ("gathering", g.index)))
    steps += [
        (s.date, t("session_local"), t("prep_local"), ("local", s.index)) for s in c.local_sessions
    ]
    steps += [
        (s.date, t("session_closing"), t("prep_closing"), ("closing", s.index))
        for s in c.closing_sessions
    ]
    steps.sort(key=lambda s: s[0])
    return [
        (t("prepare_before", session=name[0].lower() + name[1:]), path.get(key, general))
        for _, name, general, key in steps
    ]


def _politicians(data: LetterData, municipality: str) -> str:
    t = data.text
    for s in data.plan.politician_sessions:
        if municipality in s.municipalities:
            track = data.instance.calendar.politicians if data.instance.calendar else None
            when = t.day(s.date)
            if track is not None:
                when = t("at_time", day=when, time=data.clock(track.start_time))
            others = data.names([m for m in s.municipalities if m != municipality])
            return t(
                "politicians_text",
                when=when,
                venue=data.venues.get(s.venue, s.venue),
                others=t.join(others) or "-",
            )
    return t("politicians_none")


def _person(data: LetterData, pid: str) -> str:
    p = next(p for p in data.instance.participants if p.id == pid)
    if p.name:
        return p.name
    role = data.text.role(p.role) if p.role else data.labels.target_group(p.target_group)
    return f"{role}, {data.labels.service_area(p.service_area).lower()}"


def municipality_letter(data: LetterData, c: CohortPlan, municipality: str) -> Letter:
    t = data.text
    name = data.municipalities[municipality]
    people = [p.id for p in data.instance.participants if p.municipality == municipality]
    gatherings = sorted(c.gatherings, key=lambda g: g.index)
    groups = [_group_names(data, g) for g in gatherings]
    rows = []
    for pid in people:
        cells = [_person(data, pid)]
        for by_person in groups:
            group, others = by_person.get(pid, ("", []))
            cells.append(
                f"{group} ({t('with_others', names=', '.join(others))})" if others else group
            )
        rows.append(cells)
    others = data.names([m for m in c.municipalities if m != municipality])
    key = "municipality_intro" if others else "alone_intro"
    intro = t(key, name=name, cohort=c.id, others=t.join(others), size=c.size, count=len(people))
    return Letter(
        t("file_municipality", id=municipality),
        "municipality",
        name,
        t("municipality_title", name=name),
        {
            "intro": intro,
            "sessions": _sessions(data, c, municipality),
            "people": rows,
            "group_heads": [t("group_at", n=g.index) for g in gatherings if g.groups],
            "show_groups": any(g.groups for g in gatherings),
            "politicians": _politicians(data, municipality),
            "preparation": _preparation(data, c),
        },
    )


def facilitator_letter(data: LetterData, facilitator: str, number: int) -> Letter:
    t = data.text
    me = next(f for f in data.instance.facilitators if f.id == facilitator)
    home = data.municipalities.get(me.home, "") if me.home else ""
    rows: list[Row] = []
    nights = 0
    for c in data.plan.cohorts:
        for g in c.gatherings:
            if facilitator not in g.facilitators:
                continue
            others = sorted(data.facilitators.get(f, f) for f in g.facilitators if f != facilitator)
            night = max(len(g.dates) - 1, 0) if g.dates else 1
            nights += night
            travel = data.minutes(me.home, g.venue) if me.home else ""
            cells = (
                t("cohort_n", n=c.id),
                t("gathering_n", n=g.index),
                data.gathering_when(g),
                data.venues.get(g.venue, g.venue),
                ", ".join(others),
                str(night),
                travel,
            )
            rows.append(Row(cells, g.dates[0] if g.dates else None))
    rows.sort(key=lambda r: (r.start or dt.date.max, r.cells))
    cohorts = len({r.cells[0] for r in rows})
    return Letter(
        t("file_facilitator", n=number),
        "facilitator",
        me.name,
        t("facilitator_title", name=me.name),
        {
            "intro": t("facilitator_intro", count=len(rows), cohorts=cohorts),
            "rows": rows,
            "nights": nights,
            "travel_head": t("travel_from_home", home=home) if home else t("travel"),
        },
    )


def _presents(g: GatheringPlan, person: str) -> bool:
    """True when ``person`` is the gathering's speaker or one of its guests (speaker stage)."""
    return g.speaker == person or person in (getattr(g, "guests", None) or ())


def speaker_letter(data: LetterData, speaker: str, number: int) -> Letter:
    t = data.text
    name = data.speakers[speaker]
    rows = [
        Row(
            (
                t("cohort_n", n=c.id),
                t("gathering_n", n=g.index),
                data.gathering_when(g),
                data.venues.get(g.venue, g.venue),
                ", ".join(data.names(c.municipalities)),
            ),
            g.dates[0] if g.dates else None,
        )
        for c in data.plan.cohorts
        for g in c.gatherings
        if _presents(g, speaker)
    ]
    rows.sort(key=lambda r: (r.start or dt.date.max, r.cells))
    return Letter(
        t("file_speaker", n=number),
        "speaker",
        name,
        t("speaker_title", name=name),
        {"intro": t("speaker_intro", count=len(rows)), "rows": rows},
    )


def all_letters(data: LetterData) -> list[Letter]:
    """Every municipality's letter (in the order of the instance), every facilitator's, and every
    real speaker's."""
    cohort_of = {m: c for c in data.plan.cohorts for m in c.municipalities}
    letters = [
        municipality_letter(data, cohort_of[m.id], m.id)
        for m in data.instance.municipalities
        if m.id in cohort_of
    ]
    letters += [
        facilitator_letter(data, f.id, n) for n, f in enumerate(data.instance.facilitators, start=1)
    ]
    used = [
        s
        for s in data.speakers
        if any(_presents(g, s) for c in data.plan.cohorts for g in c.gatherings)
    ]
    letters += [speaker_letter(data, s, n) for n, s in enumerate(used, start=1)]
    return letters
