"""The speakers' roster sheet, one iCalendar file per speaker, and the fees in the budget."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from kompetanse_opt.analysis.budget import plan_budget_table
from kompetanse_opt.io.ics import calendar_files
from kompetanse_opt.io.sections import build_view, plan_tables
from kompetanse_opt.io.speaker_roster import speaker_roster_table
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.solver.pipeline import solve
from speaker_builders import make_speaker_instance, speaker

STAMP = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@cache
def planned() -> tuple[Instance, Result]:
    pool = [
        speaker("s1", name="Ada Fiktiv", fee=31_000),
        speaker("s2", fee=27_000),
        speaker("g1", kind="guest", name="Fjordby (guest)", fee=1_000, max_gatherings=1),
    ]
    instance = make_speaker_instance(pool)
    return instance, solve(instance, time_limit=10)


@pytest.mark.slow
def test_roster_lists_every_gathering_once_with_fee_and_venue() -> None:
    instance, result = planned()
    table = speaker_roster_table(build_view(instance, result, lang="en"))
    plan = result.require_plan()
    speakers = [r for r in table.rows if r[1] == "speaker"]
    assert len(speakers) == sum(len(c.gatherings) for c in plan.cohorts)
    assert {r[0] for r in speakers} <= {"Ada Fiktiv", "S2"}
    assert all(r[7] in (31_000, 27_000) for r in speakers)
    assert [r[0] for r in table.rows if r[1] == "guest"] == ["Fjordby (guest)"]
    assert "speakers" in [t.key for t in plan_tables(build_view(instance, result))]
    anonymous = speaker_roster_table(build_view(instance, result, anonymise=True))
    assert "Ada Fiktiv" not in {r[0] for r in anonymous.rows}


@pytest.mark.slow
def test_one_calendar_file_per_speaker_with_their_gatherings() -> None:
    instance, result = planned()
    plan = result.require_plan()
    files = calendar_files(instance, plan, STAMP)
    for s in instance.speakers:
        text = files[f"speaker-{s.id}.ics"].decode()
        mine = [g for c in plan.cohorts for g in c.gatherings if s.id in (g.speaker, *g.guests)]
        assert text.count("BEGIN:VEVENT") == len(mine)
    unfolded = "".join(f.decode() for f in files.values()).replace("\r\n ", "")
    assert "Foredragsholder: Ada Fiktiv" in unfolded


@pytest.mark.slow
def test_budget_shows_plan_fees_beside_the_budgeted_speakers() -> None:
    instance, result = planned()
    plan = result.require_plan()
    table = plan_budget_table(prepare(instance), plan)
    rows = {r.id: r.amount for r in table.speaker_fees}
    paid = sum(
        instance.speakers[[s.id for s in instance.speakers].index(p)].fee
        for c in plan.cohorts
        for g in c.gatherings
        for p in [g.speaker, *g.guests]
    )
    assert rows["budgeted"] == 4 * 30_000
    assert rows["difference"] == paid - 4 * 30_000
    without = plan_budget_table(prepare(instance), plan.model_copy(update={"stages": ("cohorts",)}))
    assert without.speaker_fees == ()
    line = next(r for r in table.lines if r.id == "learning_path")
    other = next(r for r in without.lines if r.id == "learning_path")
    assert line.amount == other.amount and table.total == without.total  # beside, not added
