"""Cross-reference validation of the pins (rule H7) and the re-planning fields (H11).

Like :mod:`kompetanse_opt.model.validation`, each function returns problems located by field path
(``pins.dates[2].date``). A pin must name things that exist: a cohort up to the cohort count, a
gathering up to ``cohorts.gatherings``, a date inside the calendar's horizon, a facilitator of the
pool, a participant of the instance. Pins marked ``held`` (written by a freeze) may name people
and municipalities that have withdrawn since: that is the record of who attended.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance_fields import InstanceFields
from kompetanse_opt.model.problem_messages import no_session, outside_window, session_date, unknown


def _cohort(field: str, cohort: int, count: int) -> list[Problem]:
    if 1 <= cohort <= count:
        return []
    return [
        Problem(
            f"{field}.cohort",
            msg(
                "cohort {cohort} does not exist (cohorts are 1..{count})",
                cohort=cohort,
                count=count,
            ),
        )
    ]


def _gathering(field: str, gathering: int, gatherings: int) -> list[Problem]:
    if 1 <= gathering <= gatherings:
        return []
    return [
        Problem(
            f"{field}.gathering",
            msg(
                "gathering {gathering} does not exist (gatherings are 1..{gatherings})",
                gathering=gathering,
                gatherings=gatherings,
            ),
        )
    ]


def _slot(field: str, instance: InstanceFields, cohort: int, gathering: int) -> list[Problem]:
    count = instance.cohort_count
    return _cohort(field, cohort, count) + _gathering(field, gathering, instance.cohorts.gatherings)


def _twice(field: str, keys: list[object], what: Callable[[object], str]) -> list[Problem]:
    seen = Counter(keys)
    return [
        Problem(f"{field}[{i}]", msg("{what} is pinned twice", what=what(k)))
        for i, k in enumerate(keys)
        if seen[k] > 1
    ]


def _at(key: object) -> str:
    assert isinstance(key, tuple)
    return msg("gathering {gathering} of cohort {cohort}", gathering=key[1], cohort=key[0])


def _session(key: object) -> str:
    assert isinstance(key, tuple)
    return session_date(str(key[1]), int(key[2]), int(key[0]))


def check_municipality_pins(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    pins = instance.pins.municipalities
    problems = _twice(
        "pins.municipalities",
        [p.municipality for p in pins],
        lambda m: msg("municipality '{municipality}'", municipality=m),
    )
    for i, p in enumerate(pins):
        field = f"pins.municipalities[{i}]"
        if p.municipality not in known:
            problems.append(
                Problem(
                    f"{field}.municipality",
                    msg("unknown municipality '{id}'", id=p.municipality),
                )
            )
        problems += _cohort(field, p.cohort, instance.cohort_count)
    return problems


def check_gathering_pins(instance: InstanceFields) -> list[Problem]:
    venues = set(instance.venue_ids())
    pins = instance.pins.gatherings
    keys: list[object] = [(g.cohort, g.gathering) for g in pins]
    problems = _twice("pins.gatherings", keys, _at)
    for i, g in enumerate(pins):
        field = f"pins.gatherings[{i}]"
        problems += _slot(field, instance, g.cohort, g.gathering)
        if g.venue not in venues:
            problems.append(Problem(f"{field}.venue", msg("unknown venue '{id}'", id=g.venue)))
    return problems


def _session_counts(instance: InstanceFields) -> dict[str, int]:
    counts = {"gathering": instance.cohorts.gatherings, "local": 0, "closing": 0}
    if instance.calendar is not None:
        steps = Counter(step.kind for step in instance.calendar.template)
        counts.update({kind: steps.get(kind, 0) for kind in ("local", "closing")})
    return counts


def check_date_pins(instance: InstanceFields) -> list[Problem]:
    pins = instance.pins.dates
    settings = instance.calendar
    keys: list[object] = [(p.cohort, p.session, p.index) for p in pins]
    problems = _twice("pins.dates", keys, _session)
    counts = _session_counts(instance)
    for i, p in enumerate(pins):
        field = f"pins.dates[{i}]"
        problems += _cohort(field, p.cohort, instance.cohort_count)
        if p.index > counts[p.session]:
            problems.append(
                Problem(
                    f"{field}.index",
                    no_session(p.session, p.index, counts[p.session]),
                )
            )
        if settings is None:
            problems.append(Problem(f"{field}.date", msg("a date pin needs calendar settings")))
        elif not settings.horizon_start <= p.date <= settings.horizon_end:
            problems.append(
                Problem(
                    f"{field}.date",
                    outside_window(p.date, settings.horizon_start, settings.horizon_end),
                )
            )
    return problems


def check_facilitator_pins(instance: InstanceFields) -> list[Problem]:
    pool = {f.id for f in instance.facilitators}
    pins = instance.pins.facilitators
    keys: list[object] = [(p.cohort, p.gathering) for p in pins]
    problems = _twice("pins.facilitators", keys, lambda k: f"the staff of {_at(k)}")
    settings = instance.calendar
    for i, p in enumerate(pins):
        field = f"pins.facilitators[{i}]"
        problems += _slot(field, instance, p.cohort, p.gathering)
        for j, f in enumerate(p.facilitators):
            if f not in pool and not p.held:
                problems.append(
                    Problem(
                        f"{field}.facilitators[{j}]",
                        msg("facilitator '{facilitator}' is not in the pool", facilitator=f),
                    )
                )
        if len(set(p.facilitators)) < len(p.facilitators):
            problems.append(Problem(f"{field}.facilitators", msg("a facilitator is listed twice")))
        if settings is None:
            problems.append(Problem(field, msg("a facilitator pin needs calendar settings")))
        elif len(set(p.facilitators)) != settings.staffing.per_gathering and not p.held:
            problems.append(
                Problem(
                    f"{field}.facilitators",
                    msg(
                        "pins {count} facilitator(s), but every gathering has "
                        "{per_gathering} (calendar.staffing.per_gathering)",
                        count=len(set(p.facilitators)),
                        per_gathering=settings.staffing.per_gathering,
                    ),
                )
            )
    return problems


def check_speaker_pins(instance: InstanceFields) -> list[Problem]:
    pins = instance.pins.speakers
    keys: list[object] = [(p.cohort, p.gathering) for p in pins]
    problems = _twice("pins.speakers", keys, lambda k: f"the speaker of {_at(k)}")
    for i, p in enumerate(pins):
        problems += _slot(f"pins.speakers[{i}]", instance, p.cohort, p.gathering)
    return problems


def _unknown(field: str, ids: Iterable[str], known: set[str], what: str) -> list[Problem]:
    return [Problem(f"{field}[{j}]", unknown(what, x)) for j, x in enumerate(ids) if x not in known]


def check_group_pins(instance: InstanceFields) -> list[Problem]:
    """Known people (unless held), nobody in two pinned groups of one gathering, and nobody
    pinned into a cohort their municipality is pinned away from."""
    home = {p.id: p.municipality for p in instance.participants}
    pinned_cohort = instance.pins.cohort_of_municipality()
    problems: list[Problem] = []
    seats: dict[tuple[int, int, str], int] = {}
    ids: Counter[tuple[int, int, str]] = Counter(
        (g.cohort, g.gathering, g.id) for g in instance.pins.groups if g.id is not None
    )
    for i, g in enumerate(instance.pins.groups):
        field = f"pins.groups[{i}]"
        problems += _slot(field, instance, g.cohort, g.gathering)
        if not g.held:
            problems += _unknown(f"{field}.participants", g.participants, set(home), "participant")
        if g.id is not None and ids[g.cohort, g.gathering, g.id] > 1:
            problems.append(Problem(f"{field}.id", msg("group '{id}' is pinned twice", id=g.id)))
        for j, pid in enumerate(g.participants):
            seat = (g.cohort, g.gathering, pid)
            if seat in seats:
                problems.append(
                    Problem(
                        f"{field}.participants[{j}]",
                        msg(
                            "participant '{pid}' is also pinned in pins.groups[{seat}] "
                            "at gathering {gathering} of cohort {cohort}",
                            pid=pid,
                            seat=seats[seat],
                            gathering=g.gathering,
                            cohort=g.cohort,
                        ),
                    )
                )
            seats.setdefault(seat, i)
            other = pinned_cohort.get(home.get(pid, ""))
            if other is not None and other != g.cohort:
                problems.append(
                    Problem(
                        f"{field}.participants[{j}]",
                        msg(
                            "participant '{pid}' is pinned to a group of cohort "
                            "{cohort}, but municipality '{home}' is pinned to cohort "
                            "{other}",
                            pid=pid,
                            cohort=g.cohort,
                            home=home[pid],
                            other=other,
                        ),
                    )
                )
    return problems


def check_cohort_pins(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    venues = set(instance.venue_ids())
    pins = instance.pins.cohorts
    problems = _twice("pins.cohorts", [c.cohort for c in pins], lambda k: f"cohort {k}")
    muni_pin = {p.municipality: p.cohort for p in instance.pins.municipalities}
    frozen_in: dict[str, int] = {}
    gatherings = instance.cohorts.gatherings
    for i, c in enumerate(pins):
        field = f"pins.cohorts[{i}]"
        problems += _cohort(field, c.cohort, instance.cohort_count)
        if not c.held:
            problems += _unknown(f"{field}.municipalities", c.municipalities, known, "municipality")
        for j, m in enumerate(c.municipalities):
            where = f"{field}.municipalities[{j}]"
            if m in frozen_in:
                problems.append(
                    Problem(
                        where,
                        msg(
                            "'{municipality}' is also in frozen cohort {frozen_in}",
                            municipality=m,
                            frozen_in=frozen_in[m],
                        ),
                    )
                )
            frozen_in.setdefault(m, c.cohort)
            if muni_pin.get(m, c.cohort) != c.cohort:
                problems.append(
                    Problem(
                        where,
                        msg(
                            "'{municipality}' is pinned to cohort {muni_pin} in "
                            "pins.municipalities",
                            municipality=m,
                            muni_pin=muni_pin[m],
                        ),
                    )
                )
        if c.venues is not None:
            if len(c.venues) != gatherings:
                problems.append(
                    Problem(
                        f"{field}.venues",
                        msg(
                            "lists {count} venue(s) for {gatherings} gathering(s)",
                            count=len(c.venues),
                            gatherings=gatherings,
                        ),
                    )
                )
            problems += _unknown(f"{field}.venues", c.venues, venues, "venue")
    return problems


def check_pin_conflicts(instance: InstanceFields) -> list[Problem]:
    """A frozen cohort's venues against the gathering pins."""
    pinned = {(g.cohort, g.gathering): (i, g.venue) for i, g in enumerate(instance.pins.gatherings)}
    problems = []
    for i, c in enumerate(instance.pins.cohorts):
        for n, venue in enumerate(c.venues or [], start=1):
            j, other = pinned.get((c.cohort, n), (None, venue))
            if other != venue:
                problems.append(
                    Problem(
                        f"pins.cohorts[{i}].venues[{n - 1}]",
                        msg(
                            "venue '{venue}' conflicts with pins.gatherings[{index}] ('{other}')",
                            venue=venue,
                            index=j,
                            other=other,
                        ),
                    )
                )
    return problems


def check_politician_pins(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    venues = set(instance.venue_ids())
    settings = instance.calendar
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, p in enumerate(instance.pins.politicians):
        field = f"pins.politicians[{i}]"
        if p.venue not in venues:
            problems.append(Problem(f"{field}.venue", msg("unknown venue '{id}'", id=p.venue)))
        if settings is None or settings.politicians is None:
            problems.append(Problem(field, msg("a politicians' pin needs calendar.politicians")))
        elif not settings.horizon_start <= p.date <= settings.horizon_end:
            problems.append(
                Problem(
                    f"{field}.date",
                    outside_window(p.date, settings.horizon_start, settings.horizon_end),
                )
            )
        if not p.held:
            problems += _unknown(f"{field}.municipalities", p.municipalities, known, "municipality")
        for j, m in enumerate(p.municipalities):
            if m in seen:
                problems.append(
                    Problem(
                        f"{field}.municipalities[{j}]",
                        msg(
                            "'{municipality}' is also pinned in pins.politicians[{seen}]",
                            municipality=m,
                            seen=seen[m],
                        ),
                    )
                )
            seen.setdefault(m, i)
    return problems


def check_replanning(instance: InstanceFields) -> list[Problem]:
    today, until = instance.today, instance.published_until
    if today is not None and until is not None and until < today:
        return [
            Problem(
                "published_until",
                msg("{until} is before today ({today})", until=until, today=today),
            )
        ]
    return []


def check_pins(instance: InstanceFields) -> list[Problem]:
    """Every pin kind, then the conflicts between kinds and the re-planning dates."""
    return [
        *check_municipality_pins(instance),
        *check_gathering_pins(instance),
        *check_date_pins(instance),
        *check_facilitator_pins(instance),
        *check_speaker_pins(instance),
        *check_group_pins(instance),
        *check_cohort_pins(instance),
        *check_pin_conflicts(instance),
        *check_politician_pins(instance),
        *check_replanning(instance),
    ]
