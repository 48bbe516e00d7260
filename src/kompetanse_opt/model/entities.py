"""The instance's entities: municipalities, participants, venues, cohort settings, sets, wishes and
pins. Each validates itself; cross-references are checked in :mod:`kompetanse_opt.model.validation`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_settings import DateRange
from kompetanse_opt.model.entity_types import (
    CohortNumber,
    GatheringPin,
    Identifier,
    Kommunenummer,
    MunicipalityPin,
    Name,
    Text,
    _Strict,
)
from kompetanse_opt.model.pins import (
    CohortPin,
    DatePin,
    FacilitatorPin,
    GroupPin,
    Pins,
    PoliticianPin,
    SessionKind,
    SpeakerPin,
)


def _dump(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


class Municipality(_Strict):
    """A participating municipality (kommune)."""

    id: Kommunenummer
    name: Name
    population: int = Field(gt=0, le=lim.MAX_POPULATION)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    region: Text = ""


class Participant(_Strict):
    """One person in the leaders' programme (target groups 1-4)."""

    id: Identifier
    municipality: Kommunenummer
    target_group: int = Field(ge=1, le=4, description="1 leadership, 2 HR, 3 ICT, 4 union")
    service_area: Name
    role: Text | None = None
    name: Text | None = None
    email: str | None = Field(
        default=None,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="optional contact address; personal data, left out by --anonymise",
    )


class Venue(_Strict):
    """A place that can host physical gatherings."""

    id: Identifier
    name: Name
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    room_capacity: int | None = Field(default=None, gt=0, le=lim.MAX_CAPACITY)
    max_gatherings: int | None = Field(
        default=None,
        ge=0,
        le=lim.MAX_COHORTS * 6,
        description="gatherings it may host in the whole programme; null = any",
    )
    parallel_gatherings: int = Field(
        default=1,
        ge=1,
        le=lim.MAX_COHORTS,
        description="gatherings (or politicians' sessions) it hosts on one day",
    )
    blocked: list[DateRange] = Field(
        default_factory=list, max_length=lim.MAX_LIST, description="dates it cannot host"
    )


class CohortSettings(_Strict):
    """How many cohorts, how large, and how many physical gatherings each has."""

    count: int | Literal["auto"] = Field(
        default="auto", description="number of cohorts, or 'auto' = ceil(participants / capacity)"
    )
    capacity: int = Field(default=50, gt=0, le=lim.MAX_CAPACITY)
    minimum: int = Field(default=0, ge=0, le=lim.MAX_CAPACITY)
    gatherings: int = Field(default=2, ge=1, le=6)

    @field_validator("count")
    @classmethod
    def _positive_count(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value <= 0:
            raise ValueError(msg("must be a positive number of cohorts or 'auto'"))
        if isinstance(value, int) and value > lim.MAX_COHORTS:
            raise ValueError(msg("at most {limit} cohorts", limit=lim.spaced(lim.MAX_COHORTS)))
        return value

    @model_validator(mode="after")
    def _minimum_within_capacity(self) -> CohortSettings:
        if self.minimum > self.capacity:
            raise ValueError(
                msg(
                    "minimum {minimum} is above capacity {capacity}",
                    minimum=self.minimum,
                    capacity=self.capacity,
                )
            )
        return self


class TogetherSet(_Strict):
    """Municipalities that should share one cohort (e.g. an ICT cooperation)."""

    id: Identifier
    name: Text = ""
    municipalities: list[Kommunenummer] = Field(min_length=2, max_length=lim.MAX_MUNICIPALITIES)
    hard: bool = False


class ApartPair(_Strict):
    """Two municipalities that should not share a cohort."""

    id: Identifier
    municipalities: tuple[Kommunenummer, Kommunenummer]
    hard: bool = True


class Wish(_Strict):
    """A municipality's cohort wishes: cohorts it cannot attend (hard) or prefers (soft)."""

    municipality: Kommunenummer
    cannot_attend: list[CohortNumber] = Field(default_factory=list, max_length=lim.MAX_COHORTS)
    prefers: list[CohortNumber] = Field(default_factory=list, max_length=lim.MAX_COHORTS)


__all__ = [
    "ApartPair",
    "CohortNumber",
    "CohortPin",
    "CohortSettings",
    "DatePin",
    "FacilitatorPin",
    "GatheringPin",
    "GroupPin",
    "Identifier",
    "Kommunenummer",
    "Municipality",
    "MunicipalityPin",
    "Name",
    "Participant",
    "Pins",
    "PoliticianPin",
    "SessionKind",
    "SpeakerPin",
    "Text",
    "TogetherSet",
    "Venue",
    "Wish",
    "_Strict",
    "_dump",
]
