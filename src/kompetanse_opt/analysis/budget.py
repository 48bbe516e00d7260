"""The cost model: the seed's budget lines as data, scaled to a programme or priced from a plan.

The shipped budget (``data/budget_vestland.yaml``) is the seed's table line by line. Each line has
a kind (``fixed_one_time``, ``variable``, ``fixed_running``) and an amount for the *reference*
programme (200 participants, 4 cohorts, 2 gatherings each). How a line scales is data too:

* ``scales_with: fixed`` - the same amount whatever the programme (content, running costs);
* ``participants`` / ``cohorts`` / ``gatherings`` - ``amount × actual / reference``, where
  gatherings are the physical gatherings of the whole programme (cohorts × gatherings per cohort).

The learning-path line scales with gatherings: the seed says it pays a speaker per physical
gathering and the external venues, and participants come in cohorts, so 150 participants (3
cohorts, 6 gatherings) cost 6/8 of it, and 5 cohorts of 40 cost 10/8 of it.

With a plan, the line named by ``priced_by_plan`` is priced bottom-up instead: per gathering a
speaker, the room of the venue actually used and the preparation, from ``unit_costs``. The shipped
unit costs add up to the seed's 165 500 per gathering, so a plan with the default room prices
reproduces the scaled line exactly, and venue-specific room prices or a dearer speaker move it.
Participants' own costs (one night per gathering, travel both ways per minute) are reported
separately: they are paid by the municipalities, not by the programme.

With a speaker pool (a plan with the ``speakers`` stage), ``speaker_fees`` lists beside that line
the plan's own fees per speaker and guest, the budgeted speaker cost (the unit cost × the
gatherings) and the difference (plan − budget); like the other plan figures they are not added
to the total, so the seed's table stays what it is.

Prices per participant: "with support" divides the total after every contribution, "without
support" divides the total before any (the seed: 1 729 000 / 200 = 8 645 and 2 629 000 / 200 =
13 145). Amounts are rounded half up to whole NOK once, at the end of each line or price.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from kompetanse_opt.core.errors import InstanceError, PlanFileError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.text import shorten
from kompetanse_opt.model.budget_settings import (
    Budget,
    BudgetLine,
    Reference,
    Scaling,
    default_budget,
)

if TYPE_CHECKING:
    from kompetanse_opt.model.instance import Instance
    from kompetanse_opt.model.plan import Plan
    from kompetanse_opt.model.problem import ProblemData


def budget_of(instance: Instance) -> Budget:
    return instance.budget if instance.budget is not None else default_budget()


@dataclass(frozen=True)
class Quantities:
    """What the variable lines scale with."""

    participants: int
    cohorts: int
    gatherings: int

    def of(self, scaling: Scaling) -> int:
        return {"participants": self.participants, "cohorts": self.cohorts}.get(
            scaling, self.gatherings
        )


@dataclass(frozen=True)
class CostRow:
    """One line of a cost table: the amount and how it was reached."""

    id: str
    label: str
    kind: str
    amount: int
    basis: str = ""


@dataclass(frozen=True)
class PlanFigure:
    """A cost the plan prices bottom-up, shown beside the seed's line that pays it (not added to
    the total: the seed's line stays the budget)."""

    id: str
    label: str
    amount: int
    seed_line: str
    seed_amount: int
    basis: str = ""

    @property
    def difference(self) -> int:
        """The plan's figure minus the seed's line."""
        return self.amount - self.seed_amount


@dataclass(frozen=True)
class BudgetTable:
    """A priced budget: the seed-style table plus, with a plan, the participants' own costs."""

    name: str
    quantities: Quantities
    lines: tuple[CostRow, ...]
    contributions: tuple[CostRow, ...]
    participant_costs: tuple[CostRow, ...] = ()
    priced_from_plan: bool = False
    plan_figures: tuple[PlanFigure, ...] = ()
    #: With a speaker pool: fees per speaker, the budgeted amount and the difference.
    speaker_fees: tuple[CostRow, ...] = ()

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.lines)

    @property
    def total_contributions(self) -> int:
        return sum(r.amount for r in self.contributions)

    @property
    def after_contributions(self) -> int:
        return self.total - self.total_contributions

    @property
    def price_with_support(self) -> int:
        return per_participant(self.after_contributions, self.quantities.participants)

    @property
    def price_without_support(self) -> int:
        return per_participant(self.total, self.quantities.participants)

    @property
    def participants_own(self) -> int:
        return sum(r.amount for r in self.participant_costs)

    @property
    def full_cost_per_participant(self) -> int:
        """Price with support plus the participants' nights and travel (0 without a plan)."""
        return per_participant(
            self.after_contributions + self.participants_own, self.quantities.participants
        )


def round_half_up(value: Fraction | float) -> int:
    # Half up, as a budget written by hand rounds; Python's round() would go to even.
    return math.floor(Fraction(value) + Fraction(1, 2))


def per_participant(amount: int, participants: int) -> int:
    return round_half_up(Fraction(amount, max(participants, 1)))


def _scaled(line: BudgetLine, reference: Reference, actual: Quantities) -> CostRow:
    if line.scales_with == "fixed":
        return CostRow(line.id, line.label, line.kind, line.amount)
    base = {
        "participants": reference.participants,
        "cohorts": reference.cohorts,
        "gatherings": reference.gatherings,
    }[line.scales_with]
    now = actual.of(line.scales_with)
    amount = round_half_up(Fraction(line.amount * now, base))
    return CostRow(line.id, line.label, line.kind, amount, f"× {now}/{base} {line.scales_with}")


def programme_quantities(instance: Instance) -> Quantities:
    k = instance.cohort_count
    return Quantities(instance.total_participants, k, k * instance.cohorts.gatherings)


def budget_table(instance: Instance) -> BudgetTable:
    """The budget scaled to the instance's participants, cohorts and gatherings (no plan needed)."""
    budget = budget_of(instance)
    quantities = programme_quantities(instance)
    return BudgetTable(
        name=budget.name,
        quantities=quantities,
        lines=tuple(_scaled(line, budget.reference, quantities) for line in budget.lines),
        contributions=_contribution_rows(budget),
    )


def _contribution_rows(budget: Budget) -> tuple[CostRow, ...]:
    return tuple(
        CostRow(c.id, c.label, "contribution", c.amount, "uncertain" if c.uncertain else "")
        for c in budget.contributions
    )


def _check_venues(budget: Budget, instance: Instance) -> None:
    known = set(instance.venue_ids())
    unknown = [v for v in budget.unit_costs.room_by_venue if v not in known]
    if unknown:
        raise InstanceError(
            [
                Problem(f"budget.unit_costs.room_by_venue.{v}", msg("unknown venue '{id}'", id=v))
                for v in unknown
            ]
        )


def _check_plan_fits(data: ProblemData, plan: Plan) -> None:
    """A plan that names municipalities or venues the instance lacks belongs to another one."""
    unknown = sorted(
        {m for c in plan.cohorts for m in c.municipalities if m not in data.size}
        | {g.venue for c in plan.cohorts for g in c.gatherings if g.venue not in data.venue_ids}
    )
    if unknown:
        names = ", ".join(shorten(u, 20) for u in unknown[:5])
        message = msg(
            "names {names}, which the instance does not have: it belongs to another one",
            names=names,
        )

        raise PlanFileError([Problem("cohorts", message)])


def plan_budget_table(data: ProblemData, plan: Plan) -> BudgetTable:
    """The budget priced from a plan: its gatherings and venues, its nights and its travel."""
    instance = data.instance
    budget = budget_of(instance)
    _check_venues(budget, instance)
    _check_plan_fits(data, plan)
    units = budget.unit_costs
    venues = [g.venue for c in plan.cohorts for g in c.gatherings]
    quantities = Quantities(
        participants=sum(c.size for c in plan.cohorts),
        cohorts=len(plan.cohorts),
        gatherings=len(venues),
    )
    fees = speaker_fee_rows(data, plan)
    lines = []
    for line in budget.lines:
        if line.id == budget.priced_by_plan:
            amount = sum(
                units.speaker_per_gathering + units.room(v) + units.preparation_per_gathering
                for v in venues
            )
            basis = f"plan: {len(venues)} gatherings × speaker, room, preparation"
            lines.append(CostRow(line.id, line.label, line.kind, amount, basis))
        else:
            lines.append(_scaled(line, budget.reference, quantities))
    nights = sum(c.size * len(c.gatherings) for c in plan.cohorts) * units.nights_per_gathering
    minutes = 2 * sum(
        data.size[m] * sum(data.minutes(m, g.venue) for g in c.gatherings)
        for c in plan.cohorts
        for m in c.municipalities
    )
    own = (
        CostRow(
            "nights",
            "Participants' nights (lunch to lunch)",
            "participants",
            nights * units.night_per_participant,
            f"{nights} nights × {units.night_per_participant}",
        ),
        CostRow(
            "travel",
            "Participants' travel, both ways",
            "participants",
            round_half_up(minutes * Fraction(str(units.travel_per_minute))),
            f"{minutes} participant-minutes × {units.travel_per_minute:g}",
        ),
    )
    return BudgetTable(
        name=budget.name,
        quantities=quantities,
        lines=tuple(lines),
        contributions=_contribution_rows(budget),
        participant_costs=own,
        priced_from_plan=True,
        speaker_fees=fees,
        plan_figures=_plan_figures(data, plan, lines),
    )


def _plan_figures(data: ProblemData, plan: Plan, lines: list[CostRow]) -> tuple[PlanFigure, ...]:
    """Facilitators' release time from the plan's staffing, beside the running line."""
    from kompetanse_opt.analysis.hours import RUNNING_LINE, facilitator_hours

    running = next((line for line in lines if line.id == RUNNING_LINE), None)
    staffed = [f for f in facilitator_hours(data, plan) if f.gatherings]
    if running is None or not staffed:
        return ()
    hours = sum(f.minutes for f in staffed) / 60
    return (
        PlanFigure(
            "facilitator_release",
            "Facilitators' release time (gatherings + preparation)",
            sum(f.amount for f in staffed),
            running.id,
            running.amount,
            f"plan: {hours:g} h over {len(staffed)} facilitators",
        ),
    )


def speaker_fee_rows(data: ProblemData, plan: Plan) -> tuple[CostRow, ...]:
    """Per speaker and guest of the plan: gatherings and fees; then the budgeted speaker cost
    (unit cost × gatherings) and the difference, plan − budget. Empty without a speaker stage."""
    if "speakers" not in plan.stages or not data.instance.speakers:
        return ()
    pool = {s.id: s for s in data.instance.speakers}
    count: dict[str, int] = {}
    for c in plan.cohorts:
        for g in c.gatherings:
            for person in [g.speaker, *g.guests]:
                if person in pool:
                    count[person] = count.get(person, 0) + 1
    rows = [
        CostRow(pid, pool[pid].name, pool[pid].kind, n * pool[pid].fee, f"{n} × {pool[pid].fee}")
        for pid, n in count.items()
    ]
    gatherings = sum(len(c.gatherings) for c in plan.cohorts)
    unit = budget_of(data.instance).unit_costs.speaker_per_gathering
    budgeted = CostRow(
        "budgeted",
        "Speakers in the budget line",
        "budget",
        gatherings * unit,
        f"{gatherings} gatherings × {unit}",
    )
    paid = sum(r.amount for r in rows)
    difference = CostRow(
        "difference",
        "Difference (plan − budget)",
        "difference",
        paid - budgeted.amount,
        f"{paid} − {budgeted.amount} (not added to the total)",
    )
    return (*rows, budgeted, difference)


__all__ = [
    "Budget",
    "BudgetLine",
    "BudgetTable",
    "CostRow",
    "PlanFigure",
    "Quantities",
    "Reference",
    "budget_of",
    "budget_table",
    "default_budget",
    "plan_budget_table",
    "programme_quantities",
]
