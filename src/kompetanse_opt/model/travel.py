"""Municipality-to-venue travel times (minutes by car, ferries included) for Vestland.

The planner needs one number per (municipality, venue) pair to weigh where people should meet.
This module turns a road-and-ferry graph into that matrix with shortest paths.

THE SHIPPED GRAPH IS AN APPROXIMATION. ``data/travel_nodes.csv`` and ``data/travel_edges.csv``
were hand-built from general knowledge of Vestland's main roads, tunnels, bridges and ferries
(E39, E16, Rv7, Rv13, Rv5, Rv55, Fv57, Hardangerbrua, Lærdalstunnelen, ...). Edge times are
estimates at typical driving speeds, not timetable or routing-service figures; ferry edges add an
assumed waiting/boarding time to the crossing. Expect errors of 10-30 % on individual pairs; the
calibration against the few published figures is in ``docs/travel.md``. It is good enough to tell
"an hour" from "four hours", which is what venue choice needs, and not more.

To use better numbers, either

* supply your own graph: :func:`read_edge_list` reads a CSV with columns
  ``source,target,minutes`` (optional ``kind,wait_minutes,note``), then call :func:`travel_matrix`;
  or
* supply the matrix directly: :func:`read_matrix_csv` reads ``municipality,venue,minutes`` in
  long format. :func:`write_matrix_csv` writes the computed default matrix in the same format, so
  the easiest path is to write it out, correct the rows you know better, and read it back.

All input problems are collected and raised together as one :class:`TravelError`, so a user fixing
a file sees every mistake at once. This module computes and checks matrices; reading and writing the
files is in :mod:`~kompetanse_opt.model.travel_files` and the shipped graph in
:mod:`~kompetanse_opt.model.travel_graph`, whose public names are re-exported here. Together they
import nothing else from the package.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx

from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.travel_files import WEIGHT as WEIGHT  # public, kept importable here
from kompetanse_opt.model.travel_files import (
    TravelError,
    read_edge_list,
    read_matrix_csv,
    round_minutes,
    write_matrix_csv,
)
from kompetanse_opt.model.travel_graph import DEFAULT_VENUES, default_graph

__all__ = [
    "DEFAULT_VENUES",
    "TravelError",
    "check_matrix_complete",
    "default_graph",
    "read_edge_list",
    "read_matrix_csv",
    "travel_matrix",
    "write_matrix_csv",
]


def travel_matrix(
    graph: nx.Graph, municipalities: Sequence[str], venues: Sequence[str]
) -> dict[tuple[str, str], int]:
    """Shortest travel time in whole minutes from each municipality node to each venue node.

    Uses Dijkstra on the edge attribute ``minutes``, one single-source run per venue (venues are
    few, municipalities many). For a directed graph the runs go over the reversed graph so the
    result is still municipality -> venue.

    Raises :class:`TravelError` listing every missing node, every edge without a usable
    ``minutes`` value and every unreachable pair at once, so a broken custom graph is fixed in
    one round rather than one error per run.
    """
    problems: list[str] = []
    for node in (*municipalities, *venues):
        if node not in graph:
            message = msg("no node {node} in the travel graph", node=repr(node))
            if message not in problems:
                problems.append(message)
    # Dijkstra treats a missing weight as 1 minute, which would silently give absurd times.
    for u, v, data in graph.edges(data=True):
        weight = data.get(WEIGHT)
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not math.isfinite(weight)
            or weight < 0
        ):
            problems.append(
                msg(
                    "edge {u}-{v}: attribute '{attribute}' must be a non-negative number, "
                    "got {weight}",
                    u=repr(u),
                    v=repr(v),
                    attribute=WEIGHT,
                    weight=repr(weight),
                )
            )
    if problems:
        raise TravelError(problems)

    search_graph = graph.reverse(copy=False) if graph.is_directed() else graph
    matrix: dict[tuple[str, str], int] = {}
    for venue in dict.fromkeys(venues):
        lengths: Mapping[str, float] = nx.single_source_dijkstra_path_length(
            search_graph, venue, weight=WEIGHT
        )
        for municipality in dict.fromkeys(municipalities):
            if municipality in lengths:
                matrix[municipality, venue] = round_minutes(lengths[municipality])
            else:
                problems.append(
                    msg("no route from {municipality} to {venue}", _pair(municipality, venue))
                )
    if problems:
        raise TravelError(problems)
    return matrix


def _pair(municipality: str, venue: str) -> dict[str, str]:
    return {"municipality": repr(municipality), "venue": repr(venue)}


def check_matrix_complete(
    matrix: Mapping[tuple[str, str], int],
    municipalities: Sequence[str],
    venues: Sequence[str],
) -> None:
    """Raise :class:`TravelError` listing every (municipality, venue) pair without a time.

    A user-supplied matrix is read without knowing which municipalities the instance has, so the
    gap check happens here, once both are known. Negative times are reported too because a
    hand-built mapping never went through :func:`read_matrix_csv`.
    """
    problems: list[str] = []
    for municipality in dict.fromkeys(municipalities):
        for venue in dict.fromkeys(venues):
            value = matrix.get((municipality, venue))
            if value is None:
                problems.append(
                    msg("no travel time for {municipality} -> {venue}", _pair(municipality, venue))
                )
            elif value < 0:
                problems.append(
                    msg(
                        "negative travel time {value} for {municipality} -> {venue}",
                        _pair(municipality, venue),
                        value=value,
                    )
                )
    if problems:
        raise TravelError(problems)
