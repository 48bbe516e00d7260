"""One sheet per kind of recipient: each facilitator's and each speaker's gatherings.

The secretariat sends each facilitator a roster and each speaker their engagements; these tables
hold one row per person and gathering with what the letter says: when, where, with whom, and how
many nights away (a lunch-to-lunch gathering is one night). Names, never ids, where the instance
has them. A speaker sheet appears when the plan names speakers.
"""

from __future__ import annotations

from datetime import date

from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.model.plan import GatheringPlan


def date_span(days: list[date]) -> str:
    """``2025-01-02 – 2025-01-03``; one day as itself; empty without dates."""
    if not days:
        return ""
    first, last = days[0].isoformat(), days[-1].isoformat()
    return first if first == last else f"{first} – {last}"


def _gatherings(view: PlanView) -> list[tuple[int, GatheringPlan]]:
    plan = view.plan
    if plan is None:
        return []
    return [(c.id, g) for c in plan.cohorts for g in sorted(c.gatherings, key=lambda g: g.index)]


def facilitator_roster_table(view: PlanView) -> Table:
    """One row per facilitator and gathering: cohort, gathering, dates, venue, co-facilitators."""
    t = view.labels
    names = {f.id: f.name for f in view.instance.facilitators}
    rows: list[tuple[Cell, ...]] = []
    for cohort, g in _gatherings(view):
        for f in g.facilitators:
            others = [names.get(o, o) for o in g.facilitators if o != f]
            rows.append(
                (
                    names.get(f, f),
                    cohort,
                    g.index,
                    date_span(list(g.dates)),
                    view.venue_name(g.venue),
                    ", ".join(others),
                    max(len(g.dates) - 1, 0),
                )
            )
    rows.sort(key=lambda r: (str(r[0]), str(r[3]), str(r[1])))
    return Table(
        "facilitators",
        t("facilitators"),
        (
            Column(t("facilitator")),
            Column(t("cohort"), "int"),
            Column(t("gathering"), "int"),
            Column(t("dates")),
            Column(t("venue")),
            Column(t("co_facilitators")),
            Column(t("nights"), "int"),
        ),
        tuple(rows),
    )


def speakers_table(view: PlanView) -> Table:
    """One row per speaker and gathering (empty when the plan names no speakers)."""
    t = view.labels
    names = {s.id: s.name for s in getattr(view.instance, "speakers", None) or ()}
    rows: list[tuple[Cell, ...]] = []
    for cohort, g in _gatherings(view):
        # The calendar's placeholder ids ("speaker-1-1") are no one to write to: only speakers
        # the instance names (or a plan's list of them) make the sheet.
        speakers = getattr(g, "speakers", None) or (
            [g.speaker] if g.speaker and g.speaker in names else []
        )
        for s in speakers:
            rows.append(
                (
                    names.get(s, s),
                    cohort,
                    g.index,
                    date_span(list(g.dates)),
                    view.venue_name(g.venue),
                )
            )
    return Table(
        "speakers",
        t("speakers"),
        (
            Column(t("speaker")),
            Column(t("cohort"), "int"),
            Column(t("gathering"), "int"),
            Column(t("dates")),
            Column(t("venue")),
        ),
        tuple(rows),
    )
