"""Small planned instances with awkward names for the output tests."""

from __future__ import annotations

from datetime import date

from builders import make_instance
from kompetanse_opt.io.extras import (
    BudgetRow,
    FacilitatorRow,
    GroupRow,
    PlanExtras,
    PoliticianSessionRow,
    ScheduleRow,
)
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.solver.pipeline import solve

#: Text that spreadsheets would run as formulas, and markup that browsers would run.
NASTY_NAMES = (
    '=HYPERLINK("x","click")',
    "+SUM(A1:A2)",
    "-2+3",
    "@cmd",
    "\tTAB",
    "<script>alert(1)</script>",
    'Åse & "Ørjan" <b>',
)


def nasty_instance() -> Instance:
    """Four municipalities, two cohorts; participants named with formulas and markup."""
    base = make_instance([3, 2, 3, 2])
    people = []
    for i, p in enumerate(base.participants):
        data = p.model_dump()
        data["name"] = NASTY_NAMES[i % len(NASTY_NAMES)]
        data["email"] = f"p{i}@example.no"
        data["role"] = "=cmd|' /C calc'!A0" if i == 0 else "leader"
        people.append(data)
    municipalities = [m.model_dump() for m in base.municipalities]
    municipalities[0]["name"] = "<img src=x onerror=alert(1)>"
    for k, m in enumerate(municipalities):
        m["lat"], m["lon"] = 60.0 + 0.3 * k, 5.0 + 0.4 * k
    return base.replace(participants=people, municipalities=municipalities)


def planned(instance: Instance) -> Result:
    result = solve(instance, time_limit=10, workers=1)
    assert result.plan is not None
    return result


def sample_extras(instance: Instance, result: Result) -> PlanExtras:
    """Rows of every later stage, shaped as those stages will hand them over."""
    plan = result.plan
    assert plan is not None
    groups, schedule, facilitators = [], [], []
    for c in plan.cohorts:
        half = len(c.participants) // 2
        for g in c.gatherings:
            for k, members in enumerate((c.participants[:half], c.participants[half:]), 1):
                groups.append(
                    GroupRow(c.id, g.index, f"{c.id}.{g.index}.{k}", "health_care", tuple(members))
                )
            start = date(2025, 1 + 2 * c.id + g.index, 10)
            schedule.append(
                ScheduleRow(c.id, "gathering", start, g.index, start.replace(day=11), g.venue)
            )
            facilitators.append(FacilitatorRow(c.id, g.index, f"fac-{1 + (c.id + g.index) % 3}"))
        schedule.append(ScheduleRow(c.id, "closing", date(2025, 3 + 2 * c.id, 20)))
    return PlanExtras(
        groups=tuple(groups),
        schedule=tuple(schedule),
        facilitators=tuple(facilitators),
        politician_sessions=(
            PoliticianSessionRow(
                "pol-1", tuple(m.id for m in instance.municipalities), date(2025, 12, 1), "a"
            ),
        ),
        budget=(
            BudgetRow("Undervisningsinnhold", "fixed", 200_000),
            BudgetRow("=SUM(1)", "variable", 1_324_000),
            BudgetRow("Totalt", "total", 2_629_000),
        ),
        key_figures=(("Pris per deltaker (NOK)", 8645),),
    )
