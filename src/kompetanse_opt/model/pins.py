"""Pins: decisions the secretariat (or a freeze, rule H11) has already taken, rule H7.

Every planning decision can be pinned: a municipality to a cohort, a gathering to a venue, a
session to a date, a gathering to its facilitators or its speaker, participants to one discussion
group, and a whole cohort frozen. Cross-references are checked in
:mod:`kompetanse_opt.model.pin_validation`; every stage honours the pins and the checker checks
them (H7; H11 for the ``held`` ones that a freeze made from sessions already held).

``held`` pins record history: a withdrawn municipality's people stay in the groups of the
gatherings they attended (and in the frozen cohort's list), so these pins may name participants
and municipalities that are no longer in the instance; every other pin must name existing ones.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from kompetanse_opt.core import limits as lim
from kompetanse_opt.model.entity_types import (
    CohortNumber,
    GatheringPin,
    Identifier,
    Kommunenummer,
    MunicipalityPin,
    _Strict,
)

#: The kinds of dated session a cohort has (the calendar template's step kinds).
SessionKind = Literal["gathering", "local", "closing"]


class DatePin(_Strict):
    """Fix a session of a cohort to a date: a gathering by its first day, a local or closing
    half-day session by its day. ``index`` is 1-based among the cohort's sessions of that kind."""

    cohort: CohortNumber
    session: SessionKind = "gathering"
    index: int = Field(ge=1, le=100)
    date: dt.date
    held: bool = Field(default=False, description="recorded by a freeze: the session was held")


class FacilitatorPin(_Strict):
    """Fix the exact set of facilitators of gathering ``gathering`` of cohort ``cohort``."""

    cohort: CohortNumber
    gathering: int = Field(ge=1, le=6)
    facilitators: list[Identifier] = Field(min_length=1, max_length=lim.MAX_FACILITATORS)
    held: bool = False


class SpeakerPin(_Strict):
    """Fix the speaker (an id: a name, or a speaker pool's id) of one gathering."""

    cohort: CohortNumber
    gathering: int = Field(ge=1, le=6)
    speaker: Identifier
    guests: list[Identifier] | None = Field(
        default=None,
        max_length=lim.MAX_LIST,
        description="the guest presenters of the gathering, exactly; null = not pinned",
    )
    held: bool = False


class GroupPin(_Strict):
    """These participants sit together in one discussion group at gathering ``gathering`` of
    cohort ``cohort`` (the group may hold others too, unless every group of the gathering is
    pinned). ``id`` optionally names the group ('c1-g1-health_care-1')."""

    cohort: CohortNumber
    gathering: int = Field(ge=1, le=6)
    participants: list[Identifier] = Field(min_length=1, max_length=lim.MAX_CAPACITY)
    id: Identifier | None = None
    service_area: Identifier | None = None
    held: bool = Field(
        default=False,
        description="recorded by a freeze: may name people who have since withdrawn",
    )


class CohortPin(_Strict):
    """A whole cohort frozen: exactly these municipalities (all their participants) are in it,
    and, when ``venues`` is given, its gatherings are held there in order."""

    cohort: CohortNumber
    municipalities: list[Kommunenummer] = Field(max_length=lim.MAX_MUNICIPALITIES)
    venues: list[Identifier] | None = Field(default=None, max_length=6)
    held: bool = Field(
        default=False,
        description="recorded by a freeze: the cohort has started; municipalities that have"
        " since withdrawn stay listed and are simply not planned",
    )


class PoliticianPin(_Strict):
    """A politicians' joint session (T1) fixed: these municipalities meet at ``venue`` on
    ``date``."""

    venue: Identifier
    date: dt.date
    municipalities: list[Kommunenummer] = Field(min_length=1, max_length=lim.MAX_MUNICIPALITIES)
    held: bool = False


class Pins(_Strict):
    """Decisions the secretariat has already taken (H7); a freeze adds the held ones (H11)."""

    municipalities: list[MunicipalityPin] = Field(default_factory=list, max_length=lim.MAX_LIST)
    gatherings: list[GatheringPin] = Field(default_factory=list, max_length=lim.MAX_LIST)
    dates: list[DatePin] = Field(default_factory=list, max_length=lim.MAX_LIST)
    facilitators: list[FacilitatorPin] = Field(default_factory=list, max_length=lim.MAX_LIST)
    speakers: list[SpeakerPin] = Field(default_factory=list, max_length=lim.MAX_LIST)
    groups: list[GroupPin] = Field(default_factory=list, max_length=lim.MAX_LIST * 10)
    cohorts: list[CohortPin] = Field(default_factory=list, max_length=lim.MAX_COHORTS)
    politicians: list[PoliticianPin] = Field(default_factory=list, max_length=lim.MAX_LIST)

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.municipalities,
                self.gatherings,
                self.dates,
                self.facilitators,
                self.speakers,
                self.groups,
                self.cohorts,
                self.politicians,
            )
        )

    def named_cohorts(self) -> set[int]:
        """Every cohort some pin names (such a cohort is not interchangeable with another)."""
        named = {p.cohort for p in self.municipalities}
        for pins in (self.gatherings, self.dates, self.facilitators, self.speakers):
            named |= {p.cohort for p in pins}
        named |= {p.cohort for p in self.groups} | {p.cohort for p in self.cohorts}
        return named

    def venue_of(self) -> dict[tuple[int, int], str]:
        """(cohort, gathering) -> pinned venue, from gathering pins and frozen cohorts."""
        out = {(c.cohort, i): v for c in self.cohorts for i, v in enumerate(c.venues or [], 1)}
        out.update({(g.cohort, g.gathering): g.venue for g in self.gatherings})
        return out

    def date_of(self) -> dict[tuple[int, str, int], dt.date]:
        """(cohort, session kind, index) -> pinned (first) day."""
        return {(p.cohort, p.session, p.index): p.date for p in self.dates}

    def facilitators_of(self) -> dict[tuple[int, int], list[str]]:
        return {(p.cohort, p.gathering): list(p.facilitators) for p in self.facilitators}

    def speaker_of(self) -> dict[tuple[int, int], str]:
        return {(p.cohort, p.gathering): p.speaker for p in self.speakers}

    def groups_at(self, cohort: int, gathering: int) -> list[GroupPin]:
        return [g for g in self.groups if g.cohort == cohort and g.gathering == gathering]

    def held_group_slots(self) -> set[tuple[int, int]]:
        """(cohort, gathering) of every held gathering whose groups a freeze recorded."""
        return {(g.cohort, g.gathering) for g in self.groups if g.held}

    def cohort_of_municipality(self, present: set[str] | None = None) -> dict[str, int]:
        """Municipality -> pinned cohort, from municipality pins and frozen cohorts (only the
        municipalities in ``present``, when given: a withdrawn one is not planned)."""
        out = {m: c.cohort for c in self.cohorts for m in c.municipalities}
        out.update({p.municipality: p.cohort for p in self.municipalities})
        if present is not None:
            out = {m: k for m, k in out.items() if m in present}
        return out

    def frozen_cohorts(self) -> dict[int, set[str]]:
        """Frozen cohort -> its municipalities (no other municipality may join it)."""
        return {c.cohort: set(c.municipalities) for c in self.cohorts}


__all__ = [
    "CohortPin",
    "DatePin",
    "FacilitatorPin",
    "GatheringPin",
    "GroupPin",
    "MunicipalityPin",
    "Pins",
    "PoliticianPin",
    "SessionKind",
    "SpeakerPin",
]
