"""``kompetanse-opt rules``: the registry on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kompetanse_opt.analysis.rule_table import RuleTable
from kompetanse_opt.cli import main


def test_rules_json_is_one_document_with_every_label() -> None:
    result = CliRunner().invoke(main, ["rules", "--json"])
    assert result.exit_code == 0, result.output
    table = RuleTable.model_validate(json.loads(result.output))
    labels = [row.label for row in table.rules]
    assert labels[:3] == ["H1", "H2", "H3"] and "T3" in labels and "POL" not in labels
    h2 = next(row for row in table.rules if row.label == "H2")
    assert h2.checks == ["check_h2_cohort_sizes"] and h2.stages == ["cohorts"]
    p1 = next(row for row in table.rules if row.label == "P1")
    assert [(t.name, t.default_weight) for t in p1.terms] == [
        ("travel_total", 1),
        ("travel_worst", 20),
    ]


def test_rules_table_in_norwegian() -> None:
    result = CliRunner().invoke(main, ["rules", "--lang", "nb"])
    assert result.exit_code == 0
    assert "kommune deles aldri" in result.output


def test_rules_rejects_an_unknown_language() -> None:
    result = CliRunner().invoke(main, ["rules", "--lang", "de"])
    assert result.exit_code == 2


def test_rules_schema_matches_the_document() -> None:
    result = CliRunner().invoke(main, ["schema", "rules-output"])
    assert result.exit_code == 0
    assert json.loads(result.output) == RuleTable.model_json_schema(mode="serialization")


def test_check_lists_preference_breaches_by_label(tmp_path: Path) -> None:
    from builders import make_group_instance
    from kompetanse_opt import solve, write_plan
    from kompetanse_opt.model.loading import write_instance

    areas = ["health_care"] * 2
    instance = make_group_instance({str(1001 + i): areas for i in range(5)})
    write_instance(instance, tmp_path / "i.yaml")
    write_plan(solve(instance), tmp_path / "p.json")
    result = CliRunner().invoke(
        main, ["check", str(tmp_path / "i.yaml"), str(tmp_path / "p.json"), "--json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert all(line.startswith("P8") for line in document["preference_breaches"])
