"""The hard rules of the politicians' stage: T1 (each municipality once, after its cohort) and
T2 (the configured number of sessions at allowed venues and days, each within its room and size
limit, at most ``max_per_evening`` per venue and evening)."""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.check.calendar_rules import calendar_setup
from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_days import cohort_dates
from kompetanse_opt.model.calendar_settings import PoliticianSettings
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan, PoliticianSession


def _track(instance: Instance, plan: Plan) -> tuple[PoliticianSettings | None, list[Violation]]:
    """The configured track, or why the plan's sessions have none."""
    if instance.calendar is None:
        return None, []
    track = instance.calendar.politicians
    if track is None and plan.politician_sessions:
        return None, [Violation("T2", "politicians' sessions planned but none configured")]
    return track, []


def check_t1_one_session_after_cohort(instance: Instance, plan: Plan) -> list[Violation]:
    """T1: each municipality's politicians in exactly one session, after their cohort ends."""
    track, _ = _track(instance, plan)
    if track is None:
        return []
    out: list[Violation] = []
    ends = {c.id: d[-1] for c in plan.cohorts if (d := cohort_dates(c))}
    cohort_of = plan.cohort_of_municipality()
    attended: Counter[str] = Counter()
    for s in plan.politician_sessions:
        for m in s.municipalities:
            attended[m] += 1
            end = ends.get(cohort_of.get(m, -1))
            if end is not None and (s.date - end).days < track.min_days_after_cohort:
                out.append(
                    Violation(
                        "T1",
                        msg(
                            "municipality {m}'s politicians meet on {s.date}, but its cohort "
                            "{cohort} ends {end}",
                            locals(),
                            cohort=cohort_of[m],
                        ),
                        (m,),
                    )
                )
    for muni in instance.municipalities:
        if attended[muni.id] != 1:
            out.append(
                Violation(
                    "T1",
                    msg(
                        "municipality {muni.id} is in {count} sessions",
                        locals(),
                        count=attended[muni.id],
                    ),
                    (muni.id,),
                )
            )
    return out


def _crowded_evenings(
    track: PoliticianSettings, sessions: list[PoliticianSession]
) -> list[Violation]:
    """T2: at most ``max_per_evening`` sessions per venue and evening."""
    out: list[Violation] = []
    evenings = Counter((s.venue, s.date) for s in sessions)
    for (venue, day), n in sorted(evenings.items()):
        if n > track.max_per_evening:
            out.append(
                Violation(
                    "T2",
                    msg(
                        "{n} sessions at {venue} on {day}; at most {track.max_per_evening} an "
                        "evening",
                        locals(),
                        venue=venue,
                        day=day,
                    ),
                )
            )
    return out


def check_t2_sessions(instance: Instance, plan: Plan) -> list[Violation]:
    """T2: between the fewest and most sessions, at allowed venues and days, each within its
    room (head count) and size limit, at most ``max_per_evening`` per venue and evening."""
    track, out = _track(instance, plan)
    setup = calendar_setup(instance)
    if track is None or setup is None:
        return out
    grid = setup[1]
    sessions = plan.politician_sessions
    low, high = track.session_range()
    if not low <= len(sessions) <= high:
        out.append(
            Violation(
                "T2",
                msg("{n} sessions, configured {low}..{high}", locals(), n=len(sessions)),
            )
        )
    allowed = set(track.venues or instance.venue_ids())
    rooms = {v.id: v.room_capacity for v in instance.venues}
    for s in sessions:
        if s.venue not in allowed:
            out.append(
                Violation("T2", msg("session {s.id}: venue '{s.venue}' is not allowed", locals()))
            )
        reason = grid.why_not(s.date)
        if reason:
            out.append(Violation("T2", msg("session {s.id}: {reason}", locals())))
        if not s.municipalities or (
            track.max_municipalities is not None
            and len(s.municipalities) > track.max_municipalities
        ):
            out.append(
                Violation(
                    "T2",
                    msg("session {s.id} has {n} municipalities", locals(), n=len(s.municipalities)),
                )
            )
        room = rooms.get(s.venue) or track.room_capacity
        heads = sum(track.headcount(m) for m in s.municipalities)
        if room is not None and heads > room:
            out.append(
                Violation(
                    "T2", msg("session {s.id}: {heads} people in a room for {room}", locals())
                )
            )
    out += _crowded_evenings(track, sessions)
    return out


#: The politicians' stage's hard rules (venue days are checked by the calendar stage's H3 rule).
POLITICIAN_RULES: dict[str, Rule] = {
    "T1": check_t1_one_session_after_cohort,
    "T2": check_t2_sessions,
}
