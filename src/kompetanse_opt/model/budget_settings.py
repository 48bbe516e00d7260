"""The budget as instance data: lines, contributions and unit costs (the seed's table ships as
``data/budget_vestland.yaml``). What they cost for a programme or a plan is computed in
:mod:`kompetanse_opt.analysis.budget`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kompetanse_opt.core.i18n import msg

Identifier = Annotated[str, Field(min_length=1, max_length=100)]
Scaling = Literal["fixed", "participants", "cohorts", "gatherings"]
DEFAULT_BUDGET_FILE = "budget_vestland.yaml"


#: Any amount or count of the budget (NOK): a trillion is plenty.
MAX_AMOUNT = 10**12


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BudgetLine(_Strict):
    """One line of the budget, in NOK for the reference programme."""

    id: Identifier
    label: str = ""
    kind: Literal["fixed_one_time", "variable", "fixed_running"]
    amount: int = Field(ge=0, le=MAX_AMOUNT)
    scales_with: Scaling = "fixed"


class Contribution(_Strict):
    """Money that lowers the participants' price (base funding, KS support)."""

    id: Identifier
    label: str = ""
    amount: int = Field(ge=0, le=MAX_AMOUNT)
    uncertain: bool = False


class Reference(_Strict):
    """The programme the amounts were budgeted for."""

    participants: int = Field(default=200, gt=0, le=MAX_AMOUNT)
    cohorts: int = Field(default=4, gt=0, le=MAX_AMOUNT)
    gatherings_per_cohort: int = Field(default=2, gt=0, le=MAX_AMOUNT)

    @property
    def gatherings(self) -> int:
        return self.cohorts * self.gatherings_per_cohort


class UnitCosts(_Strict):
    """Plan-dependent prices (NOK): per gathering, per participant night, per travel minute."""

    speaker_per_gathering: int = Field(default=30_000, ge=0, le=MAX_AMOUNT)
    room_per_gathering: int = Field(default=20_000, ge=0, description="default room price")
    room_by_venue: dict[str, int] = Field(
        default_factory=dict, max_length=10_000, description="venue id -> price"
    )
    preparation_per_gathering: int = Field(default=115_500, ge=0, le=MAX_AMOUNT)
    nights_per_gathering: int = Field(default=1, ge=0, description="lunch to lunch = one night")
    night_per_participant: int = Field(default=2_000, ge=0, le=MAX_AMOUNT)
    travel_per_minute: float = Field(
        default=2.0,
        ge=0,
        le=MAX_AMOUNT,
        allow_inf_nan=False,
        description="per participant-minute travelled, both ways counted",
    )

    def room(self, venue: str) -> int:
        return self.room_by_venue.get(venue, self.room_per_gathering)

    @property
    def per_gathering(self) -> int:
        """A gathering at a default-priced room."""
        return self.speaker_per_gathering + self.room_per_gathering + self.preparation_per_gathering


class Budget(_Strict):
    """The budget lines, contributions and unit costs of a programme."""

    name: str = "budget"
    currency: str = "NOK"
    reference: Reference = Field(default_factory=Reference)
    lines: list[BudgetLine] = Field(min_length=1, max_length=1000)
    contributions: list[Contribution] = Field(default_factory=list, max_length=1000)
    unit_costs: UnitCosts = Field(default_factory=UnitCosts)
    priced_by_plan: str | None = Field(
        default=None, description="id of the variable line that a plan prices bottom-up"
    )

    @model_validator(mode="after")
    def _ids(self) -> Budget:
        ids = [line.id for line in self.lines] + [c.id for c in self.contributions]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(
                msg("duplicate budget ids: {duplicates}", duplicates=", ".join(duplicates))
            )
        if self.priced_by_plan is not None:
            named = [line for line in self.lines if line.id == self.priced_by_plan]
            if not named or named[0].kind != "variable":
                raise ValueError(
                    msg(
                        "priced_by_plan '{priced_by_plan}' is not a variable line",
                        priced_by_plan=self.priced_by_plan,
                    )
                )
        return self


@cache
def default_budget() -> Budget:
    """The shipped DigiVestland budget (the seed's table)."""
    text = resources.files("kompetanse_opt.data").joinpath(DEFAULT_BUDGET_FILE).read_text("utf-8")
    return Budget.model_validate(yaml.safe_load(text))
