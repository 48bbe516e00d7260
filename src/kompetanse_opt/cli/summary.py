"""The readable summaries the command line prints for a plan."""

from __future__ import annotations

from rich.table import Table

from kompetanse_opt.cli.common import out
from kompetanse_opt.model.plan import Plan, Result, SolveStatus
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective import municipality_travel
from kompetanse_opt.objective.group_terms import sat_with_before
from kompetanse_opt.objective.role_terms import role_breaches


def print_summary(data: ProblemData, result: Result) -> None:
    venue_names = {v.id: v.name for v in data.instance.venues}
    names = {m.id: m.name for m in data.instance.municipalities}
    if result.plan is not None:
        per_person = municipality_travel(data, result.plan)
        table = Table(title=f"{result.instance_name}: cohorts")
        for column in (
            "cohort",
            "participants",
            "municipalities",
            "gatherings",
            "travel (min)",
            "longest trip",
        ):
            table.add_column(column, justify="right" if column != "gatherings" else "left")
        for c in result.plan.cohorts:
            total = sum(data.size[m] * per_person[m] for m in c.municipalities)
            worst = max(c.municipalities, key=lambda m: per_person[m], default=None)
            table.add_row(
                str(c.id),
                str(c.size),
                str(len(c.municipalities)),
                " → ".join(venue_names.get(g.venue, g.venue) for g in c.gatherings),
                f"{total:,}".replace(",", " "),
                f"{names[worst]} {per_person[worst]}" if worst else "-",
            )
        out.print(table)
        if "groups" in result.plan.stages:
            print_groups(data, result)
        out.print("terms: " + ", ".join(f"{k}={v}" for k, v in result.terms.items()))
    line = f"status [bold]{result.status.value}[/bold]"
    if result.objective is not None:
        gap = "-" if result.gap is None else f"{100 * result.gap:.2f}%"
        line += f"  objective {result.objective}  bound {result.bound}  gap {gap}"
    line += f"  time {result.wall_time:.2f}s  seed {result.seed}  workers {result.workers}"
    out.print(line, markup=True)
    claim = plan_claim(result)
    if claim:
        out.print(claim, markup=False)
    if result.stage_results:
        out.print(stage_line(result), markup=False)
    for stage in result.stage_results:
        for level in stage.levels:
            out.print(
                f"  {stage.name} level {level.name}: {level.status.value},"
                f" value {level.value}, bound {level.bound}",
                markup=False,
            )
    for reason in result.reasons:
        out.print(f"  reason: {reason}")


def plan_claim(result: Result) -> str:
    """What the status means for the whole plan, in plain words ("" when there is no plan)."""
    if result.objective is None:
        return ""
    if result.bound is None:
        against = "no bound for the whole objective (ranked priorities)"
    else:
        gap = 100 * (result.gap or 0.0)
        against = f"whole-plan gap {gap:.2f} % against bound {result.bound}"
    if result.status is SolveStatus.OPTIMAL:
        return "plan: optimal (proven for the whole objective)"
    if result.status is SolveStatus.STAGE_OPTIMAL:
        return f"plan: each stage optimal given the earlier stages; {against}"
    return f"plan: feasible, {against}"


def stage_line(result: Result) -> str:
    """Each stage's own status and worst gap (stage-level: given the earlier stages)."""
    parts: list[str] = []
    for name in dict.fromkeys(r.name for r in result.stage_results):
        reports = [r for r in result.stage_results if r.name == name]
        proven = sum(r.status is SolveStatus.OPTIMAL for r in reports)
        gaps = [r.gap for r in reports if r.gap is not None]
        text = f"{name} {reports[0].status.value}"
        if len(reports) > 1:
            text = f"{name} {proven} of {len(reports)} solves optimal"
        if gaps and max(gaps) > 0:
            text += f", worst gap {100 * max(gaps):.2f} %"
        parts.append(text)
    return "  stage-level (each given the earlier stages): " + "; ".join(parts)


def print_calendar_summary(data: ProblemData, result: Result) -> None:
    """Dates and facilitators of a dated plan (nothing for a cohort-only plan)."""
    plan = result.plan
    if plan is None or "calendar" not in plan.stages:
        return
    venue_names = {v.id: v.name for v in data.instance.venues}
    table = Table(title="dates and facilitators")
    for column in ("cohort", "session", "date(s)", "where", "facilitators"):
        table.add_column(column)
    for c in plan.cohorts:
        rows = [
            (
                g.dates[0],
                f"gathering {g.index}",
                " – ".join(d.isoformat() for d in g.dates),
                venue_names.get(g.venue, g.venue),
                ", ".join(g.facilitators),
            )
            for g in c.gatherings
        ]
        rows += [
            (s.date, f"local {s.index}", s.date.isoformat(), "own house", "")
            for s in c.local_sessions
        ]
        rows += [
            (s.date, f"closing {s.index}", s.date.isoformat(), "Teams", "")
            for s in c.closing_sessions
        ]
        for _, *cells in sorted(rows):
            table.add_row(str(c.id), *cells)
    out.print(table)
    for s in plan.politician_sessions:
        out.print(
            f"politicians' session {s.id}: {s.date.isoformat()} at"
            f" {venue_names.get(s.venue, s.venue)}, {len(s.municipalities)} municipalities"
        )
    if "speakers" in plan.stages:
        for person in data.instance.speakers:
            at = [
                f"{c.id}.{g.index}"
                for c in plan.cohorts
                for g in c.gatherings
                if person.id in (g.speaker, *g.guests)
            ]
            if at:
                out.print(f"{person.kind} {person.name}: gatherings {', '.join(at)}", markup=False)


def print_groups(data: ProblemData, result: Result) -> None:
    """One row per cohort and gathering: its groups by area, the solve, and the meeting graph."""
    plan = result.require_plan()
    solves = {(r.cohort, r.gathering): r for r in result.stage_results if r.name == "groups"}
    table = Table(title="discussion groups")
    for column in ("cohort", "gathering", "groups (sizes by area)", "spread", "repeats", "solve"):
        table.add_column(column, justify="left" if column.startswith("groups") else "right")
    for c in plan.cohorts:
        for g in c.gatherings:
            by_area: dict[str, list[int]] = {}
            for group in g.groups:
                by_area.setdefault(group.service_area, []).append(len(group.participants))
            report = solves.get((c.id, g.index))
            solve_text = "-"
            if report is not None:
                gap = 100 * (report.gap or 0)
                solve_text = f"{report.status.value} {report.wall_time:.2f}s gap {gap:.1f}%"
            table.add_row(
                str(c.id),
                str(g.index),
                "; ".join(f"{a} {'/'.join(map(str, ns))}" for a, ns in by_area.items()),
                str(report.terms.get("group_size_spread", "-")) if report else "-",
                str(report.terms.get("meeting_repeats", "-")) if report else "-",
                solve_text,
            )
    out.print(table)
    _print_people_met_again(plan)
    _print_role_breaches(data, plan)
    meetings = plan.meetings
    if meetings is not None and meetings.municipalities:
        met = sorted(m.met for m in meetings.municipalities)
        names = {m.id: m.name for m in data.instance.municipalities}
        out.print(
            f"meetings: {meetings.pairs_met} municipality pairs met, {meetings.repeated_pairs}"
            f" of them more than once ({meetings.repeat_meetings} repeat meetings); each"
            f" municipality met {met[0]}–{met[-1]} others (median {met[len(met) // 2]});"
            " the municipality view, for information: people are counted above"
        )
        top = meetings.repeated[:3]
        if top:
            out.print(
                "  most repeated: "
                + ", ".join(
                    f"{names.get(p.municipalities[0], p.municipalities[0])}–"
                    f"{names.get(p.municipalities[1], p.municipalities[1])} ×{p.meetings}"
                    for p in top
                )
            )


def _print_people_met_again(plan: Plan) -> None:
    """P4 per person, in plain words, for every gathering after a cohort's first."""
    for c in plan.cohorts:
        for g in sorted(c.gatherings, key=lambda x: x.index)[1:]:
            again, seated, pairs = sat_with_before(c, g.index)
            before = "gathering 1" if g.index == 2 else f"gatherings 1–{g.index - 1}"
            out.print(
                f"cohort {c.id}, at gathering {g.index}: {again} of {seated} participants sit with"
                f" someone they sat with at {before} ({pairs} pairs of participants meet again)"
            )


def _print_role_breaches(data: ProblemData, plan: Plan, most: int = 5) -> None:
    """P8 (groups.mix) where it is not met, the first few lines and how many more."""
    lines = role_breaches(data, plan)
    for line in lines[:most]:
        out.print(line, markup=False)
    if len(lines) > most:
        out.print(f"  … and {len(lines) - most} more P8 breaches (groups.mix)")
    elif not lines and data.instance.groups.mix:
        out.print("P8: every group meets groups.mix")
