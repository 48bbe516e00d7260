"""Hard rules of the cohort stage (H1, H2, H3, H7, H8, P6), one function each."""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan


def check_h1_one_cohort_per_participant(instance: Instance, plan: Plan) -> list[Violation]:
    """H1: every participant in exactly one cohort, all of a municipality in the same one."""
    out: list[Violation] = []
    known_people = {p.id: p for p in instance.participants}
    placed: Counter[str] = Counter(pid for c in plan.cohorts for pid in c.participants)
    for pid in known_people:
        if placed[pid] == 0:
            out.append(Violation("H1", msg("participant {pid} is in no cohort", locals()), (pid,)))
        elif placed[pid] > 1:
            out.append(
                Violation(
                    "H1",
                    msg("participant {pid} is in {n} cohorts", locals(), n=placed[pid]),
                    (pid,),
                    placed[pid] - 1,
                )
            )
    for pid in sorted(set(placed) - set(known_people)):
        out.append(Violation("H1", msg("unknown participant {pid} in the plan", locals()), (pid,)))

    known_munis = {m.id for m in instance.municipalities}
    listed: Counter[str] = Counter(m for c in plan.cohorts for m in c.municipalities)
    for mid in sorted(known_munis):
        if listed[mid] != 1:
            out.append(
                Violation(
                    "H1",
                    msg("municipality {mid} is listed in {n} cohorts", locals(), n=listed[mid]),
                    (mid,),
                )
            )
    for mid in sorted(set(listed) - known_munis):
        out.append(Violation("H1", msg("unknown municipality {mid} in the plan", locals()), (mid,)))

    cohort_of_municipality = plan.cohort_of_municipality()
    for c in plan.cohorts:
        for pid in c.participants:
            person = known_people.get(pid)
            if person is None:
                continue
            home = cohort_of_municipality.get(person.municipality)
            if home != c.id:
                out.append(
                    Violation(
                        "H1",
                        msg(
                            "participant {pid} sits in cohort {c.id} but municipality "
                            "{person.municipality} is in cohort {home}: municipalities are "
                            "never split",
                            locals(),
                        ),
                        (pid, person.municipality),
                    )
                )
    return out


def check_h2_cohort_sizes(instance: Instance, plan: Plan) -> list[Violation]:
    """H2: the cohorts are 1..K, each within capacity and at least the minimum."""
    out: list[Violation] = []
    expected = set(range(1, instance.cohort_count + 1))
    ids = Counter(c.id for c in plan.cohorts)
    for cid in sorted(expected - set(ids)):
        out.append(
            Violation("H2", msg("cohort {cid} is missing from the plan", locals()), (str(cid),))
        )
    for cid in sorted(set(ids) - expected):
        out.append(
            Violation(
                "H2",
                msg(
                    "cohort {cid} does not exist (cohorts are 1..{count})",
                    locals(),
                    count=len(expected),
                ),
                (str(cid),),
            )
        )
    for cid, n in ids.items():
        if n > 1:
            out.append(
                Violation("H2", msg("cohort {cid} is listed {n} times", locals()), (str(cid),))
            )
    capacity, minimum = instance.cohorts.capacity, instance.cohorts.minimum
    for c in plan.cohorts:
        if c.size > capacity:
            out.append(
                Violation(
                    "H2",
                    msg(
                        "cohort {c.id} has {c.size} participants, above capacity {capacity}",
                        locals(),
                    ),
                    (str(c.id),),
                    c.size - capacity,
                )
            )
        if c.size < minimum:
            out.append(
                Violation(
                    "H2",
                    msg(
                        "cohort {c.id} has {c.size} participants, below minimum {minimum}", locals()
                    ),
                    (str(c.id),),
                    minimum - c.size,
                )
            )
    return out


def check_h3_venues(instance: Instance, plan: Plan) -> list[Violation]:
    """H3: each gathering at exactly one known venue; venue limits and room capacities hold."""
    out: list[Violation] = []
    venues = {v.id: v for v in instance.venues}
    expected = list(range(1, instance.cohorts.gatherings + 1))
    use: Counter[str] = Counter()
    for c in plan.cohorts:
        indices = sorted(g.index for g in c.gatherings)
        if indices != expected:
            out.append(
                Violation(
                    "H3",
                    msg("cohort {c.id} has gatherings {indices}, expected {expected}", locals()),
                    (str(c.id),),
                )
            )
        for g in c.gatherings:
            venue = venues.get(g.venue)
            if venue is None:
                out.append(
                    Violation(
                        "H3",
                        msg(
                            "cohort {c.id} gathering {g.index}: unknown venue '{g.venue}'", locals()
                        ),
                        (str(c.id), g.venue),
                    )
                )
                continue
            use[g.venue] += 1
            if venue.room_capacity is not None and c.size > venue.room_capacity:
                out.append(
                    Violation(
                        "H3",
                        msg(
                            "cohort {c.id} ({c.size}) does not fit {venue.name} (room capacity "
                            "{venue.room_capacity})",
                            locals(),
                        ),
                        (str(c.id), g.venue),
                        c.size - venue.room_capacity,
                    )
                )
    for vid, n in use.items():
        limit = venues[vid].max_gatherings
        if limit is not None and n > limit:
            out.append(
                Violation(
                    "H3",
                    msg(
                        "{venue_name} hosts {n} gatherings, limit {limit}",
                        locals(),
                        venue_name=venues[vid].name,
                    ),
                    (vid,),
                    n - limit,
                )
            )
    return out


def check_h7_frozen_cohorts(instance: Instance, plan: Plan) -> list[Violation]:
    """H7: a frozen cohort has exactly its municipalities (those still planned), and its venues
    when the pin names them."""
    out: list[Violation] = []
    present = {m.id for m in instance.municipalities}
    cohorts = {c.id: c for c in plan.cohorts}
    for pin in instance.pins.cohorts:
        wanted = set(pin.municipalities) & present
        c = cohorts.get(pin.cohort)
        actual = set(c.municipalities) if c else set()
        if actual != wanted:
            changed = sorted(actual ^ wanted)
            out.append(
                Violation(
                    "H7",
                    msg(
                        "cohort {pin.cohort} is frozen, but {changed} left or joined it",
                        locals(),
                        changed=", ".join(changed),
                    ),
                    tuple(changed),
                )
            )
        venues = [g.venue for g in sorted(c.gatherings, key=lambda g: g.index)] if c else []
        if pin.venues is not None and venues != pin.venues:
            out.append(
                Violation(
                    "H7",
                    msg(
                        "cohort {pin.cohort} is frozen at venues {pin.venues}, the plan has "
                        "{venues}",
                        locals(),
                    ),
                    (str(pin.cohort),),
                )
            )
    return out


def check_h7_pins(instance: Instance, plan: Plan) -> list[Violation]:
    """H7: pinned municipalities, gathering venues and frozen cohorts hold."""
    out = check_h7_frozen_cohorts(instance, plan)
    cohort_of = plan.cohort_of_municipality()
    for pin in instance.pins.municipalities:
        actual = cohort_of.get(pin.municipality)
        if actual != pin.cohort:
            out.append(
                Violation(
                    "H7",
                    msg(
                        "municipality {pin.municipality} is pinned to cohort {pin.cohort} but "
                        "is in cohort {actual}",
                        locals(),
                    ),
                    (pin.municipality,),
                )
            )
    venue_of = {(c.id, g.index): g.venue for c in plan.cohorts for g in c.gatherings}
    for gpin in instance.pins.gatherings:
        actual_venue = venue_of.get((gpin.cohort, gpin.gathering))
        if actual_venue != gpin.venue:
            out.append(
                Violation(
                    "H7",
                    msg(
                        "gathering {gpin.gathering} of cohort {gpin.cohort} is pinned to "
                        "'{gpin.venue}' but is at '{actual_venue}'",
                        locals(),
                    ),
                    (str(gpin.cohort), gpin.venue),
                )
            )
    return out


def check_h8_together_apart(instance: Instance, plan: Plan) -> list[Violation]:
    """H8: hard together-sets share one cohort; hard apart pairs do not."""
    out: list[Violation] = []
    cohort_of = plan.cohort_of_municipality()
    for s in instance.together:
        if not s.hard:
            continue
        cohorts = sorted({cohort_of[m] for m in s.municipalities if m in cohort_of})
        if len(cohorts) > 1:
            out.append(
                Violation(
                    "H8",
                    msg(
                        "together-set {set_name} is split over cohorts {cohorts}",
                        locals(),
                        set_name=s.name or s.id,
                    ),
                    tuple(s.municipalities),
                    len(cohorts) - 1,
                )
            )
    for a in instance.apart:
        first, second = a.municipalities
        if a.hard and first in cohort_of and cohort_of.get(first) == cohort_of.get(second):
            out.append(
                Violation(
                    "H8",
                    msg(
                        "apart pair {a.id}: {first} and {second} share cohort {cohort}",
                        locals(),
                        cohort=cohort_of[first],
                    ),
                    (first, second),
                )
            )
    return out


def check_p6_cannot_attend(instance: Instance, plan: Plan) -> list[Violation]:
    """P6 (hard part): a municipality is never in a cohort it said it cannot attend."""
    cohort_of = plan.cohort_of_municipality()
    return [
        Violation(
            "P6",
            msg(
                ("municipality {w.municipality} cannot attend cohort {cohort_of_w_municipality}"),
                w=w,
                cohort_of_w_municipality=cohort_of[w.municipality],
            ),
            (w.municipality,),
        )
        for w in instance.wishes
        if cohort_of.get(w.municipality) in w.cannot_attend
    ]


#: The cohort stage's hard rules, labelled as in the domain page.
COHORT_RULES: dict[str, Rule] = {
    "H1": check_h1_one_cohort_per_participant,
    "H2": check_h2_cohort_sizes,
    "H3": check_h3_venues,
    "H7": check_h7_pins,
    "H8": check_h8_together_apart,
    "P6": check_p6_cannot_attend,
}
