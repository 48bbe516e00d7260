"""Scenario files: a base instance and named variants, each a few overrides of it.

A scenario file (YAML or JSON)::

    name: The secretariat's questions
    base: embedded            # or a path to an instance file, relative to the scenario file
    solver: {time_limit: 30, seed: 0, workers: 1}   # the same for every variant
    variants:
      - name: seed
      - name: 250 participants
        participants: 250     # rescale the synthetic participants (see rescale_participants)
      - name: 5 cohorts of 40
        overrides: {cohorts.count: 5, cohorts.capacity: 40}
      - name: no KS support
        overrides: {budget.contributions.ks.amount: 0}

An override is a dotted path into the instance and the value to put there. A path step into a
list picks the element whose ``id`` is that step (``venues.stord.max_gatherings``), or else the
element at that index. A mapping value is merged into the mapping it names, so it changes only the
keys it gives. The budget starts from the shipped default when the instance has none. A path that
does not exist is an error for that variant only: :func:`build_variant` reports it and the sweep
marks the row and goes on.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kompetanse_opt.analysis.budget import default_budget
from kompetanse_opt.core import limits as lim
from kompetanse_opt.core.errors import InputError, InstanceError, Problem
from kompetanse_opt.core.files import problems_from_validation_error, read_structured
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.paths import resolve_inside
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import instance_from_data, load_instance
from kompetanse_opt.model.vestland import (
    participant_counts,
    synthetic_participants,
    vestland_instance,
)

EMBEDDED = "embedded"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SweepSolver(_Strict):
    """Solver settings for every variant: same seed and workers, so any executor agrees."""

    time_limit: float = Field(default=30.0, gt=0, le=lim.MAX_TIME_LIMIT, allow_inf_nan=False)
    seed: int = Field(default=0, ge=0, le=lim.MAX_SEED)
    workers: int = Field(default=1, ge=1, le=64)


class Variant(_Strict):
    name: str = Field(min_length=1, max_length=lim.MAX_NAME)
    description: str = Field(default="", max_length=10 * lim.MAX_NAME)
    participants: int | None = Field(
        default=None, gt=0, le=lim.MAX_PARTICIPANTS, description="rescale to this many"
    )
    overrides: dict[str, Any] = Field(default_factory=dict)


class ScenarioFile(_Strict):
    name: str = Field(default="scenarios", max_length=lim.MAX_NAME)
    base: str = Field(default=EMBEDDED, max_length=lim.MAX_PATH)
    solver: SweepSolver = Field(default_factory=SweepSolver)
    variants: list[Variant] = Field(min_length=1, max_length=1_000)


@dataclass(frozen=True)
class Scenarios:
    """A read scenario file: its settings and its base instance (loaded once)."""

    spec: ScenarioFile
    base: Instance


def scenarios_from_data(
    data: Any, source: str | None = None, folder: Path | None = None
) -> Scenarios:
    if not isinstance(data, dict):
        raise InputError([Problem("", msg("expected a mapping at the top level"))], source)
    try:
        spec = ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation_error(exc), source) from None
    names = [v.name for v in spec.variants]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise InputError(
            [Problem("variants", msg("duplicate name '{name}'", name=n)) for n in duplicates],
            source,
        )
    if spec.base == EMBEDDED:
        base = vestland_instance()
    else:
        base = load_instance(resolve_inside(spec.base, folder, "base", InputError, source))
    return Scenarios(spec, base)


def read_scenarios(path: str | Path) -> Scenarios:
    """Read a scenario file; bad structure raises :class:`InputError` (a bad override does not)."""
    path = Path(path)
    data = read_structured(path, InputError)
    return scenarios_from_data(data, str(path), path.resolve().parent)


# -- overrides -------------------------------------------------------------------------------


class OverrideError(Exception):
    """An override that names nothing in the instance."""


def _step(container: Any, key: str, path: str) -> tuple[Any, Any]:
    """The (container, key) that ``key`` addresses inside ``container``."""
    if isinstance(container, dict):
        if key not in container:
            known = ", ".join(sorted(container)) or "-"
            raise OverrideError(
                msg("unknown field '{path}' (here: {known})", path=path, known=known)
            )
        return container, key
    if isinstance(container, list):
        for index, item in enumerate(container):
            if isinstance(item, dict) and str(item.get("id")) == key:
                return container, index
        if key.isdigit() and int(key) < len(container):
            return container, int(key)
        ids = [str(item.get("id")) for item in container if isinstance(item, dict)]
        raise OverrideError(
            msg(
                "no element '{key}' in '{path}' (ids: {ids})",
                key=key,
                path=path,
                ids=", ".join(ids) or "-",
            )
        )
    raise OverrideError(
        msg("'{path}' is not a mapping or list (it is {value})", path=path, value=repr(container))
    )


def _merge(target: dict[str, Any], value: dict[str, Any], path: str) -> None:
    for key, item in value.items():
        if key not in target:
            known, field = ", ".join(sorted(target)) or "-", f"{path}.{key}"
            raise OverrideError(
                msg("unknown field '{path}' (here: {known})", path=field, known=known)
            )

        if isinstance(item, dict) and isinstance(target[key], dict):
            _merge(target[key], item, f"{path}.{key}")
        else:
            target[key] = copy.deepcopy(item)


def apply_override(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at dotted ``path`` of instance ``data`` (in place); raise if it is unknown."""
    steps = path.split(".")
    if steps[0] == "budget" and data.get("budget") is None:
        # No budget in the instance means the shipped one: start from it so its lines have ids.
        data["budget"] = default_budget().model_dump(mode="json")
    container: Any = data
    for depth, key in enumerate(steps[:-1]):
        holder, where = _step(container, key, ".".join(steps[: depth + 1]))
        container = holder[where]
    holder, where = _step(container, steps[-1], path)
    if isinstance(value, dict) and isinstance(holder[where], dict):
        _merge(holder[where], value, path)
    else:
        holder[where] = copy.deepcopy(value)


# -- participants ----------------------------------------------------------------------------


def rescale_participants(data: dict[str, Any], total: int) -> None:
    """Replace the participants by ``total`` synthetic ones, by the embedded data's rule.

    :func:`~kompetanse_opt.model.vestland.participant_counts` gives every municipality its minimum
    team
    (chief executive, HR, ICT, union: 4; Bergen 8) and spreads the rest by the square root of
    population. When ``total`` is below the sum of the minimum teams, fewer municipalities are
    assumed to sign up: the smallest by population (ties by number) stay out until the rest fit,
    and every reference to them (sets, pairs, wishes, pins) is dropped with them.
    """
    instance = instance_from_data(data)
    municipalities = list(instance.municipalities)
    while True:
        try:
            counts = participant_counts(municipalities, total)
            break
        except ValueError:
            if len(municipalities) <= 1:
                raise OverrideError(msg("cannot seat {total} participants", total=total)) from None
            smallest = min(municipalities, key=lambda m: (m.population, m.id))
            municipalities.remove(smallest)
    kept = {m.id for m in municipalities}
    data["municipalities"] = [m for m in data["municipalities"] if m["id"] in kept]
    data["participants"] = [
        p.model_dump(mode="json") for p in synthetic_participants(municipalities, counts)
    ]
    data["together"] = [
        {**s, "municipalities": [m for m in s["municipalities"] if m in kept]}
        for s in data["together"]
        if sum(m in kept for m in s["municipalities"]) >= 2
    ]
    data["apart"] = [a for a in data["apart"] if all(m in kept for m in a["municipalities"])]
    data["wishes"] = [w for w in data["wishes"] if w["municipality"] in kept]
    pins = data["pins"]
    pins["municipalities"] = [p for p in pins["municipalities"] if p["municipality"] in kept]


def _reason(exc: Exception) -> str:
    """An error's message as raised (a catalogue message stays one)."""
    reason = exc.args[0] if len(exc.args) == 1 else None
    return reason if isinstance(reason, str) and not isinstance(exc, InputError) else str(exc)


def build_variant(scenarios: Scenarios, variant: Variant) -> Instance:
    """The base instance with the variant's changes; raises :class:`InstanceError` naming them."""
    base = scenarios.base
    data = base.model_dump(mode="json")
    data["solver"].update(scenarios.spec.solver.model_dump())
    data["name"] = f"{base.name}: {variant.name}"
    problems = []
    try:
        if variant.participants is not None:
            rescale_participants(data, variant.participants)
    except (OverrideError, InstanceError) as exc:
        problems.append(Problem("participants", _reason(exc)))
    for path, value in variant.overrides.items():
        try:
            apply_override(data, path, value)
        except OverrideError as exc:
            problems.append(Problem(f"overrides.{path}", _reason(exc)))
    if problems:
        raise InstanceError(problems, f"variant '{variant.name}'")
    instance = instance_from_data(data, f"variant '{variant.name}'")
    return instance.with_base_dir(base.base_dir)
