"""Counting causes of the learning path (rule H9): what no placement of modules can fix.

Registered under H9 in :data:`kompetanse_opt.rules.calendar_counting.CALENDAR_CHECKS` (they need
the session template). Each says it in the secretariat's words: "target group 1 gets 37.5 h:
above the frame of 35 h".
"""

from __future__ import annotations

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_days import DayGrid
from kompetanse_opt.model.calendar_settings import CalendarSettings
from kompetanse_opt.model.content import TARGET_GROUPS, ContentCatalogue, hours_text
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.learning_hours import (
    counted_extra,
    covered,
    frame_minutes,
    programme_minutes,
    self_study_minutes,
    session_minutes,
)


def _groups(instance: Instance) -> list[int]:
    present = {p.target_group for p in instance.participants}
    return [g for g in TARGET_GROUPS if g in present]


def _kinds(settings: CalendarSettings) -> list[str]:
    return [step.kind for step in settings.template]


def hours_outside_frame(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    """A target group whose programme (sessions + its self-study) lies outside its frame."""
    catalogue = instance.content
    if catalogue is None:
        return []
    kinds = _kinds(settings)
    nights = counted_extra(catalogue, 0, kinds.count("gathering"))
    causes = []
    for g in _groups(instance):
        total = programme_minutes(catalogue, kinds, g) + nights
        low, high = frame_minutes(catalogue, g)
        parts = msg(
            "sessions {sessions} + self-study {self_study}{more}",
            sessions=hours_text(session_minutes(catalogue, kinds)),
            self_study=hours_text(self_study_minutes(catalogue, g)),
            more=msg(" + nights {nights}", nights=hours_text(nights)) if nights else "",
        )
        if total > high:
            causes.append(
                msg(
                    "target group {g} gets {total}: above the frame of {frame} ({parts})",
                    locals(),
                    total=hours_text(total),
                    frame=hours_text(high),
                )
            )
        elif total < low and not catalogue.frame.count_travel:  # travel could make up for it
            causes.append(
                msg(
                    "target group {g} gets {total}: below the frame of {frame} ({parts})",
                    locals(),
                    total=hours_text(total),
                    frame=hours_text(low),
                )
            )
    return causes


def uncovered_capabilities(
    instance: Instance, settings: CalendarSettings, grid: DayGrid
) -> list[str]:
    """A capability a target group must cover that no module for that group covers."""
    catalogue = instance.content
    if catalogue is None:
        return []
    causes = []
    for g in _groups(instance):
        have = covered(catalogue, g)
        for capability in catalogue.required_of(g):
            if capability not in have:
                name = _name(catalogue, capability)
                causes.append(
                    msg(
                        "target group {g} must cover capability '{capability}' ({name}), but "
                        "no module for target group {g} covers it",
                        locals(),
                    )
                )
    return causes


def _name(catalogue: ContentCatalogue, capability: str) -> str:
    try:
        return catalogue.capability(capability).name_nb
    except KeyError:
        return "unknown"


def sessions_too_short(instance: Instance, settings: CalendarSettings, grid: DayGrid) -> list[str]:
    """The modules of one session kind need more hours than all such sessions of a cohort hold."""
    catalogue = instance.content
    if catalogue is None:
        return []
    kinds = _kinds(settings)
    causes = []
    for kind in ("gathering", "local", "closing"):
        modules = [m for m in catalogue.modules if m.session_kind == kind]
        if not modules:
            continue
        need = sum(max(m.minutes_for(g) for g in m.target_groups) for m in modules)
        count = kinds.count(kind)
        have = count * catalogue.sessions.minutes_of(kind)
        if need > have:
            causes.append(
                msg(
                    "the {kind} session modules take {need}, but a cohort's "
                    "{count} {kind} session(s) hold {have}",
                    locals(),
                    need=hours_text(need),
                    have=hours_text(have),
                )
            )
    return causes
