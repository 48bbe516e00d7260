"""The learning stage's term (rule H9's preference side), recomputed from a plan.

``self_study_peak``: per cohort, the most self-study minutes per week that any target group of
the cohort has in any window (its minutes in the window × 7 / the window's days, rounded up),
summed over the cohorts. Lower means the self-study is spread more evenly between the sessions.
"""

from __future__ import annotations

from kompetanse_opt.model.content import ContentCatalogue
from kompetanse_opt.model.learning_plan import LearningPath
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.cohort_terms import TermFunction


def window_peak(catalogue: ContentCatalogue, path: LearningPath, groups: set[int]) -> int:
    """Most self-study minutes per week (rounded up) of any of ``groups`` in any window."""
    modules = {m.id: m for m in catalogue.modules}
    peak = 0
    for window in path.windows:
        days = max((window.end - window.start).days + 1, 1)
        for g in groups:
            load = sum(modules[m].minutes_for(g) for m in window.modules if m in modules)
            peak = max(peak, -(-7 * load // days))
    return peak


def self_study_peak(data: ProblemData, plan: Plan) -> int:
    catalogue = data.instance.content
    if catalogue is None:
        return 0
    group_of = {p.id: p.target_group for p in data.instance.participants}
    return sum(
        window_peak(catalogue, c.learning_path, {group_of[p] for p in c.participants})
        for c in plan.cohorts
        if c.learning_path is not None
    )


LEARNING_TERMS: dict[str, TermFunction] = {"self_study_peak": self_study_peak}
