"""kompetanse-opt: plan cohort competence programmes with CP-SAT.

Typical use::

    from kompetanse_opt import vestland_instance, solve, check

    result = solve(vestland_instance())
    assert not check(vestland_instance(), result.require_plan())
"""

from kompetanse_opt.check import Violation, check
from kompetanse_opt.errors import (
    CheckFailedError,
    InputError,
    InstanceError,
    PlanFileError,
    Problem,
)
from kompetanse_opt.instance import Instance
from kompetanse_opt.loading import instance_from_data, load_instance, write_instance
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.plan import (
    CohortPlan,
    GatheringPlan,
    GroupPlan,
    MeetingSummary,
    Plan,
    Result,
    SolveStatus,
    read_plan,
    write_plan,
)
from kompetanse_opt.problem import ProblemData, prepare
from kompetanse_opt.solver.engine import Progress
from kompetanse_opt.solver.pipeline import solve
from kompetanse_opt.vestland import vestland_instance

__all__ = [
    "CheckFailedError",
    "CohortPlan",
    "GatheringPlan",
    "GroupPlan",
    "InputError",
    "Instance",
    "InstanceError",
    "MeetingSummary",
    "Plan",
    "PlanFileError",
    "Problem",
    "ProblemData",
    "Progress",
    "Result",
    "SolveStatus",
    "Violation",
    "check",
    "evaluate_terms",
    "instance_from_data",
    "load_instance",
    "prepare",
    "read_plan",
    "solve",
    "vestland_instance",
    "write_instance",
    "write_plan",
]
__version__ = "0.1.0"
