"""The stages after ``cohorts``: groups, then dates and the politicians' sessions, side by side.

Groups and dates both depend only on the cohort plan (which municipalities and venues each
cohort has), never on each other: the calendar stage dates and staffs gatherings whatever their
groups, and the group stage never looks at a date. So with more than one thread the dates (and
then the politicians' sessions, which need the dates) are planned while the group stage runs,
and the two results are merged into one plan. Each stage is still solved deterministically on
the same input, so the merged plan is the one the sequential order would give.

Time (with a deadline for the whole run, see ``engine.stage_settings``): each stage searches for
its share of the time left when it starts; side by side, the group stage and the dated branch
each take their share of the same remaining time.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from kompetanse_opt.model.plan import STAGES, Plan, StageReport
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.calendar.stage import solve_calendar_stage
from kompetanse_opt.solver.engine import (
    STAGE_WEIGHTS,
    EngineSettings,
    ProgressCallback,
    stage_settings,
)
from kompetanse_opt.solver.groups.stage import solve_group_stage
from kompetanse_opt.solver.learning.stage import solve_learning_stage
from kompetanse_opt.solver.politicians.stage import politician_causes, solve_politicians_stage
from kompetanse_opt.solver.speakers.stage import solve_speakers_stage, speaker_causes


@dataclass
class LaterStages:
    """What the stages after ``cohorts`` made of a cohort plan."""

    plan: Plan | None
    reports: list[StageReport] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def solve_later_stages(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan | None,
    stages: tuple[str, ...],
    progress: ProgressCallback | None = None,
    keep: Plan | None = None,
) -> LaterStages:
    """Groups, dates and the politicians' sessions for a given cohort plan (the stages named);
    ``keep`` is a previous plan whose groups survive where a cohort's people did not change."""
    if plan is None:
        return LaterStages(None)
    dating = "calendar" in stages
    grouping = "groups" in stages
    if not (dating and grouping):
        if grouping:
            return _grouped(data, settings, plan, progress, keep, ())
        return _dated(data, settings, plan, stages, progress) if dating else LaterStages(plan)
    if settings.threads > 1:
        with ThreadPoolExecutor(max_workers=1) as pool:
            future: Future[LaterStages] = pool.submit(
                _dated, data, settings, plan, stages, progress
            )
            groups = _grouped(data, settings, plan, progress, keep, ())
            dates = future.result()
    else:
        dated = ("calendar", "politicians", "learning", "speakers")
        dated_stages = tuple(s for s in stages if s in dated)
        groups = _grouped(data, settings, plan, progress, keep, dated_stages)
        dates = _dated(data, settings, plan, stages, progress)
    if groups.plan is None:
        # Dates for a plan that has no groups would describe a plan that does not exist.
        return groups
    reports = groups.reports + dates.reports
    if dates.plan is None:
        return LaterStages(None, reports, dates.reasons)
    return LaterStages(merge_groups(dates.plan, groups.plan), reports, dates.reasons)


def stages_after_cohorts(stages: tuple[str, ...], threads: int) -> tuple[str, ...]:
    """The later stages whose time the cohort stage shares with: all of them one after the other,
    or, with groups and dates side by side, the branch that takes the longer share."""
    later = tuple(s for s in stages if s != "cohorts")
    if threads > 1 and "groups" in later and "calendar" in later:
        dated = tuple(s for s in later if s != "groups")
        return max((("groups",), dated), key=lambda b: sum(STAGE_WEIGHTS[s] for s in b))
    return later


def merge_groups(dated: Plan, grouped: Plan) -> Plan:
    """``dated`` with the groups and the meeting summary of ``grouped`` (same cohorts)."""
    groups = {(c.id, g.index): g.groups for c in grouped.cohorts for g in c.gatherings}
    cohorts = [
        c.model_copy(
            update={
                "gatherings": [
                    g.model_copy(update={"groups": groups[c.id, g.index]}) for g in c.gatherings
                ]
            }
        )
        for c in dated.cohorts
    ]
    stages = tuple(sorted({*dated.stages, *grouped.stages}, key=STAGES.index))
    return dated.model_copy(
        update={"cohorts": cohorts, "stages": stages, "meetings": grouped.meetings}
    )


def _grouped(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    progress: ProgressCallback | None,
    keep: Plan | None,
    after: tuple[str, ...],
) -> LaterStages:
    result = solve_group_stage(
        data, plan, stage_settings(settings, "groups", after), progress, keep
    )
    return LaterStages(result.plan, result.reports, result.reasons)


def _dated(
    data: ProblemData,
    settings: EngineSettings,
    plan: Plan,
    stages: tuple[str, ...],
    progress: ProgressCallback | None,
) -> LaterStages:
    after = tuple(s for s in ("politicians", "learning", "speakers") if s in stages)
    calendar = stage_settings(settings, "calendar", after)
    report, dated = solve_calendar_stage(data, calendar, plan, progress)
    out = LaterStages(dated, [report])
    if dated is not None and "politicians" in stages:
        out.reasons = politician_causes(data, dated)
        politicians = stage_settings(settings, "politicians", after[1:])
        politicians_report, out.plan = solve_politicians_stage(data, politicians, dated, progress)
        out.reports.append(politicians_report)
    if out.plan is not None and "learning" in stages:
        learning = stage_settings(settings, "learning", tuple(s for s in after if s == "speakers"))
        report, out.plan, reasons = solve_learning_stage(data, learning, out.plan, progress)
        out.reports.append(report)
        out.reasons += reasons
    if out.plan is not None and "speakers" in stages:
        out.reasons += speaker_causes(data, out.plan)
        speakers = stage_settings(settings, "speakers", ())
        speakers_report, out.plan = solve_speakers_stage(data, speakers, out.plan, progress)
        out.reports.append(speakers_report)
    return out
