"""kompetanse-opt: plan cohort competence programmes with CP-SAT.

Typical use::

    from kompetanse_opt import vestland_instance, solve, check

    result = solve(vestland_instance())
    assert not check(vestland_instance(), result.require_plan())

The public API (``solve``, ``check``, ``explain``, ``replan``, ``suggest``, ``budget``, ``sweep``,
``rules`` and the models) is documented with examples in ``docs/api.md``.
"""

import os as _os
import sys as _sys

from kompetanse_opt import _moved

_moved.install()


def _started_as_command() -> bool:
    """True while ``kompetanse-opt`` or ``python -m kompetanse_opt`` starts up."""
    return _sys.argv[:1] == ["-m"] or _sys.argv[0].endswith("kompetanse-opt")


def _terminated_while_starting(signum: int, frame: object) -> None:
    # At once, not by an exception: raised inside a C extension's import (OR-Tools' pybind11
    # modules) an exception becomes "ImportError: initialization failed" with a traceback.
    # Nothing has been written while the command starts, so there is nothing to clean up.
    _os._exit(128 + signum)


if _started_as_command():
    # SIGTERM or Ctrl-C while the command line is still importing (a second or more on a busy
    # machine): end with the shell's exit code for it, nothing written, no traceback; the
    # command's own handler (cli/interrupt.py) replaces this one once it runs. Ctrl-C needs it
    # too: under ``python -m`` the package is imported before ``__main__``'s own guard, and a
    # KeyboardInterrupt there ended the process with -2. A library import is left alone.
    import signal as _signal

    _signal.signal(_signal.SIGTERM, _terminated_while_starting)
    _signal.signal(_signal.SIGINT, _terminated_while_starting)


try:
    from kompetanse_opt.analysis.budget import BudgetTable, CostRow
    from kompetanse_opt.analysis.changes import (
        AddRegistrations,
        FacilitatorUnavailable,
        VenueClosed,
        Withdraw,
        apply_changes,
    )
    from kompetanse_opt.analysis.explain import Conflict, Explanation, explain
    from kompetanse_opt.analysis.hours import HoursReport, hours_report
    from kompetanse_opt.analysis.notifications import Notification
    from kompetanse_opt.analysis.placement import Placement
    from kompetanse_opt.analysis.relax import Suggestion, suggest_relaxations
    from kompetanse_opt.analysis.replan import PlanDiff, ReplanResult
    from kompetanse_opt.analysis.rule_table import RuleRow, RuleTable, rule_table
    from kompetanse_opt.analysis.scenarios import Scenarios, read_scenarios
    from kompetanse_opt.analysis.sweep import SweepRow
    from kompetanse_opt.api import budget, replan, rules, suggest, sweep
    from kompetanse_opt.check import Violation, check
    from kompetanse_opt.core.errors import (
        CheckFailedError,
        InputError,
        InstanceError,
        PlanFileError,
        Problem,
    )
    from kompetanse_opt.model.budget_settings import (
        Budget,
        BudgetLine,
        Contribution,
        Reference,
        UnitCosts,
    )
    from kompetanse_opt.model.calendar_settings import (
        CalendarSettings,
        DateRange,
        Facilitator,
        PoliticianSettings,
        SessionStep,
        SessionTimes,
        StaffingSettings,
    )
    from kompetanse_opt.model.change_settings import ChangeWeights
    from kompetanse_opt.model.content import Capability, ContentCatalogue, DeepDive, Module
    from kompetanse_opt.model.entities import (
        ApartPair,
        CohortSettings,
        GatheringPin,
        Municipality,
        MunicipalityPin,
        Participant,
        TogetherSet,
        Venue,
        Wish,
    )
    from kompetanse_opt.model.freeze import freeze, with_baseline
    from kompetanse_opt.model.instance import Instance
    from kompetanse_opt.model.instance_record import InstanceRecord, instance_fingerprint
    from kompetanse_opt.model.learning_plan import LearningPath
    from kompetanse_opt.model.loading import instance_from_data, load_instance, write_instance
    from kompetanse_opt.model.pins import (
        CohortPin,
        DatePin,
        FacilitatorPin,
        GroupPin,
        Pins,
        PoliticianPin,
        SpeakerPin,
    )
    from kompetanse_opt.model.plan import (
        CohortPlan,
        GatheringPlan,
        GroupPlan,
        HalfDaySession,
        MeetingSummary,
        Plan,
        PoliticianSession,
        Result,
        SolveStatus,
        StageReport,
        read_plan,
        write_plan,
    )
    from kompetanse_opt.model.problem import ProblemData, prepare
    from kompetanse_opt.model.settings import (
        GroupSettings,
        SolverSettings,
        TravelEntry,
        TravelSettings,
        Weights,
    )
    from kompetanse_opt.model.vestland import vestland_instance
    from kompetanse_opt.objective import evaluate_terms
    from kompetanse_opt.rules.registry import RULES, RuleDef
    from kompetanse_opt.solver.engine import Progress
    from kompetanse_opt.solver.pipeline import solve
except KeyboardInterrupt:
    # Ctrl-C while the command line is still starting: end quietly with the shell's exit code
    # for an interrupt (the command's own handler is not installed yet). A library import is
    # left alone.
    if _started_as_command():
        raise SystemExit(130) from None
    raise

__all__ = [
    "RULES",
    "AddRegistrations",
    "ApartPair",
    "Budget",
    "BudgetLine",
    "BudgetTable",
    "CalendarSettings",
    "Capability",
    "ChangeWeights",
    "CheckFailedError",
    "CohortPin",
    "CohortPlan",
    "CohortSettings",
    "Conflict",
    "ContentCatalogue",
    "Contribution",
    "CostRow",
    "DatePin",
    "DateRange",
    "DeepDive",
    "Explanation",
    "Facilitator",
    "FacilitatorPin",
    "FacilitatorUnavailable",
    "GatheringPin",
    "GatheringPlan",
    "GroupPin",
    "GroupPlan",
    "GroupSettings",
    "HalfDaySession",
    "HoursReport",
    "InputError",
    "Instance",
    "InstanceError",
    "InstanceRecord",
    "LearningPath",
    "MeetingSummary",
    "Module",
    "Municipality",
    "MunicipalityPin",
    "Notification",
    "Participant",
    "Pins",
    "Placement",
    "Plan",
    "PlanDiff",
    "PlanFileError",
    "PoliticianPin",
    "PoliticianSession",
    "PoliticianSettings",
    "Problem",
    "ProblemData",
    "Progress",
    "Reference",
    "ReplanResult",
    "Result",
    "RuleDef",
    "RuleRow",
    "RuleTable",
    "Scenarios",
    "SessionStep",
    "SessionTimes",
    "SolveStatus",
    "SolverSettings",
    "SpeakerPin",
    "StaffingSettings",
    "StageReport",
    "Suggestion",
    "SweepRow",
    "TogetherSet",
    "TravelEntry",
    "TravelSettings",
    "UnitCosts",
    "Venue",
    "VenueClosed",
    "Violation",
    "Weights",
    "Wish",
    "Withdraw",
    "apply_changes",
    "budget",
    "check",
    "evaluate_terms",
    "explain",
    "freeze",
    "hours_report",
    "instance_fingerprint",
    "instance_from_data",
    "load_instance",
    "prepare",
    "read_plan",
    "read_scenarios",
    "replan",
    "rule_table",
    "rules",
    "solve",
    "suggest",
    "suggest_relaxations",
    "sweep",
    "vestland_instance",
    "with_baseline",
    "write_instance",
    "write_plan",
]
__version__ = "0.1.0"
