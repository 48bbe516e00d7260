"""The letters', the report's and the registration template's words live in the gettext
catalogue (their tables hold English; the key behind the table's prefix is the context)."""

from __future__ import annotations

import pytest

from kompetanse_opt.core.i18n import pgettext
from kompetanse_opt.io import letters_text, report_text, template
from kompetanse_opt.io.letters_text import LetterText
from kompetanse_opt.io.report_text import ReportText
from kompetanse_opt.io.texts import Entry, pairs

TABLES: list[tuple[str, dict[str, Entry]]] = [
    ("letters.", letters_text.TEXTS),
    ("letters.role.", letters_text.ROLES),
    ("report.", report_text.TEXTS),
    ("template.", template._TEXT),
    ("template.help.", template._INSTRUCTIONS),
]


@pytest.mark.parametrize(("prefix", "table"), TABLES, ids=[p for p, _ in TABLES])
def test_the_tables_hold_english_and_the_catalogue_norwegian(
    prefix: str, table: dict[str, Entry]
) -> None:
    # A (bokmål, English) pair works, but belongs in the catalogue: run tools/catalogue.py update
    # (which moves its Norwegian there) and write the entry as its English text.
    assert pairs(table) == []
    translated = [k for k, v in table.items() if pgettext(prefix + k, str(v), "nb") != v]
    assert len(translated) >= len(table) - 4  # a few words are the same in both languages


def test_the_wrappers_read_the_catalogue() -> None:
    assert LetterText("nb")("cohort_n", n=2) == "Kull 2"
    assert LetterText("en")("cohort_n", n=2) == "Cohort 2"
    assert LetterText("nb").role("union") == "Hovedtillitsvalgt"
    assert ReportText("nb")("map_title") == "Kart over Vestland"
    assert ReportText("nb").term("travel_total").startswith("Reisetid")
    assert template._word("sheet", "nb") == "Deltakere"
    assert template._help("role", "en") == "Free text, e.g. chief executive."


def test_a_pair_works_before_it_is_moved_into_the_catalogue(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shape of the first versions, as a parallel branch may still add it."""
    monkeypatch.setitem(report_text.TEXTS, "new_word", ("Nytt ord {n}", "New word {n}"))
    monkeypatch.setitem(letters_text.TEXTS, "new_word", ("Nytt ord", "New word"))
    assert ReportText("nb")("new_word", n=1) == "Nytt ord 1"
    assert ReportText("en")("new_word", n=1) == "New word 1"
    assert LetterText("nb")("new_word") == "Nytt ord"
