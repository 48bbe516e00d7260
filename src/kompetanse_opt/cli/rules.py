"""``kompetanse-opt rules``: the rules registry as a table or as JSON."""

from __future__ import annotations

import click
from rich import box
from rich.table import Table
from rich.text import Text

from kompetanse_opt.analysis.rule_table import RuleRow, rule_table
from kompetanse_opt.cli.common import lang_option, out
from kompetanse_opt.cli.summary_details import stage_name
from kompetanse_opt.core.i18n import _, pgettext
from kompetanse_opt.io.labels import Labels
from kompetanse_opt.rules.registry import Lang


def _handled_by(row: RuleRow) -> str:
    """Where the rule lives in the code, in a few words."""
    parts = []
    if row.checks:
        parts.append(f"checked by {', '.join(row.checks)}")
    if row.families:
        parts.append(f"modelled by {', '.join(row.families)}")
    if row.counting:
        parts.append(f"counted by {', '.join(row.counting)}")
    if row.relaxations:
        parts.append(f"relaxed by {', '.join(row.relaxations)}")
    return "; ".join(parts)


@click.command("rules")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of a table.")
@lang_option("en", expose=True, what="Language of the rule texts")
def rules_command(as_json: bool, lang: Lang) -> None:
    """List every domain rule (H1-H11, P1-P8, T1-T3): kind, stage, text, terms and weights."""
    table = rule_table(lang)
    if as_json:
        click.echo(table.model_dump_json(indent=2))
        return
    labels = Labels(lang)
    view = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for header in (_("rule"), _("kind"), _("stage"), _("coverage"), _("text"), _("terms (weight)")):
        view.add_column(header)
    for row in table.rules:
        terms = ", ".join(f"{t.name} ({t.default_weight})" for t in row.terms)
        note = pgettext("rule_note", row.note, lang) if row.note else ""
        text = row.text + (f" ({note})" if note else "")
        view.add_row(
            row.label,
            labels(f"rule_kind_{row.kind}"),
            ", ".join(stage_name(s) for s in row.stages),
            labels(f"rule_coverage_{row.coverage}"),
            Text(text),
            terms,
        )
    out.print(view)


COMMANDS = [rules_command]
