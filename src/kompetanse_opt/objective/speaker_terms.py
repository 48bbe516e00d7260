"""Objective terms of the speaker stage (H10's preferences), computed from a plan in plain Python.

The CP-SAT model (``solver/speakers/model.py``) builds each term as an expression; these functions
compute the same integers from a finished plan.

======================  ==================================================================
term                    meaning
======================  ==================================================================
``speaker_changes``     per theme (the main module, or gathering k of every cohort without a
                        learning path), distinct speakers minus one, summed: 0 = a good
                        speaker is kept across cohorts
``speaker_peak_load``   the most gatherings any one speaker of the pool presents (spread
                        the load)
``speaker_travel``      minutes one way, each speaker's home to the venue, per gathering
``speaker_fees``        the speakers' fees in whole thousands of NOK (each fee rounded)
``guest_slots_unused``  guest presenters' slots left unused (guests are welcome extras)
======================  ==================================================================
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.model.speakers import Speaker, crow_minutes, main_module
from kompetanse_opt.objective.cohort_terms import TermFunction


def pool(data: ProblemData, kind: str = "speaker") -> dict[str, Speaker]:
    return {s.id: s for s in data.instance.speakers if s.kind == kind}


def speaker_minutes(data: ProblemData, speaker: Speaker, venue: str) -> int:
    """One-way minutes from the speaker's home to ``venue`` (0 without a home)."""
    if speaker.home is not None:
        return data.minutes(speaker.home, venue)
    if speaker.lat is not None and speaker.lon is not None:
        place = next(v for v in data.instance.venues if v.id == venue)
        return crow_minutes(speaker.lat, speaker.lon, place.lat, place.lon)
    return 0


def fee_thousands(speaker: Speaker) -> int:
    """The fee in whole thousands of NOK, rounded half up."""
    return (speaker.fee + 500) // 1000


def theme_of(data: ProblemData, gathering: int, cohort_plan: Any = None) -> str:
    """What a gathering is about: its main module when the plan has a learning path, else
    gathering k (the same content for gathering k of every cohort)."""
    module = main_module(data.instance, gathering, cohort_plan)
    return f"module-{module.id}" if module is not None else f"gathering-{gathering}"


def _assigned(data: ProblemData, plan: Plan) -> list[tuple[str, str, Speaker]]:
    """(theme, venue, speaker) of every gathering with a pool speaker."""
    speakers = pool(data)
    return [
        (theme_of(data, g.index, c), g.venue, speakers[g.speaker])
        for c in plan.cohorts
        for g in c.gatherings
        if g.speaker in speakers
    ]


def speaker_changes(data: ProblemData, plan: Plan) -> int:
    by_theme: dict[str, set[str]] = {}
    for theme, _, s in _assigned(data, plan):
        by_theme.setdefault(theme, set()).add(s.id)
    return sum(len(ids) - 1 for ids in by_theme.values())


def speaker_loads(data: ProblemData, plan: Plan) -> dict[str, int]:
    """Gatherings each speaker of the pool presents (0 for those who present none)."""
    loads = dict.fromkeys(pool(data), 0)
    loads.update(Counter(s.id for _, _, s in _assigned(data, plan)))
    return loads


def speaker_peak_load(data: ProblemData, plan: Plan) -> int:
    return max(speaker_loads(data, plan).values(), default=0)


def speaker_travel(data: ProblemData, plan: Plan) -> int:
    return sum(speaker_minutes(data, s, venue) for _, venue, s in _assigned(data, plan))


def speaker_fees(data: ProblemData, plan: Plan) -> int:
    return sum(fee_thousands(s) for _, _, s in _assigned(data, plan))


def guest_slots_unused(data: ProblemData, plan: Plan) -> int:
    guests = pool(data, "guest")
    used = Counter(h for c in plan.cohorts for g in c.gatherings for h in g.guests)
    return sum(max(0, (s.slots or 1) - used[s.id]) for s in guests.values())


SPEAKER_TERMS: dict[str, TermFunction] = {
    "speaker_changes": speaker_changes,
    "speaker_peak_load": speaker_peak_load,
    "speaker_travel": speaker_travel,
    "speaker_fees": speaker_fees,
    "guest_slots_unused": guest_slots_unused,
}
