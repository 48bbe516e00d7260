"""Terminal output people read (issue 18): 80 columns, one journey as "longest single trip", the
meetings as a fact, and progress as one live line (one line per stage off a terminal)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from calendar_builders import make_dated_instance
from kompetanse_opt.cli import summary, summary_details
from kompetanse_opt.cli.progress import ProgressLine
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Result
from kompetanse_opt.model.problem import ProblemData, prepare
from kompetanse_opt.objective import municipality_travel
from kompetanse_opt.objective.trips import Trip, longest_of, longest_trip
from kompetanse_opt.solver.engine import Progress
from kompetanse_opt.solver.pipeline import solve

LONG_NAMES = {
    "1001": "Sogndal og Leikanger",
    "1002": "Kvinnherad i Sunnhordland",
    "1003": "Stryn",
    "1004": "Hyllestad",
}


@pytest.fixture(scope="module")
def planned() -> tuple[ProblemData, Result]:
    """A dated plan with groups and long names, the kind that used to overflow 80 columns."""
    base = make_dated_instance(
        [8, 8, 8, 8],
        cohorts={"count": 2, "capacity": 20, "gatherings": 2},
        groups={"enabled": True},
        minutes={("1003", "a"): 241, ("1003", "b"): 200},
    )
    municipalities = [m.model_dump() for m in base.municipalities]
    for m in municipalities:
        m["name"] = LONG_NAMES[m["id"]]
    venues = [v.model_dump() for v in base.venues]
    venues[0]["name"], venues[1]["name"] = "Stord (Leirvik)", "Førde sentrum"
    instance = base.replace(municipalities=municipalities, venues=venues)
    result = solve(instance, time_limit=20, workers=1)
    assert result.plan is not None
    return prepare(instance), result


def printed(monkeypatch: pytest.MonkeyPatch, width: int = 80) -> io.StringIO:
    """Send the summaries to a console of ``width`` columns; return what it writes."""
    file = io.StringIO()
    console = Console(file=file, width=width, highlight=False, markup=False, emoji=False)
    monkeypatch.setattr(summary, "out", console)
    monkeypatch.setattr(summary_details, "out", console)
    return file


def test_the_summary_tables_fit_80_columns(
    planned: tuple[ProblemData, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, result = planned
    file = printed(monkeypatch)
    summary.print_summary(data, result)
    summary.print_calendar_summary(data, result)
    text = file.getvalue()
    assert "discussion groups" in text and "dates and facilitators" in text
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in text  # nothing cut off
    # The cohort table keeps each cohort on a few lines (venues and the trip one per line).
    body = text.split("trip", 1)[1].split("discussion groups", 1)[0]
    assert len([line for line in body.splitlines() if line.strip() and "─" not in line]) <= 6


def test_longest_single_trip_is_one_journey_not_the_sum(
    planned: tuple[ProblemData, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, result = planned
    plan = result.require_plan()
    trip = longest_of(data.travel, plan.cohorts)
    assert trip is not None
    # The objective's travel_worst sums a participant's trips over the gatherings ...
    summed = max(municipality_travel(data, plan).values())
    assert trip.minutes < summed
    # ... a person reads "longest trip" as one journey, and that is what the summary says.
    assert trip.minutes == max(
        data.minutes(m, g.venue)
        for c in plan.cohorts
        for m in c.municipalities
        for g in c.gatherings
    )
    file = printed(monkeypatch, width=120)
    summary.print_summary(data, result)
    words = summary.trip_words(data, trip)
    assert words == "4 h 1 min, Stryn → Stord (Leirvik)"
    table = file.getvalue().split("discussion groups")[0]
    assert "4 h 1 min" in table and "Stryn → Stord (Leirvik)" in table
    assert f" {summed}" not in table


def test_longest_trip_of_a_cohort_by_hand() -> None:
    cohort = CohortPlan(
        id=1,
        municipalities=["s", "b"],
        participants=[],
        gatherings=[GatheringPlan(index=1, venue="stord"), GatheringPlan(index=2, venue="forde")],
    )
    travel = {("s", "stord"): 241, ("s", "forde"): 241, ("b", "stord"): 60, ("b", "forde"): 300}
    assert longest_trip(travel, cohort) == Trip(300, "b", "forde")
    travel[("b", "forde")] = 100
    # Two trips of 241 minutes are 482 minutes in all, but the longest single trip is 241.
    assert longest_trip(travel, cohort) == Trip(241, "s", "forde")


def test_the_meetings_line_states_a_fact(
    planned: tuple[ProblemData, Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    data, result = planned
    file = printed(monkeypatch, width=200)
    summary.print_summary(data, result)
    line = next(x for x in file.getvalue().splitlines() if x.startswith("meetings:"))
    assert "pairs of municipalities shared a discussion group" in line
    assert "repeat meetings" not in line and "for information" not in line


def _progress(stage: str, objective: int) -> Progress:
    return Progress(stage=stage, wall_time=0.1, objective=objective, bound=objective - 5)


def test_progress_off_a_terminal_is_one_line_per_stage() -> None:
    file = io.StringIO()
    console = Console(file=file, width=100, force_terminal=False)
    with ProgressLine(console, live=False) as line:
        for value in (100, 90, 80):
            line(_progress("cohorts/classes", value))
        line(_progress("groups cohort 1 gathering 1", 30))
        line(_progress("groups cohort 2 gathering 1", 20))
        line(_progress("calendar", 7))
    lines = file.getvalue().splitlines()
    assert len(lines) == 3, lines
    assert lines[0].startswith("cohorts and venues · best plan 80 · bound 75")
    assert lines[1].startswith("groups, cohort 2, gathering 1 · best plan 20")
    assert lines[2].startswith("dates and facilitators · best plan 7")


def test_progress_on_a_terminal_is_one_transient_line() -> None:
    file = io.StringIO()
    console = Console(file=file, width=100, force_terminal=True)
    with ProgressLine(console) as line:
        for value in range(60, 0, -1):
            line(_progress("cohorts/classes", value))
    text = file.getvalue()
    # Not one printed line per improvement: the live line is redrawn and erased at the end.
    assert text.count("\n") < 10
    assert "\x1b[2K" in text  # erased: the summary starts on a clean screen
