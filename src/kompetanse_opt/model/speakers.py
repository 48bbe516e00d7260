"""The speaker pool (rule H10): who can present which capability, when, from where, at what fee.

The seed budgets "en foredragsholder per fysisk samling": one speaker at every physical gathering.
A :class:`Speaker` of kind ``speaker`` can be that one speaker; a ``guest`` is an invited
municipality or firm with a story for a capability ("inviterte virksomheter/kommuner"), an
optional extra slot at a gathering that never replaces the speaker. Without a pool (the default)
a plan keeps the placeholder ids ``speaker-<cohort>-<index>`` of the calendar stage.

Capabilities are ids of the framework's 16 capabilities (:data:`DEFAULT_CAPABILITIES`), or of the
instance's content catalogue when it has one. :class:`SpeakerSettings` says which capabilities
each gathering needs (any one of them matches; none listed = any speaker fits) and how many guest
slots a gathering has. Cross-references are checked in :func:`check_speakers`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Iterable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.calendar_settings import DateRange

_Identifier = Annotated[str, Field(min_length=1, max_length=lim.MAX_IDENTIFIER)]
_Kommunenummer = Annotated[str, Field(pattern=r"^\d{4}$")]

#: The framework's 16 capabilities (version 2024), by area; the ids used when the instance has no
#: content catalogue of its own. The last three are the working group's 2024 additions.
DEFAULT_CAPABILITIES: tuple[str, ...] = (
    "digital_vision",
    "ecosystem",
    "end_customer",
    "multiplicity_leadership",
    "ambidexterity",
    "agile",
    "competence_development",
    "meaningful_frames",
    "transformation_leadership",
    "tech_foresight",
    "it_orchestration",
    "data_driven",
    "tech_leadership",
    "partnership",
    "benefits",
    "change_management",
)
#: Road speed and detour factor for a home given as coordinates (no travel matrix entry).
CROW_KMH, DETOUR = 60.0, 1.3


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Speaker(_Strict):
    """A person (or, for a guest, an organisation) who presents at physical gatherings."""

    id: _Identifier
    name: str = Field(min_length=1, max_length=lim.MAX_NAME)
    kind: Literal["speaker", "guest"] = Field(
        default="speaker",
        description="speaker: can be a gathering's one speaker (H10); guest: an optional extra"
        " slot (an invited municipality or firm with a story)",
    )
    organisation: str = Field(default="", max_length=lim.MAX_NAME)
    capabilities: list[_Identifier] = Field(min_length=1, max_length=100)
    available: list[DateRange] = Field(
        default_factory=list,
        max_length=lim.MAX_LIST,
        description="date ranges the speaker can come; empty = any day",
    )
    unavailable: list[DateRange] = Field(default_factory=list, max_length=lim.MAX_LIST)
    home: _Kommunenummer | None = Field(
        default=None, description="home municipality (travel from the matrix)"
    )
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    fee: int = Field(default=0, ge=0, le=10**9, description="NOK per gathering")
    max_gatherings: int | None = Field(
        default=None, ge=1, le=lim.MAX_COHORTS * 6, description="null = any (a guest: 1)"
    )

    @model_validator(mode="after")
    def _coordinates_paired(self) -> Speaker:
        if (self.lat is None) != (self.lon is None):
            raise ValueError(msg("give both lat and lon, or neither"))
        if self.home is not None and self.lat is not None:
            raise ValueError(msg("give home or lat/lon, not both"))
        return self

    @property
    def slots(self) -> int | None:
        """Gatherings this person may take (a guest comes once unless told otherwise)."""
        if self.max_gatherings is None and self.kind == "guest":
            return 1
        return self.max_gatherings

    def is_available(self, day: dt.date) -> bool:
        if any(r.start <= day <= r.last for r in self.unavailable):
            return False
        return not self.available or any(r.start <= day <= r.last for r in self.available)

    def available_on(self, days: Iterable[dt.date]) -> bool:
        return all(self.is_available(d) for d in days)

    def can_present(self, needs: Iterable[str]) -> bool:
        """True when the gathering needs nothing in particular or one of the capabilities."""
        wanted = set(needs)
        return not wanted or bool(wanted & set(self.capabilities))


class GatheringTheme(_Strict):
    """The capabilities gathering ``gathering`` (1-based, every cohort) is about."""

    gathering: int = Field(ge=1, le=6)
    capabilities: list[_Identifier] = Field(min_length=1, max_length=100)


class SpeakerSettings(_Strict):
    """What each gathering needs of its speaker, and the guests' slots."""

    themes: list[GatheringTheme] = Field(
        default_factory=list,
        max_length=6,
        description="per gathering index: the capabilities its speaker must cover (any one);"
        " a gathering without a theme takes any speaker",
    )
    guests_per_gathering: int = Field(default=1, ge=0, le=10)

    def needs(self, gathering: int) -> tuple[str, ...]:
        for theme in self.themes:
            if theme.gathering == gathering:
                return tuple(theme.capabilities)
        return ()


def known_capabilities(instance: Any) -> set[str]:
    """The capability ids of the instance's content catalogue, or the framework's 16."""
    content = getattr(instance, "content", None)
    capabilities = getattr(content, "capabilities", None)
    if capabilities:
        return {c.id for c in capabilities}
    return set(DEFAULT_CAPABILITIES)


def crow_minutes(lat: float, lon: float, to_lat: float, to_lon: float) -> int:
    """Minutes by road, estimated from the great-circle distance (detour 1.3, 60 km/h)."""
    p1, p2 = math.radians(lat), math.radians(to_lat)
    dp, dl = p2 - p1, math.radians(to_lon - lon)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))
    return round(km * DETOUR / CROW_KMH * 60)


def _overlaps(ranges: list[DateRange]) -> list[tuple[int, int]]:
    order = sorted(range(len(ranges)), key=lambda i: ranges[i].start)
    return [(a, b) for a, b in itertools.pairwise(order) if ranges[b].start <= ranges[a].last]


def _speaker_problems(
    i: int, s: Speaker, capabilities: set[str], municipalities: set[str]
) -> list[Problem]:
    where = f"speakers[{i}]"
    out = [
        Problem(f"{where}.capabilities[{j}]", msg("unknown capability '{id}'", id=c))
        for j, c in enumerate(s.capabilities)
        if c not in capabilities
    ]
    if s.home is not None and s.home not in municipalities:
        out.append(
            Problem(
                f"{where}.home",
                msg(
                    "unknown municipality '{home}' (give lat/lon for a home outside the instance)",
                    home=s.home,
                ),
            )
        )
    for field, ranges in (("available", s.available), ("unavailable", s.unavailable)):
        for a, b in _overlaps(ranges):
            out.append(
                Problem(
                    f"{where}.{field}[{b}]",
                    msg(
                        "overlaps {field}[{index}] ({start}..{last})",
                        field=field,
                        index=a,
                        start=ranges[a].start,
                        last=ranges[a].last,
                    ),
                )
            )
    return out


def check_speakers(instance: Any) -> list[Problem]:
    """Located problems of the pool: duplicate ids, unknown capabilities or homes, overlapping
    ranges, themes of gatherings the cohorts do not have."""
    pool: list[Speaker] = list(getattr(instance, "speakers", []))
    settings: SpeakerSettings = instance.speaker_settings
    capabilities = known_capabilities(instance)
    municipalities = {m.id for m in instance.municipalities}
    dupes = {k for k, n in Counter(s.id for s in pool).items() if n > 1}
    out = [
        Problem(f"speakers[{i}].id", msg("duplicate id '{id}'", id=s.id))
        for i, s in enumerate(pool)
        if s.id in dupes
    ]
    for i, s in enumerate(pool):
        out += _speaker_problems(i, s, capabilities, municipalities)
    gatherings = instance.cohorts.gatherings
    for t, theme in enumerate(settings.themes):
        where = f"speaker_settings.themes[{t}]"
        if theme.gathering > gatherings:
            out.append(
                Problem(
                    f"{where}.gathering",
                    msg(
                        "{gathering} > cohorts.gatherings {gatherings}",
                        gathering=theme.gathering,
                        gatherings=gatherings,
                    ),
                )
            )
        out += [
            Problem(f"{where}.capabilities[{j}]", msg("unknown capability '{id}'", id=c))
            for j, c in enumerate(theme.capabilities)
            if c not in capabilities
        ]
    indices = [theme.gathering for theme in settings.themes]
    out += [
        Problem("speaker_settings.themes", msg("gathering {gathering} has two themes", gathering=g))
        for g, n in Counter(indices).items()
        if n > 1
    ]
    return out


def speaker_pins(instance: Any) -> dict[tuple[int, int], str]:
    """(cohort, gathering) -> pinned speaker id, from ``instance.pins.speakers`` when the
    instance's pins have such a list (entries with ``cohort``, ``gathering`` and ``speaker``)."""
    pins = getattr(getattr(instance, "pins", None), "speakers", None) or []
    return {(p.cohort, p.gathering): p.speaker for p in pins}


def guest_pins(instance: Any) -> dict[tuple[int, int], list[str]]:
    """(cohort, gathering) -> its pinned guests, exactly, where a speaker pin lists them."""
    pins = getattr(getattr(instance, "pins", None), "speakers", None) or []
    return {(p.cohort, p.gathering): list(p.guests) for p in pins if p.guests is not None}


def main_module(instance: Any, gathering: int, cohort_plan: Any = None) -> Any:
    """The main module of the gathering when the cohort's plan has a learning path and the
    instance a content catalogue (the ``learning`` stage), else None."""
    path = getattr(cohort_plan, "learning_path", None)
    main = path.main_module(gathering) if path is not None else None
    modules = getattr(getattr(instance, "content", None), "modules", None) or []
    return next((m for m in modules if m.id == main), None) if main else None


def gathering_needs(instance: Any, gathering: int, cohort_plan: Any = None) -> tuple[str, ...]:
    """The capabilities gathering ``gathering`` needs of its speaker (any one; empty = any
    speaker): its main module's when the plan has a learning path, else the configured theme's."""
    module = main_module(instance, gathering, cohort_plan)
    if module is not None:
        return tuple(module.capabilities)
    settings: SpeakerSettings = instance.speaker_settings
    return settings.needs(gathering)


def eligible(
    instance: Any,
    cohort: int,
    gathering: int,
    days: list[dt.date],
    kind: str = "speaker",
    cohort_plan: Any = None,
) -> list[Speaker]:
    """The pool's people of ``kind`` who can present the gathering and are free on its days
    (a pinned speaker is the only candidate of its gathering)."""
    needs = gathering_needs(instance, gathering, cohort_plan)
    pinned = speaker_pins(instance).get((cohort, gathering)) if kind == "speaker" else None
    return [
        s
        for s in instance.speakers
        if s.kind == kind
        and (pinned is None or s.id == pinned)
        and s.can_present(needs)
        and s.available_on(days)
    ]
