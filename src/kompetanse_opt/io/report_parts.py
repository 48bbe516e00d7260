"""The report's richer sections as plain rows: key cards, the timelines, the budget and mixing.

Each function returns values (tables, lanes, cards) for the templates; nothing here writes markup.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from kompetanse_opt.analysis.budget import BudgetTable, budget_table, plan_budget_table
from kompetanse_opt.core.errors import InstanceError, PlanFileError
from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.formatting import format_cell
from kompetanse_opt.io.report_learning import learning_cards
from kompetanse_opt.io.report_people import group_names, person
from kompetanse_opt.io.report_text import TEXTS, ReportText
from kompetanse_opt.io.sections import _met_before as met_before
from kompetanse_opt.io.sections import session_label
from kompetanse_opt.io.svg import colour
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.io.timeline import Lane, Mark, Shade
from kompetanse_opt.model.calendar_days import school_holidays
from kompetanse_opt.model.holidays import public_holidays_between
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare

#: Norwegian names of the shipped budget's lines (the data file names them in English).
_BUDGET_NB: dict[str, str] = {
    "teaching_content": "Undervisningsinnhold (nasjonal anskaffelse, sameie; KS støtter også)",
    "regional_examples": "Regionale eksempler og tillegg (4 videoer, 4 podkaster)",
    "learning_path": "Læringsløp med fysiske samlinger (foredragsholder, produksjon, "
    "fasilitatorforberedelse, lokaler)",
    "running": "Drift og administrasjon (frikjøp av fasilitatorer og administrasjon, oppdatering)",
    "base_funding": "Dekket av basisfinansiering",
    "ks": "Forventet regional støtte fra KS",
    "nights": "Deltakernes overnattinger (lunsj til lunsj)",
    "travel": "Deltakernes reise, tur-retur",
}


def facilitator_name(view: PlanView, facilitator: str) -> str:
    return next((f.name for f in view.instance.facilitators if f.id == facilitator), facilitator)


def plan_period(view: PlanView) -> tuple[date, date] | None:
    days = [d for s in view.extras.schedule for d in (s.start, s.end) if d is not None]
    return (min(days), max(days)) if days else None


def key_cards(view: PlanView, text: ReportText) -> list[tuple[str, str, str]]:
    """(label, value, css class) of the key figures, the plan's status first."""
    t, r = view.labels, view.result
    cards = [(t("status"), t.status(r.status.value), f"status-{r.status.value}")]
    plan = view.plan
    cards.append((t("cohorts"), str(len(plan.cohorts) if plan else view.instance.cohort_count), ""))
    cards.append((t("participants"), format_cell(view.instance.total_participants, t), ""))
    cards.append((t("municipalities"), str(len(view.instance.municipalities)), ""))
    period = plan_period(view)
    if period:
        cards.append((text("key_period"), f"{text.day(period[0])} – {text.day(period[1])}", ""))
    if plan is not None:
        total = sum(view.cohort_travel(c) for c in plan.cohorts)
        cards.append((t("travel_total_hours"), format_cell(round(total / 60, 1), t), ""))
        per = view.minutes_per_municipality()
        if per:
            worst = max(per, key=lambda m: (per[m], m))
            value = f"{view.municipality_name(worst)}: {per[worst]} {t('minutes')}"
            cards.append((text.term("travel_worst"), value, ""))
        priced = plan_budget(view)
        if priced is not None:
            cards.append((text("key_price"), format_cell(priced.price_with_support, t), ""))
        if plan.politician_sessions:
            cards.append((text("key_sessions"), str(len(plan.politician_sessions)), ""))
        cards += learning_cards(view, text)
    cards += [(label, format_cell(value, t), "") for label, value in view.extras.key_figures]
    if r.gap is not None:
        cards.append((t("gap"), f"{format_cell(round(100 * r.gap, 2), t)} %", ""))
    return cards


def holiday_shades(view: PlanView, text: ReportText, first: date, last: date) -> list[Shade]:
    """Public holidays (one day each) and school holidays between ``first`` and ``last``."""
    shades = [
        Shade(day, day, f"{text('holiday')}: {name}")
        for day, name in public_holidays_between(first, last).items()
    ]
    try:
        ranges = school_holidays(view.instance)
    except InstanceError:  # an unreadable holiday file: the report still shows the plan
        ranges = []
    for r in ranges:
        end = r.end or r.start
        if end >= first and r.start <= last:
            shades.append(Shade(r.start, end, f"{text('school_holiday')}: {r.name}".rstrip(": ")))
    return shades


def cohort_lanes(view: PlanView, text: ReportText) -> list[Lane]:
    t = view.labels
    lanes: dict[int, list[Mark]] = defaultdict(list)
    for s in sorted(view.extras.schedule, key=lambda s: (s.cohort, s.start)):
        venue = f" ({view.venue_name(s.venue)})" if s.venue else ""
        tip = f"{text('cohort_n', n=s.cohort)}: {session_label(t, s)}{venue}, {s.start.isoformat()}"
        solid = s.session == "gathering"
        lanes[s.cohort].append(Mark(s.start, s.end or s.start, tip, colour(s.cohort), solid))
    out = [Lane(text("cohort_n", n=c), tuple(marks)) for c, marks in sorted(lanes.items())]
    politicians = [
        Mark(
            p.date,
            p.date,
            f"{t('session_politicians')}: {view.venue_name(p.venue) if p.venue else ''}, "
            f"{p.date.isoformat()} ({len(p.municipalities)} {t('municipalities').lower()})",
            "#444444",
            kind="politicians",
        )
        for p in view.extras.politician_sessions
        if p.date is not None
    ]
    if politicians and out:
        out.append(Lane(t("politician_sessions"), tuple(politicians)))
    return out


def facilitator_lanes(view: PlanView, text: ReportText) -> list[Lane]:
    t = view.labels
    when = {(s.cohort, s.index): s for s in view.extras.schedule if s.session == "gathering"}
    lanes: dict[str, list[Mark]] = defaultdict(list)
    for f in view.extras.facilitators:
        s = when.get((f.cohort, f.gathering))
        if s is None:
            continue
        venue = f" ({view.venue_name(s.venue)})" if s.venue else ""
        tip = f"{text('cohort_n', n=f.cohort)}: {session_label(t, s)}{venue}, {s.start.isoformat()}"
        lanes[f.facilitator].append(Mark(s.start, s.end or s.start, tip, colour(f.cohort)))
    names = {key: facilitator_name(view, key) for key in lanes}
    return [
        Lane(names[key], tuple(sorted(lanes[key], key=lambda m: m.start)))
        for key in sorted(lanes, key=lambda k: names[k])
    ]


def plan_budget(view: PlanView) -> BudgetTable | None:
    """The budget priced from the plan (None without a plan or when it cannot be priced)."""
    if view.plan is None:
        return None
    try:
        return plan_budget_table(prepare(view.instance), view.plan)
    except (InstanceError, PlanFileError):
        return None


def _line_name(view: PlanView, key: str, label: str) -> str:
    return _BUDGET_NB.get(key, label) if view.labels.lang == "nb" else label


def budget_section(view: PlanView, text: ReportText) -> Table | None:
    """The seed's budget beside this plan's: one row per line, totals, contributions, prices."""
    seed = budget_table(view.instance)
    priced = plan_budget(view)
    if priced is None:
        return None
    from kompetanse_opt.analysis.budget import budget_of

    reference = {line.id: line.amount for line in budget_of(view.instance).lines}
    rows: list[tuple[Cell, ...]] = []
    for line in priced.lines:
        kind = text(f"kind_{line.kind}")
        rows.append((_line_name(view, line.id, line.label), kind, reference[line.id], line.amount))
    seed_total = sum(reference.values())
    rows.append((text("budget_total"), "", seed_total, priced.total))
    for c in priced.contributions:
        rows.append(
            (_line_name(view, c.id, c.label), text("kind_contribution"), -c.amount, -c.amount)
        )
    after = seed_total - seed.total_contributions
    rows.append((text("budget_after"), "", after, priced.after_contributions))
    people = max(seed.quantities.participants, 1)
    rows.append((text("price_with"), "", round(after / people), priced.price_with_support))
    rows.append(
        (text("price_without"), "", round(seed_total / people), priced.price_without_support)
    )
    for own in priced.participant_costs:
        rows.append(
            (_line_name(view, own.id, own.label), text("kind_participants"), None, own.amount)
        )
    t = view.labels
    return Table(
        "budget-plan",
        text("budget_seed"),
        (
            Column(t("line")),
            Column(t("kind")),
            Column(text("budget_seed") + " (NOK)", "int"),
            Column(text("budget_plan") + " (NOK)", "int"),
        ),
        tuple(rows),
    )


def budget_figures(view: PlanView, text: ReportText) -> Table | None:
    """What the plan prices bottom-up beside the seed's line that pays it: the facilitators'
    release time beside the running line, the speakers' fees beside the budgeted speakers."""
    priced = plan_budget(view)
    if priced is None:
        return None
    names = {line.id: _line_name(view, line.id, line.label) for line in priced.lines}
    rows: list[tuple[Cell, ...]] = [
        (
            text(f"fig_{f.id}") if f"fig_{f.id}" in TEXTS else f.label,
            names.get(f.seed_line, f.seed_line),
            f.seed_amount,
            f.amount,
            f.difference,
        )
        for f in priced.plan_figures
    ]
    fees = {r.id: r.amount for r in priced.speaker_fees}
    if "budgeted" in fees:
        paid = sum(r.amount for r in priced.speaker_fees if r.kind in ("speaker", "guest"))
        seed = fees["budgeted"]
        rows.append(
            (text("fig_speaker_fees"), names.get("learning_path", ""), seed, paid, paid - seed)
        )
    if not rows:
        return None
    t = view.labels
    columns = (
        Column(t("line")),
        Column(text("budget_paid_by")),
        Column(text("budget_seed") + " (NOK)", "int"),
        Column(text("budget_plan") + " (NOK)", "int"),
        Column(text("budget_difference"), "int"),
    )
    return Table("budget-figures", text("budget_plan_figures"), columns, tuple(rows))


def _met(plan: Plan) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Per participant: everyone they shared a group with, and how many of those more than once."""
    seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in plan.cohorts:
        for g in c.gatherings:
            for group in g.groups:
                for p in group.participants:
                    for q in group.participants:
                        if p != q:
                            seen[p][q] += 1
    met = {p: set(others) for p, others in seen.items()}
    again = {p: sum(1 for n in others.values() if n > 1) for p, others in seen.items()}
    return met, again


def mixing_table(view: PlanView, text: ReportText) -> Table | None:
    """Per cohort: people and municipalities each participant meets, and repeats (P4, P8)."""
    plan = view.plan
    if plan is None or not any(g.groups for c in plan.cohorts for g in c.gatherings):
        return None
    met, again = _met(plan)
    home = {p.id: p.municipality for p in view.instance.participants}
    rows: list[tuple[Cell, ...]] = []
    for c in plan.cohorts:
        people = [p for p in c.participants if p in met]
        if not people:
            continue
        counts = [len(met[p]) for p in people]
        towns = [len({home[q] for q in met[p]} - {home[p]}) for p in people]
        rows.append(
            (
                text("cohort_n", n=c.id),
                round(sum(counts) / len(counts), 1),
                min(counts),
                round(sum(towns) / len(towns), 1),
                min(towns),
                sum(1 for p in people if again[p]),
            )
        )
    return Table(
        "mixing",
        text("mixing"),
        (
            Column(view.labels("cohort")),
            Column(f"{text('people_met')} ({text('mean')})", "float"),
            Column(f"{text('people_met')} ({text('least')})", "int"),
            Column(f"{text('municipalities_met')} ({text('mean')})", "float"),
            Column(f"{text('municipalities_met')} ({text('least')})", "int"),
            Column(text("with_repeat"), "int"),
        ),
        tuple(rows),
    )


def mixing_people_table(view: PlanView, text: ReportText) -> Table | None:
    """One row per participant: people and municipalities met, and people met again."""
    plan = view.plan
    if plan is None:
        return None
    met, again = _met(plan)
    if not met:
        return None
    home = {p.id: p.municipality for p in view.instance.participants}
    rows: list[tuple[Cell, ...]] = []
    for p in view.instance.participants:
        if p.id not in met:
            continue
        who = person(view, p)
        towns = len({home[q] for q in met[p.id]} - {p.municipality})
        rows.append(
            (who, view.municipality_name(p.municipality), len(met[p.id]), towns, again[p.id])
        )
    t = view.labels
    return Table(
        "mixing-people",
        text("mixing"),
        (
            Column(text("person")),
            Column(t("municipality")),
            Column(text("people_met"), "int"),
            Column(text("municipalities_met"), "int"),
            Column(text("repeats"), "int"),
        ),
        tuple(rows),
    )


def groups_by_name(view: PlanView, text: ReportText) -> Table:
    """The groups with names, never ids: service area and number, members' municipalities, the
    participants' names (when the data has them and the view is not anonymised)."""
    t = view.labels
    people = {p.id: p for p in view.instance.participants}
    names = not view.anonymise and any(p.name for p in view.instance.participants)
    again = met_before(view)
    rows: list[tuple[Cell, ...]] = []
    named = group_names(view)
    for g in sorted(view.extras.groups, key=lambda g: (g.cohort, g.gathering)):
        towns = dict.fromkeys(
            view.municipality_name(people[p].municipality) for p in g.participants if p in people
        )
        row: list[Cell] = [
            text("cohort_n", n=g.cohort),
            g.gathering,
            named[(g.cohort, g.gathering, g.group)],
            len(g.participants),
            ", ".join(towns),
        ]
        if names:
            row.append(", ".join(people[p].name or "" for p in g.participants if p in people))
        row.append(sum(1 for p in g.participants if (g.cohort, g.gathering, p) in again))
        rows.append(tuple(row))
    columns = [
        Column(t("cohort")),
        Column(t("gathering"), "int"),
        Column(t("group")),
        Column(t("size"), "int"),
        Column(t("municipalities")),
        *([Column(t("participants"))] if names else []),
        Column(t("met_before"), "int"),
    ]
    return Table("groups", t("groups"), tuple(columns), tuple(rows))
