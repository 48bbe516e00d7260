"""Norwegian public holidays ("helligdager"), from the ``holidays`` package, for any year.

The package keeps the movable feasts (Easter and the days that follow it) and the fixed ones
(1 January, 1 May, 17 May, 25-26 December); it is asked for them without Sundays, since sessions
avoid Sundays through the allowed weekdays anyway, and with Norwegian names. Easter Sunday is
``dateutil``'s (a dependency of ``holidays``). No holiday or Easter table is typed in here.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holiday_tables
from dateutil.easter import easter

__all__ = ["easter_sunday", "public_holidays", "public_holidays_between"]


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar."""
    return easter(year)


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[tuple[date, str], ...]:
    table = holiday_tables.country_holidays("NO", years=year, include_sundays=False, language="no")
    # Two feasts on one day (17 May and Whit Monday in 2027) keep both names.
    return tuple(sorted((day, name.replace("; ", " / ")) for day, name in table.items()))


def public_holidays(year: int) -> dict[date, str]:
    """Every Norwegian public holiday of ``year``, date -> Norwegian name, in date order."""
    return dict(_year(year))


def public_holidays_between(first: date, last: date) -> dict[date, str]:
    """The public holidays from ``first`` to ``last`` inclusive."""
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update({d: n for d, n in _year(year) if first <= d <= last})
    return out
