"""Names that moved when long modules were split stay importable from their old modules, as the
very same objects (so ``except travel.TravelError`` still catches what the readers raise)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kompetanse_opt.io import registrations, sheets
from kompetanse_opt.model import travel, travel_files, travel_graph


def test_travel_keeps_every_public_name() -> None:
    assert sorted(travel.__all__) == [
        "DEFAULT_VENUES",
        "TravelError",
        "check_matrix_complete",
        "default_graph",
        "read_edge_list",
        "read_matrix_csv",
        "travel_matrix",
        "write_matrix_csv",
    ]
    assert travel.TravelError is travel_files.TravelError
    assert travel.read_edge_list is travel_files.read_edge_list
    assert travel.read_matrix_csv is travel_files.read_matrix_csv
    assert travel.write_matrix_csv is travel_files.write_matrix_csv
    assert travel.default_graph is travel_graph.default_graph
    assert travel.DEFAULT_VENUES == ("bergen", "forde", "stord")
    assert travel.WEIGHT == "minutes"


def test_a_reader_error_is_caught_as_the_old_name(tmp_path: Path) -> None:
    path = tmp_path / "edges.csv"
    path.write_text("source,target,minutes\na,b,-1\n", encoding="utf-8")
    with pytest.raises(travel.TravelError, match="row 2, column 'minutes'"):
        travel.read_edge_list(path)


def test_registrations_keeps_the_sheet_reading_names() -> None:
    assert registrations.read_sheet is sheets.read_sheet
    assert registrations.Sheet is sheets.Sheet
    assert registrations.clean is sheets.clean
    assert registrations.clean(4601.0) == "4601"
