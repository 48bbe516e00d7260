"""The letters' words, in Norwegian bokmål and English, in one place.

Key -> the English text, ``{name}`` placeholders; the Norwegian is in the gettext catalogue
(context ``letters.<key>``, roles ``letters.role.<key>``; see :mod:`.texts`). A new entry may be
written as a ``(bokmål, English)`` pair: it works at once, and ``python tools/catalogue.py update``
moves its Norwegian into the catalogue (then write the English text alone). The preparation
texts are the seed's general words
("Utbytte fra fysiske samlinger forutsetter at selvstudier og forarbeid er gjennomført"), used
when the plan carries no learning path of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kompetanse_opt.core.dates import long_date
from kompetanse_opt.io.labels import Lang
from kompetanse_opt.io.texts import Entry, text

TEXTS: dict[str, Entry] = {
    "index_title": "Letters for the programme",
    "index_intro": "One letter per recipient. Open a letter and print it (A4), or send the PDF.",
    "index_municipalities": "Municipalities",
    "index_facilitators": "Facilitators",
    "index_speakers": "Speakers",
    "calendar_file": "calendar (.ics)",
    "pdf_file": "PDF",
    "to": "To",
    "municipality_title": "{name}: programme plan",
    "municipality_intro": (
        "{name} is in cohort {cohort} together with {others}. The cohort has {size} "
        "participants. Here are the dates, venues and groups for your {count} participants."
    ),
    "alone_intro": (
        "{name} is in cohort {cohort}. Here are the dates, venues and groups for your {count} "
        "participants."
    ),
    "dates_heading": "Dates and venues",
    "session": "Session",
    "when": "When",
    "where": "Where",
    "travel": "Travel there (one way)",
    "own_house": "In your own premises",
    "teams": "Microsoft Teams",
    "lunch_to_lunch": "{first} {start} – {last} {end}",
    "half_day": "{day} {start}–{end}",
    "window": "Self-study {start} – {end}",
    "at_time": "{day} at {time}",
    "minutes": "{h} h {m} min",
    "minutes_short": "{m} min",
    "participants_heading": "Your participants and their groups",
    "participant": "Participant",
    "group_at": "Group, gathering {n}",
    "group_name": "{area} {n}",
    "with_others": "with {names}",
    "groups_note": (
        "Groups are formed per service area, with municipalities of similar size, and mixed "
        "between the gatherings so that participants meet new colleagues."
    ),
    "politicians_heading": "The politicians' session",
    "politicians_text": (
        "Your elected representatives meet {when} in {venue} (up to 2 hours), together with "
        "{others}. Someone from the administration who has completed the leaders' programme "
        "takes part."
    ),
    "politicians_none": "The politicians' session is not planned yet.",
    "preparation_heading": "Preparation",
    "prepare_before": "Before {session}",
    "prep_gathering_1": (
        "Complete the self-study (articles, video, podcasts) and the preparation of the "
        "learning path: the gatherings build on it."
    ),
    "prep_local": (
        "The leadership team sets aside a half day in its own premises and brings the tasks "
        "from gathering 1."
    ),
    "prep_gathering_n": (
        "Complete the interim work and self-study since the last gathering; bring experience "
        "from your own municipality to the group work."
    ),
    "prep_closing": (
        "The whole cohort meets on Teams. Prepare a short summary of what your municipality "
        "takes forward."
    ),
    "facilitator_title": "Assignments for {name}",
    "facilitator_intro": (
        "You facilitate {count} gatherings in {cohorts} cohorts. Each gathering runs from "
        "lunch to lunch with one night."
    ),
    "cohort": "Cohort",
    "gathering": "Gathering",
    "co_facilitators": "With",
    "nights": "Nights",
    "travel_from_home": "Travel from {home}",
    "total": "Total",
    "no_assignments": "No gatherings in this plan.",
    "speaker_title": "Talks for {name}",
    "speaker_intro": "You speak at {count} gathering(s):",
    "municipalities_in_cohort": "Municipalities in the cohort",
    "footer": "Made with kompetanse-opt {version} from the plan for {instance}.",
    "cohort_n": "Cohort {n}",
    "gathering_n": "Gathering {n}",
    "session_local": "Half day in your own municipality",
    "session_closing": "Closing session on Teams",
    "file_municipality": "municipality-{id}",
    "file_facilitator": "facilitator-{n:02d}",
    "file_speaker": "speaker-{n:02d}",
    "and": "and",
}

#: Participants' roles as the registration data writes them, in words for a letter.
ROLES: dict[str, Entry] = {
    "leader": "Leader",
    "kommunedirektør": "Chief executive",
    "hr": "HR",
    "ict": "ICT",
    "union": "Chief union representative",
}


@dataclass(frozen=True)
class LetterText:
    """The letters' words in one language: ``text("cohort_n", n=2)``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        return text(TEXTS, "letters.", key, self.lang, **values)

    def role(self, role: str) -> str:
        key = role.casefold()
        return text(ROLES, "letters.role.", key, self.lang) if key in ROLES else role

    def join(self, items: list[str]) -> str:
        """'a, b og c' / 'a, b and c'."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def day(self, when: date) -> str:
        """'torsdag 2. januar 2025' / 'Thursday 2 January 2025'."""
        return long_date(when, self.lang)

    def duration(self, minutes: int) -> str:
        h, m = divmod(minutes, 60)
        return self("minutes", h=h, m=m) if h else self("minutes_short", m=m)
