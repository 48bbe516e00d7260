"""Plans, solve results and the plan file.

* :class:`Plan` is the solution itself: which municipalities and participants are in which cohort,
  and where each gathering is held. Later stages add groups, dates and facilitators to the same
  cohort and gathering objects.
* :class:`Result` is what :func:`kompetanse_opt.solve` returns: the truth about the solve (status,
  objective, best bound, gap, time, every objective term) plus the plan, if one was found.
* The plan *file* is a :class:`Result` flattened: the report fields and ``cohorts`` side by side,
  as other tools read it. Its JSON Schema is ``kompetanse-opt schema plan``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.files import (
    problems_from_validation_error,
    read_structured,
    write_text_atomic,
)
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import shorten
from kompetanse_opt.model.instance_record import InstanceRecord
from kompetanse_opt.model.learning_plan import LearningPath

PLAN_FORMAT = "kompetanse-opt/plan@1"
#: The planning stages, in the order they run (a plan's ``stages`` follow this order).
STAGES: tuple[str, ...] = (
    "cohorts",
    "groups",
    "calendar",
    "politicians",
    "learning",
    "speakers",
)


class SolveStatus(StrEnum):
    """Outcome of a solve, about the plan's whole weighted objective.

    ``optimal``: proven optimal for the whole objective. ``stage_optimal``: a valid plan whose
    every stage was proven optimal *given the earlier stages' choices*, which does not prove the
    whole plan optimal. ``feasible``: a valid plan, optimality not proven.
    """

    OPTIMAL = "optimal"
    STAGE_OPTIMAL = "stage_optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    MODEL_INVALID = "model_invalid"
    UNKNOWN = "unknown"

    @property
    def has_plan(self) -> bool:
        return self in (SolveStatus.OPTIMAL, SolveStatus.STAGE_OPTIMAL, SolveStatus.FEASIBLE)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GroupPlan(_Model):
    """One discussion group at one gathering (rule H4)."""

    id: str
    service_area: str = Field(description="the service area after merging too-small areas")
    participants: list[str]


class GatheringPlan(_Model):
    """One physical gathering (lunch to lunch) of a cohort."""

    index: int = Field(ge=1, description="1-based position of the gathering in the cohort")
    venue: str
    # Calendar stage (empty in a cohort-only plan).
    dates: list[dt.date] = Field(
        default_factory=list, description="the two consecutive days, lunch to lunch"
    )
    facilitators: list[str] = Field(default_factory=list, description="facilitator ids")
    speaker: str | None = Field(
        default=None,
        description="id of the gathering's one speaker from the instance's pool (speaker stage),"
        " else the placeholder 'speaker-<cohort>-<index>' the cost model counts; the"
        " secretariat names the person",
    )
    guests: list[str] = Field(
        default_factory=list, description="guest presenters (optional extra slots), by pool id"
    )
    # Groups stage (empty in a cohort-only plan).
    groups: list[GroupPlan] = Field(
        default_factory=list, description="discussion groups (empty in a cohort-only plan)"
    )


class HalfDaySession(_Model):
    """A dated half-day session of a cohort: local (in each municipality's own house) or closing
    (the whole cohort on Teams)."""

    index: int = Field(ge=1, description="1-based among the cohort's sessions of this kind")
    date: dt.date


class PoliticianSession(_Model):
    """One regional joint session of the politicians' track (up to 2 hours)."""

    id: int = Field(ge=1)
    venue: str
    date: dt.date
    municipalities: list[str]


class CohortPlan(_Model):
    """One cohort of a plan: its municipalities, participants, gatherings and sessions."""

    id: int = Field(ge=1)
    municipalities: list[str]
    participants: list[str]
    gatherings: list[GatheringPlan]
    local_sessions: list[HalfDaySession] = Field(
        default_factory=list, description="each municipality holds it in its own house that day"
    )
    closing_sessions: list[HalfDaySession] = Field(default_factory=list)
    learning_path: LearningPath | None = Field(
        default=None, description="modules per session and self-study window (learning stage)"
    )

    @property
    def size(self) -> int:
        return len(self.participants)

    @classmethod
    def assigned(
        cls,
        cohort_id: int,
        municipalities: Sequence[str],
        venues: Sequence[str],
        members: Mapping[str, Sequence[str]],
    ) -> CohortPlan:
        """A cohort of these municipalities (all their people, from ``members``) whose gatherings
        1, 2, ... are held at ``venues`` in order."""
        return cls(
            id=cohort_id,
            municipalities=list(municipalities),
            participants=[pid for mid in municipalities for pid in members[mid]],
            gatherings=[GatheringPlan(index=i, venue=v) for i, v in enumerate(venues, start=1)],
        )


class PairMeetings(_Model):
    municipalities: tuple[str, str]
    meetings: int


class MunicipalityMeetings(_Model):
    municipality: str
    met: int = Field(description="distinct municipalities its people shared a group with")
    repeats: int = Field(description="meetings beyond the first with the same municipality")


class MeetingSummary(_Model):
    """Who met whom in the discussion groups over the whole plan (P4); derived from the groups."""

    pairs_met: int = Field(description="municipality pairs that shared at least one group")
    repeated_pairs: int = Field(description="pairs that shared two or more groups")
    repeat_meetings: int = Field(description="meetings beyond each pair's first")
    municipalities: list[MunicipalityMeetings] = Field(default_factory=list)
    repeated: list[PairMeetings] = Field(
        default_factory=list, description="pairs that met more than once, most meetings first"
    )


class Plan(_Model):
    """An assignment of municipalities, participants and gatherings to cohorts and venues."""

    stages: tuple[str, ...] = Field(
        default=("cohorts",), description="the planning stages this plan contains, in order"
    )
    cohorts: list[CohortPlan]

    @field_validator("stages")
    @classmethod
    def _known_stages(cls, stages: tuple[str, ...]) -> tuple[str, ...]:
        # A plan file's stage names choose the checker's rules: an unknown one is bad input.
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise ValueError(
                msg(
                    "unknown stage {stage} (stages: {stages})",
                    stage=shorten(unknown[0]),
                    stages=", ".join(STAGES),
                )
            )

        return stages

    politician_sessions: list[PoliticianSession] = Field(default_factory=list)
    meetings: MeetingSummary | None = Field(
        default=None, description="the meeting graph's summary, when the plan has groups"
    )

    def cohort_of_municipality(self) -> dict[str, int]:
        """Municipality -> cohort id (the last listing wins; the checker reports duplicates)."""
        return {m: c.id for c in self.cohorts for m in c.municipalities}

    def cohort(self, cohort_id: int) -> CohortPlan:
        for c in self.cohorts:
            if c.id == cohort_id:
                return c
        raise KeyError(cohort_id)


class LevelReport(_Model):
    """One level of a lexicographic solve: its value is fixed before the next level runs."""

    name: str
    status: SolveStatus
    value: int | None = None
    bound: int | None = None
    wall_time: float = 0.0


class StageReport(_Model):
    """The facts of one stage's solve (each stage optimises its own terms, given earlier stages).

    Stage-level: ``status``, ``objective``, ``bound`` and ``gap`` are about this stage's own terms
    with the earlier stages' choices fixed; they say nothing about the whole plan.

    A lexicographic stage has ``levels``; its ``objective`` is then the weighted sum for
    comparison only, and ``bound``/``gap`` are left empty because the levels carry the truth.
    """

    name: str
    status: SolveStatus
    objective: int | None = None
    bound: int | None = None
    gap: float | None = None
    wall_time: float = 0.0
    terms: dict[str, int] = Field(default_factory=dict)
    levels: list[LevelReport] = Field(default_factory=list)
    cohort: int | None = Field(default=None, description="set when the stage solves per cohort")
    gathering: int | None = Field(default=None, description="set when it solves per gathering")
    engine: str | None = Field(
        default=None,
        description="set when not CP-SAT alone found the plan and bound: 'highs+cp-sat' is the "
        "cohort stage's class master solved by HiGHS (extra mip), packed by CP-SAT",
    )


class SolveReport(_Model):
    """The honest facts of one solve.

    With several stages, each stage is solved given the decisions of the stages before it. The
    top-level fields are about the plan's whole weighted objective: ``status`` is ``optimal`` only
    when that is proven, ``stage_optimal`` when every stage was proven optimal given the earlier
    ones (not a proof for the whole plan); ``bound`` holds for every valid plan of the instance
    (the cohort stage's bound plus a lower bound of the later stages' terms that holds for any
    cohort plan). ``stage_results`` keeps each stage's own status, bound and gap.
    """

    status: SolveStatus = Field(
        description="about the whole objective: optimal (proven), stage_optimal (every stage"
        " proven optimal given the earlier stages' choices; the whole plan is not proven"
        " optimal), feasible (valid plan, not proven), infeasible, model_invalid or unknown"
    )
    objective: int | None = Field(default=None, description="weighted objective of the plan")
    bound: int | None = Field(
        default=None,
        description="lower bound on the whole weighted objective of every valid plan"
        " (not a sum of stage bounds, which hold only given the earlier stages)",
    )
    gap: float | None = Field(
        default=None,
        description="(objective - bound) / objective for the whole plan; 0 only when proven"
        " optimal (stage gaps are in stage_results)",
    )
    terms: dict[str, int] = Field(default_factory=dict, description="unweighted objective terms")
    weights: dict[str, int] = Field(default_factory=dict)
    wall_time: float = Field(default=0.0, description="seconds, model building included")
    seed: int = 0
    workers: int = 1
    reasons: list[str] = Field(
        default_factory=list, description="why there is no plan (counting causes), if any"
    )
    stage_results: list[StageReport] = Field(
        default_factory=list,
        description="stage-level facts: each stage's status, bound and gap given the earlier"
        " stages' choices",
    )


class Result(SolveReport):
    """What :func:`kompetanse_opt.solve` returns."""

    instance_name: str = ""
    instance: InstanceRecord | None = Field(
        default=None, description="the instance the plan was made from (name, fingerprint, path)"
    )
    plan: Plan | None = None

    def require_plan(self) -> Plan:
        if self.plan is None:
            raise ValueError(f"no plan: status {self.status.value}; {'; '.join(self.reasons)}")
        return self.plan


class PlanFile(SolveReport, Plan):
    """The JSON plan file: the solve report and the plan's fields side by side."""

    format: str = PLAN_FORMAT
    instance_name: str = ""
    instance: InstanceRecord | None = Field(
        default=None,
        description="the instance the plan was made from; absent in files written before it was"
        " recorded (such a plan does not name its instance)",
    )
    cohorts: list[CohortPlan] = Field(default_factory=list)

    @classmethod
    def from_result(cls, result: Result) -> PlanFile:
        report = result.model_dump(exclude={"plan", "instance_name", "instance"})
        plan = result.plan.model_dump() if result.plan else {}
        return cls(**report, **plan, instance_name=result.instance_name, instance=result.instance)

    def to_result(self) -> Result:
        report = self.model_dump(include=set(SolveReport.model_fields))
        plan = self.model_dump(include=set(Plan.model_fields))
        return Result(
            **report,
            instance_name=self.instance_name,
            instance=self.instance,
            plan=Plan.model_validate(plan) if self.status.has_plan else None,
        )


def plan_file_json(result: Result) -> str:
    data = PlanFile.from_result(result).model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_plan(result: Result, path: str | Path) -> None:
    """Write the plan file atomically (an existing file is replaced in one step)."""
    write_text_atomic(Path(path), plan_file_json(result))


def plan_from_data(data: Any, source: str | None = None) -> Result:
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise PlanFileError(
            [Problem("", msg("expected a mapping at the top level, got {kind}", kind=kind))], source
        )
    try:
        plan_file = PlanFile.model_validate(data)
    except ValidationError as exc:
        raise PlanFileError(problems_from_validation_error(exc), source) from None
    if plan_file.format != PLAN_FORMAT:
        raise PlanFileError(
            [
                Problem(
                    "format",
                    msg(
                        "unsupported plan format '{format}', expected '{expected}'",
                        format=plan_file.format,
                        expected=PLAN_FORMAT,
                    ),
                )
            ],
            source,
        )
    return plan_file.to_result()


def read_plan(path: str | Path) -> Result:
    """Read a plan file; raises :class:`PlanFileError` naming the file and each bad field."""
    path = Path(path)
    return plan_from_data(read_structured(path, PlanFileError), str(path))
