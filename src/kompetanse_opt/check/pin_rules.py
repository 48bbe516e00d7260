"""Pinned (H7) and held (H11) decisions of the group and calendar stages, one function each.

H7 checks the pins the secretariat set; H11 checks the ``held`` pins a freeze recorded from the
sessions already held (:mod:`kompetanse_opt.model.freeze`): a held gathering keeps exactly its
groups (withdrawn people included), date, venue, facilitators and speaker, and a held half-day
session its date. The cohort stage's pins (municipality, venue, frozen cohort) are checked in
:mod:`.cohort_rules`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.pins import GroupPin
from kompetanse_opt.model.plan import GatheringPlan, Plan

P = TypeVar("P", bound=object)


def _broken(held: bool, message: str, entities: tuple[str, ...] = ()) -> Violation:
    """A held decision that changed is H11, a pinned one H7."""
    if held:
        return Violation("H11", message, entities)
    return Violation("H7", message, entities)


def _split(pins: Iterable[P], held: bool) -> list[P]:
    return [p for p in pins if getattr(p, "held", False) == held]


def _gatherings(plan: Plan) -> dict[tuple[int, int], GatheringPlan]:
    return {(c.id, g.index): g for c in plan.cohorts for g in c.gatherings}


def _group_violations(label: str, pin: GroupPin, g: GatheringPlan | None) -> list[Violation]:
    where = msg("cohort {pin.cohort} gathering {pin.gathering}", locals())
    if g is None:
        return [
            _broken(label == "H11", msg("{where} is not in the plan", locals()), (str(pin.cohort),))
        ]
    wanted = set(pin.participants)
    holding = [x for x in g.groups if wanted & set(x.participants)]
    if label == "H11":
        exact = [x for x in g.groups if set(x.participants) == wanted]
        if not exact or (pin.id is not None and exact[0].id != pin.id):
            return [
                Violation(
                    "H11",
                    msg(
                        "{where} was held with group {group}, which the plan "
                        "no longer has as it was",
                        locals(),
                        group=pin.id or sorted(wanted),
                    ),
                    tuple(sorted(wanted)),
                )
            ]
        return []
    seated = {pid for x in holding for pid in x.participants}
    if len(holding) != 1 or not wanted <= seated:
        return [
            Violation(
                "H7",
                msg(
                    "{where}: participants {wanted} are pinned to one group but sit "
                    "in {count} group(s){rest}",
                    locals(),
                    wanted=sorted(wanted),
                    count=len(holding),
                    rest="" if wanted <= seated else msg(", some in none"),
                ),
                tuple(sorted(wanted)),
            )
        ]
    if pin.id is not None and holding[0].id != pin.id:
        return [
            Violation(
                "H7",
                msg(
                    "{where}: pinned group {pin.id} is {actual}",
                    locals(),
                    actual=holding[0].id,
                ),
                (pin.id,),
            )
        ]
    return []


def _held_extra_groups(instance: Instance, plan: Plan) -> list[Violation]:
    """A held gathering has no group beyond the ones it was held with."""
    recorded: dict[tuple[int, int], int] = {}
    for pin in _split(instance.pins.groups, True):
        recorded[pin.cohort, pin.gathering] = recorded.get((pin.cohort, pin.gathering), 0) + 1
    gatherings = _gatherings(plan)
    return [
        Violation(
            "H11",
            msg(
                "cohort {k} gathering {i} was held with {n} groups, the plan has {actual}",
                k=k,
                i=i,
                n=n,
                actual=len(gatherings[k, i].groups),
            ),
            (str(k),),
        )
        for (k, i), n in sorted(recorded.items())
        if (k, i) in gatherings and len(gatherings[k, i].groups) != n
    ]


def _group_pin_check(label: str, held: bool) -> Rule:
    def rule(instance: Instance, plan: Plan) -> list[Violation]:
        gatherings = _gatherings(plan)
        out = [
            v
            for pin in _split(instance.pins.groups, held)
            for v in _group_violations(label, pin, gatherings.get((pin.cohort, pin.gathering)))
        ]
        return out + (_held_extra_groups(instance, plan) if held else [])

    rule.__doc__ = f"{label}: {'held' if held else 'pinned'} discussion groups hold."
    return rule


def _session_dates(plan: Plan) -> dict[tuple[int, str, int], object]:
    out: dict[tuple[int, str, int], object] = {}
    for c in plan.cohorts:
        out.update({(c.id, "gathering", g.index): g.dates[0] for g in c.gatherings if g.dates})
        out.update({(c.id, "local", s.index): s.date for s in c.local_sessions})
        out.update({(c.id, "closing", s.index): s.date for s in c.closing_sessions})
    return out


def _calendar_violations(instance: Instance, plan: Plan, label: str) -> list[Violation]:
    held = label == "H11"
    pins = instance.pins
    dates = _session_dates(plan)
    gatherings = _gatherings(plan)
    out: list[Violation] = []
    for d in _split(pins.dates, held):
        actual = dates.get((d.cohort, d.session, d.index))
        if actual != d.date:
            verb = msg("was held on") if held else msg("is pinned to")
            text = msg(
                "cohort {d.cohort} {d.session} {d.index} {verb} {d.date}, the plan has {actual}",
                locals(),
            )
            out.append(_broken(held, text, (str(d.cohort),)))
    for f in _split(pins.facilitators, held):
        g = gatherings.get((f.cohort, f.gathering))
        staff = sorted(g.facilitators) if g else []
        if staff != sorted(f.facilitators):
            verb = msg("held it") if held else msg("are pinned")
            text = msg(
                "cohort {f.cohort} gathering {f.gathering}: facilitators {pinned} {verb}, "
                "the plan has {staff}",
                locals(),
                pinned=sorted(f.facilitators),
            )
            out.append(_broken(held, text, tuple(f.facilitators)))
    for s in _split(pins.speakers, held):
        g = gatherings.get((s.cohort, s.gathering))
        if s.guests is not None and g is not None and sorted(g.guests) != sorted(s.guests):
            out.append(
                _broken(
                    held,
                    f"cohort {s.cohort} gathering {s.gathering}: guests {sorted(s.guests)}"
                    f" {'presented' if held else 'are pinned'}, the plan has {sorted(g.guests)}",
                    tuple(s.guests),
                )
            )
        if g is None or g.speaker != s.speaker:
            verb = msg("spoke") if held else msg("is pinned")
            text = msg(
                "cohort {s.cohort} gathering {s.gathering}: speaker '{s.speaker}' {verb}, "
                "the plan has '{actual}'",
                locals(),
                actual=g.speaker if g else None,
            )
            out.append(_broken(held, text, (s.speaker,)))
    return out


def check_h7_calendar_pins(instance: Instance, plan: Plan) -> list[Violation]:
    """H7: pinned dates, facilitators and speakers hold."""
    return _calendar_violations(instance, plan, "H7")


def check_h11_held_sessions(instance: Instance, plan: Plan) -> list[Violation]:
    """H11: held sessions keep their date, venue, facilitators and speaker."""
    out = _calendar_violations(instance, plan, "H11")
    held_dates = {(d.cohort, d.index) for d in instance.pins.dates if d.held}
    gatherings = _gatherings(plan)
    for pin in instance.pins.gatherings:
        g = gatherings.get((pin.cohort, pin.gathering))
        if (pin.cohort, pin.gathering) in held_dates and (g is None or g.venue != pin.venue):
            out.append(
                Violation(
                    "H11",
                    msg(
                        "cohort {pin.cohort} gathering {pin.gathering} was held at "
                        "'{pin.venue}', the plan has '{actual}'",
                        locals(),
                        actual=g.venue if g else None,
                    ),
                    (pin.venue,),
                )
            )
    return out


def check_politician_pins(instance: Instance, plan: Plan) -> list[Violation]:
    """H7/H11: a pinned (held) politicians' session is in the plan with its municipalities."""
    out = []
    present = {m.id for m in instance.municipalities}
    for pin in instance.pins.politicians:
        wanted = set(pin.municipalities) & present
        found = [
            s
            for s in plan.politician_sessions
            if (s.venue, s.date) == (pin.venue, pin.date) and wanted <= set(s.municipalities)
        ]
        if not found:
            verb = msg("was held") if pin.held else msg("is pinned")
            out.append(
                _broken(
                    pin.held,
                    msg(
                        "the politicians' session of {wanted} {verb} at '{pin.venue}' "
                        "on {pin.date}, the plan does not have it",
                        locals(),
                        wanted=sorted(wanted),
                    ),
                    tuple(sorted(wanted)),
                )
            )
    return out


check_h7_group_pins = _group_pin_check("H7", held=False)
check_h11_held_groups = _group_pin_check("H11", held=True)

#: Pin rules of the group stage.
GROUP_PIN_RULES: dict[str, Rule] = {
    "H7.groups": check_h7_group_pins,
    "H11.groups": check_h11_held_groups,
}
#: Pin rules of the politicians' stage (held sessions are H11, the others H7).
POLITICIAN_PIN_RULES: dict[str, Rule] = {"H7.politicians": check_politician_pins}
#: Pin rules of the calendar stage.
CALENDAR_PIN_RULES: dict[str, Rule] = {
    "H7.calendar": check_h7_calendar_pins,
    "H11.calendar": check_h11_held_sessions,
}
