"""The shipped, approximate Vestland road and ferry graph, read from the package's data files.

``data/travel_nodes.csv`` and ``data/travel_edges.csv`` are hand-built estimates (see
:mod:`kompetanse_opt.model.travel` for how good they are); the graph is parsed once and copied
for every caller. :mod:`kompetanse_opt.model.travel` re-exports the public names here.
"""

from __future__ import annotations

import functools
from importlib import resources

import networkx as nx

from kompetanse_opt.model.travel_files import (
    EDGE_REQUIRED,
    TravelError,
    edges_from_rows,
    read_rows,
)

__all__ = ["DEFAULT_VENUES", "default_graph"]

#: Venue node ids in the shipped graph.
DEFAULT_VENUES: tuple[str, ...] = ("bergen", "forde", "stord")

_DATA_PACKAGE = "kompetanse_opt.data"
_NODES_FILE = "travel_nodes.csv"
_EDGES_FILE = "travel_edges.csv"

_NODE_REQUIRED = ("id", "name", "kind", "lat", "lon")
_NODE_KINDS = frozenset({"municipality", "venue", "junction", "quay"})


def _read_package_text(name: str) -> str:
    return resources.files(_DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def _default_graph_cached() -> nx.Graph:
    edge_text = _read_package_text(_EDGES_FILE)
    graph = edges_from_rows(
        read_rows(edge_text.splitlines(), _EDGES_FILE, EDGE_REQUIRED), _EDGES_FILE
    )
    node_text = _read_package_text(_NODES_FILE)
    problems: list[str] = []
    known: set[str] = set()
    for row_number, row in read_rows(node_text.splitlines(), _NODES_FILE, _NODE_REQUIRED):
        where = f"{_NODES_FILE}: row {row_number}"
        node_id = row["id"]
        if node_id in known:
            problems.append(f"{where}, column 'id': duplicate node id {node_id!r}")
            continue
        known.add(node_id)
        if row["kind"] not in _NODE_KINDS:
            problems.append(f"{where}, column 'kind': unknown node kind {row['kind']!r}")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            problems.append(f"{where}: lat/lon must be numbers")
            continue
        if node_id not in graph:
            problems.append(f"{where}: node {node_id!r} has no edges")
            continue
        graph.nodes[node_id].update(name=row["name"], kind=row["kind"], lat=lat, lon=lon)
    problems.extend(
        f"{_EDGES_FILE}: edge end {node!r} is not listed in {_NODES_FILE}"
        for node in sorted(set(graph.nodes) - known)
    )
    if problems:  # a packaging bug, not a user error, but reported the same way
        raise TravelError(problems)
    return graph


def default_graph() -> nx.Graph:
    """The shipped, approximate Vestland road and ferry graph (see the module docstring).

    Node attributes: ``name``, ``kind`` (``municipality`` with the kommunenummer as id, ``venue``,
    ``junction`` or ``quay``), ``lat``, ``lon``. Edge attributes: ``minutes`` (the path weight:
    crossing plus wait), ``crossing``, ``wait``, ``kind`` (``road``/``ferry``) and ``note``.

    The parsed graph is cached, but each call returns a copy so a caller that edits its graph
    (say, closes a ferry to test a scenario) cannot change what the next caller gets.
    """
    graph: nx.Graph = _default_graph_cached().copy()
    return graph
