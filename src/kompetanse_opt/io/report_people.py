"""The report's tables of people and places, in words: participants by name (or role and service
area when the data has no names; ids only when anonymised), groups by service area and number,
municipalities without the data's free-text regions."""

from __future__ import annotations

from collections import defaultdict

from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.letters_text import LetterText
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.tables import Column, PlanView, Table
from kompetanse_opt.model.entities import Participant


def group_names(view: PlanView) -> dict[tuple[int, int, str], str]:
    """(cohort, gathering, group id) -> 'Helse og omsorg 2': the service area and its number."""
    seen: dict[tuple[int, int, str], int] = defaultdict(int)
    out: dict[tuple[int, int, str], str] = {}
    for g in sorted(view.extras.groups, key=lambda g: (g.cohort, g.gathering)):
        seen[(g.cohort, g.gathering, g.service_area)] += 1
        number = seen[(g.cohort, g.gathering, g.service_area)]
        out[(g.cohort, g.gathering, g.group)] = (
            f"{view.labels.service_area(g.service_area)} {number}"
        )
    return out


def person(view: PlanView, p: Participant) -> str:
    """How the report names a participant: the id when anonymised, else the name, else role and
    service area in words."""
    if view.anonymise:
        return p.id
    if p.name:
        return p.name
    t = view.labels
    role = LetterText(t.lang).role(p.role) if p.role else t.target_group(p.target_group)
    return f"{role}, {t.service_area(p.service_area).lower()}"


def people_table(view: PlanView, text: ReportText) -> Table:
    """One row per participant: who, municipality, role, target group, service area, cohort and
    the group at each gathering, by name."""
    t = view.labels
    plan = view.plan
    assert plan is not None
    cohort_of = {p: c.id for c in plan.cohorts for p in c.participants}
    names = group_names(view)
    group_of = {
        (p, g.gathering): names[(g.cohort, g.gathering, g.group)]
        for g in view.extras.groups
        for p in g.participants
    }
    gatherings = sorted({g.gathering for g in view.extras.groups})
    show_email = not view.anonymise and any(p.email for p in view.instance.participants)
    rows: list[tuple[Cell, ...]] = []
    for p in view.instance.participants:
        cohort = cohort_of.get(p.id)
        row: list[Cell] = [person(view, p)]
        row += [p.email or ""] if show_email else []
        row += [
            view.municipality_name(p.municipality),
            t.target_group(p.target_group),
            t.service_area(p.service_area),
            text("cohort_n", n=cohort) if cohort else "",
            *(group_of.get((p.id, n), "") for n in gatherings),
        ]
        rows.append(tuple(row))
    columns = [
        Column(text("person")),
        *([Column(t("email"))] if show_email else []),
        Column(t("municipality")),
        Column(t("target_group")),
        Column(t("service_area")),
        Column(t("cohort")),
        *(Column(t("group_at_n", n=n)) for n in gatherings),
    ]
    return Table("participants", t("participants"), tuple(columns), tuple(rows))


def places_table(view: PlanView, text: ReportText) -> Table:
    """Every municipality: number, name, participants, cohort and travel."""
    t = view.labels
    plan = view.plan
    assert plan is not None
    cohort_of = plan.cohort_of_municipality()
    sizes = view.instance.participants_per_municipality()
    per = view.minutes_per_municipality()
    rows: list[tuple[Cell, ...]] = []
    for m in view.instance.municipalities:
        cohort = cohort_of.get(m.id)
        rows.append(
            (
                m.id,
                m.name,
                sizes.get(m.id, 0),
                text("cohort_n", n=cohort) if cohort else "",
                per.get(m.id),
                None if m.id not in per else per[m.id] * sizes.get(m.id, 0),
            )
        )
    columns = (
        Column(t("municipality_no")),
        Column(t("municipality")),
        Column(t("participant_count"), "int"),
        Column(t("cohort")),
        Column(t("travel_each"), "int"),
        Column(t("travel_total"), "int"),
    )
    return Table("municipalities", t("municipalities"), columns, tuple(rows))
