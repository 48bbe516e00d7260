"""The rules registry (H1–H11, P1–P8, T1–T3): one definition per domain rule.

Above :mod:`kompetanse_opt.model` and below everything that checks, solves or explains: each of
those registers its part of a rule under the rule's label here.
"""

from kompetanse_opt.rules.registry import (
    RULES,
    Coverage,
    Lang,
    RuleDef,
    RuleKind,
    Stage,
    label_of,
    rule,
    rule_of_term,
    rules_of_stage,
)

__all__ = [
    "RULES",
    "Coverage",
    "Lang",
    "RuleDef",
    "RuleKind",
    "Stage",
    "label_of",
    "rule",
    "rule_of_term",
    "rules_of_stage",
]
