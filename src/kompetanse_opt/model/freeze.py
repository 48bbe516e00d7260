"""Freeze by date (rule H11): what is held becomes hard pins, the rest a priced baseline.

:func:`freeze` turns a previous plan and a day into the instance of a re-plan:

* every session on or before ``today`` is **held**: its date, venue, facilitators, speaker and
  groups (and a politicians' session's venue, date and municipalities) become pins marked
  ``held``; a cohort with a held session has **started** and is frozen
  (its municipalities, hence its participants, stay; nobody joins);
* sessions after ``today`` and on or before ``published_until`` are **announced**, later ones
  **draft**: both may move, at the prices of ``instance.change_weights`` (announced ones dearly);
* the whole previous plan is recorded as ``instance.baseline`` (pins in shape, but soft), which the
  stages' change terms (``changed_*``) count against.

Withdrawn people stay in the record: a held gathering's group pins keep everybody who sat in them,
and a started cohort's pin keeps a municipality that has withdrawn since (validation accepts these
unknown ids in ``held`` pins only). The plan of the re-plan keeps those groups exactly as held, so
the plan file still says who attended; the withdrawn are simply not planned for anything later.

An ``auto`` cohort count becomes the previous plan's count, so that cohort numbers keep meaning
the same cohorts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_fields import InstanceFields
from kompetanse_opt.model.pins import (
    CohortPin,
    DatePin,
    FacilitatorPin,
    GatheringPin,
    GroupPin,
    MunicipalityPin,
    Pins,
    PoliticianPin,
    SpeakerPin,
)
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan


def session_state(instance: InstanceFields, day: dt.date | None) -> str:
    """'held' (on or before today), 'announced' (after today, up to published_until) or
    'draft' (later, undated, or no re-plan dates set) for a session dated ``day``. Without
    ``today`` nothing is held: ``published_until`` alone marks what is announced."""
    today, until = instance.today, instance.published_until
    if day is None:
        return "draft"
    if today is not None and day <= today:
        return "held"
    if until is not None and day <= until:
        return "announced"
    return "draft"


def _gathering_pins(cohort: int, g: GatheringPlan, held: bool, spoken: bool = False) -> Pins:
    """One gathering's decisions as pins (venue, date, staff, speaker, groups); ``spoken``: the
    plan has a speakers' stage, so its guests (none included) are decisions too."""
    dates = [DatePin(cohort=cohort, index=g.index, date=g.dates[0], held=held)] if g.dates else []
    staff = (
        [FacilitatorPin(cohort=cohort, gathering=g.index, facilitators=g.facilitators, held=held)]
        if g.facilitators
        else []
    )
    speaker = (
        [
            SpeakerPin(
                cohort=cohort,
                gathering=g.index,
                speaker=g.speaker,
                guests=list(g.guests) if spoken else None,
                held=held,
            )
        ]
        if g.speaker
        else []
    )
    groups = [
        GroupPin(
            cohort=cohort,
            gathering=g.index,
            participants=group.participants,
            id=group.id,
            service_area=group.service_area,
            held=held,
        )
        for group in g.groups
        if group.participants
    ]
    return Pins(
        gatherings=[GatheringPin(cohort=cohort, gathering=g.index, venue=g.venue)],
        dates=dates,
        facilitators=staff,
        speakers=speaker,
        groups=groups,
    )


def _half_day_pins(cohort: CohortPlan, keep: Iterable[dt.date] | None, held: bool) -> list[DatePin]:
    sessions = [("local", s) for s in cohort.local_sessions]
    sessions += [("closing", s) for s in cohort.closing_sessions]
    return [
        DatePin(cohort=cohort.id, session=kind, index=s.index, date=s.date, held=held)
        for kind, s in sessions
        if keep is None or s.date in set(keep)
    ]


def _merge(parts: Iterable[Pins]) -> Pins:
    out: dict[str, list[Any]] = {name: [] for name in Pins.model_fields}
    for part in parts:
        for name in Pins.model_fields:
            out[name] += getattr(part, name)
    return Pins.model_validate(out)


def baseline_pins(previous: Plan) -> Pins:
    """Every decision of ``previous`` in the shape of pins (the change terms' reference)."""
    parts = [
        Pins(
            municipalities=[MunicipalityPin(municipality=m, cohort=c.id) for m in c.municipalities],
            dates=_half_day_pins(c, None, False),
        )
        for c in previous.cohorts
    ]
    spoken = "speakers" in previous.stages
    parts += [
        _gathering_pins(c.id, g, False, spoken) for c in previous.cohorts for g in c.gatherings
    ]
    return _merge(parts)


def held_pins(previous: Plan, today: dt.date) -> Pins:
    """The held sessions of ``previous`` (on or before ``today``) as ``held`` pins, and every
    started cohort frozen."""
    parts: list[Pins] = [
        Pins(
            politicians=[
                PoliticianPin(
                    venue=s.venue, date=s.date, municipalities=s.municipalities, held=True
                )
                for s in previous.politician_sessions
                if s.date <= today and s.municipalities
            ]
        )
    ]
    for c in previous.cohorts:
        held = [g for g in c.gatherings if g.dates and g.dates[0] <= today]
        half = [s.date for s in (*c.local_sessions, *c.closing_sessions) if s.date <= today]
        parts += [_gathering_pins(c.id, g, True, "speakers" in previous.stages) for g in held]
        if held or half:
            started = CohortPin(cohort=c.id, municipalities=c.municipalities, held=True)
            parts.append(Pins(cohorts=[started], dates=_half_day_pins(c, half, True)))
    return _merge(parts)


def _without_slots(pins: Pins, held: Pins) -> Pins:
    """``pins`` minus every pin of a slot that ``held`` decides (history wins)."""
    venues = {(g.cohort, g.gathering) for g in held.gatherings}
    dates = {(d.cohort, d.session, d.index) for d in held.dates}
    staffed = {(f.cohort, f.gathering) for f in held.facilitators}
    spoken = {(s.cohort, s.gathering) for s in held.speakers}
    grouped = {(g.cohort, g.gathering) for g in held.groups}
    met = {m for p in held.politicians for m in p.municipalities}
    frozen = {c.cohort for c in held.cohorts}
    members = {m for c in held.cohorts for m in c.municipalities}
    return pins.model_copy(
        update={
            "municipalities": [p for p in pins.municipalities if p.municipality not in members],
            "gatherings": [g for g in pins.gatherings if (g.cohort, g.gathering) not in venues],
            "dates": [d for d in pins.dates if (d.cohort, d.session, d.index) not in dates],
            "facilitators": [
                f for f in pins.facilitators if (f.cohort, f.gathering) not in staffed
            ],
            "speakers": [s for s in pins.speakers if (s.cohort, s.gathering) not in spoken],
            "groups": [g for g in pins.groups if (g.cohort, g.gathering) not in grouped],
            "cohorts": [c for c in pins.cohorts if c.cohort not in frozen],
            "politicians": [p for p in pins.politicians if not met & set(p.municipalities)],
        }
    )


def baseline_plan(instance: InstanceFields) -> Plan | None:
    """The baseline as a cohort plan of the instance's municipalities (venues in gathering order),
    for warm starts and for keeping gatherings in their order; None without a baseline."""
    base = instance.baseline
    if base is None:
        return None
    members = instance.participants_of()
    cohort_of = {p.municipality: p.cohort for p in base.municipalities}
    venues = {(g.cohort, g.gathering): g.venue for g in base.gatherings}
    cohorts = []
    for k in sorted({g.cohort for g in base.gatherings} | set(cohort_of.values())):
        ids = [m.id for m in instance.municipalities if cohort_of.get(m.id) == k]
        count = instance.cohorts.gatherings
        if all((k, i) in venues for i in range(1, count + 1)):
            row = [venues[k, i] for i in range(1, count + 1)]
            cohorts.append(CohortPlan.assigned(k, ids, row, members))
    return Plan(cohorts=cohorts)


def with_baseline(instance: Instance, previous: Plan) -> Instance:
    """``instance`` with ``previous`` recorded as the baseline of the change terms (no freeze)."""
    count = instance.cohorts.count
    cohorts = instance.cohorts
    if count == "auto":
        cohorts = cohorts.model_copy(update={"count": max(len(previous.cohorts), 1)})
    return instance.replace(baseline=baseline_pins(previous), cohorts=cohorts)


def freeze(
    instance: Instance,
    previous: Plan,
    today: dt.date,
    published_until: dt.date | None = None,
) -> Instance:
    """The instance of a re-plan on ``today``: held sessions pinned (``held``), started cohorts
    frozen, announced sessions (up to ``published_until``) priced, ``previous`` the baseline.

    Pins the secretariat set for a slot that is already held give way to what was held.
    """
    held = held_pins(previous, today)
    kept = _without_slots(instance.pins, held)
    pins = _merge([kept, held])
    staged = with_baseline(instance, previous)
    return staged.replace(pins=pins, today=today, published_until=published_until)


__all__ = [
    "baseline_pins",
    "baseline_plan",
    "freeze",
    "held_pins",
    "session_state",
    "with_baseline",
]
