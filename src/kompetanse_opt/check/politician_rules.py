"""The hard rule of the politicians' stage (POL)."""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.check.calendar_rules import calendar_setup
from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.model.calendar_days import cohort_dates
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan


def check_pol_politicians(instance: Instance, plan: Plan) -> list[Violation]:
    """POL: the configured sessions, each municipality in exactly one, after its cohort ends."""
    setup = calendar_setup(instance)
    if setup is None:
        return []
    settings, grid = setup
    track = settings.politicians
    sessions = plan.politician_sessions
    if track is None:
        if sessions:
            return [Violation("POL", "politicians' sessions planned but none configured")]
        return []
    out: list[Violation] = []
    if len(sessions) != track.sessions:
        out.append(Violation("POL", f"{len(sessions)} sessions, configured {track.sessions}"))
    allowed = set(track.venues or instance.venue_ids())
    ends = {c.id: d[-1] for c in plan.cohorts if (d := cohort_dates(c))}
    cohort_of = plan.cohort_of_municipality()
    attended: Counter[str] = Counter()
    for s in sessions:
        if s.venue not in allowed:
            out.append(Violation("POL", f"session {s.id}: venue '{s.venue}' is not allowed"))
        reason = grid.why_not(s.date)
        if reason:
            out.append(Violation("POL", f"session {s.id}: {reason}"))
        if not s.municipalities or (
            track.max_municipalities is not None
            and len(s.municipalities) > track.max_municipalities
        ):
            out.append(
                Violation("POL", f"session {s.id} has {len(s.municipalities)} municipalities")
            )
        for m in s.municipalities:
            attended[m] += 1
            end = ends.get(cohort_of.get(m, -1))
            if end is not None and (s.date - end).days < track.min_days_after_cohort:
                out.append(
                    Violation(
                        "POL",
                        f"municipality {m}'s politicians meet on {s.date}, but its cohort"
                        f" {cohort_of[m]} ends {end}",
                        (m,),
                    )
                )
    for muni in instance.municipalities:
        if attended[muni.id] != 1:
            out.append(
                Violation(
                    "POL", f"municipality {muni.id} is in {attended[muni.id]} sessions", (muni.id,)
                )
            )
    return out


#: The politicians' stage's hard rule (venue days are checked by the calendar stage's H3 rule).
POLITICIAN_RULES: dict[str, Rule] = {"POL": check_pol_politicians}
