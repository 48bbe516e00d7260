"""``--json``: one document on stdout, valid against the schema ``schema NAME-output`` prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import cli
from pydantic import BaseModel

from builders import make_instance
from kompetanse_opt.cli.json_documents import (
    DOCUMENTS,
    BudgetDocument,
    CheckDocument,
    ErrorDocument,
    ExplainDocument,
    PlanDocument,
    ReplanDocument,
    SuggestDocument,
)
from kompetanse_opt.model.loading import write_instance


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_instance(make_instance([3, 4, 2]), tmp_path / "a.yaml")
    impossible = make_instance([3, 4, 2], cohorts={"count": 1, "capacity": 5, "gatherings": 1})
    write_instance(impossible, tmp_path / "x.yaml")
    return tmp_path


def document(args: tuple[str, ...], model: type[BaseModel], exit_code: int) -> BaseModel:
    """Run ``args``; stdout must be exactly one document that the model (the schema) accepts."""
    result = cli(*args)
    assert result.exit_code == exit_code, result.output
    json.loads(result.stdout)  # one JSON document, nothing else
    parsed = model.model_validate_json(result.stdout)
    assert parsed.model_dump()["version"] == 1
    return parsed


def test_plan_check_replan_and_budget_documents(folder: Path) -> None:
    plan = document(("plan", "a.yaml", "--out", "a.json", "--json"), PlanDocument, 0)
    assert isinstance(plan, PlanDocument) and plan.kind == "plan"
    assert plan.written == "a.json" and plan.plan is not None and plan.instance is not None
    assert plan.instance.path == "a.yaml" and plan.report.status.has_plan
    check = document(("check", "a.json", "--json"), CheckDocument, 0)
    assert isinstance(check, CheckDocument) and check.valid and check.violations == []
    replan = document(("replan", "a.json", "--out", "b.json", "--json"), ReplanDocument, 0)
    assert isinstance(replan, ReplanDocument) and replan.moved_participants == 0
    assert replan.written == "b.json" and replan.report.bound is not None
    budget = document(("budget", "a.json", "--json"), BudgetDocument, 0)
    assert isinstance(budget, BudgetDocument) and budget.priced_from_plan
    assert budget.participants == 9 and budget.total == sum(r.amount for r in budget.lines)


def test_documents_without_a_plan(folder: Path) -> None:
    plan = document(("plan", "x.yaml", "--out", "x.json", "--json"), PlanDocument, 1)
    assert isinstance(plan, PlanDocument) and plan.written is None and plan.plan is None
    assert plan.report.reasons and not (folder / "x.json").exists()
    explained = document(("explain", "x.yaml", "--time-limit", "2", "--json"), ExplainDocument, 1)
    assert isinstance(explained, ExplainDocument) and explained.feasible is False
    assert explained.counting_causes or explained.conflict is not None


def test_suggest_document(folder: Path) -> None:
    suggested = document(
        ("suggest", "a.yaml", "--municipality", "1003", "--json"), SuggestDocument, 0
    )
    assert isinstance(suggested, SuggestDocument) and suggested.municipality == "1003"
    assert any(p.valid for p in suggested.placements)


def test_bad_input_prints_an_error_document(folder: Path) -> None:
    write_instance(make_instance([3, 4, 3]).replace(name="other"), folder / "b.yaml")
    assert cli("plan", "a.yaml", "--out", "a.json").exit_code == 0
    error = document(("check", "b.yaml", "a.json", "--json"), ErrorDocument, 2)
    assert isinstance(error, ErrorDocument) and error.kind == "error"
    assert len(error.problems) == 1 and "belongs to instance" in error.problems[0]


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_schema_command_prints_each_documents_schema(name: str) -> None:
    result = cli("schema", name)
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == DOCUMENTS[name].model_json_schema(mode="serialization")
    assert {"kind", "version"} <= set(schema["required"])


def test_schema_keeps_instance_and_plan() -> None:
    for name in ("instance", "plan"):
        assert "properties" in json.loads(cli("schema", name).stdout)
