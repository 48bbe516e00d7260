"""Pins (H7, H11) and change terms of the calendar stage, added to a :class:`CalendarModel`.

* Date pins fix a session's start day; facilitator pins fix the exact staff of a gathering; a
  speaker pin (or else the baseline's speaker) is written into the plan by the extraction.
* With a baseline (a re-plan), the change terms count days moved per announced and per draft
  session (an exact absolute value, so the model's term equals the recomputed one), the baseline
  facilitators no longer on their gathering, and the gatherings with another speaker; the
  baseline's dates and staff are the search's hint.
"""

from __future__ import annotations

from typing import Protocol

from ortools.sat.python import cp_model

from kompetanse_opt.model.calendar_days import DayGrid
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import change_terms_of
from kompetanse_opt.objective.change_terms import baseline_states
from kompetanse_opt.solver.calendar.variables import CalendarVariables, Session


class CalendarModel(Protocol):
    """What the pins need of :class:`~kompetanse_opt.solver.calendar.model.CalendarModel`."""

    data: ProblemData
    instance: Instance
    grid: DayGrid
    model: cp_model.CpModel
    vars: CalendarVariables
    sessions: list[Session]
    gatherings: list[Session]
    facilitators: list[str]


def _steps(model: CalendarModel) -> dict[tuple[int, str, int], int]:
    return {(s.cohort, s.kind, s.index): s.step for s in model.sessions}


def add_pins(model: CalendarModel) -> None:
    """H7/H11: pinned dates and staff hold (a pin to a day the session cannot use leaves the
    model infeasible; the counting causes say why)."""
    steps = _steps(model)
    for pin in model.instance.pins.dates:
        step = steps.get((pin.cohort, pin.session, pin.index))
        if step is not None:
            model.model.add(model.vars.start[pin.cohort, step] == model.grid.index(pin.date))
    for staff in model.instance.pins.facilitators:
        step = steps.get((staff.cohort, "gathering", staff.gathering))
        if step is None:
            continue
        wanted = set(staff.facilitators)
        if not wanted <= set(model.facilitators):
            model.model.add_bool_or([])  # someone pinned who is not in the pool
        for f in model.facilitators:
            model.model.add(model.vars.staff[f, staff.cohort, step] == int(f in wanted))


def speaker_of(model: CalendarModel) -> dict[tuple[int, int], str]:
    """(cohort, gathering) -> the speaker the plan names: pinned, else the baseline's."""
    out: dict[tuple[int, int], str] = {}
    base = model.instance.baseline
    if base is not None:
        out.update(base.speaker_of())
    out.update(model.instance.pins.speaker_of())
    return out


def change_terms(model: CalendarModel) -> dict[str, cp_model.LinearExprT]:
    """H11: days moved (announced, draft), facilitators changed and speakers changed."""
    base = model.instance.baseline
    if base is None:
        return {}
    steps = _steps(model)
    states = baseline_states(model.data)
    moved: dict[str, list[cp_model.LinearExprT]] = {"announced": [], "draft": []}
    for d in base.dates:
        key = (d.cohort, d.session, d.index)
        if key not in steps or states[key] == "held":
            continue  # held sessions are pinned: they never move
        start = model.vars.start[d.cohort, steps[key]]
        days = model.model.new_int_var(0, 2 * model.grid.n_days + 100_000, f"moved{list(key)}")
        model.model.add_abs_equality(days, start - model.grid.index(d.date))
        moved[states[key]].append(days)
    # Announced gatherings' staff change at the announced price, drafts' at the draft price.
    gone: dict[str, list[cp_model.LinearExprT]] = {"announced": [], "draft": []}
    for f in base.facilitators:
        step = steps.get((f.cohort, "gathering", f.gathering))
        state = states.get((f.cohort, "gathering", f.gathering), "draft")
        if step is None or state == "held":
            continue
        for person in f.facilitators:
            staff = model.vars.staff.get((person, f.cohort, step))
            gone[state].append(1 if staff is None else 1 - staff)
    speakers = speaker_of(model)
    changed_speakers = sum(
        1
        for s in base.speakers
        if (s.cohort, "gathering", s.gathering) in steps
        and speakers.get((s.cohort, s.gathering)) != s.speaker
    )
    terms: dict[str, cp_model.LinearExprT] = {
        "changed_days_announced": cp_model.LinearExpr.sum(moved["announced"]),
        "changed_days_draft": cp_model.LinearExpr.sum(moved["draft"]),
        "changed_facilitators_announced": cp_model.LinearExpr.sum(gone["announced"]),
        "changed_facilitators": cp_model.LinearExpr.sum(gone["draft"]),
        "changed_speakers": cp_model.LinearExpr.sum([changed_speakers]),
    }
    owned = change_terms_of("calendar", model.data)  # with a speaker pool, not the speakers
    return {name: term for name, term in terms.items() if name in owned}


def add_baseline_hint(model: CalendarModel) -> None:
    """Start the search from the baseline's dates and staff."""
    base = model.instance.baseline
    if base is None:
        return
    steps = _steps(model)
    for d in base.dates:
        step = steps.get((d.cohort, d.session, d.index))
        if step is not None:
            model.model.add_hint(model.vars.start[d.cohort, step], model.grid.index(d.date))
    staffed = base.facilitators_of()
    for g in model.gatherings:
        if (g.cohort, g.index) in staffed:
            for f in model.facilitators:
                wanted = int(f in staffed[g.cohort, g.index])
                model.model.add_hint(model.vars.staff[f, g.cohort, g.step], wanted)
