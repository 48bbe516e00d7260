"""The parts of the plan summary past the cohorts: discussion groups, people and municipalities
who meet, P8 breaches, and the dates with their facilitators. Every table fits 80 columns."""

from __future__ import annotations

import re
from datetime import date

from rich import box
from rich.table import Table

from kompetanse_opt.analysis.hours import hours_report
from kompetanse_opt.cli.common import out
from kompetanse_opt.core.i18n import _, language, ngettext
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.model.content import hours_text
from kompetanse_opt.model.plan import Plan, Result
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.group_terms import sat_with_before
from kompetanse_opt.objective.role_terms import role_breaches


def _table(title: str) -> Table:
    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")


def stage_name(stage: str) -> str:
    """A planning stage's name in the chosen language."""
    names = {
        "cohorts": _("cohorts"),
        "groups": _("groups"),
        "calendar": _("calendar"),
        "politicians": _("politicians"),
        "learning": _("learning path"),
        "speakers": _("speakers"),
        "replan": _("replanning"),
    }
    return names.get(stage, stage)


def status_word(status: str) -> str:
    """A solve's status in one or two words of the chosen language."""
    words = {
        "optimal": _("optimal"),
        "stage_optimal": _("stage optimal"),
        "feasible": _("feasible"),
        "infeasible": _("infeasible"),
        "unknown": _("unknown"),
        "model_invalid": _("invalid model"),
    }
    return words.get(status, status)


def print_groups(data: ProblemData, result: Result) -> None:
    """One row per cohort and gathering: its groups, the solve, then who meets again."""
    plan = result.require_plan()
    solves = {(r.cohort, r.gathering): r for r in result.stage_results if r.name == "groups"}
    table = _table(_("discussion groups"))
    table.add_column(_("cohort"), justify="right")
    table.add_column(_("gathering"), justify="right")
    table.add_column(_("groups"), justify="right")
    table.add_column(_("sizes"), justify="right")
    table.add_column(_("size spread"), justify="right")
    table.add_column(_("repeats"), justify="right")
    table.add_column(_("solve"))
    for c in plan.cohorts:
        for g in c.gatherings:
            sizes = [len(group.participants) for group in g.groups]
            report = solves.get((c.id, g.index))
            solve_text = "-"
            if report is not None:
                solve_text = f"{status_word(report.status.value)}, {report.wall_time:.1f} s"
                if report.gap:
                    solve_text += _(", gap {gap:.1f} %").format(gap=100 * report.gap)
            table.add_row(
                str(c.id),
                str(g.index),
                str(len(sizes)),
                f"{min(sizes)}–{max(sizes)}" if sizes else "-",
                str(report.terms.get("group_size_spread", "-")) if report else "-",
                str(report.terms.get("meeting_repeats", "-")) if report else "-",
                solve_text,
            )
    out.print(table)
    _print_people_met_again(plan)
    _print_role_breaches(data, plan)
    _print_meetings(data, plan)


def _print_meetings(data: ProblemData, plan: Plan) -> None:
    """Which municipalities shared groups: a fact about the plan, for information (P4 counts
    people, above; a municipality with several participants shares several groups)."""
    meetings = plan.meetings
    if meetings is None or not meetings.municipalities:
        return
    met = sorted(m.met for m in meetings.municipalities)
    names = {m.id: m.name for m in data.instance.municipalities}
    text = _(
        "meetings: {pairs} pairs of municipalities shared a discussion group; each municipality"
        " sat with {others} others (median {median}); {repeated} pairs shared more than one"
        " group (their participants meet in several service areas and at each gathering)"
    )
    out.print(
        text.format(
            pairs=meetings.pairs_met,
            others=str(met[0]) if met[0] == met[-1] else f"{met[0]}–{met[-1]}",
            median=met[len(met) // 2],
            repeated=meetings.repeated_pairs,
        ),
        markup=False,
    )
    top = meetings.repeated[:3]
    if top:
        pairs = ", ".join(
            _("{a} and {b} ({n} groups)").format(
                a=names.get(p.municipalities[0], p.municipalities[0]),
                b=names.get(p.municipalities[1], p.municipalities[1]),
                n=p.meetings,
            )
            for p in top
        )
        out.print(_("  most often together: {pairs}").format(pairs=pairs), markup=False)


def _print_people_met_again(plan: Plan) -> None:
    """P4 per person, in plain words, for every gathering after a cohort's first."""
    for c in plan.cohorts:
        for g in sorted(c.gatherings, key=lambda x: x.index)[1:]:
            again, seated, pairs = sat_with_before(c, g.index)
            if g.index == 2:
                before = _("gathering 1")
            else:
                before = _("gatherings 1–{last}").format(last=g.index - 1)
            text = _(
                "cohort {cohort}, at gathering {gathering}: {again} of {seated} participants sit"
                " with someone they sat with at {before} ({pairs} pairs of participants meet again)"
            )
            out.print(
                text.format(
                    cohort=c.id,
                    gathering=g.index,
                    again=again,
                    seated=seated,
                    before=before,
                    pairs=pairs,
                ),
                markup=False,
            )


_CLUSTER = re.compile(
    r"P8: cohort (\d+), gathering (\d+), group (\S+): (\S+) is the only one with (\S+) (.+)"
)
_SIMILAR = re.compile(r"P8: cohort (\d+), gathering (\d+), group (\S+): (\d+) values of (\S+)")
_SPREAD = re.compile(r"P8: cohort (\d+), gathering (\d+), (\S+): (\S+) (\S+) has (\S+) per group")


def role_breach_words(line: str) -> str:
    """A P8 breach line of :func:`role_breaches` in the chosen language (unknown shapes as is)."""
    if found := _CLUSTER.fullmatch(line):
        c, g, group, who, attribute, value = found.groups()
        return _(
            "P8: cohort {c}, gathering {g}, group {group}: {who} is the only one with"
            " {attribute} {value}"
        ).format(c=c, g=g, group=group, who=who, attribute=attribute, value=value)
    if found := _SIMILAR.fullmatch(line):
        c, g, group, n, attribute = found.groups()
        return _("P8: cohort {c}, gathering {g}, group {group}: {n} values of {attribute}").format(
            c=c, g=g, group=group, n=n, attribute=attribute
        )
    if found := _SPREAD.fullmatch(line):
        c, g, area, attribute, value, spread = found.groups()
        return _(
            "P8: cohort {c}, gathering {g}, {area}: {attribute} {value} has {spread} per group"
        ).format(
            c=c,
            g=g,
            area=Labels(language()).service_area(area),
            attribute=attribute,
            value=value,
            spread=spread,
        )
    return line


def _print_role_breaches(data: ProblemData, plan: Plan, most: int = 5) -> None:
    """P8 (groups.mix) where it is not met, the first few lines and how many more."""
    lines = role_breaches(data, plan)
    for line in lines[:most]:
        out.print(role_breach_words(line), markup=False)
    if len(lines) > most:
        more = len(lines) - most
        text = ngettext(
            "  … and {n} more P8 breach (groups.mix)",
            "  … and {n} more P8 breaches (groups.mix)",
            more,
        )
        out.print(text.format(n=more), markup=False)
    elif not lines and data.instance.groups.mix:
        out.print(_("P8: every group meets groups.mix"), markup=False)


def _span(days: list[date]) -> str:
    """``2025-01-02 – 01-03`` (the year once when a span stays in it)."""
    first, last = days[0], days[-1]
    if first == last:
        return first.isoformat()
    tail = last.isoformat()[5:] if last.year == first.year else last.isoformat()
    return f"{first.isoformat()} – {tail}"


def print_calendar_summary(data: ProblemData, result: Result) -> None:
    """Dates and facilitators of a dated plan (nothing for a cohort-only plan)."""
    plan = result.plan
    if plan is None or "calendar" not in plan.stages:
        return
    venue_names = {v.id: v.name for v in data.instance.venues}
    people = {f.id: f.name for f in data.instance.facilitators}
    table = _table(_("dates and facilitators"))
    for column in (_("cohort"), _("session"), _("date(s)"), _("where"), _("facilitators")):
        table.add_column(column)
    for c in plan.cohorts:
        rows = [
            (
                g.dates[0],
                _("gathering {n}").format(n=g.index),
                _span(list(g.dates)),
                venue_names.get(g.venue, g.venue),
                ", ".join(people.get(f, f) for f in g.facilitators),
            )
            for g in c.gatherings
        ]
        rows += [
            (s.date, _("local {n}").format(n=s.index), s.date.isoformat(), _("own house"), "")
            for s in c.local_sessions
        ]
        rows += [
            (s.date, _("closing {n}").format(n=s.index), s.date.isoformat(), "Teams", "")
            for s in c.closing_sessions
        ]
        for _day, *cells in sorted(rows):
            table.add_row(str(c.id), *cells)
    out.print(table)
    for s in plan.politician_sessions:
        text = ngettext(
            "politicians' session {id}: {date} at {venue}, {n} municipality",
            "politicians' session {id}: {date} at {venue}, {n} municipalities",
            len(s.municipalities),
        )
        out.print(
            text.format(
                id=s.id,
                date=s.date.isoformat(),
                venue=venue_names.get(s.venue, s.venue),
                n=len(s.municipalities),
            ),
            markup=False,
        )
    print_learning_summary(data, plan)
    print_speaker_summary(data, plan)


def print_speaker_summary(data: ProblemData, plan: Plan) -> None:
    """Each speaker's and guest's gatherings (nothing without the speakers' stage)."""
    if "speakers" not in plan.stages:
        return
    for person in data.instance.speakers:
        at = [
            f"{c.id}.{g.index}"
            for c in plan.cohorts
            for g in c.gatherings
            if person.id in (g.speaker, *g.guests)
        ]
        if at:
            kind = _("speaker") if person.kind == "speaker" else _("guest")
            out.print(
                _("{kind} {name}: gatherings {where}").format(
                    kind=kind, name=person.name, where=", ".join(at)
                ),
                markup=False,
            )


def print_learning_summary(data: ProblemData, plan: Plan) -> None:
    """One line on the learning path's hours (nothing without the learning stage)."""
    if "learning" not in plan.stages:
        return
    parts = []
    for g in hours_report(data, plan).groups:
        part = _("group {group} {hours}").format(
            group=g.target_group, hours=hours_text(g.programme)
        )
        if not g.within_frame:
            part += _(" (outside {low}–{high})").format(
                low=hours_text(g.frame[0]), high=hours_text(g.frame[1])
            )
        parts.append(part)
    out.print(
        _(
            "learning path in every cohort: {hours} per participant (travel and nights apart;"
            " details: kompetanse-opt hours PLAN)"
        ).format(hours=", ".join(parts)),
        markup=False,
    )
