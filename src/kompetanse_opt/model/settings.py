"""Settings of the instance that are not entities: groups, weights, solver and travel sources."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.entities import Identifier, Kommunenummer, _Strict

#: Default weights of the group-quality terms, set where they are explained (docs/groups.md).
SIZE_LONER_WEIGHT = 100
#: Municipality pairs meeting again: 0 by default, the view is kept for information (issue 15):
#: a municipality sends people to several service areas, so every pair of a cohort's
#: municipalities meets at every gathering and the count saturates. P4 counts people
#: (``participant_repeats``). Set it above 0 to mix municipalities as well.
MEETING_REPEAT_WEIGHT = 0
#: A pair of people meeting again weighs more than a municipality pair doing so: P4 is about
#: people (the municipality view saturates, see docs/groups.md), and one size unit of spread is
#: about 10 % of population, so 10 spread units buy one person-pair repeat.
PARTICIPANT_REPEAT_WEIGHT = 10
#: ``groups.method: auto`` solves all gatherings in one model when the cohort has at most this
#: many participants (the embedded cohorts have 50); larger cohorts go gathering by gathering.
JOINT_MAX_PARTICIPANTS = 120

#: How a participant attribute is mixed in the groups (P8): 'spread' = its values as even as
#: possible over a gathering's groups of one area, 'cluster' = no group holds exactly one person
#: of a value (where avoidable), 'similar' = few values per group, 'ignore' = no rule.
MixRule = Literal["spread", "cluster", "similar", "ignore"]
#: Participant attributes the groups can mix (P8).
MixAttribute = Literal["target_group", "role"]


def _default_mix() -> dict[MixAttribute, MixRule]:
    """P8 by default: nobody the only one of their target group in a group, where avoidable."""
    return {"target_group": "cluster"}


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
    min_size: int = Field(
        default=4, ge=1, le=lim.MAX_CAPACITY, description="smallest discussion group"
    )
    max_size: int = Field(
        default=8, ge=1, le=lim.MAX_CAPACITY, description="largest discussion group"
    )
    max_size_difference: int = Field(
        default=1,
        ge=0,
        le=lim.MAX_CAPACITY,
        description="largest minus smallest group of one service area (P3)",
    )
    service_areas: list[Identifier] = Field(
        default_factory=lambda: list(DEFAULT_SERVICE_AREAS), min_length=1, max_length=1000
    )
    merge_into: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_MERGE_INTO),
        max_length=1000,
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
        le=lim.MAX_POPULATION,
        description="log_population: units per natural log (default 10, one unit ~ 10 %);"
        " population: inhabitants per unit (default 1000)",
    )
    peer_range: int | None = Field(
        default=None,
        ge=0,
        le=lim.MAX_POPULATION,
        description="two municipalities at most this many size units apart are size-peers"
        " (default 7 for log_population, i.e. about a factor 2; 5 for population)",
    )

    method: Literal["auto", "joint", "sequential"] = Field(
        default="auto",
        description="'joint' = all of a cohort's gatherings in one model (optimal over them"
        " together; the sequential groups are its hint and fallback); 'sequential' = one"
        " gathering after the other, each avoiding the people who met at the earlier ones"
        " (optimal per gathering, given the earlier); 'auto' = joint for"
        f" cohorts of at most {JOINT_MAX_PARTICIPANTS} participants, else sequential",
    )

    mix: dict[MixAttribute, MixRule] = Field(
        default_factory=lambda: _default_mix(),
        description="P8, per participant attribute (target_group, role): 'spread' | 'cluster'"
        " (nobody the only one of their value in a group, where avoidable) | 'similar' |"
        " 'ignore'; modelled by the joint and sequential methods (groups.method)",
    )

    @model_validator(mode="after")
    def _bounds_in_order(self) -> GroupSettings:
        if self.min_size > self.max_size:
            raise ValueError(
                msg(
                    "min_size {min_size} is above max_size {max_size}",
                    min_size=self.min_size,
                    max_size=self.max_size,
                )
            )
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


#: The cohort stage's objective terms, in model order: the names ``priorities`` may rank. Each is
#: a field of :class:`Weights`; :mod:`kompetanse_opt.objective` computes them from a plan.
COHORT_TERM_NAMES: tuple[str, ...] = (
    "travel_total",
    "travel_worst",
    "size_imbalance",
    "wish_misses",
    "together_splits",
    "apart_breaches",
    "size_loners",
)


class Weights(_Strict):
    """Integer weights of the objective's named terms (see docs in ``objective.py``)."""

    travel_total: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per participant-minute, one way"
    )
    travel_worst: int = Field(
        default=20, ge=0, le=lim.MAX_WEIGHT, description="per minute of the worst municipality"
    )
    size_imbalance: int = Field(
        default=100, ge=0, le=lim.MAX_WEIGHT, description="per participant of max-min size"
    )
    wish_misses: int = Field(
        default=1000,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per municipality not in a preferred cohort",
    )
    together_splits: int = Field(
        default=500, ge=0, le=lim.MAX_WEIGHT, description="per extra cohort a soft set spans"
    )
    apart_breaches: int = Field(
        default=500, ge=0, le=lim.MAX_WEIGHT, description="per soft apart pair sharing a cohort"
    )
    # Calendar stage (P5, politicians' track, end date); see objective/calendar_terms.py.
    facilitator_changes: int = Field(
        default=100, ge=0, le=lim.MAX_WEIGHT, description="per extra facilitator/cohort"
    )
    facilitator_imbalance: int = Field(
        default=100, ge=0, le=lim.MAX_WEIGHT, description="per gathering max-min load"
    )
    facilitator_travel: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per minute home to venue"
    )
    politician_travel: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per municipality-minute"
    )
    politician_wait: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per municipality-day of waiting"
    )
    politician_session_count: int = Field(
        default=240,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per politicians' session (an evening of the secretariat; T3)",
    )
    politician_regions: int = Field(
        default=60,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per region beyond the first in a politicians' session (neighbours"
        " together; T3)",
    )
    late_days: int = Field(
        default=10, ge=0, le=lim.MAX_WEIGHT, description="per cohort-day after preferred_end"
    )
    self_study_peak: int = Field(
        default=1,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per self-study minute a week in a cohort's busiest window (H9, learning)",
    )
    size_loners: int = Field(
        default=SIZE_LONER_WEIGHT,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per municipality without a size-peer in its cohort (P2, cohort stage)",
    )
    group_size_spread: int = Field(
        default=1,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per size unit between a group's largest and smallest (P2)",
    )
    meeting_repeats: int = Field(
        default=MEETING_REPEAT_WEIGHT,
        ge=0,
        le=lim.MAX_WEIGHT,
        description="per repeated meeting of two municipalities; the k-th meeting counts k-1 (P4)",
    )
    group_spread_worst: int = Field(
        default=2,
        ge=0,
        description="per size unit of the worst group's spread, at every gathering (P2)",
    )
    role_spread: int = Field(
        default=5, ge=0, description="per person of max-min count of a 'spread' value (P8)"
    )
    role_loners: int = Field(
        default=20,
        ge=0,
        description="per group with exactly one person of a value of a 'cluster' attribute (P8)",
    )
    role_similar: int = Field(
        default=5,
        ge=0,
        description="per value beyond the first of a 'similar' attribute in a group (P8)",
    )
    participant_repeats: int = Field(
        default=PARTICIPANT_REPEAT_WEIGHT,
        ge=0,
        description="per repeated meeting of two participants (sharing a group at two"
        " gatherings); the k-th meeting counts k-1 (P4)",
    )
    # Speaker stage (H10's preferences); see objective/speaker_terms.py.
    speaker_changes: int = Field(
        default=50, ge=0, le=lim.MAX_WEIGHT, description="per extra speaker on one theme"
    )
    speaker_peak_load: int = Field(
        default=20, ge=0, le=lim.MAX_WEIGHT, description="per gathering of the busiest speaker"
    )
    speaker_travel: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per minute, speaker's home to venue"
    )
    speaker_fees: int = Field(
        default=1, ge=0, le=lim.MAX_WEIGHT, description="per 1 000 NOK of speakers' fees"
    )
    guest_slots_unused: int = Field(
        default=10, ge=0, le=lim.MAX_WEIGHT, description="per guest presenter slot left unused"
    )


class SolverSettings(_Strict):
    """CP-SAT settings. Same instance, seed and workers give the same plan."""

    time_limit: float = Field(
        default=30.0, gt=0, le=lim.MAX_TIME_LIMIT, allow_inf_nan=False, description="seconds"
    )
    seed: int = Field(default=0, ge=0, le=lim.MAX_SEED)
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
    """Minutes one way from a municipality's centre to a venue."""

    municipality: Kommunenummer
    venue: Identifier
    minutes: int = Field(ge=0, le=lim.MAX_MINUTES)


class TravelSettings(_Strict):
    """Where travel times come from; the first that is set wins: matrix, matrix_file, graph_file.

    With none set, the shipped approximate Vestland road and ferry graph is used. Relative file
    paths are read relative to the instance file.
    """

    matrix: list[TravelEntry] | None = Field(default=None, max_length=lim.MAX_LIST * 100)
    matrix_file: str | None = Field(default=None, max_length=lim.MAX_PATH)
    graph_file: str | None = Field(default=None, max_length=lim.MAX_PATH)
