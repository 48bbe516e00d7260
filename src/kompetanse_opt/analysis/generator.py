"""Synthetic larger regions, deterministic by seed: ``scale`` districts shaped like Vestland.

``generate(scale=5, seed=1)`` gives 5 × 43 = 215 municipalities, 5 × 200 = 1 000 participants and
5 × 3 = 15 venues; ``scale=10`` gives 430, 2 000 and 30. The rule, so anyone can reproduce it:

* **Districts.** District ``d`` (0-based) is a copy of the 43 Vestland municipalities, shifted
  ``LAT_STEP`` degrees north per grid row and ``LON_STEP`` east per grid column (the grid is
  ``ceil(sqrt(scale))`` columns wide), so neighbouring districts touch as neighbouring counties
  do. Each centre is jittered by a normal ``JITTER_DEG`` degrees in latitude and longitude.
* **Municipalities.** Numbered 1001, 1002, ... in district order; the name is the template's with
  the district number, the region is ``R<d> <template region>``. Population is the template's
  times a log-normal factor (sigma ``POPULATION_SIGMA``), at least 200.
* **Participants.** 200 per district in total: every municipality sends its minimum team of 4
  (chief executive, HR, ICT, union) and the rest are spread by the square root of population
  (largest remainder, ties by number), then given roles by
  :func:`~kompetanse_opt.model.vestland.synthetic_participants`.
* **Venues.** Per district a hub where the Bergen copy is (no limit) and two smaller venues where
  the Førde and Stord copies are (one gathering each), as in the seed.
* **Sets.** The Vestland ICT cooperations are copied per district as soft together-sets.
* **Travel** is written inline, from straight-line distance with a speed model fitted to the
  shipped Vestland graph: ``minutes = 15 + 1.77 × km`` (least squares over its 129
  municipality-venue pairs, R² = 0.93; the 1.77 minutes per straight-line km stands for winding
  fjord roads and ferries), rounded half up.
* **Cohorts**: 4 per district of at most ``capacity`` (default 52). Vestland's 200 in 4 × 50 is
  exactly full, a coincidence of round numbers that makes every cohort a subset-sum puzzle; a
  larger region rarely is, so the default leaves 4 % slack. ``capacity=50`` gives the exactly
  full case.
* **The programme around the cohorts** (``all_stages=True``, so that every stage has data; off by
  default, which keeps the cohorts-and-groups instance of earlier sessions): the embedded
  data's calendar, content catalogue and speaker settings; per district a copy of its first
  ``FACILITATORS_PER_DISTRICT`` facilitators and of its speaker pool (homes renamed to the
  district's copies); cohorts staggered ``STAGGER_DAYS // (2 × scale)`` days apart with at
  most 2 running per district at a time, and at most
  ``SESSIONS_PER_DISTRICT`` politicians' sessions per district. No random numbers are drawn
  for it, so the cohorts' part of the instance is the same either way.

:func:`district_overrides` cuts one district out of a generated region as scenario overrides, so
that a sweep can plan a region's districts as variants (``docs/sweeps.md``).

Only ``random.Random(seed)`` draws numbers, in a fixed order, so the same scale and seed give the
same instance on any machine.
"""

from __future__ import annotations

import math
import random
from typing import Any

from kompetanse_opt.model.calendar_settings import Facilitator
from kompetanse_opt.model.content import default_catalogue
from kompetanse_opt.model.instance import (
    CohortSettings,
    Instance,
    Municipality,
    SolverSettings,
    TogetherSet,
    TravelEntry,
    TravelSettings,
    Venue,
)
from kompetanse_opt.model.speakers import Speaker
from kompetanse_opt.model.vestland import (
    BERGEN,
    CALENDAR,
    FACILITATORS,
    VENUES,
    MunicipalityFacts,
    example_speaker_settings,
    example_speakers,
    ict_cooperation_sets,
    municipality_facts,
    synthetic_participants,
)

LAT_STEP = 2.5
LON_STEP = 3.2
JITTER_DEG = 0.03
POPULATION_SIGMA = 0.25
MINIMUM_TEAM = 4
PARTICIPANTS_PER_DISTRICT = 200
BASE_MINUTES = 15.0
MINUTES_PER_KM = 1.77
EARTH_RADIUS_KM = 6371.0
MAX_SCALE = 50
DEFAULT_CAPACITY = 52
#: Where each shipped venue sits in the template (the municipality it is in).
VENUE_HOME = {"bergen": BERGEN, "forde": "4647", "stord": "4614"}
#: Facilitators per district (``all_stages``): 3 of the embedded 4, so that each can serve 4
#: cohorts without every one being needed at every cohort (the embedded pool is exactly tight).
FACILITATORS_PER_DISTRICT = 3
#: Days between cohort starts at scale 1 (the embedded data's 8 weeks); at scale s > 1 this
#: divided by 2s, so that 4s cohorts start and finish inside the embedded data's horizon (its
#: school holidays and quiet weeks leave too few start days for 56 / s: 40 cohorts 5 days apart
#: cannot finish by June 2026).
STAGGER_DAYS = 56
#: The politicians' sessions a district may have at most (the embedded data's 8).
SESSIONS_PER_DISTRICT = 8


def straight_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def synthetic_minutes(km: float) -> int:
    return math.floor(BASE_MINUTES + MINUTES_PER_KM * km + 0.5)


def apportion(municipalities: list[Municipality], total: int) -> dict[str, int]:
    """Minimum team each, the rest by the square root of population (Hamilton's method)."""
    extra = total - MINIMUM_TEAM * len(municipalities)
    if extra < 0:
        raise ValueError(f"{total} participants cannot give {len(municipalities)} teams of 4")
    weights = {m.id: math.sqrt(m.population) for m in municipalities}
    scale = extra / sum(weights.values())
    quotas = {mid: w * scale for mid, w in weights.items()}
    seats = {mid: math.floor(q) for mid, q in quotas.items()}
    left = extra - sum(seats.values())
    for mid in sorted(quotas, key=lambda mid: (-(quotas[mid] - seats[mid]), mid))[:left]:
        seats[mid] += 1
    return {m.id: MINIMUM_TEAM + seats[m.id] for m in municipalities}


def generate(
    scale: int, seed: int = 1, capacity: int = DEFAULT_CAPACITY, *, all_stages: bool = False
) -> Instance:
    """A region of ``scale`` Vestland-shaped districts (see the module docstring);
    ``all_stages`` adds the calendar, facilitators, content and speakers every later stage needs."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be 1..{MAX_SCALE}, got {scale}")
    rng = random.Random(seed)
    facts = municipality_facts()
    columns = math.ceil(math.sqrt(scale))
    municipalities: list[Municipality] = []
    venues: list[Venue] = []
    together: list[TogetherSet] = []
    participants = []
    renames: list[dict[str, str]] = []
    for d in range(scale):
        row, column = divmod(d, columns)
        district, renamed = _district_municipalities(
            facts, d, 1001 + len(municipalities), (row * LAT_STEP, column * LON_STEP), rng
        )
        venues += _district_venues(d, district, renamed)
        together += _district_sets(facts, d, renamed)
        participants += synthetic_participants(
            district, apportion(district, PARTICIPANTS_PER_DISTRICT)
        )
        municipalities += district
        renames.append(renamed)
    instance = Instance(
        name=f"Synthetic region: {scale}× Vestland (seed {seed})",
        municipalities=municipalities,
        participants=participants,
        venues=venues,
        cohorts=CohortSettings(count=4 * scale, capacity=capacity, gatherings=2),
        together=together,
        solver=SolverSettings(time_limit=60.0),
        travel=TravelSettings(matrix=_travel_entries(municipalities, venues)),
    )
    return with_programme(instance, renames) if all_stages else instance


def with_programme(instance: Instance, renames: list[dict[str, str]]) -> Instance:
    """``instance`` (one district per entry of ``renames``: template id -> its id) with the
    calendar, facilitators, content and speakers of the embedded data, scaled as the module
    docstring says."""
    scale = len(renames)
    assert CALENDAR.politicians is not None
    calendar = CALENDAR.model_copy(
        update={
            "stagger_min_days": STAGGER_DAYS if scale == 1 else STAGGER_DAYS // (2 * scale),
            "max_concurrent_cohorts": 2 * scale,
            "politicians": CALENDAR.politicians.model_copy(
                update={"max_sessions": SESSIONS_PER_DISTRICT * scale}
            ),
        }
    )
    facilitators = [
        Facilitator(id=f"r{d + 1}-{f.id}", name=f"{f.name} {d + 1}", home=renamed[f.home or BERGEN])
        for d, renamed in enumerate(renames)
        for f in FACILITATORS[:FACILITATORS_PER_DISTRICT]
    ]
    speakers = [
        _district_speaker(s, d, renamed)
        for d, renamed in enumerate(renames)
        for s in example_speakers()
    ]
    # Built again (not model_copy) so that the instance's cross-checks see the new parts.
    return Instance(
        **{
            **dict(instance),
            "calendar": calendar,
            "facilitators": facilitators,
            "content": default_catalogue(),
            "speakers": speakers,
            "speaker_settings": example_speaker_settings(),
        }
    )


def _district_speaker(speaker: Speaker, d: int, renamed: dict[str, str]) -> Speaker:
    """District ``d``'s copy of an example speaker (a home outside the template stays)."""
    home = renamed.get(speaker.home, speaker.home) if speaker.home else None
    return speaker.model_copy(
        update={"id": f"r{d + 1}-{speaker.id}", "name": f"{speaker.name} {d + 1}", "home": home}
    )


def _district_municipalities(
    facts: tuple[MunicipalityFacts, ...],
    d: int,
    first_id: int,
    shift: tuple[float, float],
    rng: random.Random,
) -> tuple[list[Municipality], dict[str, str]]:
    """District ``d``'s copies of the template municipalities, numbered from ``first_id`` and
    shifted by ``shift`` (degrees north, east), and the template id -> new id map.

    Draws from ``rng`` per municipality, in template order: population factor, then latitude
    and longitude jitter.
    """
    shift_lat, shift_lon = shift
    renamed: dict[str, str] = {}
    district: list[Municipality] = []
    for f in facts:
        t = f.municipality
        new_id = str(first_id + len(district))
        renamed[t.id] = new_id
        district.append(
            Municipality(
                id=new_id,
                name=f"{t.name} {d + 1}",
                population=max(200, round(t.population * rng.lognormvariate(0, POPULATION_SIGMA))),
                lat=round(t.lat + shift_lat + rng.gauss(0, JITTER_DEG), 4),
                lon=round(t.lon + shift_lon + rng.gauss(0, JITTER_DEG), 4),
                region=f"R{d + 1} {t.region}",
            )
        )
    return district, renamed


def _district_venues(d: int, district: list[Municipality], renamed: dict[str, str]) -> list[Venue]:
    """District ``d``'s copies of the shipped venues, each where its home municipality's copy is."""
    by_id = {m.id: m for m in district}
    venues: list[Venue] = []
    for v in VENUES:
        home = by_id[renamed[VENUE_HOME[v.id]]]
        venues.append(
            v.model_copy(
                update={
                    "id": f"r{d + 1}-{v.id}",
                    "name": f"{v.name} {d + 1}",
                    "lat": home.lat,
                    "lon": home.lon,
                }
            )
        )
    return venues


def _district_sets(
    facts: tuple[MunicipalityFacts, ...], d: int, renamed: dict[str, str]
) -> list[TogetherSet]:
    """District ``d``'s copies of the ICT cooperations (soft together-sets)."""
    return [
        s.model_copy(
            update={
                "id": f"r{d + 1}-{s.id}",
                "name": f"{s.name} {d + 1}",
                "municipalities": [renamed[m] for m in s.municipalities],
            }
        )
        for s in ict_cooperation_sets(facts)
    ]


def _travel_entries(municipalities: list[Municipality], venues: list[Venue]) -> list[TravelEntry]:
    """Every municipality-venue pair's minutes from straight-line distance (the speed model)."""
    return [
        TravelEntry(
            municipality=m.id,
            venue=v.id,
            minutes=synthetic_minutes(straight_km(m.lat, m.lon, v.lat, v.lon)),
        )
        for m in municipalities
        for v in venues
    ]


def district_overrides(instance: Instance, district: int) -> dict[str, Any]:
    """Scenario overrides (``analysis/scenarios.py``) that cut ``instance``, a region made by
    :func:`generate`, down to its ``district`` (1-based): that district's municipalities,
    participants, venues, sets, travel, 4 cohorts and, with ``all_stages``, its facilitators
    and speakers with the embedded data's calendar (a Vestland-sized instance)."""
    prefix = f"r{district}-"
    inside = {m.id for m in instance.municipalities if m.region.startswith(f"R{district} ")}
    if not inside:
        raise ValueError(f"no district {district} in {instance.name!r}")
    venues = [v for v in instance.venues if v.id.startswith(prefix)]
    ids = {v.id for v in venues}
    out: dict[str, Any] = {
        "municipalities": [m for m in instance.municipalities if m.id in inside],
        "participants": [p for p in instance.participants if p.municipality in inside],
        "venues": venues,
        "together": [s for s in instance.together if s.id.startswith(prefix)],
        "travel.matrix": [
            e for e in instance.travel.matrix or [] if e.municipality in inside and e.venue in ids
        ],
        "cohorts.count": 4,
    }
    if instance.calendar is not None:
        out["facilitators"] = [f for f in instance.facilitators if f.id.startswith(prefix)]
        out["speakers"] = [s for s in instance.speakers if s.id.startswith(prefix)]
    # Plain data, as a scenario file holds it.
    plain = {
        path: [v.model_dump(mode="json") for v in value] if isinstance(value, list) else value
        for path, value in out.items()
    }
    if instance.calendar is not None:
        plain["calendar"] = CALENDAR.model_dump(mode="json")  # every field: merged, it replaces
    return plain
