"""The letters' words, in Norwegian bokmål and English, in one place.

Same shape as ``labels.TEXTS`` (key -> (bokmål, English), ``{name}`` placeholders) so the table can
move into a gettext catalogue as it is. The preparation texts are the seed's general words
("Utbytte fra fysiske samlinger forutsetter at selvstudier og forarbeid er gjennomført"), used
when the plan carries no learning path of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kompetanse_opt.io.labels import Lang

TEXTS: dict[str, tuple[str, str]] = {
    "index_title": ("Brev til deltakerne i kompetanseprogrammet", "Letters for the programme"),
    "index_intro": (
        "Ett brev per mottaker. Åpne et brev og skriv det ut (A4), eller send PDF-en.",
        "One letter per recipient. Open a letter and print it (A4), or send the PDF.",
    ),
    "index_municipalities": ("Kommuner", "Municipalities"),
    "index_facilitators": ("Fasilitatorer", "Facilitators"),
    "index_speakers": ("Foredragsholdere", "Speakers"),
    "calendar_file": ("kalender (.ics)", "calendar (.ics)"),
    "pdf_file": ("PDF", "PDF"),
    "to": ("Til", "To"),
    "municipality_title": (
        "{name} kommune: plan for kompetanseprogrammet",
        "{name}: programme plan",
    ),
    "municipality_intro": (
        "{name} er satt opp i kull {cohort} sammen med {others}. Kullet har {size} deltakere. "
        "Her er datoene, stedene og gruppene for deres {count} deltakere.",
        "{name} is in cohort {cohort} together with {others}. The cohort has {size} "
        "participants. Here are the dates, venues and groups for your {count} participants.",
    ),
    "alone_intro": (
        "{name} er satt opp i kull {cohort}. Her er datoene, stedene og gruppene for deres "
        "{count} deltakere.",
        "{name} is in cohort {cohort}. Here are the dates, venues and groups for your {count} "
        "participants.",
    ),
    "dates_heading": ("Datoer og steder", "Dates and venues"),
    "session": ("Økt", "Session"),
    "when": ("Når", "When"),
    "where": ("Hvor", "Where"),
    "travel": ("Reisetid hit (én vei)", "Travel there (one way)"),
    "own_house": ("I egne lokaler", "In your own premises"),
    "teams": ("Microsoft Teams", "Microsoft Teams"),
    "lunch_to_lunch": ("{first} kl. {start} – {last} kl. {end}", "{first} {start} – {last} {end}"),
    "half_day": ("{day} kl. {start}–{end}", "{day} {start}–{end}"),
    "window": ("Selvstudium {start} – {end}", "Self-study {start} – {end}"),
    "at_time": ("{day} kl. {time}", "{day} at {time}"),
    "minutes": ("{h} t {m} min", "{h} h {m} min"),
    "minutes_short": ("{m} min", "{m} min"),
    "participants_heading": ("Deltakerne og gruppene deres", "Your participants and their groups"),
    "participant": ("Deltaker", "Participant"),
    "group_at": ("Gruppe, samling {n}", "Group, gathering {n}"),
    "group_name": ("{area} {n}", "{area} {n}"),
    "with_others": ("med {names}", "with {names}"),
    "groups_note": (
        "Gruppene er satt sammen per tjenesteområde, med kommuner av omtrent lik størrelse, og "
        "blandes mellom samlingene slik at deltakerne møter nye kolleger.",
        "Groups are formed per service area, with municipalities of similar size, and mixed "
        "between the gatherings so that participants meet new colleagues.",
    ),
    "politicians_heading": ("Folkevalgtsamlingen", "The politicians' session"),
    "politicians_text": (
        "Kommunens folkevalgte møtes {when} i {venue} (opptil 2 timer), sammen med {others}. "
        "En fra administrasjonen som har gjennomført lederprogrammet, deltar.",
        "Your elected representatives meet {when} in {venue} (up to 2 hours), together with "
        "{others}. Someone from the administration who has completed the leaders' programme "
        "takes part.",
    ),
    "politicians_none": (
        "Folkevalgtsamlingen er ikke planlagt ennå.",
        "The politicians' session is not planned yet.",
    ),
    "preparation_heading": ("Forberedelser", "Preparation"),
    "prepare_before": ("Før {session}", "Before {session}"),
    "prep_gathering_1": (
        "Gjennomfør selvstudiet (artikler, video, podkaster) og forarbeidet i læringsløpet. "
        "Utbyttet av de fysiske samlingene forutsetter at selvstudier og forarbeid er gjennomført.",
        "Complete the self-study (articles, video, podcasts) and the preparation of the "
        "learning path: the gatherings build on it.",
    ),
    "prep_local": (
        "Ledergruppen setter av en halv dag i egne lokaler og tar med oppgavene fra samling 1.",
        "The leadership team sets aside a half day in its own premises and brings the tasks "
        "from gathering 1.",
    ),
    "prep_gathering_n": (
        "Gjennomfør mellomarbeidet og selvstudiet etter forrige samling; ta med erfaringer fra "
        "egen kommune til gruppearbeidet.",
        "Complete the interim work and self-study since the last gathering; bring experience "
        "from your own municipality to the group work.",
    ),
    "prep_closing": (
        "Hele kullet møtes på Teams. Forbered en kort oppsummering av hva kommunen tar videre.",
        "The whole cohort meets on Teams. Prepare a short summary of what your municipality "
        "takes forward.",
    ),
    "facilitator_title": ("Oppdrag for {name}", "Assignments for {name}"),
    "facilitator_intro": (
        "Du er fasilitator på {count} samlinger i {cohorts} kull. Hver samling går fra lunsj "
        "til lunsj med én overnatting.",
        "You facilitate {count} gatherings in {cohorts} cohorts. Each gathering runs from "
        "lunch to lunch with one night.",
    ),
    "cohort": ("Kull", "Cohort"),
    "gathering": ("Samling", "Gathering"),
    "co_facilitators": ("Sammen med", "With"),
    "nights": ("Netter", "Nights"),
    "travel_from_home": ("Reisetid fra {home}", "Travel from {home}"),
    "total": ("Sum", "Total"),
    "no_assignments": ("Ingen samlinger i denne planen.", "No gatherings in this plan."),
    "speaker_title": ("Foredrag for {name}", "Talks for {name}"),
    "speaker_intro": (
        "Du holder foredrag på {count} samling(er):",
        "You speak at {count} gathering(s):",
    ),
    "municipalities_in_cohort": ("Kommuner i kullet", "Municipalities in the cohort"),
    "footer": (
        "Laget med kompetanse-opt {version} fra planen for {instance}.",
        "Made with kompetanse-opt {version} from the plan for {instance}.",
    ),
    "cohort_n": ("Kull {n}", "Cohort {n}"),
    "gathering_n": ("Samling {n}", "Gathering {n}"),
    "session_local": ("Halv dag i egen kommune", "Half day in your own municipality"),
    "session_closing": ("Avslutning på Teams", "Closing session on Teams"),
    "file_municipality": ("kommune-{id}", "municipality-{id}"),
    "file_facilitator": ("fasilitator-{n:02d}", "facilitator-{n:02d}"),
    "file_speaker": ("foredragsholder-{n:02d}", "speaker-{n:02d}"),
    "and": ("og", "and"),
    "weekdays": (
        "mandag tirsdag onsdag torsdag fredag lørdag søndag",
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    ),
    "months_long": (
        "januar februar mars april mai juni juli august september oktober november desember",
        "January February March April May June July August September October November December",
    ),
    "date_long": ("{weekday} {day}. {month} {year}", "{weekday} {day} {month} {year}"),
}

#: Participants' roles as the registration data writes them, in words for a letter.
ROLES: dict[str, tuple[str, str]] = {
    "leader": ("Leder", "Leader"),
    "kommunedirektør": ("Kommunedirektør", "Chief executive"),
    "hr": ("HR", "HR"),
    "ict": ("IKT", "ICT"),
    "union": ("Hovedtillitsvalgt", "Chief union representative"),
}


@dataclass(frozen=True)
class LetterText:
    """The letters' words in one language: ``text("cohort_n", n=2)``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        nb, en = TEXTS[key]
        text = nb if self.lang == "nb" else en
        return text.format(**values) if values else text

    def role(self, role: str) -> str:
        pair = ROLES.get(role.casefold())
        return role if pair is None else pair[0] if self.lang == "nb" else pair[1]

    def join(self, items: list[str]) -> str:
        """'a, b og c' / 'a, b and c'."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def day(self, when: date) -> str:
        """'torsdag 2. januar 2025' / 'Thursday 2 January 2025'."""
        return self(
            "date_long",
            weekday=self("weekdays").split()[when.weekday()],
            day=when.day,
            month=self("months_long").split()[when.month - 1],
            year=when.year,
        )

    def duration(self, minutes: int) -> str:
        h, m = divmod(minutes, 60)
        return self("minutes", h=h, m=m) if h else self("minutes_short", m=m)
