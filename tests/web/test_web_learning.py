"""The web planner's learning-path view: the report's table builder (names, main module,
speakers) in place of the workbook's sheet, and the hours per target group."""

from __future__ import annotations

from content_builders import make_learning_instance
from kompetanse_opt.solver.pipeline import solve
from kompetanse_opt.web.views import _tables
from speaker_builders import speaker


def test_the_planner_shows_each_cohorts_learning_path_by_name() -> None:
    both = ["vision", "data"]
    pool = [speaker("s1", name="Ada Fiktiv", capabilities=both)]
    instance = make_learning_instance(speakers=pool)
    result = solve(instance, time_limit=10, workers=1)
    plan = result.require_plan()
    tables = {t.key: t for t in _tables(instance, result)}
    for c in plan.cohorts:
        table = tables[f"learning-path-{c.id}"]
        assert table.headers[:3] == ["When", "Where", "Modules"]
        assert any("Ada Fiktiv" in row[5] for row in table.rows)
        assert not any(cell == "s1" for row in table.rows for cell in row)
    assert "learning-hours" in tables
    assert not any(key.startswith("learning_") for key in tables)  # the sheet's, replaced
