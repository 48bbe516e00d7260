"""Cross-reference validation of the calendar, facilitator and politicians' settings.

Like :mod:`kompetanse_opt.model.validation`, each function returns problems with a field path; they
are
registered in its ``REFERENCE_CHECKS``. Checks that need the day grid (holidays, the school-holiday
file) live in :mod:`kompetanse_opt.rules.calendar_counting`, since they are about feasibility.
"""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance_fields import InstanceFields


def check_calendar(instance: InstanceFields) -> list[Problem]:
    settings = instance.calendar
    if settings is None:
        return []
    problems: list[Problem] = []
    gatherings = sum(1 for step in settings.template if step.kind == "gathering")
    if gatherings != instance.cohorts.gatherings:
        problems.append(
            Problem(
                "calendar.template",
                msg(
                    "the template has {gatherings} gathering step(s) but "
                    "cohorts.gatherings is {gatherings2}",
                    gatherings=gatherings,
                    gatherings2=instance.cohorts.gatherings,
                ),
            )
        )
    politicians = settings.politicians
    if politicians is not None:
        known_municipalities = {m.id for m in instance.municipalities}
        for mid in politicians.headcounts:
            if mid not in known_municipalities:
                problems.append(
                    Problem(
                        f"calendar.politicians.headcounts.{mid}",
                        msg("unknown municipality '{id}'", id=mid),
                    )
                )
    if politicians is not None and politicians.venues is not None:
        known = set(instance.venue_ids())
        for j, venue in enumerate(politicians.venues):
            if venue not in known:
                problems.append(
                    Problem(
                        f"calendar.politicians.venues[{j}]",
                        msg("unknown venue '{id}'", id=venue),
                    )
                )
        if not politicians.venues:
            problems.append(Problem("calendar.politicians.venues", msg("lists no venue")))
    return problems


def check_facilitators(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    ids = [f.id for f in instance.facilitators]
    dupes = {i for i, n in Counter(ids).items() if n > 1}
    problems = [
        Problem(f"facilitators[{i}].id", msg("duplicate id '{ident}'", ident=ident))
        for i, ident in enumerate(ids)
        if ident in dupes
    ]
    venues = instance.venue_ids()
    for i, f in enumerate(instance.facilitators):
        if f.home_minutes is not None:
            missing = [v for v in venues if v not in f.home_minutes]
            if missing:
                problems.append(
                    Problem(
                        f"facilitators[{i}].home_minutes",
                        msg("no minutes for venues {missing}", missing=missing),
                    )
                )
        elif f.home is not None and f.home not in known:
            # Travel times exist only for the instance's municipalities.
            problems.append(
                Problem(
                    f"facilitators[{i}].home",
                    msg(
                        "unknown municipality '{home}' (give home_minutes per venue, "
                        "or leave the home out to count no travel)",
                        home=f.home,
                    ),
                )
            )
    return problems
