"""A first speaker assignment without search: the speaker stage's fallback when CP-SAT found
nothing in its share (a large plan whose earlier stages used the run's time).

Slots are taken in the order of fewest candidates first; each gets the candidate (the model's
``x`` pairs: able to present the theme, free on the days, the pinned one if pinned) who is free
that day and under their ``max_gatherings``, cheapest by fee and travel, ties by id. Guests stay
away (the optional slots unused), except pinned ones. None when a slot is left without anyone:
the search is the only way then.
"""

from __future__ import annotations

import datetime as dt

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.speakers import guest_pins
from kompetanse_opt.objective.speaker_terms import fee_thousands, speaker_minutes
from kompetanse_opt.solver.speakers.model import SpeakerModel


def greedy_speakers(model: SpeakerModel) -> Plan | None:
    """The fallback plan of :class:`SpeakerModel` ``model`` (see the module docstring)."""
    candidates: dict[int, list[str]] = {}
    for pid, k in model.x:
        candidates.setdefault(k, []).append(pid)
    busy: set[tuple[str, dt.date]] = set()
    load: dict[str, int] = {}
    speaker: dict[int, str] = {}
    instance = model.data.instance
    for k in sorted(range(len(model.slots)), key=lambda k: (len(candidates.get(k, [])), k)):
        slot = model.slots[k]

        def cost(pid: str, venue: str = slot.venue) -> tuple[int, str]:
            person = model.people[pid]
            price = instance.weight("speaker_fees") * fee_thousands(person)
            travel = instance.weight("speaker_travel") * speaker_minutes(model.data, person, venue)
            return price + travel, pid

        free = [
            pid
            for pid in candidates.get(k, [])
            if all((pid, day) not in busy for day in slot.days)
            and load.get(pid, 0) < (model.people[pid].slots or len(model.slots))
        ]
        if not free:
            return None
        chosen = min(free, key=cost)
        speaker[k] = chosen
        load[chosen] = load.get(chosen, 0) + 1
        busy.update((chosen, day) for day in slot.days)
    pins = guest_pins(model.data.instance)
    guests = {
        k: sorted(pins[slot.cohort, slot.index])
        for k, slot in enumerate(model.slots)
        if (slot.cohort, slot.index) in pins
    }
    return model.placed(speaker, guests)
