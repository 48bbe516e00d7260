"""The rules table of a plan: every registry rule, in the chosen language, with this plan's state.

For a hard rule the independent checker says whether the plan keeps it (or how often it breaks
it); for a preference the objective terms that carry it give its values. Rules the planner does
not model, or that belong to a stage the plan does not contain, say so: a steering group reads
what the plan does and does not promise.
"""

from __future__ import annotations

from collections import Counter

from kompetanse_opt.check import check
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.rules.registry import RULES, RuleDef, label_of


def _state(view: PlanView, rule: RuleDef, broken: Counter[str]) -> str:
    """What the plan does with ``rule``, in words of the view's language."""
    t, plan, terms = view.labels, view.plan, view.result.terms
    if rule.coverage == "not_modelled":
        return t("rule_not_modelled")
    if plan is None or not any(stage in plan.stages for stage in rule.stages):
        return t("rule_stage_missing")
    words = ReportText(t.lang)
    values = [f"{words.term(name)}: {terms[name]}" for name in rule.terms if name in terms]
    if rule.kind == "preference" or rule.coverage == "reported":
        return ", ".join(values) if values else t("rule_reported")
    n = broken[rule.label]
    state = t("rule_holds") if n == 0 else t("rule_broken", n=n)
    return "; ".join([state, *values])


def rules_table(view: PlanView) -> Table:
    """One row per registry rule: label, kind, text, how far it is modelled, this plan's state."""
    t, plan = view.labels, view.plan
    broken: Counter[str] = Counter()
    if plan is not None:
        broken.update(label_of(v.rule) for v in check(view.instance, plan))
    rows: list[tuple[Cell, ...]] = [
        (
            rule.label,
            t(f"rule_kind_{rule.kind}"),
            rule.text(view.labels.lang),
            t(f"rule_coverage_{rule.coverage}"),
            _state(view, rule, broken),
        )
        for rule in RULES.values()
    ]
    return Table(
        "rules",
        t("rules"),
        (
            Column(t("rule")),
            Column(t("rule_kind")),
            Column(t("rule_text")),
            Column(t("rule_coverage")),
            Column(t("rule_state")),
        ),
        tuple(rows),
    )
