"""The report's own words, in Norwegian bokmål and English, in one place.

Headings shared with the workbook and the CSV files stay in :mod:`.labels`; the words here are
the report's alone (the map, the timelines, the budget, mixing, the objective terms in plain
words). Key -> the English text, ``{name}`` placeholders; the Norwegian is in the gettext catalogue
(context ``report.<key>``; see :mod:`.texts`). A new entry may be written as a
``(bokmål, English)`` pair: it works at once, and ``python tools/catalogue.py update`` moves its
Norwegian into the catalogue (then write the English text alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kompetanse_opt.core.dates import month_names, short_date
from kompetanse_opt.io.labels import Lang
from kompetanse_opt.io.texts import Entry, text

TEXTS: dict[str, Entry] = {
    "map_title": "Map of Vestland",
    "map_note": (
        "Dots are the municipal centres, coloured by cohort (larger: more participants); "
        "■ venue. Coastline: Natural Earth (public domain)."
    ),
    "map_hidden": (
        "{n} names do not fit on the map; every municipality is in the cohort cards below."
    ),
    "timeline_cohorts": "Timeline per cohort",
    "timeline_facilitators": "Timeline per facilitator",
    "timeline_legend": (
        "Solid marks: gatherings (lunch to lunch). Open marks: half day in own municipality "
        "and the closing session on Teams. Grey marks: politicians' sessions. Shaded: public and "
        "school holidays."
    ),
    "holiday": "Public holiday",
    "school_holiday": "School holiday",
    "budget_intro": (
        "The secretariat's budget (the table of the case paper) and the same budget priced "
        "from this plan: the gatherings it has and the venues it uses."
    ),
    "budget_seed": "Budget (case paper)",
    "budget_plan": "This plan",
    "budget_total": "Total",
    "budget_contributions": "Contributions",
    "budget_after": "Total after contributions",
    "price_with": "Price per participant with support",
    "price_without": "Price per participant without support",
    "own_costs": "Participants' own costs",
    "kind_fixed_one_time": "fixed, one-time",
    "kind_variable": "variable",
    "kind_fixed_running": "fixed, running",
    "kind_contribution": "contribution",
    "kind_participants": "participants",
    "mixing": "Mixing per person",
    "mixing_intro": (
        "How many people and municipalities each participant meets in the groups, and how "
        "many they sit with again at the next gathering."
    ),
    "people_met": "People met",
    "municipalities_met": "Municipalities met",
    "repeats": "Met again",
    "mean": "mean",
    "least": "fewest",
    "with_repeat": "Participants who meet someone again",
    "person": "Participant",
    "key_price": "Price per participant (NOK)",
    "key_sessions": "Politicians' sessions",
    "key_period": "Period",
    "facilitator_col": "Facilitators",
    "cohort_n": "Cohort {n}",
    # the objective terms in plain words (registry/labels text, never the code names)
    "term_travel_total": "Participants' travel to the gatherings (participant-minutes)",
    "term_travel_worst": "Longest travel per participant of any municipality, all gatherings (min)",
    "term_size_imbalance": "Largest minus smallest cohort",
    "term_wish_misses": "Municipalities without a wished cohort",
    "term_together_splits": "Together-sets split over cohorts",
    "term_apart_breaches": "Pairs that should be apart",
    "term_size_loners": "Municipalities without a similar-sized peer in their group",
    "term_group_size_spread": "Uneven group sizes",
    "term_meeting_repeats": "Municipality pairs meeting again",
    "term_participant_repeats": "Pairs of people meeting again",
    "term_group_spread_worst": "Most uneven group",
    "term_role_spread": "Roles clustered in one group",
    "term_role_loners": "Alone in their role in a group",
    "term_role_similar": "Similar roles together",
    "term_facilitator_changes": "Facilitator changes in a cohort",
    "term_facilitator_imbalance": "Uneven facilitator load",
    "term_facilitator_travel": "Facilitators' travel (min)",
    "term_late_days": "Days after the preferred end",
    "term_politician_travel": "Politicians' travel (min)",
    "term_politician_wait": "Days from cohort end to the politicians' session",
    "term_politician_session_count": "Politicians' sessions held",
    "term_politician_regions": "Regions beyond the first in a politicians' session",
    "term_speaker_changes": "Speaker changes for one theme",
    "term_speaker_peak_load": "Most gatherings per speaker",
    "term_speaker_travel": "Speakers' travel (min)",
    "term_speaker_fees": "Speaker fees (NOK)",
    "term_guest_slots_unused": "Guest slots left unused",
    "term_self_study_peak": "Most self-study in one week (hours)",
    "term_changed_cohorts": "Participants moved cohort",
    "term_changed_venues_announced": "Announced gatherings moved to another venue",
    "term_changed_venues_draft": "Draft gatherings moved to another venue",
    "term_changed_days_announced": "Days announced sessions moved",
    "term_changed_days_draft": "Days draft sessions moved",
    "term_changed_facilitators_announced": "Facilitators taken off an announced gathering",
    "term_changed_facilitators": "Facilitators taken off a draft gathering",
    "term_changed_speakers": "Gatherings with a new speaker",
    "term_changed_groups": "Participants in another group than before",
    "learning": "Learning path",
    "learning_intro": (
        "Per cohort in date order: the self-study before each session and what each "
        "session holds, with its main module, hours and speaker."
    ),
    "hours_intro": (
        "Hours per participant by target group. The programme counts toward the frame; "
        "travel and nights are reported apart."
    ),
    "lp_title_n": "Learning path, cohort {n}",
    "lp_before": "before {day}",
    "lp_self_study": "Self-study",
    "lp_local": "Half day in own municipality",
    "lp_closing": "Closing session on Teams",
    "lp_when": "When",
    "lp_where": "Where",
    "lp_modules": "Modules",
    "lp_main": "Main module",
    "lp_hours": "Hours",
    "lp_speaker": "Speaker",
    "lp_guest": "guest",
    "lp_hours_title": "Hours per target group",
    "lp_group": "Target group",
    "lp_people": "Participants",
    "lp_h_self_study": "Self-study (h)",
    "lp_h_gatherings": "Gatherings (h)",
    "lp_h_local": "Local (h)",
    "lp_h_closing": "Closing (h)",
    "lp_h_programme": "Programme (h)",
    "lp_h_frame": "Frame",
    "lp_yes": "within",
    "lp_no": "outside",
    "lp_h_travel": "Travel, mean (h)",
    "lp_h_travel_most": "Travel, most (h)",
    "lp_nights": "Nights",
    "lp_speakers": "Speakers",
    "speakers_intro": (
        "Speakers and guests of the pool: their gatherings, fees and travel both ways."
    ),
    "lp_role": "Role",
    "lp_speaker_role": "speaker",
    "lp_guest_role": "guest",
    "lp_days": "Days",
    "lp_venue": "Venue",
    "lp_fee": "Fee (NOK)",
    "lp_speaker_travel": "Travel both ways (h)",
    "key_hours": "Hours per participant",
    "key_speakers": "Speakers used",
    "budget_plan_figures": (
        "Priced from the plan, beside the budget line that pays it (not added to the total):"
    ),
    "budget_paid_by": "Budget line",
    "budget_difference": "Difference (plan − budget) (NOK)",
    "fig_facilitator_release": "Facilitators' release time (gatherings and preparation)",
    "fig_speaker_fees": "Speaker fees",
}


@dataclass(frozen=True)
class ReportText:
    """The report's words in one language: ``text("cohort_n", n=2)``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        return text(TEXTS, "report.", key, self.lang, **values)

    def term(self, name: str) -> str:
        """An objective term in plain words (the name itself only for a term not listed)."""
        key = f"term_{name}"
        return self(key) if key in TEXTS else name.replace("_", " ")

    def months(self) -> list[str]:
        """'jan' … 'des' / 'Jan' … 'Dec'."""
        return month_names(self.lang, "short")

    def day(self, when: date) -> str:
        """'2. jan 2025' / '2 Jan 2025'."""
        return short_date(when, self.lang)
