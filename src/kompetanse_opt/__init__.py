"""kompetanse-opt: plan cohort competence programmes with CP-SAT.

Typical use::

    from kompetanse_opt import vestland_instance, solve, check

    result = solve(vestland_instance())
    assert not check(vestland_instance(), result.require_plan())
"""

from kompetanse_opt.check import Violation, check
from kompetanse_opt.core.errors import (
    CheckFailedError,
    InputError,
    InstanceError,
    PlanFileError,
    Problem,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import InstanceRecord, instance_fingerprint
from kompetanse_opt.model.loading import instance_from_data, load_instance, write_instance
from kompetanse_opt.model.plan import (
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
from kompetanse_opt.model.problem import ProblemData, prepare
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.objective import evaluate_terms
from kompetanse_opt.solver.engine import Progress
from kompetanse_opt.solver.pipeline import solve

__all__ = [
    "CheckFailedError",
    "CohortPlan",
    "GatheringPlan",
    "GroupPlan",
    "InputError",
    "Instance",
    "InstanceError",
    "InstanceRecord",
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
    "instance_fingerprint",
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
