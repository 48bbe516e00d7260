"""The speakers' roster: per speaker (and guest) of the pool, their gatherings, dates, venues
and fees; a sheet of the workbook and a CSV file when the plan has the speaker stage."""

from __future__ import annotations

from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.tables import Column, PlanView, Table

#: key -> (bokmål, English): the roster's own words.
_TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Foredragsholdere", "Speakers"),
    "speaker": ("Foredragsholder", "Speaker"),
    "role": ("Rolle", "Role"),
    "speaker_role": ("foredragsholder", "speaker"),
    "guest_role": ("gjest", "guest"),
    "cohort": ("Kull", "Cohort"),
    "gathering": ("Samling", "Gathering"),
    "date": ("Dato", "Date"),
    "end_date": ("Til dato", "End date"),
    "venue": ("Sted", "Venue"),
    "fee": ("Honorar (NOK)", "Fee (NOK)"),
}


def speaker_roster_table(view: PlanView) -> Table:
    """One row per speaker or guest at a gathering, by person and date (empty without a pool)."""
    lang = 0 if view.labels.lang == "nb" else 1

    def t(key: str) -> str:
        return _TEXTS[key][lang]

    pool = {s.id: s for s in view.instance.speakers}
    plan = view.plan
    rows: list[tuple[Cell, ...]] = []
    if plan is not None and "speakers" in plan.stages:
        for c in plan.cohorts:
            for g in c.gatherings:
                for pid in [g.speaker, *g.guests]:
                    person = pool.get(pid or "")
                    if person is None or not g.dates:
                        continue
                    name = person.id if view.anonymise else person.name
                    role = t("guest_role" if person.kind == "guest" else "speaker_role")
                    venue = view.venue_name(g.venue)
                    rows.append(
                        (name, role, c.id, g.index, g.dates[0], g.dates[-1], venue, person.fee)
                    )
    rows.sort(key=lambda r: (str(r[0]), str(r[4])))
    columns = (
        Column(t("speaker")),
        Column(t("role")),
        Column(t("cohort"), "int"),
        Column(t("gathering"), "int"),
        Column(t("date"), "date"),
        Column(t("end_date"), "date"),
        Column(t("venue")),
        Column(t("fee"), "int"),
    )
    return Table("speakers", t("title"), columns, tuple(rows))
