"""The hard rule of the speaker stage, H10: exactly one speaker per physical gathering, who can
present its theme, is free on both of its days, is nowhere else those days and within their
maximum load; guests (optional extra slots) likewise free, able, single-booked and within their
slots and the gathering's guest slots. Pinned speakers (``pins.speakers``, when present) hold."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.speakers import gathering_needs, speaker_pins


def _where(cohort: int, index: int) -> str:
    return msg("cohort {cohort} gathering {index}", locals())


def check_h10_one_able_speaker(instance: Instance, plan: Plan) -> list[Violation]:
    """H10: each dated gathering has one speaker of the pool who can present it and is free."""
    pool = {s.id: s for s in instance.speakers}
    pins = speaker_pins(instance)
    out: list[Violation] = []
    for c in plan.cohorts:
        for g in c.gatherings:
            where, ids = _where(c.id, g.index), (str(c.id), str(g.index))
            person = pool.get(g.speaker or "")
            if person is None or person.kind != "speaker":
                what = (
                    msg("no speaker")
                    if not g.speaker
                    else msg("'{g.speaker}', not a pool speaker", locals())
                )
                out.append(Violation("H10", msg("{where} has {what}", locals()), ids))
                continue
            needs = gathering_needs(instance, g.index, c)
            if not person.can_present(needs):
                out.append(
                    Violation(
                        "H10",
                        msg(
                            "{where}: {person.id} cannot present {needs}",
                            locals(),
                            needs=" or ".join(needs),
                        ),
                        (*ids, person.id),
                    )
                )
            busy = [d for d in g.dates if not person.is_available(d)]
            if busy:
                out.append(
                    Violation(
                        "H10",
                        msg("{where}: {person.id} is not available on {busy}", locals()),
                        (*ids, person.id),
                    )
                )
            pinned = pins.get((c.id, g.index))
            if pinned is not None and pinned != person.id:
                out.append(
                    Violation(
                        "H10", msg("{where} is pinned to {pinned}, has {person.id}", locals()), ids
                    )
                )
    return out


def check_h10_guests(instance: Instance, plan: Plan) -> list[Violation]:
    """H10 (guests): known guests, able, free, at most the gathering's guest slots."""
    pool = {s.id: s for s in instance.speakers}
    cap = instance.speaker_settings.guests_per_gathering
    out: list[Violation] = []
    for c in plan.cohorts:
        for g in c.gatherings:
            where, ids = _where(c.id, g.index), (str(c.id), str(g.index))
            if len(g.guests) > cap:
                out.append(
                    Violation(
                        "H10",
                        msg(
                            "{where} has {count} guests > {cap}",
                            locals(),
                            count=len(g.guests),
                        ),
                        ids,
                    )
                )
            needs = gathering_needs(instance, g.index, c)
            for h in g.guests:
                guest = pool.get(h)
                if guest is None or guest.kind != "guest":
                    out.append(
                        Violation(
                            "H10", msg("{where}: '{h}' is not a guest of the pool", locals()), ids
                        )
                    )
                elif not guest.can_present(needs) or not guest.available_on(g.dates):
                    out.append(
                        Violation(
                            "H10",
                            msg("{where}: guest {h} is not free or not on theme", locals()),
                            ids,
                        )
                    )
    return out


def check_h10_one_place_a_day(instance: Instance, plan: Plan) -> list[Violation]:
    """H10: nobody presents at two gatherings on one day, nor more than their max_gatherings."""
    pool = {s.id: s for s in instance.speakers}
    days: dict[tuple[str, dt.date], list[str]] = {}
    load: Counter[str] = Counter()
    for c in plan.cohorts:
        for g in c.gatherings:
            for person in {*([g.speaker] if g.speaker in pool else []), *g.guests}:
                assert person is not None
                load[person] += 1
                for d in g.dates:
                    days.setdefault((person, d), []).append(_where(c.id, g.index))
    out = [
        Violation(
            "H10",
            msg(
                "{person} is in two places on {day}: {places}",
                person=person,
                day=day,
                places=", ".join(where),
            ),
            (person,),
        )
        for (person, day), where in sorted(days.items())
        if len(where) > 1
    ]
    for person, n in sorted(load.items()):
        limit = pool[person].slots if person in pool else None
        if limit is not None and n > limit:
            out.append(
                Violation(
                    "H10",
                    msg("{person} presents {n} gatherings > max {limit}", locals()),
                    (person,),
                    n,
                )
            )
    return out


SPEAKER_RULES: dict[str, Rule] = {
    "H10.one_able_speaker": check_h10_one_able_speaker,
    "H10.guests": check_h10_guests,
    "H10.one_place_a_day": check_h10_one_place_a_day,
}
