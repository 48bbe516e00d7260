"""The ``--json`` documents of ``plan``, ``check``, ``explain``, ``replan``, ``suggest`` and
``budget``: one JSON document on stdout, for tools that call the command line.

Every document is a pydantic model with a ``kind`` and a ``version``; ``kompetanse-opt schema
NAME-output`` prints its JSON Schema (built from the same model, so schema and output agree).
Bad input (exit 2) prints an ``error`` document. Each document is built by one function
(``*_document``) from the library's own objects, so a change there is adapted in one place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import Any

import click

from kompetanse_opt.analysis.budget import BudgetTable, CostRow
from kompetanse_opt.analysis.explain import Explanation
from kompetanse_opt.analysis.placement import Placement
from kompetanse_opt.analysis.relax import Suggestion
from kompetanse_opt.analysis.replan import Move, ReplanResult
from kompetanse_opt.check.violation import Violation
from kompetanse_opt.cli.json_documents import (
    DOCUMENTS,
    BudgetDocument,
    CauseItem,
    CheckDocument,
    ConflictItem,
    CostItem,
    DateChangeItem,
    ExplainDocument,
    FacilitatorChangeItem,
    GroupChangeItem,
    MoveItem,
    NotificationItem,
    PlacementItem,
    PlanDocument,
    PlanFigureItem,
    PoliticianChangeItem,
    ReplanDocument,
    RuleItem,
    SpeakerChangeItem,
    SuggestDocument,
    SuggestionItem,
    VenueChangeItem,
    ViolationItem,
    _Document,
)
from kompetanse_opt.model.instance_record import InstanceRecord
from kompetanse_opt.model.plan import Plan, Result, SolveReport

json_option = click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON document instead of tables (schema: `kompetanse-opt schema"
    " COMMAND-output`).",
)


def document_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the document ``name`` (a key of :data:`DOCUMENTS`) as printed."""
    return DOCUMENTS[name].model_json_schema(mode="serialization")


def emit(document: _Document) -> None:
    """Print ``document`` as the one thing on stdout."""
    click.echo(document.model_dump_json(indent=2))


def _report(result: Result) -> SolveReport:
    return SolveReport.model_validate(result.model_dump(include=set(SolveReport.model_fields)))


def plan_document(result: Result, written: str | None) -> PlanDocument:
    return PlanDocument(
        written=written, instance=result.instance, report=_report(result), plan=result.plan
    )


def violation_item(v: Violation) -> ViolationItem:
    return ViolationItem(rule=v.rule, message=v.message, entities=list(v.entities), amount=v.amount)


def explain_document(
    explanation: Explanation | None,
    suggestions: Sequence[Suggestion] = (),
    undecided: str | None = None,
) -> ExplainDocument:
    if explanation is None:
        return ExplainDocument(feasible=None, undecided=undecided)
    conflict = explanation.conflict
    return ExplainDocument(
        feasible=explanation.feasible,
        counting_causes=list(explanation.counting_causes),
        causes=[CauseItem(label=c.label, text=c.text) for c in explanation.causes],
        labels=explanation.labels,
        conflict=None
        if conflict is None
        else ConflictItem(
            rules=[RuleItem(key=r.key, label=r.label, text=r.text) for r in conflict.rules],
            minimal=conflict.minimal,
            sentence=conflict.sentence,
        ),
        suggestions=[
            SuggestionItem(
                number=number,
                rank=s.rank,
                kind=s.kind,
                description=s.description,
                status=s.status,
                objective=s.objective,
                verified=s.verified,
                stages=list(s.stages),
                seconds=round(s.seconds, 3),
            )
            for number, s in enumerate(suggestions, start=1)
        ],
        lines=explanation.lines(),
    )


def _moves(moves: Sequence[Move], names: Mapping[str, str]) -> list[MoveItem]:
    counts: dict[tuple[str, int | None, int | None], int] = {}
    for m in moves:
        key = (m.municipality or "", m.before, m.after)
        counts[key] = counts.get(key, 0) + 1
    return [
        MoveItem(municipality=m, name=names.get(m, m), participants=n, before=a, after=b)
        for (m, a, b), n in counts.items()
    ]


def layer_items(outcome: ReplanResult, names: Mapping[str, str]) -> dict[str, Any]:
    """The re-plan's facilitator, speaker, group and politicians' changes, notifications and
    warnings as document items (fields of :class:`ReplanDocument`)."""
    diff = outcome.diff
    return {
        "facilitator_changes": [
            FacilitatorChangeItem(
                cohort=f.cohort,
                gathering=f.gathering,
                before=list(f.before),
                after=list(f.after),
                added=[names.get(x, x) for x in f.added],
                removed=[names.get(x, x) for x in f.removed],
            )
            for f in diff.facilitator_changes
        ],
        "speaker_changes": [
            SpeakerChangeItem(
                cohort=s.cohort, gathering=s.gathering, before=s.before, after=s.after
            )
            for s in diff.speaker_changes
        ],
        "group_changes": [
            GroupChangeItem(
                participant=g.participant,
                name=names.get(g.participant, g.participant),
                municipality=g.municipality,
                cohort=g.cohort,
                gathering=g.gathering,
                before=g.before,
                after=g.after,
            )
            for g in diff.group_changes
        ],
        "politician_changes": [
            PoliticianChangeItem(name=names.get(p.municipality, p.municipality), **asdict(p))
            for p in diff.politician_changes
        ],
        "notifications": [NotificationItem(**asdict(n)) for n in outcome.notifications],
        "warnings": list(outcome.warnings),
    }


def replan_document(
    outcome: ReplanResult, written: str | None, names: Mapping[str, str]
) -> ReplanDocument:
    diff, result = outcome.diff, outcome.result
    return ReplanDocument(
        written=written,
        moved_participants=outcome.moved_participants,
        moves=_moves(diff.moved, names),
        added=_moves(diff.added, names),
        withdrawn=[m.participant for m in diff.withdrawn],
        withdrawals=_moves(diff.withdrawn, names),
        venue_changes=[
            VenueChangeItem(cohort=v.cohort, gathering=v.gathering, before=v.before, after=v.after)
            for v in diff.venue_changes
        ],
        date_changes=[
            DateChangeItem(
                cohort=d.cohort,
                session=d.session,
                before=list(d.before),
                after=list(d.after),
                days=d.days,
            )
            for d in diff.date_changes
        ],
        regrouped=list(diff.regrouped),
        **layer_items(outcome, names),
        lines=diff.lines(names) if result.plan is not None else [],
        instance=result.instance,
        report=_report(result),
        plan=result.plan,
    )


def suggest_document(
    municipality: str, placements: Sequence[Placement], reasons: Sequence[str] = ()
) -> SuggestDocument:
    return SuggestDocument(
        municipality=municipality,
        placements=[
            PlacementItem(
                cohort=p.cohort,
                valid=p.valid,
                objective_change=p.objective_change,
                terms_change=dict(p.terms_change),
                violations=[violation_item(v) for v in p.violations],
            )
            for p in placements
        ],
        reasons=list(reasons),
    )


def _costs(rows: Sequence[CostRow]) -> list[CostItem]:
    return [
        CostItem(id=r.id, label=r.label, kind=r.kind, amount=r.amount, basis=r.basis) for r in rows
    ]


def budget_document(table: BudgetTable, has_plan: bool = True) -> BudgetDocument:
    q = table.quantities
    return BudgetDocument(
        name=table.name,
        priced_from_plan=table.priced_from_plan,
        has_plan=has_plan,
        participants=q.participants,
        cohorts=q.cohorts,
        gatherings=q.gatherings,
        lines=_costs(table.lines),
        contributions=_costs(table.contributions),
        participant_costs=_costs(table.participant_costs),
        total=table.total,
        total_contributions=table.total_contributions,
        after_contributions=table.after_contributions,
        price_with_support=table.price_with_support,
        price_without_support=table.price_without_support,
        full_cost_per_participant=table.full_cost_per_participant
        if table.priced_from_plan
        else None,
        plan_figures=[
            PlanFigureItem(
                id=f.id,
                label=f.label,
                amount=f.amount,
                seed_line=f.seed_line,
                seed_amount=f.seed_amount,
                difference=f.difference,
                basis=f.basis,
            )
            for f in table.plan_figures
        ],
        speaker_fees=_costs(table.speaker_fees),
    )


def check_document(
    plan_file: str,
    instance: InstanceRecord | None,
    plan: Plan | None,
    violations: Sequence[Violation] = (),
    objective: int | None = None,
    reasons: Sequence[str] = (),
    preference_breaches: Sequence[str] = (),
) -> CheckDocument:
    return CheckDocument(
        preference_breaches=list(preference_breaches),
        plan_file=plan_file,
        instance=instance,
        valid=plan is not None and not violations and not reasons,
        stages=list(plan.stages) if plan else [],
        cohorts=len(plan.cohorts) if plan else 0,
        groups=sum(len(g.groups) for c in plan.cohorts for g in c.gatherings) if plan else 0,
        objective=objective,
        violations=[violation_item(v) for v in violations],
        reasons=list(reasons),
    )
