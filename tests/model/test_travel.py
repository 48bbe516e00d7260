"""Tests for the travel-time module and the shipped (approximate) Vestland road/ferry graph.

The calibration tolerance is deliberately loose: the published figures are old, rounded
("om lag 1 1/2 time") and partly predate new roads, and the graph itself is hand-built. A model
time passes if it is within 35 % or 20 minutes of the figure, whichever is looser. The point is to
catch a broken or badly mis-wired graph, not to certify precise times.
"""

from __future__ import annotations

import csv
import math
import tempfile
from importlib import resources
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetanse_opt.model.travel import (
    DEFAULT_VENUES,
    TravelError,
    check_matrix_complete,
    default_graph,
    read_edge_list,
    read_matrix_csv,
    travel_matrix,
    write_matrix_csv,
)

TOLERANCE_FRACTION = 0.35
TOLERANCE_MINUTES = 20


def _data_rows(name: str) -> list[dict[str, str]]:
    text = resources.files("kompetanse_opt.data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


MUNICIPALITY_ROWS = _data_rows("vestland_municipalities.csv")
MUNICIPALITIES = [row["kommunenummer"] for row in MUNICIPALITY_ROWS]
REGION = {row["kommunenummer"]: row["region"] for row in MUNICIPALITY_ROWS}

# The facts file names destinations in prose; these are the venue nodes they correspond to.
FACT_DESTINATIONS = {
    "Bergen (sentrum)": "bergen",
    "Bergen": "bergen",
    "Leirvik (Stord)": "stord",
    "Førde": "forde",
}
FACTS = [
    pytest.param(
        row["from_kommunenummer"],
        FACT_DESTINATIONS[row["to"]],
        float(row["hours_approx"]) * 60,
        id=f"{row['from_centre']}->{row['to']}",
    )
    for row in _data_rows("vestland_travel_facts.csv")
    if row["hours_approx"]
]


@pytest.fixture(scope="module")
def graph() -> nx.Graph:
    return default_graph()


@pytest.fixture(scope="module")
def matrix(graph: nx.Graph) -> dict[tuple[str, str], int]:
    return travel_matrix(graph, MUNICIPALITIES, DEFAULT_VENUES)


def _km(graph: nx.Graph, u: str, v: str) -> float:
    """Great-circle distance between two nodes, for speed sanity checks."""
    a, b = graph.nodes[u], graph.nodes[v]
    lat1, lon1, lat2, lon2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(h))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# The shipped graph
# --------------------------------------------------------------------------------------------


def test_graph_has_every_municipality_with_fact_sheet_coordinates(graph: nx.Graph) -> None:
    municipality_nodes = {n for n, d in graph.nodes(data=True) if d["kind"] == "municipality"}
    assert municipality_nodes == set(MUNICIPALITIES)
    assert len(municipality_nodes) == 43
    for row in MUNICIPALITY_ROWS:
        node = graph.nodes[row["kommunenummer"]]
        assert (node["lat"], node["lon"]) == (float(row["lat"]), float(row["lon"]))


def test_graph_has_the_three_venues_at_their_coordinates(graph: nx.Graph) -> None:
    expected = {"bergen": (60.393, 5.324), "forde": (61.452, 5.857), "stord": (59.780, 5.500)}
    venues = {n for n, d in graph.nodes(data=True) if d["kind"] == "venue"}
    assert venues == set(DEFAULT_VENUES) == set(expected)
    for venue, coordinates in expected.items():
        assert (graph.nodes[venue]["lat"], graph.nodes[venue]["lon"]) == coordinates


def test_graph_edges_are_consistent(graph: nx.Graph) -> None:
    assert not graph.is_directed()
    assert nx.is_connected(graph)
    for u, v, d in graph.edges(data=True):
        assert d["kind"] in {"road", "ferry"}, (u, v)
        assert d["minutes"] == d["crossing"] + d["wait"], (u, v)
        if d["kind"] == "road":
            assert d["wait"] == 0, (u, v)
        else:
            assert d["wait"] > 0, (u, v)
            assert {graph.nodes[u]["kind"], graph.nodes[v]["kind"]} <= {"quay", "municipality"}


def test_edge_speeds_are_physically_plausible(graph: nx.Graph) -> None:
    """Straight-line speed can only be below the real speed; a higher one means a typo."""
    for u, v, d in graph.edges(data=True):
        km = _km(graph, u, v)
        speed = km / (d["crossing"] / 60)
        limit = 70 if d["kind"] == "road" else 40
        assert speed <= limit, f"{u}-{v}: {km:.1f} km in {d['crossing']} min"


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        ("q_halhjem", "q_sandvikvag", "ferry"),
        ("q_oppedal", "q_lavik", "ferry"),
        ("q_mannheller", "q_fodnes", "ferry"),
        ("q_anda", "q_lote", "ferry"),
        ("q_hella", "q_dragsvik", "ferry"),
        ("q_vangsnes", "q_hella", "ferry"),
        ("q_ranavik", "q_skjersholmane", "ferry"),
        ("q_torvikbygd", "q_jondal", "ferry"),
        ("j_vallavik", "j_bu", "road"),  # Hardangerbrua
        ("4642", "4641", "road"),  # Lærdalstunnelen
        ("j_fjaerland", "j_skei", "road"),  # Fjærlandstunnelen
    ],
)
def test_key_links_exist(graph: nx.Graph, a: str, b: str, kind: str) -> None:
    assert graph.has_edge(a, b)
    assert graph.edges[a, b]["kind"] == kind


def test_default_graph_returns_an_independent_copy() -> None:
    first = default_graph()
    first.remove_edge("q_halhjem", "q_sandvikvag")
    first.nodes["bergen"]["lat"] = 0.0
    second = default_graph()
    assert second.has_edge("q_halhjem", "q_sandvikvag")
    assert second.nodes["bergen"]["lat"] == 60.393


# --------------------------------------------------------------------------------------------
# The default matrix
# --------------------------------------------------------------------------------------------


def test_every_municipality_reaches_every_venue(matrix: dict[tuple[str, str], int]) -> None:
    assert len(matrix) == 43 * 3
    check_matrix_complete(matrix, MUNICIPALITIES, DEFAULT_VENUES)
    assert all(isinstance(m, int) and m >= 0 for m in matrix.values())


@pytest.mark.parametrize(("municipality", "venue", "fact_minutes"), FACTS)
def test_matrix_is_near_published_figures(
    matrix: dict[tuple[str, str], int], municipality: str, venue: str, fact_minutes: float
) -> None:
    model = matrix[municipality, venue]
    tolerance = max(TOLERANCE_FRACTION * fact_minutes, TOLERANCE_MINUTES)
    assert abs(model - fact_minutes) <= tolerance, f"model {model} vs fact {fact_minutes:.0f}"


def test_plausibility_of_selected_pairs(matrix: dict[tuple[str, str], int]) -> None:
    assert matrix["4601", "bergen"] < 20
    assert matrix["4647", "forde"] < 15
    assert matrix["4614", "stord"] < 15
    assert 240 <= matrix["4651", "bergen"] <= 420  # Stryn-Bergen is a long day's drive
    assert 150 <= matrix["4601", "forde"] <= 240  # E39 with the Oppedal-Lavik ferry
    assert 90 <= matrix["4614", "bergen"] <= 150  # E39 with the Halhjem-Sandvikvåg ferry
    # Going via a ferry can never be quicker than the ferry crossing alone.
    assert matrix["4633", "bergen"] > 25  # Fedje
    assert matrix["4636", "bergen"] > 45  # Solund


@pytest.mark.parametrize(
    ("region_prefix", "venue"),
    [
        ("Bergen area", "bergen"),
        ("Nordhordland", "bergen"),
        ("Sunnhordland", "stord"),
        ("Sunnfjord", "forde"),
        ("Nordfjord", "forde"),
    ],
)
def test_nearest_venue_matches_region(
    matrix: dict[tuple[str, str], int], region_prefix: str, venue: str
) -> None:
    members = [m for m in MUNICIPALITIES if REGION[m].startswith(region_prefix)]
    assert members
    for municipality in members:
        nearest = min(DEFAULT_VENUES, key=lambda v: matrix[municipality, v])
        assert nearest == venue, municipality


def test_travel_times_are_symmetric(graph: nx.Graph, matrix: dict[tuple[str, str], int]) -> None:
    reverse = travel_matrix(graph, DEFAULT_VENUES, MUNICIPALITIES)
    for (municipality, venue), minutes in matrix.items():
        assert reverse[venue, municipality] == minutes


# --------------------------------------------------------------------------------------------
# travel_matrix on small graphs
# --------------------------------------------------------------------------------------------


def test_travel_matrix_adds_ferry_wait_and_picks_the_fastest_route(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "edges.csv",
        "source,target,minutes,kind,wait_minutes,note\n"
        "a,q1,10,road,0,\n"
        "q1,q2,20,ferry,15,slow ferry\n"
        "q2,v,5,road,0,\n"
        "a,v,60,road,,long way round\n",
    )
    graph = read_edge_list(path)
    assert graph.edges["q1", "q2"]["minutes"] == 35
    assert graph.edges["q1", "q2"]["crossing"] == 20
    assert graph.edges["a", "v"]["wait"] == 0
    assert travel_matrix(graph, ["a"], ["v"]) == {("a", "v"): 50}


def test_travel_matrix_rounds_half_up() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "v", minutes=12.5)
    graph.add_edge("b", "v", minutes=13.5)
    assert travel_matrix(graph, ["a", "b"], ["v"]) == {("a", "v"): 13, ("b", "v"): 14}


def test_travel_matrix_lists_all_missing_nodes(graph: nx.Graph) -> None:
    with pytest.raises(TravelError) as info:
        travel_matrix(graph, ["4601", "4699", "9999"], ["bergen", "tromso"])
    assert info.value.problems == [
        "no node '4699' in the travel graph",
        "no node '9999' in the travel graph",
        "no node 'tromso' in the travel graph",
    ]


def test_travel_matrix_lists_all_unreachable_pairs(tmp_path: Path) -> None:
    # Two islands with no ferry between them.
    path = _write(tmp_path / "islands.csv", "source,target,minutes\na,v1,10\nb,v2,10\n")
    with pytest.raises(TravelError) as info:
        travel_matrix(read_edge_list(path), ["a", "b"], ["v1", "v2"])
    assert sorted(info.value.problems) == [
        "no route from 'a' to 'v2'",
        "no route from 'b' to 'v1'",
    ]
    assert "no route from 'a' to 'v2'" in str(info.value)


def test_travel_matrix_rejects_edges_without_minutes() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "v", minutes=10)
    graph.add_edge("a", "b")  # networkx would silently count this as 1 minute
    with pytest.raises(TravelError, match="edge 'a'-'b': attribute 'minutes'"):
        travel_matrix(graph, ["a"], ["v"])


def test_travel_matrix_respects_direction_of_a_directed_graph() -> None:
    graph = nx.DiGraph()
    graph.add_edge("a", "v", minutes=10)
    graph.add_edge("v", "a", minutes=30)
    assert travel_matrix(graph, ["a"], ["v"]) == {("a", "v"): 10}


# --------------------------------------------------------------------------------------------
# read_edge_list errors
# --------------------------------------------------------------------------------------------


def test_read_edge_list_reports_bad_number_with_file_row_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "edges.csv", "source,target,minutes\na,b,10\nb,c,abc\n")
    with pytest.raises(TravelError) as info:
        read_edge_list(path)
    message = str(info.value)
    assert str(path) in message
    assert "row 3" in message
    assert "'minutes'" in message
    assert "'abc'" in message


def test_read_edge_list_collects_every_problem(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "edges.csv",
        "source,target,minutes,kind,wait_minutes\n"
        "a,b,-5,road,0\n"
        ",c,10,road,0\n"
        "c,d,10,boat,0\n"
        "d,e,10,ferry,soon\n"
        "e,e,3,road,0\n"
        "f,g,inf,road,0\n",
    )
    with pytest.raises(TravelError) as info:
        read_edge_list(path)
    problems = info.value.problems
    assert len(problems) == 6
    assert all(p.startswith(f"{path}: row ") for p in problems)
    assert "row 2, column 'minutes'" in problems[0]
    assert "row 3, column 'source'" in problems[1]
    assert "row 4, column 'kind'" in problems[2]
    assert "row 5, column 'wait_minutes'" in problems[3]
    assert "row 6" in problems[4]
    assert "row 7, column 'minutes'" in problems[5]


def test_read_edge_list_reports_missing_columns(tmp_path: Path) -> None:
    path = _write(tmp_path / "edges.csv", "from,to,minutes\na,b,1\n")
    with pytest.raises(TravelError, match=r"missing required column.*'source', 'target'"):
        read_edge_list(path)


def test_read_edge_list_reports_empty_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(TravelError, match="file is empty"):
        read_edge_list(_write(tmp_path / "empty.csv", ""))
    with pytest.raises(TravelError, match="cannot read file"):
        read_edge_list(tmp_path / "absent.csv")


def test_read_edge_list_tolerates_bom_case_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_text("\ufeffSource, Target ,MINUTES\na,b,7\n\n", encoding="utf-8")
    graph = read_edge_list(path)
    assert graph.edges["a", "b"]["minutes"] == 7


def test_read_edge_list_keeps_the_faster_of_duplicate_edges(tmp_path: Path) -> None:
    path = _write(tmp_path / "edges.csv", "source,target,minutes\na,b,30\nb,a,20\na,b,25\n")
    assert read_edge_list(path).edges["a", "b"]["minutes"] == 20


def test_shipped_edge_file_is_a_valid_user_edge_list() -> None:
    """Users are told to copy the shipped file; it must round-trip through the user reader."""
    with resources.as_file(
        resources.files("kompetanse_opt.data").joinpath("travel_edges.csv")
    ) as path:
        user_graph = read_edge_list(path)
    assert nx.utils.edges_equal(user_graph.edges(data=True), default_graph().edges(data=True))


# --------------------------------------------------------------------------------------------
# Matrix files
# --------------------------------------------------------------------------------------------


def test_matrix_csv_round_trip_is_sorted(tmp_path: Path) -> None:
    matrix = {("4602", "forde"): 57, ("4601", "stord"): 125, ("4601", "bergen"): 10}
    path = tmp_path / "matrix.csv"
    write_matrix_csv(matrix, path)
    assert path.read_text(encoding="utf-8").splitlines() == [
        "municipality,venue,minutes",
        "4601,bergen,10",
        "4601,stord,125",
        "4602,forde,57",
    ]
    assert read_matrix_csv(path) == matrix


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.from_regex(r"[0-9]{4}", fullmatch=True), st.sampled_from(DEFAULT_VENUES)),
        st.integers(min_value=0, max_value=2000),
        max_size=30,
    )
)
def test_matrix_csv_round_trip_property(matrix: dict[tuple[str, str], int]) -> None:
    # tmp_path is function-scoped and hypothesis reuses it across examples, so use a fresh dir.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "matrix.csv"
        write_matrix_csv(matrix, path)
        assert read_matrix_csv(path) == matrix


def test_read_matrix_csv_rounds_decimal_minutes(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", "municipality,venue,minutes\n4601,bergen,12.5\n")
    assert read_matrix_csv(path) == {("4601", "bergen"): 13}


def test_read_matrix_csv_reports_every_problem_with_file_row_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "m.csv",
        "municipality,venue,minutes\n"
        "4601,bergen,10\n"
        "4602,forde,abc\n"
        "4611,stord,-3\n"
        "4601,bergen,12\n"
        ",stord,5\n",
    )
    with pytest.raises(TravelError) as info:
        read_matrix_csv(path)
    problems = info.value.problems
    assert len(problems) == 4
    assert problems[0].startswith(f"{path}: row 3, column 'minutes'")
    assert "'abc'" in problems[0]
    assert problems[1].startswith(f"{path}: row 4, column 'minutes'")
    assert problems[2] == (
        f"{path}: row 5: duplicate pair ('4601', 'bergen'), first given in row 2"
    )
    assert problems[3].startswith(f"{path}: row 6, column 'municipality'")


def test_read_matrix_csv_reports_missing_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "m.csv", "municipality,venue,time\n4601,bergen,10\n")
    with pytest.raises(TravelError) as info:
        read_matrix_csv(path)
    assert str(path) in str(info.value)
    assert "'minutes'" in str(info.value)


def test_check_matrix_complete_lists_missing_pairs() -> None:
    matrix = {("4601", "bergen"): 10, ("4601", "forde"): 204}
    check_matrix_complete(matrix, ["4601"], ["bergen", "forde"])
    with pytest.raises(TravelError) as info:
        check_matrix_complete(matrix, ["4601", "4602"], ["bergen", "stord"])
    assert info.value.problems == [
        "no travel time for '4601' -> 'stord'",
        "no travel time for '4602' -> 'bergen'",
        "no travel time for '4602' -> 'stord'",
    ]


def test_travel_error_is_a_value_error_listing_each_problem() -> None:
    error = TravelError(["first problem", "second problem"])
    assert isinstance(error, ValueError)
    assert error.problems == ["first problem", "second problem"]
    assert "first problem" in str(error)
    assert "second problem" in str(error)
    assert str(TravelError(["only one"])) == "only one"
