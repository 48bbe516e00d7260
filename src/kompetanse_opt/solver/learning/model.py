"""CP-SAT model of the learning path (rule H9): modules into each cohort's sessions and windows.

Per cohort the timeline is window 0, session 0, window 1, session 1, ... (sessions in date
order; window k is the self-study before session k). Each module goes to exactly one place of
its format: a self-study module to a window, a session module to a session of its kind. Rules:

* order: a module earlier in the figure (lower ``order``) is never placed after a later one;
* prerequisites: strictly before the module that builds on them;
* a session holds at most its programme hours; a window at most the weekly self-study maximum
  over its days, for every target group of the cohort.

The frame (hours per target group) does not depend on the placement (every session is attended,
every module of the group is done), so it is a counting cause, not a constraint here. The
objective is ``self_study_peak`` (see :mod:`kompetanse_opt.objective.learning_terms`). The
cohorts are independent blocks of one model.
"""

from __future__ import annotations

from dataclasses import dataclass

from ortools.sat.python import cp_model

from kompetanse_opt.model.content import ContentCatalogue, Module
from kompetanse_opt.model.learning_hours import (
    DatedSession,
    Window,
    dated_sessions,
    window_capacity,
    windows,
)
from kompetanse_opt.model.learning_plan import LearningPath, SelfStudyWindow, SessionContent
from kompetanse_opt.model.plan import CohortPlan, Plan


@dataclass
class CohortBlock:
    """One cohort's part of the model."""

    cohort: CohortPlan
    sessions: list[DatedSession]
    windows: list[Window]
    groups: list[int]
    place: dict[tuple[str, int], cp_model.IntVar]
    peak: cp_model.IntVar


def places_of(module: Module, sessions: list[DatedSession]) -> list[int]:
    """Timeline positions a module may take: 2k for window k, 2k + 1 for session k."""
    if module.format == "self_study":
        return [2 * k for k in range(len(sessions))]
    return [2 * k + 1 for k, s in enumerate(sessions) if s.kind == module.session_kind]


class LearningModel:
    """The learning stage's model for every cohort of a dated plan."""

    def __init__(self, catalogue: ContentCatalogue, plan: Plan, group_of: dict[str, int]) -> None:
        self.catalogue = catalogue
        self.plan = plan
        self.model = cp_model.CpModel()
        self.blocks: list[CohortBlock] = []
        self.unplaceable: list[str] = []
        for cohort in plan.cohorts:
            groups = sorted({group_of[p] for p in cohort.participants})
            self.blocks.append(self._block(cohort, groups))
        self.peak = sum(b.peak for b in self.blocks)

    def _block(self, cohort: CohortPlan, groups: list[int]) -> CohortBlock:
        m = self.model
        sessions = dated_sessions(cohort)
        wins = windows(sessions, self.catalogue.self_study.preparation_days)
        place: dict[tuple[str, int], cp_model.IntVar] = {}
        position: dict[str, cp_model.LinearExprT] = {}
        for module in self.catalogue.modules:
            spots = places_of(module, sessions)
            if not spots:
                self.unplaceable.append(f"cohort {cohort.id}: module '{module.id}'")
            for k in spots:
                place[module.id, k] = m.new_bool_var(f"c{cohort.id}_{module.id}_{k}")
            m.add_exactly_one(place[module.id, k] for k in spots)
            position[module.id] = sum(k * place[module.id, k] for k in spots)
        self._sequence(position)
        self._capacities(place, sessions, wins, groups)
        peak = m.new_int_var(0, 7 * 24 * 60, f"c{cohort.id}_peak")
        for k, window in enumerate(wins):
            for g in groups:
                load = sum(
                    mod.minutes_for(g) * place[mod.id, 2 * k]
                    for mod in self.catalogue.modules
                    if (mod.id, 2 * k) in place
                )
                m.add(peak * window.days >= 7 * load)
        return CohortBlock(cohort, sessions, wins, groups, place, peak)

    def _sequence(self, position: dict[str, cp_model.LinearExprT]) -> None:
        modules = self.catalogue.modules
        for a in modules:
            for b in modules:
                if a.order < b.order:
                    self.model.add(position[a.id] <= position[b.id])
            for before in b_prerequisites(a):
                self.model.add(position[before] + 1 <= position[a.id])

    def _capacities(
        self,
        place: dict[tuple[str, int], cp_model.IntVar],
        sessions: list[DatedSession],
        wins: list[Window],
        groups: list[int],
    ) -> None:
        modules = self.catalogue.modules
        for k, session in enumerate(sessions):
            used = sum(
                max(mod.minutes_for(g) for g in mod.target_groups) * place[mod.id, 2 * k + 1]
                for mod in modules
                if (mod.id, 2 * k + 1) in place
            )
            self.model.add(used <= self.catalogue.sessions.minutes_of(session.kind))
        for k, window in enumerate(wins):
            for g in groups:
                load = sum(
                    mod.minutes_for(g) * place[mod.id, 2 * k]
                    for mod in modules
                    if (mod.id, 2 * k) in place
                )
                self.model.add(load <= window_capacity(self.catalogue, window))

    def extract(self, solver: cp_model.CpSolver) -> Plan:
        """The plan with each cohort's learning path."""
        paths = {b.cohort.id: self._path(b, solver) for b in self.blocks}
        cohorts = [c.model_copy(update={"learning_path": paths[c.id]}) for c in self.plan.cohorts]
        stages = tuple(dict.fromkeys((*self.plan.stages, "learning")))
        return self.plan.model_copy(update={"cohorts": cohorts, "stages": stages})

    def _path(self, block: CohortBlock, solver: cp_model.CpSolver) -> LearningPath:
        at: dict[int, list[str]] = {}
        ordered = sorted(self.catalogue.modules, key=lambda mod: mod.order)
        for mod in ordered:
            for (mid, k), var in block.place.items():
                if mid == mod.id and solver.boolean_value(var):
                    at.setdefault(k, []).append(mid)
        main = {mod.id for mod in self.catalogue.modules if mod.main}
        sessions = [
            SessionContent(
                kind=s.kind,
                index=s.index,
                dates=list(s.dates),
                modules=at.get(2 * k + 1, []),
                main_module=next((x for x in at.get(2 * k + 1, []) if x in main), None),
            )
            for k, s in enumerate(block.sessions)
        ]
        wins = [
            SelfStudyWindow(
                before_kind=w.before.kind,
                before_index=w.before.index,
                start=w.start,
                end=w.end,
                modules=at.get(2 * k, []),
            )
            for k, w in enumerate(block.windows)
        ]
        return LearningPath(sessions=sessions, windows=wins)


def b_prerequisites(module: Module) -> list[str]:
    """The module's prerequisites, itself left out (validation reports a self-reference)."""
    return [p for p in module.prerequisites if p != module.id]
