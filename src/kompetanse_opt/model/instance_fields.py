"""The instance's fields in one class, with what is derived from them (cohort count, sizes)."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import Field

from kompetanse_opt.core import limits as lim
from kompetanse_opt.model.budget_settings import Budget
from kompetanse_opt.model.calendar_settings import CalendarSettings, Facilitator
from kompetanse_opt.model.change_settings import CHANGE_TERM_WEIGHTS, ChangeWeights
from kompetanse_opt.model.content import ContentCatalogue
from kompetanse_opt.model.entities import (
    ApartPair,
    CohortSettings,
    Municipality,
    Participant,
    TogetherSet,
    Venue,
    Wish,
    _Strict,
)
from kompetanse_opt.model.pins import Pins
from kompetanse_opt.model.settings import GroupSettings, SolverSettings, TravelSettings, Weights
from kompetanse_opt.model.speakers import Speaker, SpeakerSettings


class InstanceFields(_Strict):
    """The fields of an instance and what is derived from them, before cross-reference checks.

    Validation reads this class, :class:`~kompetanse_opt.model.instance.Instance` adds the checks:
    so the validators need not import the class that runs them.
    """

    name: str = Field(default="unnamed", max_length=lim.MAX_NAME)
    municipalities: list[Municipality] = Field(min_length=1, max_length=lim.MAX_MUNICIPALITIES)
    participants: list[Participant] = Field(min_length=1, max_length=lim.MAX_PARTICIPANTS)
    venues: list[Venue] = Field(min_length=1, max_length=lim.MAX_VENUES)
    cohorts: CohortSettings = Field(default_factory=CohortSettings)
    together: list[TogetherSet] = Field(default_factory=list, max_length=lim.MAX_LIST)
    apart: list[ApartPair] = Field(default_factory=list, max_length=lim.MAX_LIST)
    wishes: list[Wish] = Field(default_factory=list, max_length=lim.MAX_LIST)
    pins: Pins = Field(default_factory=Pins)
    weights: Weights = Field(default_factory=Weights)
    priorities: list[list[str]] = Field(
        default_factory=list,
        max_length=100,
        description="lexicographic levels of objective term names, most important first;"
        " the remaining terms form a last level",
    )
    solver: SolverSettings = Field(default_factory=SolverSettings)
    travel: TravelSettings = Field(default_factory=TravelSettings)
    calendar: CalendarSettings | None = Field(
        default=None, description="dates, staffing and politicians' track; null = cohorts only"
    )
    facilitators: list[Facilitator] = Field(default_factory=list, max_length=lim.MAX_FACILITATORS)
    groups: GroupSettings = Field(default_factory=GroupSettings)
    speakers: list[Speaker] = Field(
        default_factory=list,
        max_length=lim.MAX_FACILITATORS,
        description="speaker pool (H10); empty = placeholder speakers, no speaker stage",
    )
    speaker_settings: SpeakerSettings = Field(default_factory=SpeakerSettings)
    budget: Budget | None = Field(
        default=None,
        description="cost model; null = the shipped DigiVestland budget",
    )
    # Re-planning (H11): see model/change_settings.py and model/freeze.py.
    today: dt.date | None = Field(
        default=None, description="re-plan: sessions on or before this day are held (frozen)"
    )
    published_until: dt.date | None = Field(
        default=None,
        description="re-plan: sessions after today and up to this day are announced; moving one"
        " costs change_weights.announced_*",
    )
    change_weights: ChangeWeights = Field(default_factory=ChangeWeights)
    baseline: Pins | None = Field(
        default=None,
        description="re-plan: the previous plan's decisions; a change from them costs"
        " change_weights (recorded by freeze)",
    )

    def weight(self, term: str) -> int:
        """The weight of objective term ``term``: a change term's from ``change_weights``, every
        other from ``weights``."""
        if term in CHANGE_TERM_WEIGHTS:
            return int(getattr(self.change_weights, CHANGE_TERM_WEIGHTS[term]))
        return int(getattr(self.weights, term))

    content: ContentCatalogue | None = Field(
        default=None,
        description="capabilities, modules and the hour frame (H9); null = no learning path",
    )

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
