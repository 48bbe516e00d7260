"""Re-planning settings (rule H11): the prices of changing what a previous plan decided.

A re-plan counts its changes against the instance's ``baseline``: the previous plan's decisions in
the shape of pins (see :mod:`kompetanse_opt.model.pins`), recorded by
:func:`kompetanse_opt.model.freeze.freeze` (or :func:`~kompetanse_opt.model.freeze.with_baseline`).
Unlike pins, a baseline may be changed, at these prices. A session is *announced* when its
baseline date lies after ``today`` and on or before ``published_until``; later sessions are
*draft* and cheaper to move. Sessions on or before ``today`` are held and become hard pins.

The defaults follow the order a secretariat cares about (Timefold's planning window, UniTime's
minimal perturbation): the date and venue of announced sessions first, then people moved between
cohorts, then facilitators, then speakers, then group memberships. Drafts cost a little, so a
cohort a change does not touch keeps its plan exactly.
"""

from __future__ import annotations

from pydantic import Field

from kompetanse_opt.core import limits as lim
from kompetanse_opt.model.entity_types import _Strict


class ChangeWeights(_Strict):
    """Integer price of each kind of change from the baseline (objective terms ``changed_*``)."""

    announced_venue: int = Field(
        default=20_000, ge=0, le=lim.MAX_WEIGHT, description="per announced gathering moved"
    )
    announced_day: int = Field(
        default=2_000,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per day an announced session moves (either way)",
    )
    moved_participant: int = Field(
        default=1_000, ge=0, le=lim.MAX_WEIGHT, description="per participant in another cohort"
    )
    announced_facilitator: int = Field(
        default=800,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per facilitator no longer on an announced gathering they were on",
    )
    facilitator: int = Field(
        default=300,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per facilitator no longer on a draft gathering they were on",
    )
    speaker: int = Field(
        default=200, ge=0, le=lim.MAX_WEIGHT, description="per gathering with another speaker"
    )
    draft_venue: int = Field(
        default=1_000, ge=0, le=lim.MAX_WEIGHT, description="per draft gathering moved"
    )
    draft_day: int = Field(
        default=50, ge=0, le=lim.MAX_WEIGHT, description="per day a draft session moves"
    )
    group_member: int = Field(
        default=20,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per participant whose group at a gathering is not the one they had",
    )


#: Objective term name -> the ChangeWeights field that prices it.
CHANGE_TERM_WEIGHTS: dict[str, str] = {
    "changed_cohorts": "moved_participant",
    "changed_venues_announced": "announced_venue",
    "changed_venues_draft": "draft_venue",
    "changed_days_announced": "announced_day",
    "changed_days_draft": "draft_day",
    "changed_facilitators_announced": "announced_facilitator",
    "changed_facilitators": "facilitator",
    "changed_speakers": "speaker",
    "changed_groups": "group_member",
}

__all__ = ["CHANGE_TERM_WEIGHTS", "ChangeWeights"]
