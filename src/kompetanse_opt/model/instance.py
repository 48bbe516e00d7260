"""The problem instance: a validated pydantic v2 model of everything the planner needs.

The model checks each entity on its own (types, ranges, unknown fields) and then the
cross-references between entities (see :mod:`kompetanse_opt.model.validation`). Anything the solver
derives (the number of cohorts, participants per municipality) is computed from here, never stored
twice.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from kompetanse_opt.analysis.budget import Budget
from kompetanse_opt.model.calendar_settings import CalendarSettings, DateRange, Facilitator

Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$", description="4-digit municipality number")]
Identifier = Annotated[str, Field(min_length=1, max_length=100)]


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


#: Default weights of the group-quality terms, set where they are explained (docs/groups.md).
SIZE_LONER_WEIGHT = 100
MEETING_REPEAT_WEIGHT = 4


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
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="optional contact address; personal data, left out by --anonymise",
    )


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
    parallel_gatherings: int = Field(
        default=1, ge=1, description="gatherings (or politicians' sessions) it hosts on one day"
    )
    blocked: list[DateRange] = Field(default_factory=list, description="dates it cannot host")


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


#: Service areas ("tjenesteområder") of the embedded Vestland data, in a sensible merge order.
DEFAULT_SERVICE_AREAS: tuple[str, ...] = (
    "health_care",
    "education",
    "technical",
    "culture",
    "staff_support",
)

#: Where a service area too small for a group goes. Culture joins education ("oppvekst og
#: kultur" is a common sector), education joins health and care (welfare), health and care and
#: technical join staff and support, which every leadership team sits in; staff and support is
#: the root, so every chain ends there and nobody can be dropped by a missing target.
DEFAULT_MERGE_INTO: dict[str, str] = {
    "culture": "education",
    "education": "health_care",
    "health_care": "staff_support",
    "technical": "staff_support",
}


class GroupSettings(_Strict):
    """Discussion groups at the physical gatherings (rules H4, P2, P3, P4).

    Groups are formed per service area after merging: within a cohort, a service area whose
    participants cannot fill groups of ``min_size``..``max_size`` is merged into
    ``merge_into[area]`` (repeatedly, along the chain). Each area gets the fewest groups the
    bounds allow, with sizes at most ``max_size_difference`` apart.
    """

    enabled: bool = Field(
        default=True, description="false: plan no discussion groups (the groups stage is skipped)"
    )
    min_size: int = Field(default=4, ge=1, description="smallest discussion group")
    max_size: int = Field(default=8, ge=1, description="largest discussion group")
    max_size_difference: int = Field(
        default=1, ge=0, description="largest minus smallest group of one service area (P3)"
    )
    service_areas: list[Identifier] = Field(
        default_factory=lambda: list(DEFAULT_SERVICE_AREAS), min_length=1
    )
    merge_into: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_MERGE_INTO),
        description="service area -> area it joins when too small to form a group",
    )
    same_municipality: Literal["avoid", "allow", "forbid"] = Field(
        default="avoid",
        description="two people of one municipality in a group: 'avoid' = only as many as"
        " spreading them over the area's groups forces, 'forbid' = never, 'allow' = no rule",
    )
    size_measure: Literal["log_population", "population"] = Field(
        default="log_population", description="how municipality size is compared (P2)"
    )
    size_scale: int | None = Field(
        default=None,
        gt=0,
        description="log_population: units per natural log (default 10, one unit ~ 10 %);"
        " population: inhabitants per unit (default 1000)",
    )
    peer_range: int | None = Field(
        default=None,
        ge=0,
        description="two municipalities at most this many size units apart are size-peers"
        " (default 7 for log_population, i.e. about a factor 2; 5 for population)",
    )

    @model_validator(mode="after")
    def _bounds_in_order(self) -> GroupSettings:
        if self.min_size > self.max_size:
            raise ValueError(f"min_size {self.min_size} is above max_size {self.max_size}")
        return self

    @property
    def scale(self) -> int:
        if self.size_scale is not None:
            return self.size_scale
        return 10 if self.size_measure == "log_population" else 1000

    @property
    def peers_within(self) -> int:
        if self.peer_range is not None:
            return self.peer_range
        return 7 if self.size_measure == "log_population" else 5


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
    # Calendar stage (P5, politicians' track, end date); see objective/calendar_terms.py.
    facilitator_changes: int = Field(default=100, ge=0, description="per extra facilitator/cohort")
    facilitator_imbalance: int = Field(default=100, ge=0, description="per gathering max-min load")
    facilitator_travel: int = Field(default=1, ge=0, description="per minute home to venue")
    politician_travel: int = Field(default=1, ge=0, description="per municipality-minute")
    politician_wait: int = Field(default=1, ge=0, description="per municipality-day of waiting")
    late_days: int = Field(default=10, ge=0, description="per cohort-day after preferred_end")
    size_loners: int = Field(
        default=SIZE_LONER_WEIGHT,
        ge=0,
        description="per municipality without a size-peer in its cohort (P2, cohort stage)",
    )
    group_size_spread: int = Field(
        default=1, ge=0, description="per size unit between a group's largest and smallest (P2)"
    )
    meeting_repeats: int = Field(
        default=MEETING_REPEAT_WEIGHT,
        ge=0,
        description="per repeated meeting of two municipalities; the k-th meeting counts k-1 (P4)",
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
    threads: int | None = Field(
        default=None,
        ge=1,
        le=64,
        description=(
            "threads for stages made of independent solves (the group stage's cohorts); the plan"
            " does not depend on it. None: one per CPU core"
        ),
    )
    symmetry_breaking: bool = True
    cohort_method: Literal["auto", "model", "classes"] = Field(
        default="auto",
        description=(
            "how the cohort stage is solved: 'model' = the full cohort model; 'classes' = the"
            " pattern-class decomposition (when no pin or wish names a cohort); 'auto' = the"
            " decomposition for large instances, and on small ones first, with the full model"
            " taking over when it cannot prove its plan optimal"
        ),
    )


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
    priorities: list[list[str]] = Field(
        default_factory=list,
        description="lexicographic levels of objective term names, most important first;"
        " the remaining terms form a last level",
    )
    solver: SolverSettings = Field(default_factory=SolverSettings)
    travel: TravelSettings = Field(default_factory=TravelSettings)
    calendar: CalendarSettings | None = Field(
        default=None, description="dates, staffing and politicians' track; null = cohorts only"
    )
    facilitators: list[Facilitator] = Field(default_factory=list)
    groups: GroupSettings = Field(default_factory=GroupSettings)
    budget: Budget | None = Field(
        default=None, description="cost model; null = the shipped DigiVestland budget (budget.py)"
    )

    _base_dir: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _cross_references(self) -> Instance:
        # Imported here: validation needs Instance's attributes but not the class itself.
        from kompetanse_opt.model.validation import raise_for_reference_problems

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
        from kompetanse_opt.model.edits import drop_municipalities

        copy = Instance.model_validate(drop_municipalities(self.model_dump(), set(ids)))
        copy._base_dir = self._base_dir
        return copy

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
