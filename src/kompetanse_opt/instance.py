"""The problem instance: a validated pydantic v2 model of everything the planner needs.

The model checks each entity on its own (types, ranges, unknown fields) and then the
cross-references between entities (see :mod:`kompetanse_opt.validation`). Anything the solver
derives (the number of cohorts, participants per municipality) is computed from here, never stored
twice.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from kompetanse_opt.budget import Budget

Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$", description="4-digit municipality number")]
Identifier = Annotated[str, Field(min_length=1, max_length=100)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Municipality(_Strict):
    """A participating municipality (kommune)."""

    id: Kommunenummer
    name: str = Field(min_length=1)
    population: int = Field(gt=0)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    region: str = ""


class Participant(_Strict):
    """One person in the leaders' programme (target groups 1-4)."""

    id: Identifier
    municipality: Kommunenummer
    target_group: int = Field(ge=1, le=4, description="1 leadership, 2 HR, 3 ICT, 4 union")
    service_area: str = Field(min_length=1)
    role: str | None = None
    name: str | None = None


class Venue(_Strict):
    """A place that can host physical gatherings."""

    id: Identifier
    name: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    room_capacity: int | None = Field(default=None, gt=0)
    max_gatherings: int | None = Field(
        default=None, ge=0, description="gatherings it may host in the whole programme; null = any"
    )


class CohortSettings(_Strict):
    """How many cohorts, how large, and how many physical gatherings each has."""

    count: int | Literal["auto"] = Field(
        default="auto", description="number of cohorts, or 'auto' = ceil(participants / capacity)"
    )
    capacity: int = Field(default=50, gt=0)
    minimum: int = Field(default=0, ge=0)
    gatherings: int = Field(default=2, ge=1, le=6)

    @field_validator("count")
    @classmethod
    def _positive_count(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value <= 0:
            raise ValueError("must be a positive number of cohorts or 'auto'")
        return value

    @model_validator(mode="after")
    def _minimum_within_capacity(self) -> CohortSettings:
        if self.minimum > self.capacity:
            raise ValueError(f"minimum {self.minimum} is above capacity {self.capacity}")
        return self


class TogetherSet(_Strict):
    """Municipalities that should share one cohort (e.g. an ICT cooperation)."""

    id: Identifier
    name: str = ""
    municipalities: list[Kommunenummer] = Field(min_length=2)
    hard: bool = False


class ApartPair(_Strict):
    """Two municipalities that should not share a cohort."""

    id: Identifier
    municipalities: tuple[Kommunenummer, Kommunenummer]
    hard: bool = True


class Wish(_Strict):
    """A municipality's cohort wishes: cohorts it cannot attend (hard) or prefers (soft)."""

    municipality: Kommunenummer
    cannot_attend: list[int] = Field(default_factory=list)
    prefers: list[int] = Field(default_factory=list)


class MunicipalityPin(_Strict):
    """Fix a municipality to a cohort (1-based)."""

    municipality: Kommunenummer
    cohort: int = Field(ge=1)


class GatheringPin(_Strict):
    """Fix gathering ``gathering`` (1-based) of cohort ``cohort`` to a venue."""

    cohort: int = Field(ge=1)
    gathering: int = Field(ge=1)
    venue: Identifier


class Pins(_Strict):
    """Decisions the secretariat has already taken."""

    municipalities: list[MunicipalityPin] = Field(default_factory=list)
    gatherings: list[GatheringPin] = Field(default_factory=list)


class Weights(_Strict):
    """Integer weights of the objective's named terms (see docs in ``objective.py``)."""

    travel_total: int = Field(default=1, ge=0, description="per participant-minute, one way")
    travel_worst: int = Field(default=20, ge=0, description="per minute of the worst municipality")
    size_imbalance: int = Field(default=100, ge=0, description="per participant of max-min size")
    wish_misses: int = Field(
        default=1000, ge=0, description="per municipality not in a preferred cohort"
    )
    together_splits: int = Field(default=500, ge=0, description="per extra cohort a soft set spans")
    apart_breaches: int = Field(
        default=500, ge=0, description="per soft apart pair sharing a cohort"
    )


class SolverSettings(_Strict):
    """CP-SAT settings. Same instance, seed and workers give the same plan."""

    time_limit: float = Field(default=30.0, gt=0)
    seed: int = Field(default=0, ge=0)
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="CP-SAT workers; above 1 uses its deterministic interleaved search",
    )
    symmetry_breaking: bool = True


class TravelEntry(_Strict):
    municipality: Kommunenummer
    venue: Identifier
    minutes: int = Field(ge=0)


class TravelSettings(_Strict):
    """Where travel times come from; the first that is set wins: matrix, matrix_file, graph_file.

    With none set, the shipped approximate Vestland road and ferry graph is used. Relative file
    paths are read relative to the instance file.
    """

    matrix: list[TravelEntry] | None = None
    matrix_file: str | None = None
    graph_file: str | None = None


class Instance(_Strict):
    """A complete planning problem."""

    name: str = "unnamed"
    municipalities: list[Municipality] = Field(min_length=1)
    participants: list[Participant] = Field(min_length=1)
    venues: list[Venue] = Field(min_length=1)
    cohorts: CohortSettings = Field(default_factory=CohortSettings)
    together: list[TogetherSet] = Field(default_factory=list)
    apart: list[ApartPair] = Field(default_factory=list)
    wishes: list[Wish] = Field(default_factory=list)
    pins: Pins = Field(default_factory=Pins)
    weights: Weights = Field(default_factory=Weights)
    solver: SolverSettings = Field(default_factory=SolverSettings)
    travel: TravelSettings = Field(default_factory=TravelSettings)
    budget: Budget | None = Field(
        default=None, description="cost model; null = the shipped DigiVestland budget (budget.py)"
    )

    _base_dir: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_references(self) -> Instance:
        # Imported here: validation needs Instance's attributes but not the class itself.
        from kompetanse_opt.validation import raise_for_reference_problems

        raise_for_reference_problems(self)
        return self

    @property
    def base_dir(self) -> Path | None:
        """Folder the instance was loaded from (relative file paths resolve against it)."""
        return self._base_dir

    def with_base_dir(self, base_dir: Path | None) -> Instance:
        copy = self.model_copy()
        copy._base_dir = base_dir
        return copy

    @property
    def total_participants(self) -> int:
        return len(self.participants)

    @property
    def cohort_count(self) -> int:
        """Number of cohorts: as configured, or the fewest that hold everyone at capacity."""
        if self.cohorts.count == "auto":
            return max(1, math.ceil(self.total_participants / self.cohorts.capacity))
        return self.cohorts.count

    def participants_per_municipality(self) -> dict[str, int]:
        counts = {m.id: 0 for m in self.municipalities}
        for p in self.participants:
            counts[p.municipality] = counts.get(p.municipality, 0) + 1
        return counts

    def participants_of(self) -> dict[str, list[str]]:
        """Participant ids per municipality, in instance order."""
        members: dict[str, list[str]] = {m.id: [] for m in self.municipalities}
        for p in self.participants:
            members.setdefault(p.municipality, []).append(p.id)
        return members

    def municipality(self, kommunenummer: str) -> Municipality:
        for m in self.municipalities:
            if m.id == kommunenummer:
                return m
        raise KeyError(kommunenummer)

    def venue_ids(self) -> list[str]:
        return [v.id for v in self.venues]
