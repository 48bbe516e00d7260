"""Hours accounting of a plan: participants by target group, facilitators' release time.

* Per target group (rule H9): self-study, gatherings, local and closing sessions (the programme the
  frame counts), and, reported separately, travel (both ways to every gathering, from the travel
  matrix; the group's average and most) and nights (one per lunch-to-lunch gathering).
* Per facilitator: gatherings staffed, their programme hours plus preparation (configurable
  hours per gathering), and the release time ("frikjøp") at a configurable hourly rate. The seed
  pays it from the running line ("Forvaltning og administrasjon", 643 000, which also pays the
  administrative role and upkeep): the budget shows the plan's figure beside that line.

The default rates are ASSUMPTIONS (the seed gives no hours): 8 h of preparation per gathering and
NOK 900 per hour (``content.release``), documented in docs/learning_path.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kompetanse_opt.model.content import TARGET_GROUPS, ContentCatalogue, default_catalogue
from kompetanse_opt.model.learning_hours import (
    counted_extra,
    frame_minutes,
    self_study_minutes,
)
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData

#: The budget line that pays the facilitators' release time.
RUNNING_LINE = "running"


@dataclass(frozen=True)
class GroupHours:
    """Hours of one participant of a target group (minutes; travel averaged over the group)."""

    target_group: int
    participants: int
    self_study: int
    gatherings: int
    local: int
    closing: int
    travel_average: int
    travel_most: int
    nights: int
    frame: tuple[int, int]
    counted_extra: int = 0

    @property
    def programme(self) -> int:
        """What the frame counts (travel and nights only when configured)."""
        return self.self_study + self.gatherings + self.local + self.closing + self.counted_extra

    @property
    def within_frame(self) -> bool:
        return self.frame[0] <= self.programme <= self.frame[1]


@dataclass(frozen=True)
class FacilitatorHours:
    """One facilitator's staffed gatherings and release time."""

    facilitator: str
    gatherings: int
    session_minutes: int
    preparation_minutes: int
    amount: int

    @property
    def minutes(self) -> int:
        return self.session_minutes + self.preparation_minutes


@dataclass(frozen=True)
class HoursReport:
    """Hours per target group and per facilitator of a plan."""

    groups: list[GroupHours] = field(default_factory=list)
    facilitators: list[FacilitatorHours] = field(default_factory=list)
    rate: int = 0

    @property
    def release_amount(self) -> int:
        return sum(f.amount for f in self.facilitators)


def _catalogue(data: ProblemData) -> ContentCatalogue:
    return data.instance.content if data.instance.content is not None else default_catalogue()


def group_hours(data: ProblemData, plan: Plan) -> list[GroupHours]:
    """Hours per target group present in the plan (the first cohort's sessions as template)."""
    catalogue = _catalogue(data)
    sessions = catalogue.sessions
    travel: dict[int, list[int]] = {}
    nights: dict[int, int] = {}
    group_of = {p.id: p for p in data.instance.participants}
    kinds: dict[str, int] = {"gathering": 0, "local": 0, "closing": 0}
    for cohort in plan.cohorts:
        kinds = {
            "gathering": len(cohort.gatherings),
            "local": max(len(cohort.local_sessions), kinds["local"]),
            "closing": max(len(cohort.closing_sessions), kinds["closing"]),
        }
        for pid in cohort.participants:
            p = group_of[pid]
            trip = 2 * sum(data.minutes(p.municipality, g.venue) for g in cohort.gatherings)
            travel.setdefault(p.target_group, []).append(trip)
            nights[p.target_group] = len(cohort.gatherings)
    out = []
    for g in TARGET_GROUPS:
        if g not in travel:
            continue
        trips = travel[g]
        out.append(
            GroupHours(
                target_group=g,
                participants=len(trips),
                self_study=self_study_minutes(catalogue, g),
                gatherings=kinds["gathering"] * sessions.minutes_of("gathering"),
                local=kinds["local"] * sessions.minutes_of("local"),
                closing=kinds["closing"] * sessions.minutes_of("closing"),
                travel_average=round(sum(trips) / len(trips)),
                travel_most=max(trips),
                nights=nights[g],
                frame=frame_minutes(catalogue, g),
                counted_extra=counted_extra(catalogue, max(trips), nights[g]),
            )
        )
    return out


def facilitator_hours(data: ProblemData, plan: Plan) -> list[FacilitatorHours]:
    """Release time per facilitator: each staffed gathering's programme plus preparation, at
    the catalogue's rate (``content.release``; the shipped catalogue's without one)."""
    catalogue = _catalogue(data)
    per_gathering = catalogue.sessions.minutes_of("gathering")
    preparation = round(catalogue.release.preparation_hours_per_gathering * 60)
    rate = catalogue.release.hourly_rate
    count: dict[str, int] = {f.id: 0 for f in data.instance.facilitators}
    for cohort in plan.cohorts:
        for g in cohort.gatherings:
            for f in g.facilitators:
                count[f] = count.get(f, 0) + 1
    return [
        FacilitatorHours(
            facilitator=f,
            gatherings=n,
            session_minutes=n * per_gathering,
            preparation_minutes=n * preparation,
            amount=round(n * (per_gathering + preparation) * rate / 60),
        )
        for f, n in count.items()
    ]


def hours_report(data: ProblemData, plan: Plan) -> HoursReport:
    """Hours per target group and per facilitator of ``plan``."""
    return HoursReport(
        groups=group_hours(data, plan),
        facilitators=facilitator_hours(data, plan),
        rate=_catalogue(data).release.hourly_rate,
    )
