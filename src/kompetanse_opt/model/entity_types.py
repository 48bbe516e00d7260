"""The field types and the strict base model that the instance's entities and pins share."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.core import limits as lim

Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$", description="4-digit municipality number")]
Identifier = Annotated[str, Field(min_length=1, max_length=lim.MAX_IDENTIFIER)]
#: A name or free text: at most a few hundred characters.
Text = Annotated[str, Field(max_length=lim.MAX_NAME)]
Name = Annotated[str, Field(min_length=1, max_length=lim.MAX_NAME)]
#: A cohort number (1-based).
CohortNumber = Annotated[int, Field(ge=1, le=lim.MAX_COHORTS)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MunicipalityPin(_Strict):
    """Fix a municipality to a cohort (1-based)."""

    municipality: Kommunenummer
    cohort: CohortNumber


class GatheringPin(_Strict):
    """Fix gathering ``gathering`` (1-based) of cohort ``cohort`` to a venue."""

    cohort: CohortNumber
    gathering: int = Field(ge=1, le=6)
    venue: Identifier
