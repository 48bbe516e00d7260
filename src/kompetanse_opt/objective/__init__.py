"""The objective: a weighted sum of named integer terms, grouped by stage.

Each stage's CP-SAT model builds its terms as expressions; the functions registered here compute
the same numbers from a finished plan, so every solver term is checked against a plain-Python
recomputation. Weights come from :class:`~kompetanse_opt.model.instance.Weights`, one field per
term.
"""

from __future__ import annotations

from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.model.settings import COHORT_TERM_NAMES
from kompetanse_opt.objective.calendar_terms import CALENDAR_TERMS, POLITICIAN_TERMS
from kompetanse_opt.objective.change_terms import (
    CALENDAR_CHANGE_TERMS,
    COHORT_CHANGE_TERMS,
    GROUP_CHANGE_TERMS,
    SPEAKER_CHANGE_TERMS,
)
from kompetanse_opt.objective.cohort_terms import COHORT_TERMS, TermFunction, municipality_travel
from kompetanse_opt.objective.group_terms import GROUP_TERMS
from kompetanse_opt.objective.learning_terms import LEARNING_TERMS
from kompetanse_opt.objective.speaker_terms import SPEAKER_TERMS

#: Every term, by the stage whose model optimises it.
TERMS_BY_STAGE: dict[str, dict[str, TermFunction]] = {
    "cohorts": COHORT_TERMS,
    "calendar": CALENDAR_TERMS,
    "politicians": POLITICIAN_TERMS,
    "groups": GROUP_TERMS,
    "learning": LEARNING_TERMS,
    "speakers": SPEAKER_TERMS,
}

#: The change terms of a re-plan (H11), by stage: present only when the instance has a baseline.
CHANGE_TERMS_BY_STAGE: dict[str, dict[str, TermFunction]] = {
    "cohorts": COHORT_CHANGE_TERMS,
    "calendar": CALENDAR_CHANGE_TERMS,
    "groups": GROUP_CHANGE_TERMS,
    "speakers": SPEAKER_CHANGE_TERMS,
}

#: Cohort-stage term names in model order (the cohort model asserts it builds exactly these).
TERM_NAMES: tuple[str, ...] = COHORT_TERM_NAMES


def term_functions(
    stages: tuple[str, ...], data: ProblemData | None = None
) -> dict[str, TermFunction]:
    """The terms of ``stages``; with ``data`` whose instance has a baseline, the change terms."""
    out = {name: fn for stage in stages for name, fn in TERMS_BY_STAGE[stage].items()}
    if data is not None and data.instance.baseline is not None:
        for stage in stages:
            out.update(change_terms_of(stage, data))
    return out


def change_terms_of(stage: str, data: ProblemData) -> dict[str, TermFunction]:
    """The change terms ``stage``'s model optimises: ``changed_speakers`` belongs to the speakers'
    stage when the instance has a speaker pool (it chooses them), else to the calendar's."""
    terms = dict(CHANGE_TERMS_BY_STAGE.get(stage, {}))
    pool = bool(data.instance.speakers)
    if (stage == "calendar" and pool) or (stage == "speakers" and not pool):
        terms.pop("changed_speakers", None)
    return terms


def evaluate_terms(data: ProblemData, plan: Plan) -> dict[str, int]:
    """Every objective term of the stages the plan contains."""
    return {name: term(data, plan) for name, term in term_functions(plan.stages, data).items()}


def weight_map(data: ProblemData, stages: tuple[str, ...] | None = None) -> dict[str, int]:
    names = term_functions(stages or tuple(TERMS_BY_STAGE), data)
    return {name: data.instance.weight(name) for name in names}


def weighted_objective(data: ProblemData, terms: dict[str, int]) -> int:
    return sum(data.instance.weight(name) * value for name, value in terms.items())


__all__ = [
    "CHANGE_TERMS_BY_STAGE",
    "TERMS_BY_STAGE",
    "TERM_NAMES",
    "change_terms_of",
    "evaluate_terms",
    "municipality_travel",
    "term_functions",
    "weight_map",
    "weighted_objective",
]
