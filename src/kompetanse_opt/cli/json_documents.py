"""The models of the ``--json`` documents (``kompetanse-opt schema NAME-output`` prints their
JSON Schemas); :mod:`kompetanse_opt.cli.json_output` builds them from the library's objects."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.analysis.rule_table import RuleTable
from kompetanse_opt.model.instance_record import InstanceRecord
from kompetanse_opt.model.plan import Plan, SolveReport, SolveStatus

#: The version of every document below; raised when a field changes meaning or goes away.
VERSION: Literal[1] = 1


class _Item(BaseModel):
    # The schema describes what is printed: every field is present, defaults included.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


class _Document(_Item):
    version: Literal[1] = Field(default=VERSION, description="the document format's version")


class ErrorDocument(_Document):
    """Bad input (exit code 2): one line per problem, naming the file and field; nothing written."""

    kind: Literal["error"] = "error"
    exit_code: int = 2
    problems: list[str]


class PlanDocument(_Document):
    """``plan --json``: the solve's facts, the instance record and the plan (null: no plan)."""

    kind: Literal["plan"] = "plan"
    written: str | None = Field(description="the plan file written; null when there is no plan")
    instance: InstanceRecord | None
    report: SolveReport
    plan: Plan | None


class ViolationItem(_Item):
    rule: str
    message: str
    entities: list[str] = Field(default_factory=list)
    amount: int = 1


class CheckDocument(_Document):
    """``check --json``: whether the plan is valid for its instance, and why not."""

    kind: Literal["check"] = "check"
    plan_file: str
    instance: InstanceRecord | None = Field(description="the instance the plan was checked with")
    valid: bool
    stages: list[str] = Field(default_factory=list)
    cohorts: int = 0
    groups: int = 0
    objective: int | None = Field(default=None, description="recomputed from the plan")
    violations: list[ViolationItem] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list, description="e.g. the file holds no plan")
    preference_breaches: list[str] = Field(
        default_factory=list,
        description="where a preference's rule is not met (P8 roles mixed), each labelled;"
        " the plan stays valid, the objective prices them",
    )


class RuleItem(_Item):
    key: str
    label: str
    text: str


class ConflictItem(_Item):
    rules: list[RuleItem]
    minimal: bool
    sentence: str


class SuggestionItem(_Item):
    number: int = Field(default=0, description="1, 2, 3, ... least change first")
    rank: int = Field(description="the kind's place on the relaxation menu (1 least disruptive)")
    kind: str
    description: str
    status: SolveStatus
    objective: int | None
    verified: bool = Field(
        default=True, description="the full pipeline found a valid plan with the change"
    )
    stages: list[str] = Field(default_factory=list, description="stages the verifying solve ran")
    seconds: float = Field(default=0.0, description="wall time of the verifying solve")


class CauseItem(_Item):
    label: str = Field(description="the rule counting proves broken (registry label)")
    text: str


class ExplainDocument(_Document):
    """``explain --json``: counting causes, a conflict of named rules and suggestions."""

    kind: Literal["explain"] = "explain"
    feasible: bool | None = Field(description="null when undecided within the time limit")
    undecided: str | None = None
    counting_causes: list[str] = Field(default_factory=list)
    causes: list[CauseItem] = Field(default_factory=list, description="counting causes, labelled")
    labels: list[str] = Field(default_factory=list, description="every rule label involved")
    conflict: ConflictItem | None = None
    suggestions: list[SuggestionItem] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list, description="the text output's lines")


class MoveItem(_Item):
    municipality: str
    name: str
    participants: int
    before: int | None = Field(description="cohort before; null for newcomers")
    after: int | None = Field(description="cohort after; null for withdrawals")


class VenueChangeItem(_Item):
    cohort: int
    gathering: int
    before: str | None
    after: str | None


class DateChangeItem(_Item):
    cohort: int
    session: str
    before: list[str]
    after: list[str]
    days: int | None = Field(default=None, description="days the first day moved (− earlier)")


class FacilitatorChangeItem(_Item):
    cohort: int
    gathering: int
    before: list[str] = Field(description="facilitator ids")
    after: list[str]
    added: list[str] = Field(description="names of the facilitators who join")
    removed: list[str] = Field(description="names of the facilitators who leave")


class SpeakerChangeItem(_Item):
    cohort: int
    gathering: int
    before: str | None
    after: str | None


class GroupChangeItem(_Item):
    participant: str
    name: str = Field(description="the participant's name and municipality")
    municipality: str | None
    cohort: int
    gathering: int
    before: str = Field(description="group id before")
    after: str = Field(description="group id after")


class PoliticianChangeItem(_Item):
    municipality: str
    name: str
    before_venue: str | None
    before_date: str | None
    after_venue: str | None
    after_date: str | None


class NotificationItem(_Item):
    kind: Literal["municipality", "facilitator", "speaker"]
    recipient: str = Field(description="the recipient's id")
    name: str
    messages: list[str] = Field(description="what to tell them, one change per line")


class ReplanDocument(_Document):
    """``replan --json``: the new plan's facts, every change by layer (moves grouped by
    municipality) and who must be told what."""

    kind: Literal["replan"] = "replan"
    written: str | None = Field(description="the plan file written; null when there is no plan")
    moved_participants: int
    moves: list[MoveItem] = Field(default_factory=list)
    added: list[MoveItem] = Field(default_factory=list)
    withdrawn: list[str] = Field(default_factory=list, description="participant ids")
    venue_changes: list[VenueChangeItem] = Field(default_factory=list)
    date_changes: list[DateChangeItem] = Field(default_factory=list)
    regrouped: list[int] = Field(
        default_factory=list, description="cohorts where someone's discussion group changed"
    )
    withdrawals: list[MoveItem] = Field(
        default_factory=list, description="withdrawn participants grouped by municipality"
    )
    facilitator_changes: list[FacilitatorChangeItem] = Field(default_factory=list)
    speaker_changes: list[SpeakerChangeItem] = Field(default_factory=list)
    group_changes: list[GroupChangeItem] = Field(
        default_factory=list,
        description="participants who stay in their cohort but change group at a gathering",
    )
    politician_changes: list[PoliticianChangeItem] = Field(default_factory=list)
    notifications: list[NotificationItem] = Field(
        default_factory=list, description="who must be told what: municipalities, staff"
    )
    warnings: list[str] = Field(
        default_factory=list, description="references dropped by a withdrawal, people skipped"
    )
    lines: list[str] = Field(default_factory=list, description="the diff's text lines")
    instance: InstanceRecord | None
    report: SolveReport
    plan: Plan | None


class PlacementItem(_Item):
    cohort: int
    valid: bool
    objective_change: int
    terms_change: dict[str, int]
    violations: list[ViolationItem]


class SuggestDocument(_Document):
    """``suggest --json``: each cohort a late municipality could join, best first."""

    kind: Literal["suggest"] = "suggest"
    municipality: str
    placements: list[PlacementItem]
    reasons: list[str] = Field(default_factory=list, description="why there is no placement")


class CostItem(_Item):
    id: str
    label: str
    kind: str
    amount: int = Field(description="NOK")
    basis: str = ""


class PlanFigureItem(_Item):
    id: str
    label: str
    amount: int = Field(description="NOK, priced from the plan")
    seed_line: str = Field(description="id of the budget line that pays it")
    seed_amount: int = Field(description="NOK, that line's amount")
    difference: int = Field(description="amount - seed_amount")
    basis: str = ""


class BudgetDocument(_Document):
    """``budget --json``: the priced budget (NOK), from the instance or from a plan."""

    kind: Literal["budget"] = "budget"
    name: str
    priced_from_plan: bool
    has_plan: bool = Field(default=True, description="false: a plan file without a plan")
    participants: int
    cohorts: int
    gatherings: int
    lines: list[CostItem]
    contributions: list[CostItem]
    participant_costs: list[CostItem]
    total: int
    total_contributions: int
    after_contributions: int
    price_with_support: int
    price_without_support: int
    full_cost_per_participant: int | None = Field(description="null without a plan")
    plan_figures: list[PlanFigureItem] = Field(
        default_factory=list,
        description="costs the plan prices beside the seed's line that pays them (not in total)",
    )
    speaker_fees: list[CostItem] = Field(
        default_factory=list,
        description="with a speaker pool: fees per speaker and guest, the budgeted speaker cost"
        " and the difference (plan - budget)",
    )


#: ``kompetanse-opt schema NAME``: the documents above by name.
DOCUMENTS: dict[str, type[BaseModel]] = {
    "plan-output": PlanDocument,
    "check-output": CheckDocument,
    "explain-output": ExplainDocument,
    "replan-output": ReplanDocument,
    "suggest-output": SuggestDocument,
    "budget-output": BudgetDocument,
    "error-output": ErrorDocument,
    "rules-output": RuleTable,
}
