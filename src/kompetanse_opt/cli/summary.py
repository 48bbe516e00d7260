"""The readable summaries the command line prints for a plan, in the chosen language.

Tables fit a terminal of 80 columns; times are said as people say them ("4 h 1 min"); the
longest trip is one journey, home to one gathering's venue ("4 h 1 min, Stryn → Stord"), not
the sum over a cohort's gatherings that the objective's ``travel_worst`` counts.
"""

from __future__ import annotations

from rich import box
from rich.table import Table

from kompetanse_opt.cli.common import out
from kompetanse_opt.cli.summary_details import (
    print_calendar_summary,
    print_groups,
    role_breach_words,
    stage_name,
)
from kompetanse_opt.core.i18n import _, duration, language, ngettext
from kompetanse_opt.core.limits import spaced
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.model.plan import Result, SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import municipality_travel
from kompetanse_opt.objective.trips import Trip, longest_trip

__all__ = [
    "compact_table",
    "plan_claim",
    "print_calendar_summary",
    "print_groups",
    "print_summary",
    "role_breach_words",
    "spaced",
    "stage_line",
    "stage_name",
    "trip_words",
]


def compact_table(title: str) -> Table:
    """A table drawn lightly, so that it fits 80 columns."""
    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")


def trip_words(data: ProblemData, trip: Trip, sep: str = ", ") -> str:
    """``4 h 1 min, Stryn → Stord (Leirvik)`` (``sep`` between the time and the journey)."""
    names = {m.id: m.name for m in data.instance.municipalities}
    venues = {v.id: v.name for v in data.instance.venues}
    return (
        f"{duration(trip.minutes)}{sep}{names.get(trip.municipality, trip.municipality)}"
        f" → {venues.get(trip.venue, trip.venue)}"
    )


def _cohort_table(data: ProblemData, result: Result) -> Table:
    """One row per cohort on two lines: each gathering's venue and the longest single trip
    (its time, then the journey) on lines of their own, so the table fits 80 columns."""
    plan = result.require_plan()
    venue_names = {v.id: v.name for v in data.instance.venues}
    per_person = municipality_travel(data, plan)
    table = compact_table(_("{name}: cohorts").format(name=result.instance_name))
    table.add_column(_("cohort"), justify="right")
    table.add_column(_("participants / municipalities"), justify="right")
    table.add_column(_("venues"))
    table.add_column(_("travel (h)"), justify="right")
    table.add_column(_("longest single trip"))
    for c in plan.cohorts:
        total = sum(data.size[m] * per_person[m] for m in c.municipalities)
        trip = longest_trip(data.travel, c)
        venues = [venue_names.get(g.venue, g.venue) for g in sorted(c.gatherings, key=_index)]
        table.add_row(
            str(c.id),
            f"{c.size} / {len(c.municipalities)}",
            "\n".join(venues),
            spaced(round(total / 60)),
            trip_words(data, trip, "\n") if trip else "-",
        )
    return table


def _index(gathering: object) -> int:
    return int(getattr(gathering, "index", 0))


def print_summary(data: ProblemData, result: Result) -> None:
    if result.plan is not None:
        out.print(_cohort_table(data, result))
        if "groups" in result.plan.stages:
            print_groups(data, result)
        out.print(
            _("objective terms: {terms}").format(
                terms=", ".join(f"{k}={v}" for k, v in result.terms.items())
            ),
            markup=False,
        )
    out.print(status_line(result), markup=True)
    claim = plan_claim(result)
    if claim:
        out.print(claim, markup=False)
    if result.stage_results:
        out.print(stage_line(result), markup=False)
    for stage in result.stage_results:
        for level in stage.levels:
            text = _("  {stage} level {level}: {status}, value {value}, bound {bound}")
            out.print(
                text.format(
                    stage=stage.name,
                    level=level.name,
                    status=level.status.value,
                    value=level.value,
                    bound=level.bound,
                ),
                markup=False,
            )
    for reason in result.reasons:
        out.print(_("  reason: {reason}").format(reason=reason), markup=False)


def _status_words(status: SolveStatus) -> str:
    """The status code in English (scripts read it), its meaning in Norwegian."""
    return status.value if language() == "en" else Labels("nb").status(status.value)


def status_line(result: Result) -> str:
    """``status optimal · objective 1 234 · bound 1 234 · gap 0.00 % · 3.5 s · seed 0 · ...``."""
    parts = [_("status {status}").format(status=f"[bold]{_status_words(result.status)}[/bold]")]
    if result.objective is not None:
        gap = "-" if result.gap is None else f"{100 * result.gap:.2f} %"
        parts.append(_("objective {value}").format(value=result.objective))
        parts.append(_("bound {value}").format(value=result.bound))
        parts.append(_("gap {value}").format(value=gap))
    parts.append(_("time {seconds:.2f} s").format(seconds=result.wall_time))
    parts.append(_("seed {seed}").format(seed=result.seed))
    parts.append(_("workers {workers}").format(workers=result.workers))
    return "  ".join(parts)


def plan_claim(result: Result) -> str:
    """What the status means for the whole plan, in plain words ("" when there is no plan)."""
    if result.objective is None:
        return ""
    if result.bound is None:
        against = _("no bound for the whole objective (ranked priorities)")
    else:
        gap = 100 * (result.gap or 0.0)
        against = _("whole-plan gap {gap:.2f} % against bound {bound}").format(
            gap=gap, bound=result.bound
        )
    if result.status is SolveStatus.OPTIMAL:
        return _("plan: optimal (proven for the whole objective)")
    if result.status is SolveStatus.STAGE_OPTIMAL:
        return _("plan: each stage optimal given the earlier stages; {against}").format(
            against=against
        )
    return _("plan: feasible, {against}").format(against=against)


def stage_line(result: Result) -> str:
    """Each stage's own status and worst gap (stage-level: given the earlier stages)."""
    parts: list[str] = []
    for name in dict.fromkeys(r.name for r in result.stage_results):
        reports = [r for r in result.stage_results if r.name == name]
        proven = sum(r.status is SolveStatus.OPTIMAL for r in reports)
        gaps = [r.gap for r in reports if r.gap is not None]
        text = f"{stage_name(name)} {_status_words(reports[0].status)}"
        if len(reports) > 1:
            text = ngettext(
                "{stage} {proven} of {n} solve optimal",
                "{stage} {proven} of {n} solves optimal",
                len(reports),
            ).format(stage=stage_name(name), proven=proven, n=len(reports))
        if gaps and max(gaps) > 0:
            text += _(", worst gap {gap:.2f} %").format(gap=100 * max(gaps))
        parts.append(text)
    return _("  stage-level (each given the earlier stages): ") + "; ".join(parts)
