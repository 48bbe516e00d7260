"""Counting causes of rule H10 (speakers): no search, plain words.

Before any search (:func:`speaker_pool_causes`): the pool has no one who can be a speaker, a
gathering's theme that nobody can present, or fewer speaker slots than physical gatherings.
Once the calendar has dated the gatherings (:func:`speaker_gaps`): a gathering for which no
speaker who can present its theme is free on both of its days ("no speaker is available on 4–5
March 2025 for cohort 2's gathering 1 in Bergen"). The speaker stage takes the calendar's dates
as given, so such a gap makes the plan infeasible; ``explain`` names it and ``relax`` suggests
widening a speaker's availability or booking a stand-in for those days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.speakers import days_text, eligible, gathering_needs, speaker_pins
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
        days=days_text(days),
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
