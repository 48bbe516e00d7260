"""Words shown to the secretariat, in Norwegian bokmål (``nb``) or English (``en``).

Every workbook sheet, CSV header and report heading is looked up here by a stable key, so the two
languages cannot drift apart (a test checks that every key has both). Data keys such as service
areas (``health_care``) and statuses (``optimal``) are translated for display only; files that
programs read keep the keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")

#: key -> (bokmål, English). Placeholders in braces are filled by :meth:`Labels.__call__`.
TEXTS: dict[str, tuple[str, str]] = {
    # tables and sections
    "report_title": ("Kompetanseprogram: plan", "Competence programme: plan"),
    "key_figures": ("Nøkkeltall", "Key figures"),
    "terms": ("Målfunksjon", "Objective terms"),
    "cohorts": ("Kull", "Cohorts"),
    "municipalities": ("Kommuner", "Municipalities"),
    "participants": ("Deltakere", "Participants"),
    "groups": ("Grupper", "Groups"),
    "met_before": (
        "Har sittet med noen herfra før",
        "Sat with someone here before",
    ),
    "schedule": ("Timeplan", "Schedule"),
    "facilitators": ("Fasilitatorer", "Facilitators"),
    "politician_sessions": ("Folkevalgte", "Politicians"),
    "budget": ("Budsjett", "Budget"),
    "reasons": ("Årsaker", "Reasons"),
    "map": ("Kart", "Map"),
    "charts": ("Diagrammer", "Charts"),
    "contents": ("Innhold", "Contents"),
    "no_plan": (
        "Ingen plan: løseren fant ingen gyldig plan.",
        "No plan: the solver found no valid plan.",
    ),
    "show_all": ("Vis alle {n}", "Show all {n}"),
    # columns
    "cohort": ("Kull", "Cohort"),
    "municipality": ("Kommune", "Municipality"),
    "municipality_no": ("Kommunenr.", "Municipality no."),
    "region": ("Region", "Region"),
    "participant_count": ("Deltakere", "Participants"),
    "municipality_count": ("Kommuner", "Municipalities"),
    "gathering_n": ("Samling {n}", "Gathering {n}"),
    "group_at_n": ("Gruppe samling {n}", "Group gathering {n}"),
    "travel_total": ("Reisetid totalt (deltakerminutter)", "Travel total (participant-minutes)"),
    "travel_each": ("Reisetid per deltaker (min)", "Travel per participant (min)"),
    "longest_trip": ("Lengste reise", "Longest trip"),
    "longest_trip_min": (
        "Lengste reise per deltaker (min)",
        "Longest trip per participant (min)",
    ),
    "dates": ("Datoer", "Dates"),
    "id": ("Id", "Id"),
    "name": ("Navn", "Name"),
    "email": ("E-post", "E-mail"),
    "role": ("Rolle", "Role"),
    "target_group": ("Målgruppe", "Target group"),
    "service_area": ("Tjenesteområde", "Service area"),
    "group": ("Gruppe", "Group"),
    "gathering": ("Samling", "Gathering"),
    "size": ("Størrelse", "Size"),
    "members": ("Medlemmer", "Members"),
    "venue": ("Sted", "Venue"),
    "date": ("Dato", "Date"),
    "end_date": ("Til dato", "End date"),
    "session": ("Økt", "Session"),
    "facilitator": ("Fasilitator", "Facilitator"),
    "line": ("Post", "Line"),
    "kind": ("Type", "Kind"),
    "amount_nok": ("Beløp (NOK)", "Amount (NOK)"),
    "term": ("Ledd", "Term"),
    "meaning": ("Betydning", "Meaning"),
    "value": ("Verdi", "Value"),
    "weight": ("Vekt", "Weight"),
    "contribution": ("Bidrag", "Contribution"),
    "figure": ("Nøkkeltall", "Figure"),
    "reason": ("Årsak", "Reason"),
    # key figures
    "instance": ("Instans", "Instance"),
    "status": ("Status", "Status"),
    "objective": ("Målverdi", "Objective"),
    "bound": ("Nedre grense", "Lower bound"),
    "gap": ("Gap", "Gap"),
    "wall_time": ("Løsetid (s)", "Solve time (s)"),
    "seed": ("Frø", "Seed"),
    "workers": ("Tråder", "Workers"),
    "travel_total_hours": ("Reisetid totalt (deltakertimer)", "Travel total (participant-hours)"),
    "minutes": ("min", "min"),
    "hours": ("timer", "hours"),
    # statuses
    "status_optimal": ("optimal (bevist)", "optimal (proven)"),
    "status_stage_optimal": (
        "hvert steg optimalt gitt de forrige (ikke bevist for hele planen)",
        "each stage optimal given the earlier ones (not proven for the whole plan)",
    ),
    "status_feasible": ("gyldig, ikke bevist optimal", "valid, optimality not proven"),
    "status_infeasible": ("umulig", "infeasible"),
    "status_model_invalid": ("ugyldig modell", "invalid model"),
    "status_unknown": ("ukjent (tidsgrense)", "unknown (time limit)"),
    # objective terms
    "term_travel_total": (
        "deltakerminutter reise, hjem til samlingssted, én vei, alle samlinger",
        "participant-minutes of travel, home to venue, one way, every gathering",
    ),
    "term_travel_worst": (
        "lengste reise per deltaker for noen kommune (min)",
        "longest per-participant travel of any municipality (min)",
    ),
    "term_size_imbalance": (
        "største minus minste kull (deltakere)",
        "largest minus smallest cohort (participants)",
    ),
    "term_wish_misses": (
        "kommuner som ikke fikk et ønsket kull",
        "municipalities that got none of their preferred cohorts",
    ),
    "term_together_splits": (
        "ekstra kull et ønsket samarbeid er spredt på",
        "extra cohorts a soft together-set is spread over",
    ),
    "term_apart_breaches": (
        "par som skulle vært i ulike kull, men deler kull",
        "soft apart pairs that share a cohort",
    ),
    # service areas (keys as in vestland.SERVICE_AREAS)
    "area_health_care": ("Helse og omsorg", "Health and care"),
    "area_education": ("Oppvekst og utdanning", "Childhood and education"),
    "area_technical": ("Teknisk og plan", "Technical services and planning"),
    "area_culture": ("Kultur", "Culture"),
    "area_staff_support": ("Stab og støtte", "Staff and support"),
    # target groups
    "tg_1": ("1 Ledergruppe", "1 Leadership team"),
    "tg_2": ("2 HR", "2 HR"),
    "tg_3": ("3 IKT", "3 ICT"),
    "tg_4": ("4 Hovedtillitsvalgt", "4 Chief union representative"),
    # sessions of the schedule
    "session_gathering": ("Samling {n}", "Gathering {n}"),
    "session_local": ("Halv dag i egen kommune", "Half day in own municipality"),
    "session_closing": ("Avslutning på Teams", "Closing session on Teams"),
    "session_politicians": ("Folkevalgtsamling", "Politicians' session"),
    # charts and map
    "chart_sizes": ("Deltakere per kull", "Participants per cohort"),
    "chart_travel": ("Reisetid per kull (deltakertimer)", "Travel per cohort (participant-hours)"),
    "chart_longest": (
        "Lengste reiser per deltaker (min, alle samlinger)",
        "Longest trips per participant (min, all gatherings)",
    ),
    "chart_timeline": ("Tidslinje", "Timeline"),
    "map_note": (
        "Kommunesentre farget etter kull (størrelse etter antall deltakere); ■ samlingssted. "
        "Grå linjer: veier, stiplet blå: ferjer (omtrentlig).",
        "Municipality centres coloured by cohort (size by participants); ■ venue. "
        "Grey lines: roads, dashed blue: ferries (approximate).",
    ),
    "venue_legend": ("Samlingssted", "Venue"),
    "generated_by": ("Laget med kompetanse-opt {version}", "Made with kompetanse-opt {version}"),
    "anonymised": ("Anonymisert: bare id-er vises.", "Anonymised: ids only."),
    # the rules table (texts of the rules themselves come from the rules registry)
    "rules": ("Regler", "Rules"),
    "rule": ("Regel", "Rule"),
    "rule_kind": ("Type", "Kind"),
    "rule_text": ("Innhold", "Rule"),
    "rule_coverage": ("Modellert", "Modelled"),
    "rule_state": ("I denne planen", "In this plan"),
    "rule_kind_hard": ("Krav", "Hard"),
    "rule_kind_preference": ("Ønske", "Preference"),
    "rule_coverage_modelled": ("Ja", "Yes"),
    "rule_coverage_partly": ("Delvis", "Partly"),
    "rule_coverage_reported": ("Rapporteres", "Reported"),
    "rule_coverage_not_modelled": ("Ikke ennå", "Not yet"),
    "rule_not_modelled": ("Ikke modellert ennå", "Not modelled yet"),
    "rule_stage_missing": ("Ikke planlagt i denne planen", "Not planned in this plan"),
    "rule_reported": ("Rapporteres (budsjett)", "Reported (budget)"),
    "rule_holds": ("Holder", "Holds"),
    "rule_broken": ("Brutt {n} gang(er)", "Broken {n} time(s)"),
}


# "{", "|" and "}" follow "z" in ASCII, in this order.
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def sort_key(text: str) -> str:
    """Alphabetical order as Norwegians expect it: ... x, y, z, æ, ø, å."""
    return text.casefold().translate(_NORWEGIAN_ORDER)


def service_area_key(area: str) -> str:
    return f"area_{area}"


@dataclass(frozen=True)
class Labels:
    """The words of one language: ``labels("gathering_n", n=2)`` gives ``"Samling 2"``."""

    lang: Lang = "nb"

    def __call__(self, key: str, **values: object) -> str:
        nb, en = TEXTS[key]
        text = nb if self.lang == "nb" else en
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        """The label of ``key`` if there is one, else ``default`` (for open-ended data keys)."""
        return self(key) if key in TEXTS else default

    def service_area(self, area: str) -> str:
        return self.get(service_area_key(area), area)

    def target_group(self, group: int) -> str:
        return self.get(f"tg_{group}", str(group))

    def status(self, status: str) -> str:
        return self.get(f"status_{status}", status)
