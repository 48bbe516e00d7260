"""Old module paths keep working: ``kompetanse_opt.instance`` and the other flat modules of
version 0.1 moved into the layered package (issue 12). Importing an old path gives the module
at its new place, with a DeprecationWarning naming it; the names exported from
``kompetanse_opt`` itself never moved."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections.abc import Sequence
from types import ModuleType

#: Old module -> its new place.
MOVED: dict[str, str] = {
    f"kompetanse_opt.{old}": f"kompetanse_opt.{new}"
    for old, new in {
        "errors": "core.errors",
        "files": "core.files",
        "instance": "model.instance",
        "calendar_settings": "model.calendar_settings",
        "validation": "model.validation",
        "calendar_validation": "model.calendar_validation",
        "loading": "model.loading",
        "vestland": "model.vestland",
        "travel": "model.travel",
        "holidays": "model.holidays",
        "calendar_days": "model.calendar_days",
        "problem": "model.problem",
        "plan": "model.plan",
        "grouping": "model.grouping",
        "meetings": "model.meetings",
        "edits": "model.edits",
        "budget": "analysis.budget",
        "generator": "analysis.generator",
        "diagnose": "rules.counting",
        "calendar_diagnose": "rules.calendar_counting",
        "explain": "analysis.explain",
        "relax": "analysis.relax",
        "replan": "analysis.replan",
        "placement": "analysis.placement",
        "scenarios": "analysis.scenarios",
        "sweep": "analysis.sweep",
        "cli_common": "cli.common",
        "cli_summary": "cli.summary",
        "cli_files": "cli.files",
        "cli_analysis": "cli.analysis",
        "cli_changes": "cli.changes",
        "solver.cohort_stage": "solver.cohorts.stage",
        "solver.feasibility": "solver.cohorts.feasibility",
        "solver.group_stage": "solver.groups.stage",
        "solver.calendar_stage": "solver.calendar.stage",
        "solver.politicians_stage": "solver.politicians.stage",
    }.items()
}


class _Alias(importlib.abc.Loader):
    def __init__(self, new: str) -> None:
        self.new = new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} moved to {self.new}; import it from there (or from kompetanse_opt)",
            DeprecationWarning,
            stacklevel=2,
        )
        return importlib.import_module(self.new)

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at its new place is already loaded."""


class _MovedFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        return None if new is None else importlib.util.spec_from_loader(fullname, _Alias(new))


def install() -> None:
    """Let the old module paths be imported (once per process)."""
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
