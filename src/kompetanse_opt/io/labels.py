"""Words shown to the secretariat, in Norwegian bokmål (``nb``) or English (``en``).

Every workbook sheet, CSV header and report heading is looked up here by a stable key. The key is
the gettext context and the English text the message, so the Norwegian lives in the catalogue
(:mod:`kompetanse_opt.core.i18n`) and a test checks that every label has it. Data keys such as
service areas (``health_care``) and statuses (``optimal``) are translated for display only; files
that programs read keep the keys.
"""

from __future__ import annotations

from dataclasses import dataclass

from kompetanse_opt.core.i18n import LANGS, Lang
from kompetanse_opt.io.texts import entry_text

__all__ = [
    "LABELS",
    "LANGS",
    "TEXTS",
    "Labels",
    "Lang",
    "english",
    "label",
    "service_area_key",
    "sort_key",
]

#: key -> the English label; its Norwegian is in the gettext catalogue (context: the key).
#: Placeholders in braces are filled by :meth:`Labels.__call__`. A label may also be written as
#: a ``(bokmål, English)`` pair, the shape of version 0.1: it works at once, and
#: ``python tools/catalogue.py update`` moves its Norwegian into the catalogue, after which the
#: pair should become its English text (a test asks for that).
LABELS: dict[str, str | tuple[str, str]] = {
    "report_title": "Competence programme: plan",
    "key_figures": "Key figures",
    "terms": "Objective terms",
    "cohorts": "Cohorts",
    "municipalities": "Municipalities",
    "participants": "Participants",
    "groups": "Groups",
    "met_before": "Sat with someone here before",
    "schedule": "Schedule",
    "facilitators": "Facilitators",
    "politician_sessions": "Politicians",
    "budget": "Budget",
    "reasons": "Reasons",
    "map": "Map",
    "charts": "Charts",
    "contents": "Contents",
    "no_plan": "No plan: the solver found no valid plan.",
    "show_all": "Show all {n}",
    "cohort": "Cohort",
    "municipality": "Municipality",
    "municipality_no": "Municipality no.",
    "region": "Region",
    "participant_count": "Participants",
    "municipality_count": "Municipalities",
    "gathering_n": "Gathering {n}",
    "group_at_n": "Group gathering {n}",
    "travel_total": "Travel total (participant-minutes)",
    "travel_each": "Travel per participant (min)",
    "longest_trip": "Longest trip",
    "longest_trip_min": "Longest trip per participant (min)",
    "dates": "Dates",
    "id": "Id",
    "name": "Name",
    "email": "E-mail",
    "role": "Role",
    "target_group": "Target group",
    "service_area": "Service area",
    "group": "Group",
    "gathering": "Gathering",
    "size": "Size",
    "members": "Members",
    "venue": "Venue",
    "date": "Date",
    "end_date": "End date",
    "session": "Session",
    "facilitator": "Facilitator",
    "line": "Line",
    "kind": "Kind",
    "amount_nok": "Amount (NOK)",
    "term": "Term",
    "meaning": "Meaning",
    "value": "Value",
    "weight": "Weight",
    "contribution": "Contribution",
    "figure": "Figure",
    "reason": "Reason",
    "instance": "Instance",
    "status": "Status",
    "objective": "Objective",
    "bound": "Lower bound",
    "gap": "Gap",
    "wall_time": "Solve time (s)",
    "seed": "Seed",
    "workers": "Workers",
    "travel_total_hours": "Travel total (participant-hours)",
    "minutes": "min",
    "hours": "hours",
    "status_optimal": "optimal (proven)",
    "status_stage_optimal": (
        "each stage optimal given the earlier ones (not proven for the whole plan)"
    ),
    "status_feasible": "valid, optimality not proven",
    "status_infeasible": "infeasible",
    "status_model_invalid": "invalid model",
    "status_unknown": "unknown (time limit)",
    "term_travel_total": "participant-minutes of travel, home to venue, one way, every gathering",
    "term_travel_worst": "longest per-participant travel of any municipality (min)",
    "term_size_imbalance": "largest minus smallest cohort (participants)",
    "term_wish_misses": "municipalities that got none of their preferred cohorts",
    "term_together_splits": "extra cohorts a soft together-set is spread over",
    "term_apart_breaches": "soft apart pairs that share a cohort",
    "area_health_care": "Health and care",
    "area_education": "Childhood and education",
    "area_technical": "Technical services and planning",
    "area_culture": "Culture",
    "area_staff_support": "Staff and support",
    "tg_1": "1 Leadership team",
    "tg_2": "2 HR",
    "tg_3": "3 ICT",
    "tg_4": "4 Chief union representative",
    "session_gathering": "Gathering {n}",
    "session_local": "Half day in own municipality",
    "session_closing": "Closing session on Teams",
    "session_politicians": "Politicians' session",
    "chart_sizes": "Participants per cohort",
    "chart_travel": "Travel per cohort (participant-hours)",
    "chart_longest": "Longest trips per participant (min, all gatherings)",
    "chart_timeline": "Timeline",
    "map_note": (
        "Municipality centres coloured by cohort (size by participants);"
        " ■ venue. Grey lines: roads, dashed blue: ferries (approximate)."
    ),
    "venue_legend": "Venue",
    "generated_by": "Made with kompetanse-opt {version}",
    "anonymised": "Anonymised: ids only.",
    "rules": "Rules",
    "rule": "Rule",
    "rule_kind": "Kind",
    "rule_text": "Rule",
    "rule_coverage": "Modelled",
    "rule_state": "In this plan",
    "rule_kind_hard": "Hard",
    "rule_kind_preference": "Preference",
    "rule_coverage_modelled": "Yes",
    "rule_coverage_partly": "Partly",
    "rule_coverage_reported": "Reported",
    "rule_coverage_not_modelled": "Not yet",
    "rule_not_modelled": "Not modelled yet",
    "rule_stage_missing": "Not planned in this plan",
    "rule_reported": "Reported (budget)",
    "rule_holds": "Holds",
    "rule_broken": "Broken {n} time(s)",
    # the budget sheet (line texts of the shipped budget are in io/budget_rows.py)
    "basis": "Basis",
    "budget_total": "Total",
    "budget_after_contributions": "Total after contributions",
    "budget_price_with_support": "Price per participant with support",
    "budget_price_without_support": "Price per participant without support",
    "budget_full_cost": "Full cost per participant (with support, nights and travel)",
    "budget_per_participants": "{n} participants",
    "budget_kind_fixed_one_time": "one-time",
    "budget_kind_fixed_running": "running",
    "budget_kind_variable": "variable",
    "budget_kind_contribution": "contribution",
    "budget_kind_participants": "participants' own",
    "budget_kind_total": "total",
    # the sheets per recipient
    "longest_single_trip": "Longest single trip",
    "co_facilitators": "Co-facilitators",
    "nights": "Nights",
    "speakers": "Speakers",
    "speaker": "Speaker",
}


# "{", "|" and "}" follow "z" in ASCII, in this order.
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def sort_key(text: str) -> str:
    """Alphabetical order as Norwegians expect it: ... x, y, z, æ, ø, å."""
    return text.casefold().translate(_NORWEGIAN_ORDER)


def service_area_key(area: str) -> str:
    return f"area_{area}"


def english(key: str) -> str:
    """The English text of label ``key`` (the catalogue's message)."""
    value = LABELS[key]
    return value if isinstance(value, str) else value[1]


def label(key: str, lang: Lang) -> str:
    """The label of ``key`` in ``lang``, placeholders unfilled."""
    return entry_text(key, LABELS[key], lang)


#: key -> (bokmål, English), as read from the catalogue (the shape of version 0.1).
TEXTS: dict[str, tuple[str, str]] = {key: (label(key, "nb"), label(key, "en")) for key in LABELS}


@dataclass(frozen=True)
class Labels:
    """The words of one language: ``labels("gathering_n", n=2)`` gives ``"Samling 2"``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        text = label(key, self.lang)
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The label of ``key`` if there is one, else ``default`` (for open-ended data keys)."""
        return self(key) if key in LABELS else default

    def service_area(self, area: str) -> str:
        return self.get(service_area_key(area), area)

    def target_group(self, group: int) -> str:
        return self.get(f"tg_{group}", str(group))

    def status(self, status: str) -> str:
        return self.get(f"status_{status}", status)
