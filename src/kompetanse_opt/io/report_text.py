"""The report's own words, in Norwegian bokmål and English, in one place.

Headings shared with the workbook and the CSV files stay in :mod:`.labels`; the words here are
the report's alone (the map, the timelines, the budget, mixing, the objective terms in plain
words). Same shape as ``labels.TEXTS``: key -> (bokmål, English), ``{name}`` placeholders, so the
whole table can move into a gettext catalogue as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kompetanse_opt.io.labels import Lang

TEXTS: dict[str, tuple[str, str]] = {
    "months": (
        "jan feb mar apr mai jun jul aug sep okt nov des",
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    ),
    "date_short": ("{day}. {month} {year}", "{day} {month} {year}"),
    "map_title": ("Kart over Vestland", "Map of Vestland"),
    "map_note": (
        "Prikkene er kommunesentrene, farget etter kull (større prikk: flere deltakere); "
        "■ samlingssted. Kystlinje: Natural Earth (offentlig eie).",
        "Dots are the municipal centres, coloured by cohort (larger: more participants); "
        "■ venue. Coastline: Natural Earth (public domain).",
    ),
    "map_hidden": (
        "{n} navn får ikke plass på kartet; alle kommunene står i kullkortene under.",
        "{n} names do not fit on the map; every municipality is in the cohort cards below.",
    ),
    "timeline_cohorts": ("Tidslinje per kull", "Timeline per cohort"),
    "timeline_facilitators": ("Tidslinje per fasilitator", "Timeline per facilitator"),
    "timeline_legend": (
        "Fylte felt: samlinger (lunsj til lunsj). Åpne felt: halv dag i egen kommune og "
        "avslutning på Teams. Grå felt: folkevalgtsamlinger. Skravert: helligdager og "
        "skoleferier.",
        "Solid marks: gatherings (lunch to lunch). Open marks: half day in own municipality "
        "and the closing session on Teams. Grey marks: politicians' sessions. Shaded: public and "
        "school holidays.",
    ),
    "holiday": ("Helligdag", "Public holiday"),
    "school_holiday": ("Skoleferie", "School holiday"),
    "budget_intro": (
        "Sekretariatets budsjett (tabellen i saksdokumentet) og det samme budsjettet regnet "
        "fra denne planen: samlingene den faktisk har, stedene den bruker.",
        "The secretariat's budget (the table of the case paper) and the same budget priced "
        "from this plan: the gatherings it has and the venues it uses.",
    ),
    "budget_seed": ("Budsjett (saksdokumentet)", "Budget (case paper)"),
    "budget_plan": ("Denne planen", "This plan"),
    "budget_total": ("Sum", "Total"),
    "budget_contributions": ("Tilskudd", "Contributions"),
    "budget_after": ("Sum etter tilskudd", "Total after contributions"),
    "price_with": ("Pris per deltaker med tilskudd", "Price per participant with support"),
    "price_without": ("Pris per deltaker uten tilskudd", "Price per participant without support"),
    "own_costs": ("Deltakernes egne kostnader", "Participants' own costs"),
    "kind_fixed_one_time": ("fast, engang", "fixed, one-time"),
    "kind_variable": ("variabel", "variable"),
    "kind_fixed_running": ("fast, løpende", "fixed, running"),
    "kind_contribution": ("tilskudd", "contribution"),
    "kind_participants": ("deltakerne", "participants"),
    "mixing": ("Blanding per person", "Mixing per person"),
    "mixing_intro": (
        "Hvor mange nye folk og kommuner hver deltaker møter i gruppene, og hvor mange de "
        "sitter med igjen på neste samling.",
        "How many people and municipalities each participant meets in the groups, and how "
        "many they sit with again at the next gathering.",
    ),
    "people_met": ("Personer møtt", "People met"),
    "municipalities_met": ("Kommuner møtt", "Municipalities met"),
    "repeats": ("Møtt igjen", "Met again"),
    "mean": ("snitt", "mean"),
    "least": ("færrest", "fewest"),
    "with_repeat": ("Deltakere som møter noen igjen", "Participants who meet someone again"),
    "person": ("Deltaker", "Participant"),
    "key_price": ("Pris per deltaker (NOK)", "Price per participant (NOK)"),
    "key_sessions": ("Folkevalgtsamlinger", "Politicians' sessions"),
    "key_period": ("Periode", "Period"),
    "facilitator_col": ("Fasilitatorer", "Facilitators"),
    "cohort_n": ("Kull {n}", "Cohort {n}"),
    # the objective terms in plain words (registry/labels text, never the code names)
    "term_travel_total": (
        "Reisetid for alle deltakere til samlingene (deltakerminutter)",
        "Participants' travel to the gatherings (participant-minutes)",
    ),
    "term_travel_worst": (
        "Lengste reise per deltaker for en kommune, alle samlinger (min)",
        "Longest travel per participant of any municipality, all gatherings (min)",
    ),
    "term_size_imbalance": ("Største minus minste kull", "Largest minus smallest cohort"),
    "term_wish_misses": ("Kommuner uten ønsket kull", "Municipalities without a wished cohort"),
    "term_together_splits": ("Samarbeid spredt på flere kull", "Together-sets split over cohorts"),
    "term_apart_breaches": ("Par som skulle vært adskilt", "Pairs that should be apart"),
    "term_size_loners": (
        "Kommuner uten en kommune av lik størrelse i gruppen",
        "Municipalities without a similar-sized peer in their group",
    ),
    "term_group_size_spread": ("Ujevne gruppestørrelser", "Uneven group sizes"),
    "term_meeting_repeats": ("Kommunepar som møtes igjen", "Municipality pairs meeting again"),
    "term_participant_repeats": ("Personpar som møtes igjen", "Pairs of people meeting again"),
    "term_group_spread_worst": ("Mest ujevne gruppe", "Most uneven group"),
    "term_role_spread": ("Roller samlet i samme gruppe", "Roles clustered in one group"),
    "term_role_loners": ("Eneste av sin rolle i gruppen", "Alone in their role in a group"),
    "term_role_similar": ("Like roller samlet", "Similar roles together"),
    "term_facilitator_changes": (
        "Bytte av fasilitator i et kull",
        "Facilitator changes in a cohort",
    ),
    "term_facilitator_imbalance": ("Ujevn fasilitatorbelastning", "Uneven facilitator load"),
    "term_facilitator_travel": ("Fasilitatorenes reisetid (min)", "Facilitators' travel (min)"),
    "term_late_days": ("Dager etter ønsket sluttdato", "Days after the preferred end"),
    "term_politician_travel": ("Folkevalgtes reisetid (min)", "Politicians' travel (min)"),
    "term_politician_wait": (
        "Dager fra kullslutt til folkevalgtsamling",
        "Days from cohort end to the politicians' session",
    ),
    "term_politician_session_count": ("Antall folkevalgtsamlinger", "Politicians' sessions held"),
    "term_politician_regions": (
        "Regioner utover den første i en folkevalgtsamling",
        "Regions beyond the first in a politicians' session",
    ),
    "term_speaker_changes": (
        "Bytte av foredragsholder for samme tema",
        "Speaker changes for one theme",
    ),
    "term_speaker_peak_load": (
        "Flest samlinger på én foredragsholder",
        "Most gatherings per speaker",
    ),
    "term_speaker_travel": ("Foredragsholdernes reisetid (min)", "Speakers' travel (min)"),
    "term_speaker_fees": ("Foredragsholderhonorar (kr)", "Speaker fees (NOK)"),
    "term_guest_slots_unused": ("Ubrukte gjesteplasser", "Guest slots left unused"),
    "term_self_study_peak": (
        "Mest selvstudium i én uke (timer)",
        "Most self-study in one week (hours)",
    ),
    "term_changed_cohorts": ("Deltakere flyttet til et annet kull", "Participants moved cohort"),
    "term_changed_venues_announced": (
        "Kunngjorte samlinger flyttet til et annet sted",
        "Announced gatherings moved to another venue",
    ),
    "term_changed_venues_draft": (
        "Utkast-samlinger flyttet til et annet sted",
        "Draft gatherings moved to another venue",
    ),
    "term_changed_days_announced": (
        "Dager kunngjorte samlinger er flyttet",
        "Days announced sessions moved",
    ),
    "term_changed_days_draft": ("Dager utkast-samlinger er flyttet", "Days draft sessions moved"),
    "term_changed_facilitators_announced": (
        "Fasilitatorer tatt av en kunngjort samling",
        "Facilitators taken off an announced gathering",
    ),
    "term_changed_facilitators": (
        "Fasilitatorer tatt av en utkast-samling",
        "Facilitators taken off a draft gathering",
    ),
    "term_changed_speakers": ("Samlinger med ny foredragsholder", "Gatherings with a new speaker"),
    "term_changed_groups": (
        "Deltakere i en annen gruppe enn før",
        "Participants in another group than before",
    ),
    # the learning path, the hours per target group and the speakers (issue 17)
    "learning": ("Læringsløp", "Learning path"),
    "learning_intro": (
        "Per kull i datorekkefølge: selvstudiet før hver samling og hva hver samling "
        "inneholder, med hovedmodul, timer og foredragsholder.",
        "Per cohort in date order: the self-study before each session and what each session "
        "holds, with its main module, hours and speaker.",
    ),
    "hours_intro": (
        "Timer per deltaker etter målgruppe. Programmet teller mot rammen; reise og "
        "overnattinger står for seg.",
        "Hours per participant by target group. The programme counts toward the frame; travel "
        "and nights are reported apart.",
    ),
    "lp_title_n": ("Læringsløp, kull {n}", "Learning path, cohort {n}"),
    "lp_before": ("før {day}", "before {day}"),
    "lp_self_study": ("Selvstudium", "Self-study"),
    "lp_local": ("Halv dag i egen kommune", "Half day in own municipality"),
    "lp_closing": ("Avslutning på Teams", "Closing session on Teams"),
    "lp_when": ("Når", "When"),
    "lp_where": ("Hvor", "Where"),
    "lp_modules": ("Moduler", "Modules"),
    "lp_main": ("Hovedmodul", "Main module"),
    "lp_hours": ("Timer", "Hours"),
    "lp_speaker": ("Foredragsholder", "Speaker"),
    "lp_guest": ("gjest", "guest"),
    "lp_hours_title": ("Timer per målgruppe", "Hours per target group"),
    "lp_group": ("Målgruppe", "Target group"),
    "lp_people": ("Deltakere", "Participants"),
    "lp_h_self_study": ("Selvstudium (t)", "Self-study (h)"),
    "lp_h_gatherings": ("Samlinger (t)", "Gatherings (h)"),
    "lp_h_local": ("Lokalt (t)", "Local (h)"),
    "lp_h_closing": ("Avslutning (t)", "Closing (h)"),
    "lp_h_programme": ("Program (t)", "Programme (h)"),
    "lp_h_frame": ("Ramme", "Frame"),
    "lp_yes": ("innenfor", "within"),
    "lp_no": ("utenfor", "outside"),
    "lp_h_travel": ("Reise, snitt (t)", "Travel, mean (h)"),
    "lp_h_travel_most": ("Reise, mest (t)", "Travel, most (h)"),
    "lp_nights": ("Overnattinger", "Nights"),
    "lp_speakers": ("Foredragsholdere", "Speakers"),
    "speakers_intro": (
        "Foredragsholdere og gjester fra utvalget: samlingene de har, honorar og reisetid "
        "tur-retur.",
        "Speakers and guests of the pool: their gatherings, fees and travel both ways.",
    ),
    "lp_role": ("Rolle", "Role"),
    "lp_speaker_role": ("foredragsholder", "speaker"),
    "lp_guest_role": ("gjest", "guest"),
    "lp_days": ("Dager", "Days"),
    "lp_venue": ("Sted", "Venue"),
    "lp_fee": ("Honorar (NOK)", "Fee (NOK)"),
    "lp_speaker_travel": ("Reise tur-retur (t)", "Travel both ways (h)"),
    "key_hours": ("Timer per deltaker", "Hours per participant"),
    "key_speakers": ("Foredragsholdere brukt", "Speakers used"),
    "budget_plan_figures": (
        "Regnet fra planen, ved siden av budsjettlinjen som betaler (ikke lagt til summen):",
        "Priced from the plan, beside the budget line that pays it (not added to the total):",
    ),
    "budget_paid_by": ("Budsjettlinje", "Budget line"),
    "budget_difference": ("Forskjell (plan − budsjett) (NOK)", "Difference (plan − budget) (NOK)"),
    "fig_facilitator_release": (
        "Frikjøp av fasilitatorer (samlinger og forberedelse)",
        "Facilitators' release time (gatherings and preparation)",
    ),
    "fig_speaker_fees": ("Foredragsholderhonorar", "Speaker fees"),
}


@dataclass(frozen=True)
class ReportText:
    """The report's words in one language: ``text("cohort_n", n=2)``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        nb, en = TEXTS[key]
        text = nb if self.lang == "nb" else en
        return text.format(**values) if values else text

    def term(self, name: str) -> str:
        """An objective term in plain words (the name itself only for a term not listed)."""
        key = f"term_{name}"
        return self(key) if key in TEXTS else name.replace("_", " ")

    def months(self) -> list[str]:
        return self("months").split()

    def day(self, when: date) -> str:
        """'2. jan 2025' / '2 Jan 2025'."""
        return self("date_short", day=when.day, month=self.months()[when.month - 1], year=when.year)
