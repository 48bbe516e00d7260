"""The registry is the one list of rules: everything that handles a rule names a registry label."""

from __future__ import annotations

import ast
import re
from importlib import resources
from pathlib import Path

import kompetanse_opt
from kompetanse_opt.analysis.relax import RELAXATIONS
from kompetanse_opt.analysis.rule_table import rule_table
from kompetanse_opt.check import RULES_BY_STAGE
from kompetanse_opt.model.change_settings import CHANGE_TERM_WEIGHTS
from kompetanse_opt.model.settings import Weights
from kompetanse_opt.objective import CHANGE_TERMS_BY_STAGE, TERMS_BY_STAGE
from kompetanse_opt.rules.calendar_counting import CALENDAR_CHECKS
from kompetanse_opt.rules.counting import COUNTING_CHECKS, GROUP_COUNTING_CHECKS
from kompetanse_opt.rules.registry import RULES, label_of, rule, rule_of_term
from kompetanse_opt.solver.cohorts.families import FAMILIES

PACKAGE = Path(str(resources.files(kompetanse_opt)))
DOMAIN_LABELS = [f"H{i}" for i in range(1, 12)] + [f"P{i}" for i in range(1, 9)]
DOMAIN_LABELS += ["T1", "T2", "T3"]


def test_every_label_of_the_domain_page_is_registered_once() -> None:
    assert list(RULES) == DOMAIN_LABELS


def test_texts_in_both_languages() -> None:
    for r in RULES.values():
        assert r.text("en") and r.text("nb") and r.text("en") != r.text("nb"), r.label


def test_every_check_is_under_a_registered_label_of_its_stage() -> None:
    for stage, checks in RULES_BY_STAGE.items():
        for key in checks:
            assert stage in rule(key).stages, key


def test_every_modelled_hard_rule_has_a_check() -> None:
    checked = {label_of(key) for checks in RULES_BY_STAGE.values() for key in checks}
    for r in RULES.values():
        if r.kind == "hard" and r.modelled:
            assert r.label in checked, r.label
        if not r.modelled:
            assert r.label not in checked or r.coverage == "reported", r.label


def test_violation_labels_in_the_checker_source_are_registered() -> None:
    """Every ``Violation("X", ...)`` the checker can emit names a registry label."""
    for path in sorted((PACKAGE / "check").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Violation":
                first = node.args[0]
                assert isinstance(first, ast.Constant), f"{path.name}: label must be literal"
                assert first.value in RULES, f"{path.name}: {first.value}"


def test_counting_causes_families_and_relaxations_name_registered_labels() -> None:
    for label, _ in (*COUNTING_CHECKS, *GROUP_COUNTING_CHECKS, *CALENDAR_CHECKS):
        assert label in RULES
    for label in FAMILIES:
        assert RULES[label].modelled and "cohorts" in RULES[label].stages
    for r in RULES.values():
        for kind in r.relaxations:
            assert kind in RELAXATIONS, (r.label, kind)


def test_every_objective_term_belongs_to_exactly_one_rule() -> None:
    terms = [name for stage in TERMS_BY_STAGE.values() for name in stage]
    terms += [name for stage in CHANGE_TERMS_BY_STAGE.values() for name in stage]
    for name in terms:
        owner = rule_of_term(name)
        assert owner is not None, name
        assert sum(name in r.terms for r in RULES.values()) == 1, name
    for r in RULES.values():
        for name in r.terms:
            weighted = name in Weights.model_fields or name in CHANGE_TERM_WEIGHTS
            assert name in terms and weighted, (r.label, name)


def test_rule_table_lists_every_modelled_label_with_a_stage_and_a_check() -> None:
    table = rule_table("nb")
    assert [row.label for row in table.rules] == DOMAIN_LABELS
    for row in table.rules:
        assert row.stages
        if row.coverage in ("modelled", "partly"):
            assert row.checks or row.terms, row.label
        assert re.search(r"[a-zæøå]", row.text)
