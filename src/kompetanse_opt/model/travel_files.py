"""Reading and writing the travel CSV files: road/ferry edge lists and long-format matrices.

Both readers collect every problem of a file (naming its row and column) and raise them together as
one :class:`TravelError`. :mod:`kompetanse_opt.model.travel` re-exports the public names here, and
its docstring describes the formats; this module imports nothing else from the package.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import networkx as nx

from kompetanse_opt.core.errors import InputError
from kompetanse_opt.core.i18n import N_, Message, msg
from kompetanse_opt.core.limits import MAX_MINUTES, spaced
from kompetanse_opt.core.safe_read import read_text
from kompetanse_opt.core.text import cell_text, shorten, unquote_cell

__all__ = [
    "EDGE_REQUIRED",
    "MATRIX_REQUIRED",
    "WEIGHT",
    "TravelError",
    "edges_from_rows",
    "read_edge_list",
    "read_matrix_csv",
    "read_rows",
    "round_minutes",
    "write_matrix_csv",
]

#: Columns an edge list must have (``kind``, ``wait_minutes`` and ``note`` are optional).
EDGE_REQUIRED = ("source", "target", "minutes")
#: Columns of a matrix file, in the order :func:`write_matrix_csv` writes them.
MATRIX_REQUIRED = ("municipality", "venue", "minutes")
_EDGE_KINDS = frozenset({"road", "ferry"})

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
# Reading CSV rows and numbers
# --------------------------------------------------------------------------------------------


def read_rows(
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
        header_row = ",".join(required)
        raise TravelError(
            [
                msg(
                    "{label}: file is empty (expected a header row {header})",
                    label=label,
                    header=header_row,
                )
            ]
        )
    columns = [h.strip().lower() for h in header]
    missing = [c for c in required if c not in columns]
    if missing:
        # The header row is not quoted: a file that is no travel file must not leak its content.
        raise TravelError(
            [
                msg(
                    "{label}: missing required column(s) {columns} in the first row",
                    label=label,
                    columns=", ".join(repr(c) for c in missing),
                )
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


def read_file_rows(
    path: str | Path, required: Sequence[str]
) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """The label and rows of a user's CSV file, read through the safe reader (size bounded,
    NUL and control characters refused with their line)."""
    try:
        text = read_text(Path(path))
    except InputError as exc:
        raise TravelError(
            [
                msg("{path}: cannot read file ({problem})", path=str(path), problem=p.text())
                for p in exc.problems
            ]
        ) from None
    return str(path), read_rows(text.splitlines(), str(path), required)


def parse_minutes(
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
        values = {"where": where, "column": column, "value": shorten(raw)}
        if value > MAX_MINUTES:
            values["limit"] = spaced(MAX_MINUTES)
            template = N_(
                "{where}, column '{column}': must be a number of at most {limit}, got {value}"
            )
        else:
            template = N_("{where}, column '{column}': must be a non-negative number, got {value}")
        problems.append(Message(template, values))
        return None
    return value


def round_minutes(value: float) -> int:
    """``value`` rounded half-up to whole minutes."""
    # Half-up rather than Python's half-to-even, so 12.5 is 13 as a user adding minutes by hand
    # would expect.
    return math.floor(value + 0.5)


# --------------------------------------------------------------------------------------------
# Edge lists
# --------------------------------------------------------------------------------------------


def edges_from_rows(rows: list[tuple[int, dict[str, str]]], label: str) -> nx.Graph:
    """Build the undirected graph from parsed edge rows, collecting every problem first."""
    problems: list[str] = []
    graph = nx.Graph()
    for row_number, row in rows:
        where = msg("{label}: row {row}", label=label, row=row_number)
        source, target = row["source"], row["target"]
        ok = True
        for column, value in (("source", source), ("target", target)):
            if not value:
                problems.append(
                    msg("{where}, column '{column}': node id is empty", where=where, column=column)
                )
                ok = False
        if ok and source == target:
            problems.append(
                msg("{where}: edge from {source} to itself", where=where, source=shorten(source))
            )
            ok = False
        crossing = parse_minutes(row["minutes"], where, "minutes", problems)
        wait = parse_minutes(
            row.get("wait_minutes", ""), where, "wait_minutes", problems, optional=True
        )
        kind = row.get("kind", "").lower() or "road"
        if kind not in _EDGE_KINDS:
            problems.append(
                msg(
                    "{where}, column 'kind': must be 'road' or 'ferry', got {kind}",
                    where=where,
                    kind=shorten(kind),
                )
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
    and the path weight ``minutes`` is crossing plus wait, as in
    :func:`~kompetanse_opt.model.travel_graph.default_graph`.

    Raises :class:`TravelError` naming the file, row and column of every problem.
    """
    label, rows = read_file_rows(path, EDGE_REQUIRED)
    return edges_from_rows(rows, label)


# --------------------------------------------------------------------------------------------
# Matrix files
# --------------------------------------------------------------------------------------------


def read_matrix_csv(path: str | Path) -> dict[tuple[str, str], int]:
    """Read a user's travel-time matrix in long format: ``municipality,venue,minutes``.

    One row per pair; minutes may be decimal and are rounded half-up to whole minutes. Missing
    columns, bad or negative numbers and duplicate pairs are all reported together, each naming
    the file, row and column. Completeness against a given set of municipalities and venues is a
    separate question, answered by :func:`~kompetanse_opt.model.travel.check_matrix_complete`.
    """
    label, rows = read_file_rows(path, MATRIX_REQUIRED)
    problems: list[str] = []
    matrix: dict[tuple[str, str], int] = {}
    first_row: dict[tuple[str, str], int] = {}
    for row_number, row in rows:
        where = msg("{label}: row {row}", label=label, row=row_number)
        municipality, venue = row["municipality"], row["venue"]
        ok = True
        for column, value in (("municipality", municipality), ("venue", venue)):
            if not value:
                problems.append(
                    msg("{where}, column '{column}': is empty", where=where, column=column)
                )
                ok = False
        minutes = parse_minutes(row["minutes"], where, "minutes", problems)
        if not ok or minutes is None:
            continue
        key = (municipality, venue)
        if key in first_row:
            problems.append(
                msg(
                    "{where}: duplicate pair ({municipality}, {venue}), first given in row {first}",
                    where=where,
                    municipality=shorten(municipality),
                    venue=shorten(venue),
                    first=first_row[key],
                )
            )
            continue
        first_row[key] = row_number
        matrix[key] = round_minutes(minutes)
    if problems:
        raise TravelError(problems)
    return matrix


def write_matrix_csv(matrix: Mapping[tuple[str, str], int], path: str | Path) -> None:
    """Write ``matrix`` as ``municipality,venue,minutes``, sorted, readable by
    :func:`read_matrix_csv`.

    Meant for users who want to start from the computed default and correct a few pairs: sorted
    rows make the file easy to scan and diff.
    """
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MATRIX_REQUIRED)
        for (municipality, venue), minutes in sorted(matrix.items()):
            writer.writerow([municipality, cell_text(venue), minutes])
