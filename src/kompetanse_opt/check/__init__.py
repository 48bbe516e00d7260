"""The independent plan checker: plain Python, no CP-SAT.

One function per hard rule, each labelled with the rule id of the domain page (H1, H2, ...), so a
bad plan is explained in the same words the rules are written in; :func:`check` runs them all.
The objective terms are recomputed from a plan in :mod:`kompetanse_opt.objective`.

The solver's plans are checked here before they are returned or written; a violation on a solver
plan is a bug (:class:`~kompetanse_opt.core.errors.CheckFailedError`).
"""

from __future__ import annotations

from kompetanse_opt.check.calendar_rules import CALENDAR_RULES
from kompetanse_opt.check.cohort_rules import COHORT_RULES
from kompetanse_opt.check.group_rules import GROUP_RULES
from kompetanse_opt.check.learning_rules import LEARNING_RULES
from kompetanse_opt.check.pin_rules import (
    CALENDAR_PIN_RULES,
    GROUP_PIN_RULES,
    POLITICIAN_PIN_RULES,
)
from kompetanse_opt.check.politician_rules import POLITICIAN_RULES
from kompetanse_opt.check.speaker_rules import SPEAKER_RULES
from kompetanse_opt.check.violation import Rule, Violation
from kompetanse_opt.core.errors import CheckFailedError
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan

#: Every hard rule the checker knows, by stage, in the order they are reported. Keys start with
#: the domain page's label; a rule with several parts (H4) has one function per part.
RULES_BY_STAGE: dict[str, dict[str, Rule]] = {
    "cohorts": COHORT_RULES,
    "calendar": {**CALENDAR_RULES, **CALENDAR_PIN_RULES},
    "politicians": {**POLITICIAN_RULES, **POLITICIAN_PIN_RULES},
    "groups": {**GROUP_RULES, **GROUP_PIN_RULES},
    "learning": LEARNING_RULES,
    "speakers": SPEAKER_RULES,
}


def rules_for(stages: tuple[str, ...] | None = None) -> list[tuple[str, Rule]]:
    """The labelled rules of the given stages (all stages when None)."""
    chosen = RULES_BY_STAGE if stages is None else {s: RULES_BY_STAGE[s] for s in stages}
    return [(label, rule) for rules in chosen.values() for label, rule in rules.items()]


def check(instance: Instance, plan: Plan, stages: tuple[str, ...] | None = None) -> list[Violation]:
    """All violations of the hard rules; an empty list means the plan is valid.

    ``stages`` limits the check to rules of those stages (for example a cohort-only plan is checked
    with ``("cohorts",)``); by default the stages the plan says it contains are checked.
    """
    chosen = stages if stages is not None else plan.stages
    return [v for _, rule in rules_for(chosen) for v in rule(instance, plan)]


def require_valid(
    instance: Instance, plan: Plan, what: str, stages: tuple[str, ...] | None = None
) -> None:
    """Raise :class:`CheckFailedError` if a plan the solver made breaks a rule: always a bug."""
    violations = check(instance, plan, stages)
    if violations:
        lines = "\n".join(map(str, violations))
        raise CheckFailedError(f"{what} returned an invalid plan:\n{lines}")


__all__ = ["RULES_BY_STAGE", "Rule", "Violation", "check", "require_valid", "rules_for"]
