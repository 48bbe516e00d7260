"""Counting causes of rule H10 (speakers): no search, plain words.

Before any search (:func:`speaker_pool_causes`): the pool has no one who can be a speaker, a
gathering's theme that nobody can present, or fewer speaker slots than physical gatherings.
Before the dates are chosen (:func:`able_before_dates`, :func:`free_starts`): who may present
gathering k whatever the learning stage later makes its main module, and the days they are free;
the calendar's H10 family keeps every gathering on such days, and :func:`speaker_day_causes`
names a gathering that has none in the horizon.
Once the calendar has dated the gatherings (:func:`speaker_gaps`): a gathering for which no
speaker who can present its theme is free on both of its days ("no speaker is available on 4–5
March 2025 for cohort 2's gathering 1 in Bergen"). The speaker stage takes the calendar's dates
as given, so such a gap makes the plan infeasible; ``explain`` names it and ``relax`` suggests
widening a speaker's availability or booking a stand-in for those days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kompetanse_opt.core.dates import date_range
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_days import DayGrid, build_grid
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.speakers import (
    Speaker,
    eligible,
    gathering_needs,
    speaker_pins,
)
from kompetanse_opt.rules.counting import Cause


@dataclass(frozen=True)
class SpeakerGap:
    """A dated gathering that no speaker of the pool can take."""

    cohort: int
    gathering: int
    venue: str
    days: tuple[dt.date, ...]
    text: str

    @property
    def key(self) -> str:
        """The rule instance's key for ``relax``: ``speaker_date:<cohort>:<gathering>``."""
        return f"speaker_date:{self.cohort}:{self.gathering}"


def _gap_text(
    instance: Instance, c: CohortPlan, index: int, venue: str, days: list[dt.date]
) -> str:
    names = {v.id: v.name for v in instance.venues}
    cohort = c.id
    needs = gathering_needs(instance, index, c)
    able = [s for s in instance.speakers if s.kind == "speaker" and s.can_present(needs)]
    pinned = speaker_pins(instance).get((cohort, index))
    about = msg(" who can present {needs}", locals(), needs=" or ".join(needs)) if needs else ""
    detail = (
        msg("the pinned speaker {pinned} is not free or cannot present it", locals())
        if pinned is not None
        else msg(
            "{count} speaker(s){about} in the pool, none free both days",
            locals(),
            count=len(able),
        )
    )
    return msg(
        "no speaker is available on {days} for cohort {cohort}'s "
        "gathering {index} in {venue_name} ({detail})",
        locals(),
        days=date_range(days),
        venue_name=names.get(venue, venue),
    )


def speaker_gaps(instance: Instance, plan: Plan) -> list[SpeakerGap]:
    """Dated gatherings of ``plan`` that no speaker can take (none without a pool)."""
    if not any(s.kind == "speaker" for s in instance.speakers):
        return []
    out = []
    for c in sorted(plan.cohorts, key=lambda c: c.id):
        for g in c.gatherings:
            if g.dates and not eligible(instance, c.id, g.index, g.dates, cohort_plan=c):
                text = _gap_text(instance, c, g.index, g.venue, g.dates)
                out.append(SpeakerGap(c.id, g.index, g.venue, tuple(g.dates), text))
    return out


def speaker_pool_causes(instance: Instance) -> list[str]:
    """What counting proves about the pool before any date is chosen (none without a pool)."""
    if not instance.speakers or instance.calendar is None:
        return []
    speakers = [s for s in instance.speakers if s.kind == "speaker"]
    if not speakers:
        return ["speakers: the pool has only guests, and every physical gathering needs a speaker"]
    out = []
    for theme in instance.speaker_settings.themes:
        if not any(s.can_present(theme.capabilities) for s in speakers):
            out.append(
                msg(
                    "speakers: nobody in the pool can present {needs}, "
                    "the theme of gathering {theme.gathering}",
                    locals(),
                    needs=" or ".join(theme.capabilities),
                )
            )
    out += speaker_day_causes(instance)
    slots = [s.max_gatherings for s in speakers]
    needed = instance.cohort_count * instance.cohorts.gatherings
    if all(n is not None for n in slots) and sum(n or 0 for n in slots) < needed:
        out.append(
            msg(
                "speakers: the pool's max_gatherings add up to "
                "{slots}, fewer than the {needed} physical gatherings",
                locals(),
                slots=sum(n or 0 for n in slots),
            )
        )
    return out


def labelled_speaker_causes(instance: Instance) -> list[Cause]:
    return [Cause("H10", text) for text in speaker_pool_causes(instance)]


def possible_needs(instance: Instance, gathering: int) -> list[tuple[str, ...]]:
    """What gathering ``gathering`` may need of its speaker before the learning stage has run.

    The main module is chosen by the learning stage, after the calendar: it is one of the
    catalogue's ``main`` modules, or none (then the configured theme applies, as in
    :func:`~kompetanse_opt.model.speakers.gathering_needs`). A speaker who can present none of
    these can present the gathering in no plan, so filtering on the union never cuts a plan.
    """
    needs = [instance.speaker_settings.needs(gathering)]
    content = instance.content
    if content is not None:
        needs += [tuple(m.capabilities) for m in content.modules if m.main]
    return needs


def able_before_dates(instance: Instance, cohort: int | None, gathering: int) -> list[Speaker]:
    """The pool's speakers who may present ``gathering`` of ``cohort`` in some plan (only its
    pinned speaker when it has one; ``cohort`` None ignores pins)."""
    pinned = speaker_pins(instance).get((cohort, gathering)) if cohort is not None else None
    needs = possible_needs(instance, gathering)
    return [
        s
        for s in instance.speakers
        if s.kind == "speaker"
        and (pinned is None or s.id == pinned)
        and any(s.can_present(n) for n in needs)
    ]


def free_starts(grid: DayGrid, speakers: list[Speaker], length: int = 2) -> set[int]:
    """Day indices where a session of ``length`` days can start with one of ``speakers`` free on
    all of its days (a gathering is two days, lunch to lunch)."""
    free = [{i for i in range(grid.n_days) if s.is_available(grid.day(i))} for s in speakers]
    return {
        i
        for i in range(grid.n_days - length + 1)
        if any(all(i + d in days for d in range(length)) for days in free)
    }


def _gathering_steps(instance: Instance) -> dict[int, int]:
    """Gathering index (1-based) -> its step in the calendar template."""
    assert instance.calendar is not None
    steps = [i for i, s in enumerate(instance.calendar.template) if s.kind == "gathering"]
    return {k + 1: step for k, step in enumerate(steps)}


def speaker_day_causes(instance: Instance) -> list[str]:
    """Gatherings with no day in the planning horizon on which they may be held and a speaker
    who can present them is free on both days (pinned speakers per cohort)."""
    if instance.calendar is None or not any(s.kind == "speaker" for s in instance.speakers):
        return []
    grid = build_grid(instance)
    settings = instance.calendar
    pins = speaker_pins(instance)
    out = []
    for index, step in _gathering_steps(instance).items():
        weekdays = settings.step_weekdays(settings.template[step])
        starts = set(grid.starts(2, weekdays, (), "gathering"))
        owners = [(c, pins.get((c, index))) for c in range(1, instance.cohort_count + 1)]
        for cohort, pinned in sorted({(c if p else None, p) for c, p in owners}, key=str):
            able = able_before_dates(instance, cohort, index)
            if (not able and cohort is None) or starts & free_starts(grid, able):
                continue  # nobody able at all: the theme's own cause names it
            who = f"the pinned speaker {pinned}" if pinned else f"{len(able)} able speaker(s)"
            of = f"cohort {cohort}'s gathering {index}" if cohort else f"gathering {index}"
            out.append(
                f"speakers: no day from {grid.first} to {grid.last} on which {of} can be held"
                f" has a speaker free on both days ({who} in the pool)"
            )
    return out
