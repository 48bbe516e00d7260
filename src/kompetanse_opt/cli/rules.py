"""``kompetanse-opt rules``: the rules registry as a table or as JSON."""

from __future__ import annotations

import click
from rich.table import Table
from rich.text import Text

from kompetanse_opt.analysis.rule_table import RuleRow, rule_table
from kompetanse_opt.cli.common import out
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
@click.option(
    "--lang",
    type=click.Choice(["nb", "en"]),
    default="en",
    show_default=True,
    help="Language of the rule texts.",
)
def rules_command(as_json: bool, lang: Lang) -> None:
    """List every domain rule (H1-H11, P1-P8, T1-T3): kind, stage, text, terms and weights."""
    table = rule_table(lang)
    if as_json:
        click.echo(table.model_dump_json(indent=2))
        return
    view = Table(show_lines=False)
    for header in ("rule", "kind", "stage", "coverage", "text", "terms (default weight)"):
        view.add_column(header)
    for row in table.rules:
        terms = ", ".join(f"{t.name} ({t.default_weight})" for t in row.terms)
        text = row.text + (f" ({row.note})" if row.note else "")
        view.add_row(
            row.label,
            row.kind,
            ", ".join(row.stages),
            row.coverage.replace("_", " "),
            Text(text),
            terms,
        )
    out.print(view)


COMMANDS = [rules_command]
