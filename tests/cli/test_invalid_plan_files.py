"""export, report and calendar refuse a plan the checker rejects, unless --force (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from builders import make_instance
from kompetanse_opt import solve, write_plan
from kompetanse_opt.cli import main
from kompetanse_opt.model.loading import write_instance


def _broken_plan(tmp_path: Path) -> tuple[Path, Path]:
    instance = make_instance([3, 4, 2, 5])
    write_instance(instance, tmp_path / "small.yaml")
    write_plan(solve(instance), tmp_path / "plan.json")
    data = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    # Venue b may host one gathering in the whole programme: put both cohorts there.
    for cohort in data["cohorts"]:
        cohort["gatherings"][0]["venue"] = "b"
    (tmp_path / "plan.json").write_text(json.dumps(data), encoding="utf-8")
    return tmp_path / "small.yaml", tmp_path / "plan.json"


def test_report_and_export_refuse_an_invalid_plan(tmp_path: Path) -> None:
    instance, plan = _broken_plan(tmp_path)
    runner = CliRunner()
    report = runner.invoke(
        main, ["report", str(plan), "--instance", str(instance), "--out", str(tmp_path / "r.html")]
    )
    assert report.exit_code == 1 and "[H3]" in report.output and "nothing written" in report.output
    assert not (tmp_path / "r.html").exists()
    export = runner.invoke(
        main, ["export", str(plan), "--instance", str(instance), "--csv", str(tmp_path / "csv")]
    )
    assert export.exit_code == 1 and not (tmp_path / "csv").exists()


def test_force_writes_with_a_warning(tmp_path: Path) -> None:
    instance, plan = _broken_plan(tmp_path)
    out = tmp_path / "r.html"
    forced = CliRunner().invoke(
        main, ["report", str(plan), "--instance", str(instance), "--out", str(out), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert "[H3]" in forced.output and "written anyway" in forced.output and out.exists()
