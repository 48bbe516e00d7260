"""The budget as rows for the workbook, the CSV files and the terminal, in the chosen language.

The figures are :mod:`kompetanse_opt.analysis.budget`'s (the seed's table scaled to the
programme, or priced from a plan). The shipped budget's labels are English data; those of the
shipped file are in the catalogue (:data:`SHIPPED_LABELS`), so they read in Norwegian too, while
labels a user wrote in an instance file are shown as written. The "basis" of a line (how it was
reached) is said again in the chosen language.
"""

from __future__ import annotations

import re

from kompetanse_opt.analysis.budget import BudgetTable, budget_table, plan_budget_table
from kompetanse_opt.core.i18n import N_, Lang, translations
from kompetanse_opt.core.limits import spaced
from kompetanse_opt.io.extras import BudgetRow
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData

#: The labels of ``data/budget_vestland.yaml`` and of the participants' own costs: data in
#: English, translated when shown (a test holds this list to the shipped file).
SHIPPED_LABELS = (
    N_("DigiVestland budget (seed table, 2024)"),
    N_("Teaching content (national procurement, co-owned; KS also supports)"),
    N_("Regional examples and additions (4 videos, 4 podcasts)"),
    N_(
        "Learning path with physical gatherings (speaker, production, facilitator preparation,"
        " venues)"
    ),
    N_("Running and administration (facilitators' and administrators' release time, upkeep)"),
    N_("Covered by base funding"),
    N_("Expected regional support from KS"),
    N_("Participants' nights (lunch to lunch)"),
    N_("Participants' travel, both ways"),
    N_("Facilitators' release time (gatherings + preparation)"),
    N_("Speakers in the budget line"),
    N_("Difference (plan − budget)"),
)
#: Kinds of the speaker-fee rows (analysis.budget), translated when shown.
FEE_KINDS = {
    "speaker": N_("speaker"),
    "guest": N_("guest"),
    "budget": N_("budget"),
    "difference": N_("difference"),
}

_SCALED = re.compile(r"× (\d+)/(\d+) (participants|cohorts|gatherings)")
_PLAN = re.compile(r"plan: (\d+) gatherings × speaker, room, preparation")
_NIGHTS = re.compile(r"(\d+) nights × (\S+)")
_FEE_UNITS = re.compile(r"(\d+) gatherings × (\d+)")
_FEE_DIFFERENCE = re.compile(r"(\d+) − (\d+) \(not added to the total\)")
_RELEASE = re.compile(r"plan: (\S+) h over (\d+) facilitators")
_MINUTES = re.compile(r"(\d+) participant-minutes × (\S+)")


def budget_text(text: str, lang: Lang) -> str:
    """A budget label or basis in ``lang``: shipped labels and the known shapes translated."""
    t = translations(lang)
    if text in SHIPPED_LABELS:
        return t.gettext(text)
    if text == "uncertain":
        return t.gettext("uncertain")
    if found := _SCALED.fullmatch(text):
        now, base, what = found.groups()
        unit = {
            "participants": t.gettext("participants"),
            "cohorts": t.gettext("cohorts"),
            "gatherings": t.gettext("gatherings"),
        }[what]
        return f"× {now}/{base} {unit}"
    if found := _PLAN.fullmatch(text):
        text = t.gettext("plan: {n} gatherings × speaker, room, preparation")
        return text.format(n=found.group(1))
    if found := _NIGHTS.fullmatch(text):
        n, price = found.groups()
        return t.gettext("{n} nights × {price}").format(n=n, price=price)
    if found := _FEE_UNITS.fullmatch(text):
        n, price = found.groups()
        return t.gettext("{n} gatherings × {price}").format(n=n, price=price)
    if found := _FEE_DIFFERENCE.fullmatch(text):
        paid, budgeted = found.groups()
        return t.gettext("{paid} − {budgeted} (not added to the total)").format(
            paid=paid, budgeted=budgeted
        )
    if found := _RELEASE.fullmatch(text):
        hours, n = found.groups()
        return t.gettext("plan: {hours} h over {n} facilitators").format(hours=hours, n=n)
    if found := _MINUTES.fullmatch(text):
        n, price = found.groups()
        return t.gettext("{n} participant-minutes × {price}").format(n=n, price=price)
    return text


def kind_text(kind: str, labels: Labels) -> str:
    if kind in FEE_KINDS:
        return translations(labels.lang).gettext(FEE_KINDS[kind])
    return labels.get(f"budget_kind_{kind}", kind)


def table_rows(table: BudgetTable, labels: Labels) -> tuple[BudgetRow, ...]:
    """Every line, the totals, the contributions, the prices and the participants' own costs."""
    lang = labels.lang

    def row(label: str, kind: str, amount: int, basis: str = "") -> BudgetRow:
        kind_words = kind_text(kind, labels) if kind else ""
        return BudgetRow(budget_text(label, lang), kind_words, amount, budget_text(basis, lang))

    people = labels("budget_per_participants", n=table.quantities.participants)
    rows = [row(r.label or r.id, r.kind, r.amount, r.basis) for r in table.lines]
    rows.append(row(labels("budget_total"), "total", table.total))
    rows += [row(r.label or r.id, r.kind, -r.amount, r.basis) for r in table.contributions]
    rows.append(row(labels("budget_after_contributions"), "total", table.after_contributions))
    rows.append(row(labels("budget_price_with_support"), "", table.price_with_support, people))
    rows.append(
        row(labels("budget_price_without_support"), "", table.price_without_support, people)
    )
    if table.participant_costs:
        rows += [row(r.label, r.kind, r.amount, r.basis) for r in table.participant_costs]
        rows.append(row(labels("budget_full_cost"), "", table.full_cost_per_participant, people))
    return tuple(rows)


def budget_rows(data: ProblemData, plan: Plan | None, labels: Labels) -> tuple[BudgetRow, ...]:
    """The budget rows of a plan (priced from it), or of the instance when there is no plan."""
    if plan is None:
        return table_rows(budget_table(data.instance), labels)
    return table_rows(plan_budget_table(data, plan), labels)


def plan_figure_rows(table: BudgetTable, labels: Labels) -> list[tuple[BudgetRow, BudgetRow]]:
    """Each plan figure (priced bottom-up from the plan) and the seed's line it sits beside."""
    lang = labels.lang
    t = translations(lang)
    seed_labels = {line.id: line.label for line in table.lines}
    pairs = []
    for fig in table.plan_figures:
        seed = budget_text(seed_labels.get(fig.seed_line, fig.seed_line), lang)
        pairs.append(
            (
                BudgetRow(
                    budget_text(fig.label, lang),
                    t.gettext("plan figure"),
                    fig.amount,
                    budget_text(fig.basis, lang),
                ),
                BudgetRow(
                    t.gettext("  beside the seed's line '{line}'").format(line=seed),
                    "",
                    fig.seed_amount,
                    t.gettext("difference {amount} (not added to the total)").format(
                        amount=spaced(fig.difference)
                    ),
                ),
            )
        )
    return pairs
