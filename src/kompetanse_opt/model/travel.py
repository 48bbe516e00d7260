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
a file sees every mistake at once. This is a leaf module: it imports nothing else from the package.
"""

from __future__ import annotations

import csv
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from pathlib import Path

import networkx as nx

from kompetanse_opt.core.errors import InputError
from kompetanse_opt.core.limits import MAX_MINUTES, spaced
from kompetanse_opt.core.safe_read import read_text
from kompetanse_opt.core.text import cell_text, shorten, unquote_cell

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

#: Venue node ids in the shipped graph.
DEFAULT_VENUES: tuple[str, ...] = ("bergen", "forde", "stord")

_DATA_PACKAGE = "kompetanse_opt.data"
_NODES_FILE = "travel_nodes.csv"
_EDGES_FILE = "travel_edges.csv"

_EDGE_REQUIRED = ("source", "target", "minutes")
_MATRIX_REQUIRED = ("municipality", "venue", "minutes")
_EDGE_KINDS = frozenset({"road", "ferry"})
_NODE_REQUIRED = ("id", "name", "kind", "lat", "lon")
_NODE_KINDS = frozenset({"municipality", "venue", "junction", "quay"})

#: Weight attribute used for shortest paths: crossing plus waiting for ferries.
WEIGHT = "minutes"


class TravelError(ValueError):
    """Travel data that cannot be used; ``problems`` holds one plain message per problem.

    Subclasses ``ValueError`` so callers that only know "bad value" still catch it, while the list
    lets a CLI print each problem on its own line.
    """

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: list[str] = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            listed = "\n".join(f"  - {p}" for p in self.problems)
            message = f"{len(self.problems)} travel data problems:\n{listed}"
        super().__init__(message)


# --------------------------------------------------------------------------------------------
# Reading CSV files
# --------------------------------------------------------------------------------------------


_Row = tuple[int, dict[str, str]]


def _read_rows(
    text_lines: Iterable[str], label: str, required: Sequence[str]
) -> list[tuple[int, dict[str, str]]]:
    """Rows as ``(row_number, {column: stripped cell})``; raise if required columns are missing.

    Row numbers count the header as row 1 so they match what a spreadsheet or editor shows.
    Headers are matched case-insensitively and without surrounding spaces because hand-edited
    files often get ``Minutes`` or ``source `` and rejecting those would only annoy.
    """
    reader = csv.reader(text_lines)
    header = next(reader, None)
    if header is None:
        raise TravelError([f"{label}: file is empty (expected a header row {','.join(required)})"])
    columns = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in columns]
    if missing:
        # The header row is not quoted: a file that is no travel file must not leak its content.
        raise TravelError(
            [
                f"{label}: missing required column(s) {', '.join(repr(c) for c in missing)} "
                "in the first row"
            ]
        )
    rows: list[tuple[int, dict[str, str]]] = []
    for row_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are common at the end of hand-edited files
        padded = [*cells, *([""] * (len(columns) - len(cells)))]
        cells_of = zip(columns, padded, strict=False)
        rows.append((row_number, {c: unquote_cell(v.strip()) for c, v in cells_of}))
    return rows


def _read_file_rows(path: str | Path, required: Sequence[str]) -> tuple[str, list[_Row]]:
    """The label and rows of a user's CSV file, read through the safe reader (size bounded,
    NUL and control characters refused with their line)."""
    try:
        text = read_text(Path(path))
    except InputError as exc:
        raise TravelError([f"{path}: cannot read file ({p})" for p in exc.problems]) from None
    return str(path), _read_rows(text.splitlines(), str(path), required)


def _parse_minutes(
    raw: str, where: str, column: str, problems: list[str], *, optional: bool = False
) -> float | None:
    """A finite non-negative number, or ``None`` after recording why not.

    Infinity and NaN are rejected explicitly: ``float()`` accepts them and a single ``inf`` would
    otherwise silently make a municipality unreachable.
    """
    if raw == "" and optional:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= MAX_MINUTES:
        bound = f"at most {spaced(MAX_MINUTES)}" if value > MAX_MINUTES else "non-negative"
        problems.append(f"{where}, column '{column}': must be a {bound} number, got {shorten(raw)}")
        return None
    return value


def _edges_from_rows(rows: list[tuple[int, dict[str, str]]], label: str) -> nx.Graph:
    """Build the undirected graph from parsed edge rows, collecting every problem first."""
    problems: list[str] = []
    graph = nx.Graph()
    for row_number, row in rows:
        where = f"{label}: row {row_number}"
        source, target = row["source"], row["target"]
        ok = True
        for column, value in (("source", source), ("target", target)):
            if not value:
                problems.append(f"{where}, column '{column}': node id is empty")
                ok = False
        if ok and source == target:
            problems.append(f"{where}: edge from {shorten(source)} to itself")
            ok = False
        crossing = _parse_minutes(row["minutes"], where, "minutes", problems)
        wait = _parse_minutes(
            row.get("wait_minutes", ""), where, "wait_minutes", problems, optional=True
        )
        kind = row.get("kind", "").lower() or "road"
        if kind not in _EDGE_KINDS:
            problems.append(
                f"{where}, column 'kind': must be 'road' or 'ferry', got {shorten(kind)}"
            )
            ok = False
        if not ok or crossing is None or wait is None:
            continue
        total = crossing + wait
        # Two rows for the same pair are parallel routes (say, two ferry lines); a shortest path
        # would take the faster one anyway, so keep that rather than reject the file.
        existing = graph.get_edge_data(source, target)
        if existing is not None and existing[WEIGHT] <= total:
            continue
        graph.add_edge(
            source,
            target,
            minutes=total,
            crossing=crossing,
            wait=wait,
            kind=kind,
            note=row.get("note", ""),
        )
    if problems:
        raise TravelError(problems)
    return graph


def read_edge_list(path: str | Path) -> nx.Graph:
    """Read a user's own road/ferry graph from a CSV edge list.

    Columns ``source,target,minutes`` are required; ``kind`` (``road``/``ferry``, default road),
    ``wait_minutes`` (default 0) and ``note`` are optional and other columns are ignored, so the
    shipped ``travel_edges.csv`` is a valid starting point to copy and edit. Edges are undirected
    and the path weight ``minutes`` is crossing plus wait, as in :func:`default_graph`.

    Raises :class:`TravelError` naming the file, row and column of every problem.
    """
    label, rows = _read_file_rows(path, _EDGE_REQUIRED)
    return _edges_from_rows(rows, label)


# --------------------------------------------------------------------------------------------
# The shipped graph
# --------------------------------------------------------------------------------------------


def _read_package_text(name: str) -> str:
    return resources.files(_DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def _default_graph_cached() -> nx.Graph:
    edge_text = _read_package_text(_EDGES_FILE)
    graph = _edges_from_rows(
        _read_rows(edge_text.splitlines(), _EDGES_FILE, _EDGE_REQUIRED), _EDGES_FILE
    )
    node_text = _read_package_text(_NODES_FILE)
    problems: list[str] = []
    known: set[str] = set()
    for row_number, row in _read_rows(node_text.splitlines(), _NODES_FILE, _NODE_REQUIRED):
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


# --------------------------------------------------------------------------------------------
# Matrices
# --------------------------------------------------------------------------------------------


def _round_minutes(value: float) -> int:
    # Half-up rather than Python's half-to-even, so 12.5 is 13 as a user adding minutes by hand
    # would expect.
    return math.floor(value + 0.5)


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
            message = f"no node {node!r} in the travel graph"
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
                f"edge {u!r}-{v!r}: attribute '{WEIGHT}' must be a non-negative number, "
                f"got {weight!r}"
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
                matrix[municipality, venue] = _round_minutes(lengths[municipality])
            else:
                problems.append(f"no route from {municipality!r} to {venue!r}")
    if problems:
        raise TravelError(problems)
    return matrix


def read_matrix_csv(path: str | Path) -> dict[tuple[str, str], int]:
    """Read a user's travel-time matrix in long format: ``municipality,venue,minutes``.

    One row per pair; minutes may be decimal and are rounded half-up to whole minutes. Missing
    columns, bad or negative numbers and duplicate pairs are all reported together, each naming
    the file, row and column. Completeness against a given set of municipalities and venues is a
    separate question, answered by :func:`check_matrix_complete`.
    """
    label, rows = _read_file_rows(path, _MATRIX_REQUIRED)
    problems: list[str] = []
    matrix: dict[tuple[str, str], int] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row_number, row in rows:
        where = f"{label}: row {row_number}"
        municipality, venue = row["municipality"], row["venue"]
        ok = True
        for column, value in (("municipality", municipality), ("venue", venue)):
            if not value:
                problems.append(f"{where}, column '{column}': is empty")
                ok = False
        minutes = _parse_minutes(row["minutes"], where, "minutes", problems)
        if not ok or minutes is None:
            continue
        key = (municipality, venue)
        if key in first_row:
            problems.append(
                f"{where}: duplicate pair ({shorten(municipality)}, {shorten(venue)}), "
                f"first given in row {first_row[key]}"
            )
            continue
        first_row[key] = row_number
        matrix[key] = _round_minutes(minutes)
    if problems:
        raise TravelError(problems)
    return matrix


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
                problems.append(f"no travel time for {municipality!r} -> {venue!r}")
            elif value < 0:
                problems.append(f"negative travel time {value} for {municipality!r} -> {venue!r}")
    if problems:
        raise TravelError(problems)


def write_matrix_csv(matrix: Mapping[tuple[str, str], int], path: str | Path) -> None:
    """Write ``matrix`` as ``municipality,venue,minutes``, sorted, readable by
    :func:`read_matrix_csv`.

    Meant for users who want to start from the computed default and correct a few pairs: sorted
    rows make the file easy to scan and diff.
    """
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(_MATRIX_REQUIRED)
        for (municipality, venue), minutes in sorted(matrix.items()):
            writer.writerow([municipality, cell_text(venue), minutes])
