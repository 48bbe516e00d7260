"""Dates in words, Norwegian or English: the one place for month and weekday names and ranges.

The letters, the report, the learning-path sheets and the causes of the speaker rule all name
days; they read the words here (a word table in the gettext catalogue, context
``dates.<key>``), so one month name or range style cannot drift from another.

* :func:`long_date`  - 'torsdag 2. januar 2025' / 'Thursday 2 January 2025'
* :func:`short_date` - '2. jan 2025' / '2 Jan 2025'
* :func:`day_month`  - '9. januar' / '9 January'
* :func:`date_range` - a gathering's days: '4.–5. mars 2025' / '4–5 March 2025', and across
  months '31. mars–1. april 2025' / '31 March–1 April 2025'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from kompetanse_opt.core.i18n import Lang, language, pgettext

#: The word table (English; Norwegian in the catalogue under ``dates.<key>``).
WORDS: dict[str, str] = {
    "weekdays": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "months_long": (
        "January February March April May June July August September October November December"
    ),
    "months_short": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "no_date": "no date",
}

#: How a month is written: in full or abbreviated.
MonthStyle = Literal["long", "short"]

__all__ = [
    "WORDS",
    "MonthStyle",
    "date_range",
    "day_month",
    "long_date",
    "month_names",
    "short_date",
    "weekday_names",
]


def _word(key: str, lang: Lang | None) -> str:
    return pgettext(f"dates.{key}", WORDS[key], lang or language())


def month_names(lang: Lang | None = None, style: MonthStyle = "long") -> list[str]:
    """The twelve month names ('januar' … / 'jan' …), in ``lang`` (default: the current one)."""
    return _word(f"months_{style}", lang).split()


def weekday_names(lang: Lang | None = None) -> list[str]:
    """Monday first, as :meth:`datetime.date.weekday` counts."""
    return _word("weekdays", lang).split()


def _day(day: int, lang: Lang) -> str:
    """A day of the month: '2.' in Norwegian (an ordinal), '2' in English."""
    return f"{day}." if lang == "nb" else str(day)


def day_month(when: dt.date, lang: Lang | None = None, style: MonthStyle = "long") -> str:
    """'9. januar' / '9 January' (``style="short"``: '9. jan' / '9 Jan')."""
    lang = lang or language()
    return f"{_day(when.day, lang)} {month_names(lang, style)[when.month - 1]}"


def short_date(when: dt.date, lang: Lang | None = None) -> str:
    """'2. jan 2025' / '2 Jan 2025'."""
    return f"{day_month(when, lang, 'short')} {when.year}"


def long_date(when: dt.date, lang: Lang | None = None) -> str:
    """'torsdag 2. januar 2025' / 'Thursday 2 January 2025'."""
    lang = lang or language()
    return f"{weekday_names(lang)[when.weekday()]} {day_month(when, lang)} {when.year}"


def date_range(
    days: Sequence[dt.date],
    lang: Lang | None = None,
    style: MonthStyle = "long",
    *,
    year: bool = True,
    dash: str = "–",
) -> str:
    """A run of days by its first and last: '4.–5. mars 2025' / '4–5 March 2025'; across
    months '31. mars–1. april 2025'; across years both dates in full. ``year=False`` leaves
    the year out, ``dash`` joins the two ends (the report uses word joiners around it)."""
    lang = lang or language()
    if not days:
        return _word("no_date", lang)
    first, last = days[0], days[-1]
    end = day_month(last, lang, style) + (f" {last.year}" if year else "")
    if first == last:
        return end
    if (first.year, first.month) == (last.year, last.month):
        return f"{_day(first.day, lang)}{dash}{end}"
    if first.year == last.year or not year:
        return f"{day_month(first, lang, style)}{dash}{end}"
    return f"{day_month(first, lang, style)} {first.year}{dash}{end}"
