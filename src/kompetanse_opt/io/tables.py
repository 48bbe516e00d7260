"""A plan as plain tables: the one view that the workbook, the CSV files and the report render.

Each table is built by its own function from a :class:`PlanView` (an instance, a solve result
and the rows of later stages) and holds only what the data has: no groups, no group columns;
anonymised, no names or e-mails. Renderers never look at the plan themselves, so the workbook and
the report cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.i18n import duration, msg
from kompetanse_opt.io.data_words import region_text
from kompetanse_opt.io.extras import Cell, PlanExtras
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, Plan, Result
from kompetanse_opt.model.problem import TravelMatrix
from kompetanse_opt.objective.trips import Trip, longest_of, longest_trip

ColumnKind = Literal["text", "int", "float", "date"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = "text"


@dataclass(frozen=True)
class Table:
    """``key`` is stable (CSV file name, report anchor); ``title`` is in the chosen language."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class PlanView:
    """What the outputs show: the instance, the result and later stages' rows, in one language."""

    instance: Instance
    result: Result
    travel: TravelMatrix
    labels: Labels = field(default_factory=Labels)
    anonymise: bool = False
    extras: PlanExtras = field(default_factory=PlanExtras)

    @property
    def plan(self) -> Plan | None:
        return self.result.plan

    def municipality_name(self, kommunenummer: str) -> str:
        return self.instance.municipality(kommunenummer).name

    def venue_name(self, venue_id: str) -> str:
        return next((v.name for v in self.instance.venues if v.id == venue_id), venue_id)

    def trip_text(self, trip: Trip) -> str:
        """``4 h 1 min, Stryn → Stord``: one journey, home to a gathering's venue."""
        where = f"{self.municipality_name(trip.municipality)} → {self.venue_name(trip.venue)}"
        return f"{duration(trip.minutes, self.labels.lang)}, {where}"

    def minutes_each(self, cohort: CohortPlan) -> dict[str, int]:
        """Minutes one participant of each member municipality travels, all gatherings."""
        return {
            m: sum(self.travel[(m, g.venue)] for g in cohort.gatherings)
            for m in cohort.municipalities
        }

    def cohort_travel(self, cohort: CohortPlan) -> int:
        sizes = self.instance.participants_per_municipality()
        return sum(sizes[m] * t for m, t in self.minutes_each(cohort).items())

    def minutes_per_municipality(self) -> dict[str, int]:
        if self.plan is None:
            return {}
        return {m: t for c in self.plan.cohorts for m, t in self.minutes_each(c).items()}


def plan_reference_problems(instance: Instance, result: Result) -> list[Problem]:
    """Ids in the plan that the instance does not know: the plan belongs to another instance."""
    if result.plan is None:
        return []
    municipalities = {m.id for m in instance.municipalities}
    participants = {p.id for p in instance.participants}
    venues = set(instance.venue_ids())
    problems: list[Problem] = []
    for i, c in enumerate(result.plan.cohorts):
        where = f"cohorts[{i}]"
        for j, m in enumerate(c.municipalities):
            if m not in municipalities:
                problems.append(
                    Problem(
                        f"{where}.municipalities[{j}]",
                        msg("unknown municipality '{id}'", id=m),
                    )
                )
        for j, p in enumerate(c.participants):
            if p not in participants:
                problems.append(
                    Problem(
                        f"{where}.participants[{j}]",
                        msg("unknown participant '{id}'", id=p),
                    )
                )
        for j, g in enumerate(c.gatherings):
            if g.venue not in venues:
                problems.append(
                    Problem(
                        f"{where}.gatherings[{j}].venue",
                        msg("unknown venue '{id}'", id=g.venue),
                    )
                )
    if problems:
        problems.append(
            Problem("", msg("the plan does not belong to this instance (use --instance)"))
        )
    return problems


def check_plan_references(instance: Instance, result: Result, source: str | None = None) -> None:
    problems = plan_reference_problems(instance, result)
    if problems:
        raise PlanFileError(problems, source)


def _join(items: list[str]) -> str:
    return ", ".join(items)


def solve_figures(view: PlanView) -> list[tuple[str, Cell]]:
    """The facts of the solve: status, objective, bound, gap and settings."""
    t, r = view.labels, view.result
    return [
        (t("instance"), r.instance_name or view.instance.name),
        (t("status"), t.status(r.status.value)),
        (t("objective"), r.objective),
        (t("bound"), r.bound),
        (f"{t('gap')} (%)", None if r.gap is None else round(100 * r.gap, 2)),
        (t("wall_time"), round(r.wall_time, 2)),
        (t("seed"), r.seed),
        (t("workers"), r.workers),
    ]


def plan_figures(view: PlanView) -> list[tuple[str, Cell]]:
    """The facts of the plan: counts, travel, and what later stages add (e.g. price)."""
    t = view.labels
    rows: list[tuple[str, Cell]] = [
        (t("cohorts"), len(view.plan.cohorts) if view.plan else view.instance.cohort_count),
        (t("participants"), view.instance.total_participants),
        (t("municipalities"), len(view.instance.municipalities)),
    ]
    if view.plan is not None:
        total = sum(view.cohort_travel(c) for c in view.plan.cohorts)
        rows.append((t("travel_total_hours"), round(total / 60, 1)))
        trip = longest_of(view.travel, view.plan.cohorts)
        if trip is not None:
            rows.append((t("longest_single_trip"), view.trip_text(trip)))
    rows.extend(view.extras.key_figures)
    return rows


def key_figures_table(view: PlanView) -> Table:
    t = view.labels
    return Table(
        "key_figures",
        t("key_figures"),
        (Column(t("figure")), Column(t("value"))),
        tuple(solve_figures(view) + plan_figures(view)),
    )


def terms_table(view: PlanView) -> Table:
    t, r = view.labels, view.result
    rows = [
        (
            name,
            t.get(f"term_{name}", ""),
            value,
            r.weights.get(name),
            None if name not in r.weights else value * r.weights[name],
        )
        for name, value in r.terms.items()
    ]
    return Table(
        "terms",
        t("terms"),
        (
            Column(t("term")),
            Column(t("meaning")),
            Column(t("value"), "int"),
            Column(t("weight"), "int"),
            Column(t("contribution"), "int"),
        ),
        tuple(rows),
    )


def reasons_table(view: PlanView) -> Table:
    t = view.labels
    return Table(
        "reasons",
        t("reasons"),
        (Column(t("reason")),),
        tuple((reason,) for reason in view.result.reasons),
    )


def _cohort_dates(view: PlanView) -> dict[int, str]:
    spans: dict[int, list[str]] = {}
    for s in view.extras.schedule:
        spans.setdefault(s.cohort, []).extend(
            d.isoformat() for d in (s.start, s.end) if d is not None
        )
    return {c: f"{min(days)} – {max(days)}" for c, days in spans.items()}


def cohorts_table(view: PlanView) -> Table:
    t = view.labels
    plan = view.plan
    assert plan is not None
    gatherings = max((len(c.gatherings) for c in plan.cohorts), default=0)
    dates = _cohort_dates(view)
    columns = [
        Column(t("cohort"), "int"),
        Column(t("participant_count"), "int"),
        Column(t("municipality_count"), "int"),
        *(Column(t("gathering_n", n=i + 1)) for i in range(gatherings)),
    ]
    if dates:
        columns.append(Column(t("dates")))
    columns += [
        Column(t("travel_total"), "int"),
        Column(t("longest_single_trip")),
        Column(t("municipalities")),
    ]
    rows: list[tuple[Cell, ...]] = []
    for c in plan.cohorts:
        venues = [view.venue_name(g.venue) for g in sorted(c.gatherings, key=lambda g: g.index)]
        venues += [""] * (gatherings - len(venues))
        trip = longest_trip(view.travel, c)
        row: list[Cell] = [c.id, c.size, len(c.municipalities), *venues]
        if dates:
            row.append(dates.get(c.id, ""))
        row += [
            view.cohort_travel(c),
            view.trip_text(trip) if trip else "",
            _join([view.municipality_name(m) for m in c.municipalities]),
        ]
        rows.append(tuple(row))
    return Table("cohorts", t("cohorts"), tuple(columns), tuple(rows))


def municipalities_table(view: PlanView) -> Table:
    """Every municipality with its cohort, its gatherings (venue and dates) and its travel: what
    a letter to the municipality says, one row each."""
    t = view.labels
    plan = view.plan
    assert plan is not None
    cohort_of = {m: c for c in plan.cohorts for m in c.municipalities}
    sizes = view.instance.participants_per_municipality()
    per = view.minutes_per_municipality()
    count = max((len(c.gatherings) for c in plan.cohorts), default=0)
    rows: list[tuple[Cell, ...]] = []
    for m in view.instance.municipalities:
        cohort = cohort_of.get(m.id)
        gatherings = sorted(cohort.gatherings, key=lambda g: g.index) if cohort else []
        places = [_gathering_text(view, g.venue, list(g.dates)) for g in gatherings]
        trip = (
            longest_trip(view.travel, cohort.model_copy(update={"municipalities": [m.id]}))
            if cohort
            else None
        )
        rows.append(
            (
                m.id,
                m.name,
                region_text(m.region, t.lang),
                sizes.get(m.id, 0),
                cohort.id if cohort else None,
                *(places + [""] * (count - len(places))),
                per.get(m.id),
                None if m.id not in per else per[m.id] * sizes.get(m.id, 0),
                view.trip_text(trip) if trip else "",
            )
        )
    return Table(
        "municipalities",
        t("municipalities"),
        (
            Column(t("municipality_no")),
            Column(t("municipality")),
            Column(t("region")),
            Column(t("participant_count"), "int"),
            Column(t("cohort"), "int"),
            *(Column(t("gathering_n", n=n + 1)) for n in range(count)),
            Column(t("travel_each"), "int"),
            Column(t("travel_total"), "int"),
            Column(t("longest_single_trip")),
        ),
        tuple(rows),
    )


def _gathering_text(view: PlanView, venue: str, days: list[date]) -> str:
    """``Bergen, 2025-01-02 – 2025-01-03`` (the venue alone for an undated plan)."""
    name = view.venue_name(venue)
    if not days:
        return name
    first, last = days[0].isoformat(), days[-1].isoformat()
    return f"{name}, {first}" if first == last else f"{name}, {first} – {last}"


def participants_table(view: PlanView) -> Table:
    """One row per participant; names and e-mails only when present and not anonymised."""
    t = view.labels
    plan = view.plan
    assert plan is not None
    cohort_of = {p: c.id for c in plan.cohorts for p in c.participants}
    people = view.instance.participants
    show_name = not view.anonymise and any(p.name for p in people)
    show_email = not view.anonymise and any(p.email for p in people)
    group_of = {(p, g.gathering): g.group for g in view.extras.groups for p in g.participants}
    gatherings = sorted({g.gathering for g in view.extras.groups})
    columns = [Column(t("id"))]
    columns += [Column(t("name"))] if show_name else []
    columns += [Column(t("email"))] if show_email else []
    columns += [
        Column(t("municipality_no")),
        Column(t("municipality")),
        Column(t("role")),
        Column(t("target_group")),
        Column(t("service_area")),
        Column(t("cohort"), "int"),
        *(Column(t("group_at_n", n=n)) for n in gatherings),
    ]
    rows: list[tuple[Cell, ...]] = []
    for p in people:
        row: list[Cell] = [p.id]
        row += [p.name or ""] if show_name else []
        row += [p.email or ""] if show_email else []
        row += [
            p.municipality,
            view.municipality_name(p.municipality),
            t.get(f"role_{p.role}", p.role) if p.role else "",
            t.target_group(p.target_group),
            t.service_area(p.service_area),
            cohort_of.get(p.id),
            *(group_of.get((p.id, n), "") for n in gatherings),
        ]
        rows.append(tuple(row))
    return Table("participants", t("participants"), tuple(columns), tuple(rows))


TableFunction = Callable[[PlanView], Table]

#: The tables every plan has, in workbook order; later stages' tables are in ``sections``.
CORE_TABLES: tuple[TableFunction, ...] = (
    key_figures_table,
    terms_table,
    cohorts_table,
    municipalities_table,
    participants_table,
)
