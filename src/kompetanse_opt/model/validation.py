"""Cross-reference validation of an instance, one function per entity.

Each function returns the problems it finds with a field path such as
``participants[17].municipality``; :func:`raise_for_reference_problems` collects them all so a user
sees every problem of a file at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_validation import check_calendar, check_facilitators
from kompetanse_opt.model.content_validation import check_content
from kompetanse_opt.model.instance_fields import InstanceFields
from kompetanse_opt.model.pin_validation import check_pins
from kompetanse_opt.model.settings import COHORT_TERM_NAMES
from kompetanse_opt.model.speakers import check_speakers


def _duplicates(ids: Iterable[str]) -> set[str]:
    return {i for i, n in Counter(ids).items() if n > 1}


def _duplicate_problems(field: str, ids: list[str]) -> list[Problem]:
    dupes = _duplicates(ids)
    return [
        Problem(f"{field}[{i}].id", msg("duplicate id '{ident}'", ident=ident))
        for i, ident in enumerate(ids)
        if ident in dupes
    ]


def check_municipalities(instance: InstanceFields) -> list[Problem]:
    problems = _duplicate_problems("municipalities", [m.id for m in instance.municipalities])
    members = instance.participants_per_municipality()
    capacity = instance.cohorts.capacity
    for i, m in enumerate(instance.municipalities):
        if members.get(m.id, 0) == 0:
            problems.append(
                Problem(
                    f"municipalities[{i}]",
                    msg("municipality '{id}' ({name}) has no participants", id=m.id, name=m.name),
                )
            )
        elif members[m.id] > capacity:
            problems.append(
                Problem(
                    f"municipalities[{i}]",
                    msg(
                        "municipality '{id}' ({name}) has {count} participants, "
                        "more than the cohort capacity {capacity}; a municipality is "
                        "never split",
                        id=m.id,
                        name=m.name,
                        count=members[m.id],
                        capacity=capacity,
                    ),
                )
            )
    return problems


def check_participants(instance: InstanceFields) -> list[Problem]:
    problems = _duplicate_problems("participants", [p.id for p in instance.participants])
    known = {m.id for m in instance.municipalities}
    for i, p in enumerate(instance.participants):
        if p.municipality not in known:
            problems.append(
                Problem(
                    f"participants[{i}].municipality",
                    msg("unknown municipality '{id}'", id=p.municipality),
                )
            )
    return problems


def check_venues(instance: InstanceFields) -> list[Problem]:
    return _duplicate_problems("venues", [v.id for v in instance.venues])


def _unknown_municipalities(field: str, ids: Iterable[str], known: set[str]) -> list[Problem]:
    return [
        Problem(f"{field}[{j}]", msg("unknown municipality '{id}'", id=m))
        for j, m in enumerate(ids)
        if m not in known
    ]


def check_together_sets(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    problems = _duplicate_problems("together", [s.id for s in instance.together])
    for i, s in enumerate(instance.together):
        problems += _unknown_municipalities(
            f"together[{i}].municipalities", s.municipalities, known
        )
        for m in sorted(_duplicates(s.municipalities)):
            problems.append(
                Problem(
                    f"together[{i}].municipalities",
                    msg("'{municipality}' is listed twice", municipality=m),
                )
            )
    return problems


def check_apart_pairs(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    problems = _duplicate_problems("apart", [a.id for a in instance.apart])
    for i, a in enumerate(instance.apart):
        problems += _unknown_municipalities(f"apart[{i}].municipalities", a.municipalities, known)
        if a.municipalities[0] == a.municipalities[1]:
            problems.append(
                Problem(
                    f"apart[{i}].municipalities", msg("a municipality cannot be apart from itself")
                )
            )
    return problems


def _cohort_range_problems(field: str, cohorts: Iterable[int], count: int) -> list[Problem]:
    return [
        Problem(
            f"{field}[{j}]",
            msg("cohort {cohort} does not exist (cohorts are 1..{count})", cohort=c, count=count),
        )
        for j, c in enumerate(cohorts)
        if not 1 <= c <= count
    ]


def check_wishes(instance: InstanceFields) -> list[Problem]:
    known = {m.id for m in instance.municipalities}
    count = instance.cohort_count
    problems: list[Problem] = []
    seen: Counter[str] = Counter(w.municipality for w in instance.wishes)
    for i, w in enumerate(instance.wishes):
        if w.municipality not in known:
            problems.append(
                Problem(
                    f"wishes[{i}].municipality",
                    msg("unknown municipality '{id}'", id=w.municipality),
                )
            )
        if seen[w.municipality] > 1:
            problems.append(
                Problem(
                    f"wishes[{i}].municipality",
                    msg("more than one wish for '{municipality}'", municipality=w.municipality),
                )
            )
        problems += _cohort_range_problems(f"wishes[{i}].cannot_attend", w.cannot_attend, count)
        problems += _cohort_range_problems(f"wishes[{i}].prefers", w.prefers, count)
        both = sorted(set(w.cannot_attend) & set(w.prefers))
        if both:
            problems.append(
                Problem(
                    f"wishes[{i}]",
                    msg("cohorts {both} are both preferred and impossible", both=both),
                )
            )
    return problems


def check_travel_settings(instance: InstanceFields) -> list[Problem]:
    if instance.travel.matrix is None:
        return []
    known = {m.id for m in instance.municipalities}
    venues = set(instance.venue_ids())
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for i, e in enumerate(instance.travel.matrix):
        field = f"travel.matrix[{i}]"
        if e.municipality not in known:
            problems.append(
                Problem(
                    f"{field}.municipality",
                    msg("unknown municipality '{id}'", id=e.municipality),
                )
            )
        if e.venue not in venues:
            problems.append(Problem(f"{field}.venue", msg("unknown venue '{id}'", id=e.venue)))
        if (e.municipality, e.venue) in seen:
            problems.append(
                Problem(
                    field,
                    msg(
                        "duplicate pair ({municipality}, {venue})",
                        municipality=e.municipality,
                        venue=e.venue,
                    ),
                )
            )
        seen.add((e.municipality, e.venue))
    return problems


def check_priorities(instance: InstanceFields) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, level in enumerate(instance.priorities):
        if not level:
            problems.append(Problem(f"priorities[{i}]", msg("a level needs at least one term")))
        for j, name in enumerate(level):
            if name not in COHORT_TERM_NAMES:
                known = ", ".join(COHORT_TERM_NAMES)
                problems.append(
                    Problem(
                        f"priorities[{i}][{j}]",
                        msg("unknown term '{name}' ({known})", name=name, known=known),
                    )
                )
            elif name in seen:
                problems.append(
                    Problem(
                        f"priorities[{i}][{j}]", msg("term '{name}' is ranked twice", name=name)
                    )
                )
            seen.add(name)
    return problems


def check_groups(instance: InstanceFields) -> list[Problem]:
    """Service areas are known, and the merge map names known areas and has no cycle."""
    settings = instance.groups
    areas = settings.service_areas
    known = set(areas)
    problems = [
        Problem(f"groups.service_areas[{i}]", msg("service area '{area}' is listed twice", area=a))
        for i, a in enumerate(areas)
        if a in _duplicates(areas) and areas.index(a) != i
    ]
    listed = ", ".join(areas)
    # Without groups a service area is only a label; with them it must have a place to go.
    people = instance.participants if settings.enabled else []
    for i, p in enumerate(people):
        if p.service_area not in known:
            problems.append(
                Problem(
                    f"participants[{i}].service_area",
                    msg(
                        "unknown service area '{service_area}' (known: {listed}); "
                        "add it to groups.service_areas",
                        service_area=p.service_area,
                        listed=listed,
                    ),
                )
            )
    for source, target in settings.merge_into.items():
        field = f"groups.merge_into.{source}"
        if source not in known:
            problems.append(Problem(field, msg("unknown service area '{source}'", source=source)))
        if target not in known:
            problems.append(
                Problem(
                    field, msg("merge target '{target}' is not a known service area", target=target)
                )
            )
        if source == target:
            problems.append(Problem(field, msg("a service area cannot merge into itself")))
    for start in sorted(settings.merge_into):
        seen = [start]
        area = settings.merge_into.get(start)
        while area is not None and area not in seen:
            seen.append(area)
            area = settings.merge_into.get(area)
        # Report each cycle once, at its alphabetically first member.
        if area == start and start == min(seen) and len(seen) > 1:
            chain = " -> ".join([*seen, start])
            problems.append(
                Problem(
                    "groups.merge_into",
                    msg("merge cycle {chain}: some area must be a root", chain=chain),
                )
            )
    return problems


#: Every cross-reference rule, in the order its problems are reported.
REFERENCE_CHECKS: tuple[Callable[[InstanceFields], list[Problem]], ...] = (
    check_municipalities,
    check_participants,
    check_venues,
    check_together_sets,
    check_apart_pairs,
    check_wishes,
    check_pins,
    check_travel_settings,
    check_priorities,
    check_calendar,
    check_facilitators,
    check_groups,
    check_content,
    check_speakers,
)


def reference_problems(instance: InstanceFields) -> list[Problem]:
    return [problem for check in REFERENCE_CHECKS for problem in check(instance)]


def raise_for_reference_problems(instance: InstanceFields) -> None:
    problems = reference_problems(instance)
    if problems:
        raise InstanceError(problems)
