"""The problem instance: a validated pydantic v2 model of everything the planner needs.

The model checks each entity on its own (types, ranges, unknown fields) and then the
cross-references between entities (see :mod:`kompetanse_opt.model.validation`). Anything the
solver derives (the number of cohorts, participants per municipality) is computed from here, never
stored twice. The entity and settings classes are re-exported here, where they always lived.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, PrivateAttr, model_validator

from kompetanse_opt.model.budget_settings import Budget
from kompetanse_opt.model.calendar_settings import CalendarSettings, DateRange, Facilitator
from kompetanse_opt.model.edits import drop_municipalities
from kompetanse_opt.model.entities import (
    ApartPair,
    CohortSettings,
    GatheringPin,
    Identifier,
    Kommunenummer,
    Municipality,
    MunicipalityPin,
    Participant,
    TogetherSet,
    Venue,
    Wish,
    _dump,
)
from kompetanse_opt.model.instance_fields import InstanceFields
from kompetanse_opt.model.pins import Pins
from kompetanse_opt.model.settings import (
    MEETING_REPEAT_WEIGHT,
    SIZE_LONER_WEIGHT,
    GroupSettings,
    SolverSettings,
    TravelEntry,
    TravelSettings,
    Weights,
)
from kompetanse_opt.model.validation import raise_for_reference_problems


class Instance(InstanceFields):
    """A complete planning problem."""

    _base_dir: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_references(self) -> Instance:
        raise_for_reference_problems(self)
        return self

    @property
    def base_dir(self) -> Path | None:
        """Folder the instance was loaded from (relative file paths resolve against it)."""
        return self._base_dir

    def replace(self, **changes: Any) -> Instance:
        """A validated copy with some top-level fields replaced (models or plain data).

        Unlike ``model_copy(update=...)``, which pydantic does not validate, this re-runs every
        check, so an edited instance is as trustworthy as a loaded one.
        """
        data = self.model_dump()
        for key, value in changes.items():
            data[key] = value.model_dump() if isinstance(value, BaseModel) else _dump(value)
        copy = Instance.model_validate(data)
        copy._base_dir = self._base_dir
        return copy

    def without_municipalities(self, ids: set[str] | list[str]) -> Instance:
        """The instance after these municipalities withdraw (see
        :mod:`kompetanse_opt.model.edits`)."""
        copy = Instance.model_validate(drop_municipalities(self.model_dump(), set(ids)))
        copy._base_dir = self._base_dir
        return copy

    def with_cohort_settings(self, **update: int | str) -> Instance:
        """A validated copy with changed cohort settings. The cohort count stays what it is now
        unless ``count`` is given: an ``auto`` count follows the capacity and the participants,
        and could drop a cohort that a pin, a wish or a plan names."""
        update.setdefault("count", self.cohort_count)
        return self.replace(cohorts=self.cohorts.model_copy(update=update))

    def with_base_dir(self, base_dir: Path | None) -> Instance:
        copy = self.model_copy()
        copy._base_dir = base_dir
        return copy


__all__ = [
    "MEETING_REPEAT_WEIGHT",
    "SIZE_LONER_WEIGHT",
    "ApartPair",
    "Budget",
    "CalendarSettings",
    "CohortSettings",
    "DateRange",
    "Facilitator",
    "GatheringPin",
    "GroupSettings",
    "Identifier",
    "Instance",
    "InstanceFields",
    "Kommunenummer",
    "Municipality",
    "MunicipalityPin",
    "Participant",
    "Pins",
    "SolverSettings",
    "TogetherSet",
    "TravelEntry",
    "TravelSettings",
    "Venue",
    "Weights",
    "Wish",
]
