"""Single trips: the longest one a participant makes from home to one gathering's venue.

The objective's ``travel_worst`` sums a participant's trips over all gatherings of the cohort; a
person reading "longest trip" expects one journey, so the summaries name that journey: its time,
the municipality it starts from and the venue it goes to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kompetanse_opt.model.plan import CohortPlan


@dataclass(frozen=True, order=True)
class Trip:
    """One way, home municipality to venue, in minutes."""

    minutes: int
    municipality: str
    venue: str


def longest_trip(travel: Mapping[tuple[str, str], int], cohort: CohortPlan) -> Trip | None:
    """The longest single trip of any participant of ``cohort`` (None without gatherings)."""
    trips = [
        Trip(travel[(m, g.venue)], m, g.venue)
        for m in cohort.municipalities
        for g in cohort.gatherings
        if (m, g.venue) in travel
    ]
    # Ties go to the first municipality and venue in name order, so the text is deterministic.
    return max(
        trips, key=lambda t: (t.minutes, _reverse(t.municipality), _reverse(t.venue)), default=None
    )


def longest_of(travel: Mapping[tuple[str, str], int], cohorts: Iterable[CohortPlan]) -> Trip | None:
    """The longest single trip of the whole plan."""
    trips = [t for c in cohorts if (t := longest_trip(travel, c)) is not None]
    return max(
        trips, key=lambda t: (t.minutes, _reverse(t.municipality), _reverse(t.venue)), default=None
    )


def _reverse(text: str) -> tuple[int, ...]:
    return tuple(-ord(ch) for ch in text)
