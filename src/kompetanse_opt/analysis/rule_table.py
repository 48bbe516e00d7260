"""The rules table: each registry rule with everything that handles it, for `rules` and reports.

The registry (:mod:`kompetanse_opt.rules.registry`) defines a rule once; the checker, the counting
causes, the CP-SAT constraint families, the objective terms and the relaxation menu each register
their part under its label. This module joins them into one row per rule, so that what the
command line and the report say about a rule is read from the code that handles it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.analysis.relax import RELAXATIONS
from kompetanse_opt.check import RULES_BY_STAGE
from kompetanse_opt.model.change_settings import CHANGE_TERM_WEIGHTS, ChangeWeights
from kompetanse_opt.model.settings import Weights
from kompetanse_opt.objective import CHANGE_TERMS_BY_STAGE, TERMS_BY_STAGE
from kompetanse_opt.rules.calendar_counting import CALENDAR_CHECKS
from kompetanse_opt.rules.counting import COUNTING_CHECKS, GROUP_COUNTING_CHECKS
from kompetanse_opt.rules.registry import RULES, Coverage, Lang, RuleKind, label_of
from kompetanse_opt.solver.cohorts.families import FAMILIES


class TermRow(BaseModel):
    """An objective term of a rule and its default weight."""

    # The schema describes what is printed: every field is present, defaults included.
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    name: str
    stage: str
    default_weight: int


class RuleRow(BaseModel):
    """One rule of the registry and what handles it."""

    # The schema describes what is printed: every field is present, defaults included.
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    label: str = Field(description="the domain page's label: H1-H11, P1-P8, T1-T3")
    kind: RuleKind
    stages: list[str]
    text: str = Field(description="one line in the chosen language")
    coverage: Coverage
    note: str = ""
    checks: list[str] = Field(description="the independent checker's functions for the rule")
    counting: list[str] = Field(description="counting checks that prove it broken before search")
    families: list[str] = Field(description="CP-SAT constraint families that encode it")
    terms: list[TermRow] = Field(description="objective terms that carry it")
    relaxations: list[str] = Field(description="what `explain` may suggest to relax it")


class RuleTable(BaseModel):
    """The whole rules table, as ``kompetanse-opt rules --json`` prints it."""

    # The schema describes what is printed: every field is present, defaults included.
    model_config = ConfigDict(frozen=True, json_schema_serialization_defaults_required=True)

    kind: Literal["rules"] = "rules"
    #: Raised when a field changes meaning or goes away (as every ``--json`` document's).
    version: Literal[1] = 1
    lang: Lang
    rules: list[RuleRow]


def _check_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for rules in RULES_BY_STAGE.values():
        for key, function in rules.items():
            names.setdefault(label_of(key), []).append(function.__name__)
    return names


def _counting_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for checks in (COUNTING_CHECKS, GROUP_COUNTING_CHECKS):
        for label, function in checks:
            names.setdefault(label, []).append(function.__name__)
    for label, calendar_function in CALENDAR_CHECKS:
        names.setdefault(label, []).append(calendar_function.__name__)
    return names


def _term_stage() -> dict[str, str]:
    out = {name: stage for stage, terms in TERMS_BY_STAGE.items() for name in terms}
    out.update({n: stage for stage, terms in CHANGE_TERMS_BY_STAGE.items() for n in terms})
    return out


def _default_weight(term: str) -> int:
    if term in CHANGE_TERM_WEIGHTS:
        return int(getattr(ChangeWeights(), CHANGE_TERM_WEIGHTS[term]))
    return int(getattr(Weights(), term))


def rule_table(lang: Lang = "en") -> RuleTable:
    """Every registry rule with its checks, counting causes, families, terms and relaxations."""
    checks, counting, stage_of = _check_names(), _counting_names(), _term_stage()
    rows = [
        RuleRow(
            label=r.label,
            kind=r.kind,
            stages=list(r.stages),
            text=r.text(lang),
            coverage=r.coverage,
            note=r.note,
            checks=checks.get(r.label, []),
            counting=counting.get(r.label, []),
            families=[f.__name__ for f in FAMILIES.get(r.label, ())],
            terms=[
                TermRow(name=t, stage=stage_of[t], default_weight=_default_weight(t))
                for t in r.terms
            ],
            relaxations=[kind for kind in r.relaxations if kind in RELAXATIONS],
        )
        for r in RULES.values()
    ]
    return RuleTable(lang=lang, rules=rows)


__all__ = ["RuleRow", "RuleTable", "TermRow", "rule_table"]
