"""Constants for the group model's redundant constraints, computed by counting.

Each number here is a bound every valid grouping of one service area satisfies; the model adds
them so the LP relaxation (and propagation) knows what integrality implies. They never cut off a
valid grouping: the brute-force property test compares the model's optimum with enumeration.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from kompetanse_opt.model.grouping import AreaLayout
from kompetanse_opt.model.instance import GroupSettings


@dataclass(frozen=True)
class PureSide:
    """What limits groups that lie wholly on one side of a size step."""

    people: int  # people on the side, all such groups together
    per_group: int  # most people of the side one group can hold (caps respected)
    groups: int  # most groups that every municipality of the other side avoids

    def holds(self, size: int) -> bool:
        """Can one group of ``size`` lie wholly on this side?"""
        return self.groups > 0 and size <= min(self.people, self.per_group)


class AreaBounds:
    """Counting facts about one area's groups; ``order`` lists its municipalities smallest first."""

    def __init__(
        self, layout: AreaLayout, order: list[str], units: dict[str, int], settings: GroupSettings
    ) -> None:
        self.layout = layout
        self.order = order
        self.units = units
        self.settings = settings

    def largest(self, j: int) -> int:
        """Most people group ``j`` can hold."""
        sizes = self.layout.sizes
        return sizes[j] if sizes else self.settings.max_size

    def smallest(self, j: int) -> int:
        """Fewest people group ``j`` holds (its fixed size, or the minimum when sizes are free)."""
        sizes = self.layout.sizes
        return sizes[j] if sizes else self.settings.min_size

    def fixed_presence(self, m: str) -> int | None:
        """In how many groups of the area municipality ``m`` is, when the rules fix it."""
        if m not in self.layout.count:
            return 0
        return self.layout.count[m] if self.layout.cap(m) == 1 else None

    def groups_needed(self, members: list[str]) -> int:
        """Fewest groups that ``members``' people can fit in."""
        people = sum(self.layout.count[m] for m in members)
        by_capacity = -(-people // max(self.largest(j) for j in range(self.layout.groups)))
        by_spreading = max(
            (-(-self.layout.count[m] // self.layout.cap(m)) for m in members), default=0
        )
        return max(by_capacity, by_spreading)

    def pure_side(self, side: list[str], other: list[str]) -> PureSide:
        """Groups wholly on ``side`` hold only its people, at most its per-group caps each, and
        are avoided by every municipality of ``other`` (one fixed at ``c`` groups avoids
        ``groups - c``)."""
        avoided = [
            self.layout.groups - presence
            for m in other
            if (presence := self.fixed_presence(m)) is not None
        ]
        return PureSide(
            people=sum(self.layout.count[m] for m in side),
            per_group=sum(min(self.layout.count[m], self.layout.cap(m)) for m in side),
            groups=min(avoided, default=self.layout.groups),
        )

    def most_pure_groups(self, below: PureSide, above: PureSide) -> int:
        """Most groups that can lie wholly below or wholly above a size step.

        Tries every choice of how many groups of each size go below (sizes take few distinct
        values), then fills the other side with the smallest remaining groups that fit it.
        """
        sizes = [self.smallest(j) for j in range(self.layout.groups)]
        values = sorted(set(sizes))
        best = 0
        for counts in product(*(range(sizes.count(v) + 1) for v in values)):
            chosen = [v for v, k in zip(values, counts, strict=True) for _ in range(k)]
            if (
                len(chosen) > below.groups
                or sum(chosen) > below.people
                or any(v > below.per_group for v in chosen)
            ):
                continue
            rest = sorted(
                v for v, k in zip(values, counts, strict=True) for _ in range(sizes.count(v) - k)
            )
            k_above, used = 0, 0
            for size in rest:
                if k_above == above.groups or size > above.per_group or used + size > above.people:
                    break
                k_above, used = k_above + 1, used + size
            best = max(best, len(chosen) + k_above)
        return best

    def narrowest_window(self, size: int) -> int:
        """Smallest range of size units that holds ``size`` people of the area (caps respected)."""
        best: int | None = None
        for i, first in enumerate(self.order):
            room = 0
            for last in self.order[i:]:
                room += min(self.layout.count[last], self.layout.cap(last))
                if room >= size:
                    width = self.units[last] - self.units[first]
                    best = width if best is None else min(best, width)
                    break
        return best or 0
