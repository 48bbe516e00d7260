"""The rules registry: one definition per domain rule, the only list of rules in the package.

Labels are those of ``docs/domain.md`` (H1–H11 hard rules, P1–P8 preferences, T1–T3 for the
politicians' track). Each definition says which stage(s) it belongs to, what it means in English
and Norwegian, whether and how far the planner models it, which objective terms carry it and how
``explain`` may relax it. The checker (:mod:`kompetanse_opt.check`), the counting causes
(:mod:`kompetanse_opt.rules.counting`), the relaxation menu (:mod:`kompetanse_opt.analysis.relax`)
and the CP-SAT constraint families register their parts under these labels; tests hold every one of
them to this list, so a rule that is not here cannot be checked, explained or relaxed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RuleKind = Literal["hard", "preference"]
Stage = Literal["cohorts", "groups", "calendar", "politicians", "learning", "speakers", "replan"]
#: How far a rule is modelled: fully; in part (``note`` says what is missing); reported in
#: every plan but not optimised; or not yet.
Coverage = Literal["modelled", "partly", "reported", "not_modelled"]
Lang = Literal["en", "nb"]


@dataclass(frozen=True)
class RuleDef:
    """One domain rule: its label, kind, stages, text in two languages and how it is handled."""

    label: str
    kind: RuleKind
    stages: tuple[Stage, ...]
    text_en: str
    text_nb: str
    coverage: Coverage = "modelled"
    #: Objective terms that carry the rule (a preference, or the soft form of a hard rule).
    terms: tuple[str, ...] = ()
    #: Relaxation kinds ``explain`` may suggest when the rule is part of a conflict.
    relaxations: tuple[str, ...] = ()
    note: str = ""

    def text(self, lang: Lang = "en") -> str:
        """The one-line text in ``lang`` (``nb`` Norwegian bokmål, ``en`` English)."""
        return self.text_nb if lang == "nb" else self.text_en

    @property
    def modelled(self) -> bool:
        """True when the planner enforces (hard) or optimises (preference) the rule, at least
        in part."""
        return self.coverage in ("modelled", "partly")


_RULES: tuple[RuleDef, ...] = (
    RuleDef(
        "H1",
        "hard",
        ("cohorts",),
        "every participant is in exactly one cohort; a municipality is never split",
        "hver deltaker er i nøyaktig ett kull; en kommune deles aldri",
    ),
    RuleDef(
        "H2",
        "hard",
        ("cohorts",),
        "a cohort holds at most its capacity and at least its minimum",
        "et kull har høyst kapasiteten og minst minimumet av deltakere",
        relaxations=("lower_minimum", "capacity", "one_more_cohort"),
    ),
    RuleDef(
        "H3",
        "hard",
        ("cohorts", "calendar"),
        "each gathering at one venue, within the venues' limits, room capacities and days",
        "hver samling på ett sted, innenfor stedets grenser, romkapasitet og dager",
        relaxations=("venue_limit", "room", "capacity", "one_more_cohort"),
    ),
    RuleDef(
        "H4",
        "hard",
        ("groups",),
        "at every gathering each participant is in one discussion group per service area,"
        " within the size bounds",
        "på hver samling er hver deltaker i én gruppe per tjenesteområde, innenfor"
        " størrelsesgrensene",
    ),
    RuleDef(
        "H5",
        "hard",
        ("calendar",),
        "sessions are dated inside the cohort's window, in order, on allowed days (gatherings"
        " on their start weekdays), outside holidays, blackouts and quiet periods, with the"
        " configured spacing",
        "samlingene er datert innenfor kullets vindu, i rekkefølge, på tillatte dager (samlinger"
        " på sine startdager), utenom ferier, sperredager og rolige perioder, med konfigurert"
        " avstand",
        terms=("late_days",),
        note="late_days is the soft form: days a cohort ends after its preferred end",
    ),
    RuleDef(
        "H6",
        "hard",
        ("calendar",),
        "each gathering has its facilitators, nobody is double-booked or on a day off, the pool"
        " has at least 3 people who each serve at least 4 cohorts",
        "hver samling har sine fasilitatorer, ingen er dobbeltbooket eller opptatt, minst 3 i"
        " poolen som hver har minst 4 kull",
    ),
    RuleDef(
        "H7",
        "hard",
        ("cohorts", "groups", "calendar", "politicians"),
        "pinned decisions hold",
        "fastlåste valg holder",
        relaxations=("drop_pin", "one_more_cohort"),
        note="pins (model/pins.py): municipality → cohort, gathering → venue, session → date,"
        " gathering → facilitators and speaker, participants → one group, a whole cohort"
        " frozen, a politicians' session; each stage honours its pins and the checker checks"
        " every kind",
    ),
    RuleDef(
        "H8",
        "hard",
        ("cohorts",),
        "hard together-sets share a cohort; hard apart pairs do not",
        "harde samlesett deler kull; harde adskilte par gjør det ikke",
        terms=("together_splits", "apart_breaches"),
        relaxations=("soften_set", "soften_apart"),
        note="soft sets and pairs are the objective terms together_splits and apart_breaches",
    ),
    RuleDef(
        "H9",
        "hard",
        ("learning",),
        "each participant's learning path totals 30–35 hours and covers the target group's"
        " capabilities, self-study before the session that builds on it",
        "hver deltakers læringsløp er 30–35 timer og dekker målgruppens evner, med selvstudier"
        " før samlingen som bygger på dem",
        terms=("self_study_peak",),
        note="with a content catalogue (instance.content): the learning stage places every"
        " module; the frame and coverage are counting causes, the checker checks all of it",
    ),
    RuleDef(
        "H10",
        "hard",
        ("speakers",),
        "exactly one speaker per physical gathering, able, available and nowhere else that day",
        "nøyaktig én foredragsholder per fysisk samling, som kan temaet, er ledig og ikke"
        " andre steder den dagen",
        terms=(
            "speaker_changes",
            "speaker_peak_load",
            "speaker_travel",
            "speaker_fees",
            "guest_slots_unused",
        ),
        relaxations=("speaker_availability", "stand_in_speaker"),
        note="with a speaker pool (instance.speakers) the speaker stage assigns one per dated"
        " gathering and optional guests, on the calendar's dates (the calendar does not see the"
        " speakers' availability); its preferences are the terms (keep a speaker across cohorts,"
        " spread the load, little travel, low fees, guests welcome); without a pool a"
        " placeholder speaker-<cohort>-<gathering> stands in",
    ),
    RuleDef(
        "H11",
        "hard",
        ("replan", "cohorts", "groups", "calendar", "politicians"),
        "in a re-plan, sessions already held keep everything; announced ones move only at a price",
        "ved omplanlegging beholder gjennomførte samlinger alt; kunngjorte flyttes bare mot en"
        " pris",
        terms=(
            "changed_cohorts",
            "changed_venues_announced",
            "changed_venues_draft",
            "changed_days_announced",
            "changed_days_draft",
            "changed_facilitators_announced",
            "changed_facilitators",
            "changed_speakers",
            "changed_groups",
        ),
        coverage="partly",
        note="freeze (model/freeze.py) pins what is held on or before today (held pins, checked"
        " as H11) and records the previous plan as the baseline; the stages' changed_* terms"
        " price every change from it (change_weights; announced sessions dearest); the group"
        " stage keeps the baseline's groups where the people are the same, else the better of"
        " the baseline's groups fitted to the people and a fresh solve, by group terms plus"
        " changed_groups",
    ),
    RuleDef(
        "P1",
        "preference",
        ("cohorts",),
        "little travel: total participant travel and the worst-off municipality",
        "lite reising: samlet reisetid og kommunen som reiser lengst",
        terms=("travel_total", "travel_worst"),
    ),
    RuleDef(
        "P2",
        "preference",
        ("cohorts", "groups"),
        "municipalities of similar size together: size-peers in every cohort and group",
        "kommuner av noenlunde lik størrelse sammen i kull og grupper",
        terms=("size_loners", "group_size_spread", "group_spread_worst"),
    ),
    RuleDef(
        "P3",
        "preference",
        ("cohorts", "groups"),
        "balance: cohort sizes close to each other; group sizes close to each other",
        "balanse: kull og grupper av omtrent lik størrelse",
        terms=("size_imbalance",),
        note="group sizes of one service area differ by at most one (a hard bound of H4)",
    ),
    RuleDef(
        "P4",
        "preference",
        ("groups",),
        "networking: across a cohort's gatherings participants meet new people",
        "nettverk: deltakerne møter nye mennesker fra samling til samling",
        terms=("participant_repeats", "meeting_repeats"),
        note="people who share a group at more than one gathering (participant_repeats); the"
        " municipality-pair view (meeting_repeats) is kept for information",
    ),
    RuleDef(
        "P5",
        "preference",
        ("calendar",),
        "the same facilitators through a cohort, an even load, little facilitator travel",
        "samme fasilitatorer gjennom kullet, jevn belastning, lite reising for fasilitatorene",
        terms=("facilitator_changes", "facilitator_imbalance", "facilitator_travel"),
    ),
    RuleDef(
        "P6",
        "preference",
        ("cohorts",),
        "municipalities' wishes: cohorts they cannot attend (hard) or prefer (soft)",
        "kommunenes ønsker: kull de ikke kan delta i (hardt) eller foretrekker (mykt)",
        terms=("wish_misses",),
        relaxations=("drop_wish",),
    ),
    RuleDef(
        "P7",
        "preference",
        ("cohorts",),
        "cost: venue rental, overnight stays and travel",
        "kostnad: leie av lokaler, overnatting og reise",
        coverage="reported",
        note="priced by `budget` from every plan; the travel terms of P1 are what a plan changes",
    ),
    RuleDef(
        "P8",
        "preference",
        ("groups",),
        "roles mixed in groups: HR, ICT and union spread, nobody the only one of their role",
        "roller blandet i gruppene: HR, IKT og tillitsvalgte spredt, ingen alene om sin rolle",
        coverage="partly",
        terms=("role_spread", "role_loners", "role_similar"),
        note="per attribute (target_group, role) one rule of groups.mix: spread, cluster (no"
        " group with exactly one of a value), similar or ignore; default: target_group cluster;"
        " the sequential hint and fallback (municipality level) does not see it",
    ),
    RuleDef(
        "T1",
        "hard",
        ("politicians",),
        "each municipality's politicians are in exactly one session, after their cohort ends",
        "hver kommunes folkevalgte er i nøyaktig én samling, etter at kullet er ferdig",
        coverage="partly",
        note="the administration resource's attendance is not yet modelled",
    ),
    RuleDef(
        "T2",
        "hard",
        ("politicians",),
        "between the configured fewest and most sessions, at allowed venues and days, each"
        " within its room (politicians and administration resources) and size limit, at most"
        " the configured number per venue and evening",
        "mellom færrest og flest konfigurerte samlinger, på tillatte steder og dager, hver"
        " innenfor rommet (folkevalgte og administrasjonsressurser) og størrelsesgrensen, høyst"
        " konfigurert antall per sted og kveld",
    ),
    RuleDef(
        "T3",
        "preference",
        ("politicians",),
        "little travel for politicians, neighbouring municipalities together, few sessions,"
        " sessions soon after the cohort ends",
        "lite reising for de folkevalgte, nabokommuner sammen, få samlinger, samling kort tid"
        " etter at kullet er ferdig",
        terms=(
            "politician_travel",
            "politician_wait",
            "politician_session_count",
            "politician_regions",
        ),
        note="neighbours are municipalities of one region (Municipality.region); at most"
        " max_per_evening sessions at a venue on one evening is a hard limit (T2)",
    ),
)

#: Every rule by label, in the order of the domain page.
RULES: dict[str, RuleDef] = {rule.label: rule for rule in _RULES}


def rule(label: str) -> RuleDef:
    """The definition of ``label``; a sub-label such as ``H4.one_group`` names its rule ``H4``."""
    return RULES[label.partition(".")[0]]


def label_of(key: str) -> str:
    """The rule label of a check key or sub-label (``"H5.window"`` → ``"H5"``)."""
    return key.partition(".")[0]


def rules_of_stage(stage: str) -> list[RuleDef]:
    """The rules that belong to ``stage``, in registry order."""
    return [r for r in _RULES if stage in r.stages]


def rule_of_term(term: str) -> RuleDef | None:
    """The rule whose objective term ``term`` is, or None for a term without a rule."""
    return next((r for r in _RULES if term in r.terms), None)


__all__ = [
    "RULES",
    "Coverage",
    "Lang",
    "RuleDef",
    "RuleKind",
    "Stage",
    "label_of",
    "rule",
    "rule_of_term",
    "rules_of_stage",
]
