"""Norwegian public holidays, computed (never typed in), for any year.

Easter Sunday comes from the anonymous Gregorian algorithm (Meeus/Jones/Butcher); the movable
holidays are fixed offsets from it. The fixed ones are 1 January, 1 May, 17 May and 25-26
December. Sundays are not listed: sessions avoid them through the allowed weekdays anyway.
This is a leaf module: it imports nothing from the package.
"""

from __future__ import annotations

from datetime import date, timedelta

__all__ = ["easter_sunday", "public_holidays", "public_holidays_between"]

#: Movable holidays as (days after Easter Sunday, Norwegian name).
_EASTER_OFFSETS: tuple[tuple[int, str], ...] = (
    (-3, "Skjærtorsdag"),  # Maundy Thursday
    (-2, "Langfredag"),  # Good Friday
    (0, "Første påskedag"),  # Easter Sunday
    (1, "Andre påskedag"),  # Easter Monday
    (39, "Kristi himmelfartsdag"),  # Ascension Day
    (49, "Første pinsedag"),  # Whit Sunday
    (50, "Andre pinsedag"),  # Whit Monday
)

#: Fixed holidays as (month, day, Norwegian name).
_FIXED: tuple[tuple[int, int, str], ...] = (
    (1, 1, "Første nyttårsdag"),
    (5, 1, "Arbeidernes dag"),
    (5, 17, "Grunnlovsdag"),
    (12, 25, "Første juledag"),
    (12, 26, "Andre juledag"),
)


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` in the Gregorian calendar (anonymous algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> dict[date, str]:
    """Every Norwegian public holiday ("helligdag") of ``year``, date -> name, in date order."""
    easter = easter_sunday(year)
    days = {date(year, month, day): name for month, day, name in _FIXED}
    for offset, name in _EASTER_OFFSETS:
        # 17 May can coincide with Ascension or Whit Monday; keep both names.
        when = easter + timedelta(days=offset)
        days[when] = f"{days[when]} / {name}" if when in days else name
    return dict(sorted(days.items()))


def public_holidays_between(first: date, last: date) -> dict[date, str]:
    """The public holidays from ``first`` to ``last`` inclusive."""
    out: dict[date, str] = {}
    for year in range(first.year, last.year + 1):
        out.update({d: n for d, n in public_holidays(year).items() if first <= d <= last})
    return out
