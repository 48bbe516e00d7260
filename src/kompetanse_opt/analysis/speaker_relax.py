"""Relaxations of rule H10 for a dated gathering that no speaker is free for.

The rule instance is ``speaker_date:<cohort>:<gathering>:<first day>:<last day>`` (see
:func:`gap_rule`). Two kinds, each verified by the full pipeline in :mod:`.relax` like the others:

* ``speaker_availability``: ask a speaker who can present the gathering's theme to keep its days
  free (their unavailable dates there are dropped, their available ranges widened to cover them);
  the speakers with the fewest blocked days and lowest fees are tried first;
* ``stand_in_speaker``: book a stand-in for those days (one gathering, the pool's median fee).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from statistics import median_low

from kompetanse_opt.core.dates import date_range
from kompetanse_opt.model.calendar_settings import DateRange
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.speakers import DEFAULT_CAPABILITIES, Speaker, gathering_needs
from kompetanse_opt.rules.speaker_counting import SpeakerGap
from kompetanse_opt.solver.cohorts.families import RuleInstance

#: A change: its words, its size within its kind and the changed instance.
Change = tuple[str, int, Instance]

#: Speakers asked to widen their availability, per gap.
MAX_ASKED = 3


def gap_rule(gap: SpeakerGap) -> RuleInstance:
    """The gap as a rule instance of H10 that the relaxation menu understands."""
    first, last = gap.days[0], gap.days[-1]
    key = f"{gap.key}:{first.isoformat()}:{last.isoformat()}"
    return RuleInstance(key, "H10", gap.text, f"speaker for cohort {gap.cohort}")


def _parse(named: RuleInstance) -> tuple[int, int, list[dt.date]] | None:
    if named.kind != "speaker_date":
        return None
    _, cohort, gathering, first, last = named.key.split(":")
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return int(cohort), int(gathering), days


def _freed(speaker: Speaker, days: list[dt.date]) -> Speaker:
    span = DateRange(start=days[0], end=days[-1])
    unavailable = [r for r in speaker.unavailable if r.last < days[0] or r.start > days[-1]]
    available = list(speaker.available)
    if available and not all(any(r.start <= d <= r.last for r in available) for d in days):
        available.append(span)
        available = _merged(available)
    return speaker.model_copy(update={"unavailable": unavailable, "available": available})


def _merged(ranges: list[DateRange]) -> list[DateRange]:
    """Overlapping or touching ranges as one (the pool's validation refuses overlaps)."""
    out: list[DateRange] = []
    for r in sorted(ranges, key=lambda r: r.start):
        if out and r.start <= out[-1].last + dt.timedelta(days=1):
            last = max(out[-1].last, r.last)
            out[-1] = DateRange(start=out[-1].start, end=last, name=out[-1].name)
        else:
            out.append(r)
    return out


def freed_speakers(instance: Instance, named: RuleInstance) -> Iterator[Change]:
    """``speaker_availability``: speakers able to present the gathering keep its days free."""
    parsed = _parse(named)
    if parsed is None:
        return
    _, gathering, days = parsed
    needs = gathering_needs(instance, gathering)
    able = [s for s in instance.speakers if s.kind == "speaker" and s.can_present(needs)]
    blocked = {s.id: sum(not s.is_available(d) for d in days) for s in able}
    able.sort(key=lambda s: (blocked[s.id], s.fee, s.id))
    for s in able[:MAX_ASKED]:
        pool = [_freed(p, days) if p.id == s.id else p for p in instance.speakers]
        text = f"ask {s.name} ({s.id}) to keep {date_range(days)} free"
        yield text, blocked[s.id], instance.replace(speakers=pool)


def stand_in(instance: Instance, named: RuleInstance) -> Iterator[Change]:
    """``stand_in_speaker``: a stand-in booked for the gathering's days."""
    parsed = _parse(named)
    if parsed is None:
        return
    cohort, gathering, days = parsed
    needs = list(gathering_needs(instance, gathering)) or [DEFAULT_CAPABILITIES[0]]
    fees = [s.fee for s in instance.speakers if s.kind == "speaker"] or [0]
    person = Speaker(
        id=f"stand-in-{cohort}-{gathering}",
        name=f"stand-in speaker for cohort {cohort} gathering {gathering}",
        capabilities=needs,
        available=[DateRange(start=days[0], end=days[-1])],
        fee=median_low(fees),
        max_gatherings=1,
    )
    text = (
        f"book a stand-in speaker for {date_range(days)} (cohort {cohort}'s gathering"
        f" {gathering}, fee {person.fee})"
    )
    yield text, 1, instance.replace(speakers=[*instance.speakers, person])
