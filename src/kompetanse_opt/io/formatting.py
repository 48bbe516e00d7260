"""Values as a reader of one language expects them (shared by the report and the letters)."""

from __future__ import annotations

from datetime import date

from kompetanse_opt.io.extras import Cell
from kompetanse_opt.io.labels import Labels


def format_cell(value: Cell, labels: Labels) -> str:
    """A value as a reader expects it: 12 345 and 1,5 in Norwegian, 12,345 and 1.5 in English."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0" if labels.lang == "nb" else ",")
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        if labels.lang == "nb":
            text = text.replace(",", "\u00a0").replace(".", ",")
        return text
    return value
