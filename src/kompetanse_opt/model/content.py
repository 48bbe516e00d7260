"""The content catalogue: capabilities, modules, the hour frame and session lengths (rule H9).

The seed packages the framework's 16 capabilities ("evner", version 2024) into a learning path of
self-study, two lunch-to-lunch gatherings, a local half day and a closing half day on Teams,
30–35 hours per participant. A :class:`ContentCatalogue` says what the path is made of:

* :class:`Capability`: id, Norwegian and English name, area (strategy, organisation,
  technology, leadership);
* :class:`Module`: capabilities packaged in one format (self-study, a session at a gathering,
  the local session, the closing session), its hours (per target group where they differ: target
  group 1 covers some capabilities at overview level only), its position in the figure that reads
  left to right (``order``) and its prerequisites (self-study before the session that builds on
  it);
* :class:`DeepDive`: recommended further study for target groups 2–4, listed but outside the frame
  ("fordypning går da ut over timerammen");
* :class:`HourFrame`, :class:`SessionLengths`, :class:`SelfStudySettings`: the frame per target
  group (default 30–35 h), what a session holds (lunch to lunch about 8 h of programme, a half day
  3.5 h), and how much self-study fits a week.

Cross-references (unknown capabilities, cyclic prerequisites, ...) are checked with located
messages in :mod:`kompetanse_opt.model.content_validation`. The DigiVestland catalogue ships as
``data/content_vestland.yaml`` (:func:`default_catalogue`). All hours are stored as given and
counted in whole minutes (:func:`minutes`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.i18n import msg

Area = Literal["strategy", "organisation", "technology", "leadership"]
#: Where a module is done: alone between sessions, or at a session of the cohort.
ModuleFormat = Literal["self_study", "gathering_session", "local_session", "closing_session"]
#: The session kind of the calendar template each session format goes into.
SESSION_OF_FORMAT: dict[str, str] = {
    "gathering_session": "gathering",
    "local_session": "local",
    "closing_session": "closing",
}
TargetGroup = Annotated[int, Field(ge=1, le=4, description="1 leadership, 2 HR, 3 ICT, 4 union")]
#: The target groups of the leaders' programme.
TARGET_GROUPS: tuple[int, ...] = (1, 2, 3, 4)
DEFAULT_CONTENT_FILE = "content_vestland.yaml"

_Identifier = Annotated[str, Field(min_length=1, max_length=lim.MAX_IDENTIFIER)]
_Name = Annotated[str, Field(min_length=1, max_length=lim.MAX_NAME)]
_Text = Annotated[str, Field(max_length=lim.MAX_NAME)]
#: Hours of one module or session: at most a working week, counted in whole minutes.
_Hours = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


def minutes(hours: float) -> int:
    """Hours as whole minutes (how every hour is counted)."""
    return round(hours * 60)


def hours_text(minutes_: int) -> str:
    """Minutes as hours for people: '37.5 h', '4 h'."""
    value = round(minutes_ / 60, 2)
    return f"{value:g} h"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Capability(_Strict):
    """One capability ("evne") of the framework."""

    id: _Identifier
    name_nb: _Name
    name_en: _Name
    area: Area
    note: _Text = ""


class Module(_Strict):
    """Capabilities packaged in one format, with its hours and its place in the path."""

    id: _Identifier
    name_nb: _Name
    name_en: _Text = ""
    format: ModuleFormat
    capabilities: list[_Identifier] = Field(min_length=1, max_length=lim.MAX_LIST)
    hours: _Hours = Field(description="hours for a participant of each target group it is for")
    hours_by_group: dict[TargetGroup, _Hours] = Field(
        default_factory=dict,
        description="hours where a target group differs (e.g. overview level for group 1)",
    )
    target_groups: list[TargetGroup] = Field(
        default_factory=lambda: list(TARGET_GROUPS), min_length=1, max_length=4
    )
    order: int = Field(ge=0, le=lim.MAX_LIST, description="position in the figure, left to right")
    prerequisites: list[_Identifier] = Field(
        default_factory=list,
        max_length=lim.MAX_LIST,
        description="modules done before this one (self-study before the session building on it)",
    )
    main: bool = Field(
        default=False,
        description="a gathering's main module: the one its speaker presents (H10)",
    )

    def minutes_for(self, target_group: int) -> int:
        """Minutes a participant of ``target_group`` spends on it (0 if not for that group)."""
        if target_group not in self.target_groups:
            return 0
        return minutes(self.hours_by_group.get(target_group, self.hours))

    @property
    def session_kind(self) -> str | None:
        """The calendar session kind it is held at; None for self-study."""
        return SESSION_OF_FORMAT.get(self.format)


class DeepDive(_Strict):
    """A recommended deep dive at operational level: listed, not counted toward the frame."""

    id: _Identifier
    name_nb: _Name
    name_en: _Text = ""
    capabilities: list[_Identifier] = Field(min_length=1, max_length=lim.MAX_LIST)
    target_groups: list[TargetGroup] = Field(min_length=1, max_length=4)
    hours: _Hours = 0.0


class FrameBounds(_Strict):
    """The hours one participant's programme may total."""

    min_hours: _Hours = 30.0
    max_hours: _Hours = 35.0

    @model_validator(mode="after")
    def _ordered(self) -> FrameBounds:
        if self.max_hours < self.min_hours:
            raise ValueError(
                msg(
                    "max_hours {max_hours} is below min_hours {min_hours}",
                    max_hours=self.max_hours,
                    min_hours=self.min_hours,
                )
            )
        return self


class HourFrame(FrameBounds):
    """The hour frame per participant (default 30–35 h for every target group) and what counts.

    The seed's "(eks. reise og overnatting)" is read as excluding travel and the night: both are
    reported separately and count only when configured.
    """

    by_target_group: dict[TargetGroup, FrameBounds] = Field(
        default_factory=dict, description="a different frame for some target groups"
    )
    count_travel: bool = Field(default=False, description="travel to gatherings counts")
    count_nights: bool = Field(default=False, description="each night away counts night_hours")
    night_hours: _Hours = Field(
        default=3.0, description="hours one night counts for when count_nights (the evening)"
    )

    def bounds(self, target_group: int) -> FrameBounds:
        default = FrameBounds(min_hours=self.min_hours, max_hours=self.max_hours)
        return self.by_target_group.get(target_group, default)


class SessionLengths(_Strict):
    """Programme hours of each session kind (the clock times are ``calendar.times``).

    Defaults where the seed is silent: lunch to lunch about 8 hours of programme (an afternoon and
    a morning), a half day 3.5 hours.
    """

    gathering_hours: _Hours = 8.0
    local_hours: _Hours = 3.5
    closing_hours: _Hours = 3.5

    def minutes_of(self, kind: str) -> int:
        """Programme minutes of a session of this calendar kind."""
        hours = {
            "gathering": self.gathering_hours,
            "local": self.local_hours,
            "closing": self.closing_hours,
        }
        return minutes(hours[kind])


class SelfStudySettings(_Strict):
    """How much self-study fits between sessions."""

    max_hours_per_week: _Hours = Field(
        default=3.0, description="self-study a participant does in one week at most"
    )
    preparation_days: int = Field(
        default=21, ge=1, le=lim.MAX_DAYS, description="days of self-study before session 1"
    )


class ReleaseTime(_Strict):
    """Facilitators' release time ("frikjøp"): assumptions, the seed gives no hours or rate."""

    preparation_hours_per_gathering: _Hours = Field(
        default=8.0, description="preparation and follow-up per gathering staffed"
    )
    hourly_rate: int = Field(default=900, ge=0, le=10**6, description="NOK per released hour")


class ContentCatalogue(_Strict):
    """What the programme is made of (rule H9); see the module docstring."""

    name: _Text = "content"
    capabilities: list[Capability] = Field(min_length=1, max_length=lim.MAX_LIST)
    modules: list[Module] = Field(min_length=1, max_length=lim.MAX_LIST)
    deep_dives: list[DeepDive] = Field(default_factory=list, max_length=lim.MAX_LIST)
    required: dict[TargetGroup, list[_Identifier]] | None = Field(
        default=None,
        description="capabilities each target group must cover; null = every capability for"
        " every target group",
    )
    overview_only: dict[TargetGroup, list[_Identifier]] = Field(
        default_factory=dict,
        description="capabilities a target group covers at overview level only (the seed: five"
        " for target group 1)",
    )
    frame: HourFrame = Field(default_factory=HourFrame)
    sessions: SessionLengths = Field(default_factory=SessionLengths)
    self_study: SelfStudySettings = Field(default_factory=SelfStudySettings)
    release: ReleaseTime = Field(default_factory=ReleaseTime)

    def capability(self, capability_id: str) -> Capability:
        for c in self.capabilities:
            if c.id == capability_id:
                return c
        raise KeyError(capability_id)

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(module_id)

    def required_of(self, target_group: int) -> list[str]:
        """Capability ids ``target_group`` must cover."""
        if self.required is None:
            return [c.id for c in self.capabilities]
        return list(self.required.get(target_group, []))

    def modules_for(self, target_group: int) -> list[Module]:
        return [m for m in self.modules if target_group in m.target_groups]

    def deep_dives_for(self, target_group: int) -> list[DeepDive]:
        return [d for d in self.deep_dives if target_group in d.target_groups]


@cache
def default_catalogue() -> ContentCatalogue:
    """The shipped DigiVestland catalogue (derived from the seed, see the file's comments)."""
    text = resources.files("kompetanse_opt.data").joinpath(DEFAULT_CONTENT_FILE)
    return ContentCatalogue.model_validate(yaml.safe_load(text.read_text("utf-8")))
