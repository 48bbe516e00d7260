"""The hard rule of the learning stage, H9: per cohort, every module placed once where its format
allows, in the figure's order with prerequisites before, sessions and self-study windows within
their hours, every required capability covered, and each target group's hours within the frame.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.content import ContentCatalogue, hours_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.learning_hours import (
    counted_extra,
    dated_sessions,
    frame_minutes,
    programme_minutes,
    window_capacity,
    windows,
)
from kompetanse_opt.model.learning_plan import LearningPath
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import resolve_travel

#: Minutes of travel (both ways, all gatherings) of one municipality to a cohort's venues.
TravelOf = Callable[[str, CohortPlan], int]


def _paths(instance: Instance, plan: Plan) -> list[tuple[CohortPlan, LearningPath | None]]:
    if instance.content is None or "learning" not in plan.stages:
        return []
    return [(c, c.learning_path) for c in plan.cohorts]


def _placement(catalogue: ContentCatalogue, cohort: CohortPlan, path: LearningPath) -> list[str]:
    """Each module once, at a place of its format, in order, prerequisites before."""
    out: list[str] = []
    placed = Counter(m for s in path.sessions for m in s.modules)
    placed.update(m for w in path.windows for m in w.modules)
    kind_of = {m for s in path.sessions for m in s.modules}
    where = path.placement()
    for module in catalogue.modules:
        if placed[module.id] != 1:
            out.append(
                msg(
                    "cohort {cohort.id}: module '{module.id}' is placed {count}x",
                    locals(),
                    count=placed[module.id],
                )
            )
            continue
        in_session = module.id in kind_of
        wrong_kind = in_session and not where[module.id][1].startswith(module.session_kind or "")
        if in_session != (module.format != "self_study") or wrong_kind:
            out.append(
                msg(
                    "cohort {cohort.id}: module '{module.id}' ({module.format}) is placed at "
                    "{place}",
                    locals(),
                    place=where[module.id][1],
                )
            )
    for a in catalogue.modules:
        for b in catalogue.modules:
            if a.id in where and b.id in where and a.order < b.order:  # noqa: SIM102
                if where[a.id][0] > where[b.id][0]:
                    out.append(
                        msg(
                            "cohort {cohort.id}: '{a.id}' ({place_a}) comes after "
                            "'{b.id}' ({place_b}), against the path's order",
                            locals(),
                            place_a=where[a.id][1],
                            place_b=where[b.id][1],
                        )
                    )
        for before in a.prerequisites:
            if before in where and a.id in where and where[before][0] >= where[a.id][0]:
                out.append(
                    msg(
                        "cohort {cohort.id}: prerequisite '{before}' ({place_before}) is not "
                        "done before '{a.id}' ({place_a})",
                        locals(),
                        place_before=where[before][1],
                        place_a=where[a.id][1],
                    )
                )
    return out


def _capacities(
    catalogue: ContentCatalogue, cohort: CohortPlan, path: LearningPath, groups: set[int]
) -> list[str]:
    out: list[str] = []
    modules = {m.id: m for m in catalogue.modules}
    for s in path.sessions:
        used = sum(
            max(modules[m].minutes_for(g) for g in modules[m].target_groups)
            for m in s.modules
            if m in modules
        )
        if used > catalogue.sessions.minutes_of(s.kind):
            out.append(
                msg(
                    "cohort {cohort.id}: {s.kind} {s.index} holds {used} of "
                    "modules, more than its {limit}",
                    locals(),
                    used=hours_text(used),
                    limit=hours_text(catalogue.sessions.minutes_of(s.kind)),
                )
            )
    sessions = dated_sessions(cohort)
    expected = windows(sessions, catalogue.self_study.preparation_days)
    by_session = {(w.before.kind, w.before.index): w for w in expected}
    for w in path.windows:
        window = by_session.get((w.before_kind, w.before_index))
        if window is None or (window.start, window.end) != (w.start, w.end):
            out.append(
                msg(
                    "cohort {cohort.id}: the self-study window before {w.before_kind} "
                    "{w.before_index} ({w.start}..{w.end}) does not match the dates",
                    locals(),
                )
            )
            continue
        for g in sorted(groups):
            load = sum(modules[m].minutes_for(g) for m in w.modules if m in modules)
            if load > window_capacity(catalogue, window):
                out.append(
                    msg(
                        "cohort {cohort.id}: target group {g} has {load} of "
                        "self-study before {w.before_kind} {w.before_index}, more than "
                        "{fits} fit",
                        locals(),
                        load=hours_text(load),
                        fits=hours_text(window_capacity(catalogue, window)),
                    )
                )
    return out


def frame_breaches(
    instance: Instance, cohort: CohortPlan, travel: TravelOf | None = None
) -> list[str]:
    """Each target group (each municipality's, when travel counts) outside its hour frame."""
    catalogue = instance.content
    if catalogue is None:
        return []
    kinds = [s.kind for s in dated_sessions(cohort)]
    nights = sum(1 for g in cohort.gatherings)
    people = [p for p in instance.participants if p.id in set(cohort.participants)]
    seen: set[tuple[int, int]] = set()
    out: list[str] = []
    for p in people:
        trip = travel(p.municipality, cohort) if travel and catalogue.frame.count_travel else 0
        total = programme_minutes(catalogue, kinds, p.target_group)
        total += counted_extra(catalogue, trip, nights)
        low, high = frame_minutes(catalogue, p.target_group)
        if (p.target_group, total) in seen or low <= total <= high:
            continue
        seen.add((p.target_group, total))
        side = msg("above") if total > high else msg("below")
        out.append(
            msg(
                "cohort {cohort.id}: target group {p.target_group} gets "
                "{total}: {side} the frame of {frame}",
                locals(),
                total=hours_text(total),
                frame=hours_text(high if total > high else low),
            )
        )
    return out


def _travel(instance: Instance) -> TravelOf:
    """Travel both ways to a cohort's gatherings (resolved only when the frame counts it)."""
    matrix = resolve_travel(instance)

    def minutes(municipality: str, cohort: CohortPlan) -> int:
        return 2 * sum(matrix[(municipality, g.venue)] for g in cohort.gatherings)

    return minutes


def check_h9_learning_path(instance: Instance, plan: Plan) -> list[Violation]:
    """H9: the learning path of every cohort (placement, hours, coverage, frame)."""
    catalogue = instance.content
    out: list[Violation] = []
    group_of = {p.id: p.target_group for p in instance.participants}
    trips = _travel(instance) if catalogue is not None and catalogue.frame.count_travel else None
    for cohort, path in _paths(instance, plan):
        assert catalogue is not None
        if path is None:
            out.append(
                Violation(
                    "H9",
                    msg("cohort {cohort.id} has no learning path", locals()),
                    (str(cohort.id),),
                )
            )
            continue
        groups = {group_of[p] for p in cohort.participants if p in group_of}
        texts = _placement(catalogue, cohort, path)
        texts += _capacities(catalogue, cohort, path, groups)
        texts += frame_breaches(instance, cohort, trips)
        placed = {m for s in path.sessions for m in s.modules}
        placed |= {m for w in path.windows for m in w.modules}
        for g in sorted(groups):
            have = {c for m in catalogue.modules_for(g) if m.id in placed for c in m.capabilities}
            texts += [
                msg(
                    "cohort {cohort.id}: target group {g} does not cover '{c}'",
                    cohort=cohort,
                    g=g,
                    c=c,
                )
                for c in catalogue.required_of(g)
                if c not in have
            ]
        out += [Violation("H9", text, (str(cohort.id),)) for text in texts]
    return out


LEARNING_RULES: dict[str, Rule] = {"H9": check_h9_learning_path}
