"""The embedded DigiVestland instance: 43 municipalities, 200 synthetic participants, 3 venues.

The municipalities (number, name, population 1 Jan 2024, centre coordinates, region, ICT
cooperation) are copied from the project's fact sheet into ``data/vestland_municipalities.csv``.
Participants are synthetic, made by a deterministic rule (no randomness), documented in
:func:`participant_counts` and :func:`synthetic_participants`.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kompetanse_opt.core.text import slug
from kompetanse_opt.model.calendar_settings import CalendarSettings, Facilitator, PoliticianSettings
from kompetanse_opt.model.content import default_catalogue
from kompetanse_opt.model.instance import (
    CohortSettings,
    Instance,
    Municipality,
    Participant,
    TogetherSet,
    Venue,
)
from kompetanse_opt.model.speakers import Speaker, SpeakerSettings

#: Service areas ("tjenesteområder") used for discussion groups.
SERVICE_AREAS: tuple[str, ...] = (
    "health_care",
    "education",
    "technical",
    "culture",
    "staff_support",
)

#: The example speaker pool (fictional people and firms) shipped in the package data.
SPEAKERS_FILE = "speakers_vestland.yaml"
BERGEN = "4601"
#: Bergen trains its own levels below top management, so it sends its top management only.
BERGEN_TOP_MANAGEMENT = 8
#: HR, ICT and chief union representative (target groups 2, 3 and 4).
REPRESENTATIVES = ("hr", "ict", "union")
SEED_TOTAL_PARTICIPANTS = 200

VENUES: tuple[Venue, ...] = (
    Venue(id="bergen", name="Bergen", lat=60.393, lon=5.324),
    Venue(id="forde", name="Førde", lat=61.452, lon=5.857, max_gatherings=1),
    Venue(id="stord", name="Stord (Leirvik)", lat=59.780, lon=5.500, max_gatherings=1),
)

#: A synthetic facilitator pool, one per home municipality of the seed's working group members.
FACILITATORS: tuple[Facilitator, ...] = (
    Facilitator(id="fasilitator-bergen", name="Fasilitator Bergen", home="4601"),
    Facilitator(id="fasilitator-bomlo", name="Fasilitator Bømlo", home="4613"),
    Facilitator(id="fasilitator-oygarden", name="Fasilitator Øygarden", home="4626"),
    Facilitator(id="fasilitator-hoyanger", name="Fasilitator Høyanger", home="4638"),
)

#: The seed's calendar: defaults (Q1 2025 start, 4-month cohorts, Vestland school holidays), a new
#: cohort at most every 8 weeks so the programme runs through 2025 as the seed plans (with the
#: default 2 weeks all four cohorts would be done by June), and the politicians' sessions the
#: model chooses (each municipality's politicians and administration resource in rooms of 60).
CALENDAR = CalendarSettings(stagger_min_days=56, politicians=PoliticianSettings())


@dataclass(frozen=True)
class MunicipalityFacts:
    municipality: Municipality
    ict_cooperation: str


@cache
def municipality_facts() -> tuple[MunicipalityFacts, ...]:
    text = resources.files("kompetanse_opt.data").joinpath("vestland_municipalities.csv")
    rows = list(csv.DictReader(text.read_text(encoding="utf-8").splitlines()))
    return tuple(
        MunicipalityFacts(
            Municipality(
                id=row["kommunenummer"],
                name=row["name"],
                population=int(row["population"]),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                region=row["region"],
            ),
            row["ict_cooperation"].strip(),
        )
        for row in rows
    )


def participant_counts(
    municipalities: list[Municipality], total: int = SEED_TOTAL_PARTICIPANTS
) -> dict[str, int]:
    """How many people each municipality sends, adding up to exactly ``total``.

    The rule: Bergen sends its top management (8). Every other municipality sends its chief
    executive plus one HR, one ICT and one union representative (4 each). The seats left over
    go to extra leadership-team members, apportioned by the square root of population with the
    largest-remainder (Hamilton) method, so larger municipalities send larger teams without
    the big ones taking everything. Ties break by municipality number, which keeps it deterministic.
    """
    others = [m for m in municipalities if m.id != BERGEN]
    base = {m.id: 1 + len(REPRESENTATIVES) for m in others}
    if any(m.id == BERGEN for m in municipalities):
        base[BERGEN] = BERGEN_TOP_MANAGEMENT
    extra = total - sum(base.values())
    if extra < 0:
        raise ValueError(f"total {total} is below the minimum of {sum(base.values())}")
    weights = {m.id: math.sqrt(m.population) for m in others}
    scale = extra / sum(weights.values()) if weights else 0.0
    quotas = {mid: w * scale for mid, w in weights.items()}
    seats = {mid: math.floor(q) for mid, q in quotas.items()}
    left = extra - sum(seats.values())
    by_remainder = sorted(quotas, key=lambda mid: (-(quotas[mid] - seats[mid]), mid))
    for mid in by_remainder[:left]:
        seats[mid] += 1
    return {mid: base[mid] + seats.get(mid, 0) for mid in base}


_LEADER_AREAS = ("health_care", "education", "technical", "culture")


def synthetic_participants(
    municipalities: list[Municipality], counts: dict[str, int]
) -> list[Participant]:
    """Participants with roles, target groups and service areas by a fixed rule.

    The chief executive and HR sit in staff and support; extra leaders take health and care,
    education, technical services and culture in turn; the ICT representative is technical; the
    union representative alternates between health and care and education (the largest unions),
    by the municipality's position in the list.
    """
    people: list[Participant] = []
    for index, m in enumerate(municipalities):
        n = counts[m.id]
        roles: list[tuple[str, int, str]] = [("kommunedirektør", 1, "staff_support")]
        reps = 0 if m.id == BERGEN else len(REPRESENTATIVES)
        for j in range(n - 1 - reps):
            roles.append(("leader", 1, _LEADER_AREAS[j % len(_LEADER_AREAS)]))
        if reps:
            union_area = "health_care" if index % 2 == 0 else "education"
            roles += [("hr", 2, "staff_support"), ("ict", 3, "technical"), ("union", 4, union_area)]
        for k, (role, group, area) in enumerate(roles, start=1):
            people.append(
                Participant(
                    id=f"{m.id}-{k:02d}",
                    municipality=m.id,
                    target_group=group,
                    service_area=area,
                    role=role,
                )
            )
    return people


def ict_cooperation_sets(facts: tuple[MunicipalityFacts, ...]) -> list[TogetherSet]:
    """The known ICT cooperations as *soft* together-sets: their membership is uncertain."""
    members: dict[str, list[str]] = {}
    for f in facts:
        if f.ict_cooperation:
            members.setdefault(f.ict_cooperation, []).append(f.municipality.id)
    return [
        TogetherSet(id=slug(name), name=name, municipalities=ids, hard=False)
        for name, ids in members.items()
        if len(ids) >= 2
    ]


def vestland_instance() -> Instance:
    """The DigiVestland programme as the seed describes it (4 cohorts of 50, Førde 1, Stord 1)."""
    facts = municipality_facts()
    municipalities = [f.municipality for f in facts]
    counts = participant_counts(municipalities)
    return Instance(
        name="DigiVestland 2025",
        municipalities=municipalities,
        participants=synthetic_participants(municipalities, counts),
        venues=list(VENUES),
        cohorts=CohortSettings(count="auto", capacity=50, gatherings=2),
        together=ict_cooperation_sets(facts),
        calendar=CALENDAR,
        facilitators=list(FACILITATORS),
        content=default_catalogue(),
        speakers=list(example_speakers()),
        speaker_settings=example_speaker_settings(),
    )


@cache
def _speaker_data() -> dict[str, Any]:
    text = resources.files("kompetanse_opt.data").joinpath(SPEAKERS_FILE).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def example_speakers() -> tuple[Speaker, ...]:
    """The shipped example pool (fictional names: ``data/speakers_vestland.yaml``): speakers and
    guest presenters."""
    data = _speaker_data()
    guests = [{**g, "kind": "guest"} for g in data.get("guests", [])]
    return tuple(Speaker.model_validate(s) for s in [*data["speakers"], *guests])


def example_speaker_settings() -> SpeakerSettings:
    """The example pool's themes per gathering and guest slots."""
    return SpeakerSettings.model_validate(_speaker_data()["settings"])
