"""Derived, read-only data that both the solver and the checker work from.

:func:`prepare` resolves travel times once (inline matrix, matrix file, graph file, or the shipped
Vestland graph, in that order) and fixes an index order for municipalities, cohorts and venues.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.limits import MAX_MINUTES, spaced
from kompetanse_opt.core.paths import resolve_inside
from kompetanse_opt.model import travel
from kompetanse_opt.model.calendar_settings import Facilitator
from kompetanse_opt.model.grouping import size_peers
from kompetanse_opt.model.instance import Instance

TravelMatrix = dict[tuple[str, str], int]


@dataclass(frozen=True)
class ProblemData:
    """An instance plus what is derived from it: sizes, counts and the travel matrix."""

    instance: Instance
    travel: TravelMatrix
    municipality_ids: tuple[str, ...] = field(init=False)
    venue_ids: tuple[str, ...] = field(init=False)
    size: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "municipality_ids", tuple(m.id for m in self.instance.municipalities)
        )
        object.__setattr__(self, "venue_ids", tuple(self.instance.venue_ids()))
        object.__setattr__(self, "size", self.instance.participants_per_municipality())

    @property
    def cohort_ids(self) -> range:
        """Cohorts are numbered 1..K, as the secretariat speaks of them."""
        return range(1, self.instance.cohort_count + 1)

    @property
    def gathering_ids(self) -> range:
        return range(1, self.instance.cohorts.gatherings + 1)

    @cached_property
    def peers(self) -> dict[str, list[str]]:
        """``grouping.size_peers`` of the instance, worked out once: the objective reads it
        for every plan (quadratic in the municipalities: 1.4 s of a 120 s run at 10x)."""
        return size_peers(self.instance)

    def minutes(self, municipality: str, venue: str) -> int:
        return self.travel[(municipality, venue)]

    def facilitator_minutes(self, facilitator: Facilitator, venue: str) -> int | None:
        """Minutes one way from a facilitator's home to ``venue``: their own ``home_minutes``,
        else the matrix row of their home municipality; None without a home."""
        if facilitator.home_minutes is not None:
            return facilitator.home_minutes[venue]
        if facilitator.home is None:
            return None
        return self.travel[(facilitator.home, venue)]


def _resolve_path(instance: Instance, name: str, setting: str) -> Path:
    return resolve_inside(name, instance.base_dir, setting, InstanceError)


def resolve_travel(instance: Instance) -> TravelMatrix:
    """The municipality-to-venue matrix in minutes; a missing or unreachable pair is an error."""
    municipalities = [m.id for m in instance.municipalities]
    venues = instance.venue_ids()
    settings = instance.travel
    source: str | None = None
    try:
        if settings.matrix is not None:
            matrix = {(e.municipality, e.venue): e.minutes for e in settings.matrix}
        elif settings.matrix_file is not None:
            path = _resolve_path(instance, settings.matrix_file, "travel.matrix_file")
            source = str(path)
            matrix = travel.read_matrix_csv(path)
        else:
            if settings.graph_file is not None:
                path = _resolve_path(instance, settings.graph_file, "travel.graph_file")
                source = str(path)
                graph = travel.read_edge_list(path)
            else:
                graph = travel.default_graph()
            return travel.travel_matrix(graph, municipalities, venues)
        travel.check_matrix_complete(matrix, municipalities, venues)
    except travel.TravelError as exc:
        # Parse problems already name the file, row and column; name the source for the rest.
        where = source or "travel"
        raise InstanceError(
            [Problem("" if p.startswith(where) else where, p) for p in exc.problems]
        ) from None
    except OSError as exc:
        raise InstanceError(
            [Problem("", msg("cannot read file: {reason}", reason=exc))], source
        ) from None
    wanted = set(municipalities)
    result = {key: minutes for key, minutes in matrix.items() if key[0] in wanted}
    too_long = sorted(key for key, minutes in result.items() if minutes > MAX_MINUTES)
    if too_long:
        problems = [
            Problem(
                source or "travel",
                msg(
                    "{municipality} -> {venue}: at most {limit} minutes",
                    municipality=m,
                    venue=v,
                    limit=spaced(MAX_MINUTES),
                ),
            )
            for m, v in too_long[:5]
        ]
        raise InstanceError(problems)
    return result


def prepare(instance: Instance, matrix: TravelMatrix | None = None) -> ProblemData:
    """Resolve travel (unless given) and derive the solver's and checker's shared view."""
    return ProblemData(instance, matrix if matrix is not None else resolve_travel(instance))
