"""The report's and the letters' words: both languages for every key, the same placeholders, and
a plain-words line for every objective term the planner has (never its code name)."""

from __future__ import annotations

import re

import pytest

from kompetanse_opt.io import letters_text, report_text
from kompetanse_opt.io.report import render_report
from kompetanse_opt.io.sections import build_view
from kompetanse_opt.io.texts import Entry, text
from kompetanse_opt.model.change_settings import CHANGE_TERM_WEIGHTS
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.objective import TERMS_BY_STAGE


@pytest.mark.parametrize(
    ("texts", "prefix"),
    [(report_text.TEXTS, "report."), (letters_text.TEXTS, "letters.")],
    ids=["report", "letters"],
)
def test_every_key_has_both_languages(texts: dict[str, Entry], prefix: str) -> None:
    for key in texts:
        nb, en = text(texts, prefix, key, "nb"), text(texts, prefix, key, "en")
        assert nb.strip() and en.strip(), key
        assert nb != en or key in {"teams", "pdf_file", "group_name", "minutes_short"}, key
        assert sorted(re.findall(r"{(\w+)", nb)) == sorted(re.findall(r"{(\w+)", en)), key


def test_every_objective_term_has_plain_words() -> None:
    names = {name for terms in TERMS_BY_STAGE.values() for name in terms}
    names |= set(CHANGE_TERM_WEIGHTS)  # a re-plan's report shows its change terms too
    missing = sorted(n for n in names if f"term_{n}" not in report_text.TEXTS)
    assert missing == [], "add a line per term to io/report_text.py TEXTS"
    words = report_text.ReportText("nb")
    assert all("_" not in words.term(n) for n in names)


def test_dates_and_lists_read_as_sentences() -> None:
    from datetime import date

    nb, en = letters_text.LetterText("nb"), letters_text.LetterText("en")
    assert nb.day(date(2025, 1, 2)) == "torsdag 2. januar 2025"
    assert en.day(date(2025, 1, 2)) == "Thursday 2 January 2025"
    assert nb.join(["Askøy", "Bergen", "Voss"]) == "Askøy, Bergen og Voss"
    assert nb.duration(100) == "1 t 40 min" and en.duration(45) == "45 min"
    assert nb.role("leader") == "Leder" and nb.role("Rådgiver") == "Rådgiver"
    assert report_text.ReportText("en").months()[0] == "Jan"
    assert report_text.ReportText("nb").day(date(2025, 12, 17)) == "17. des 2025"


def test_the_norwegian_report_shows_names_and_words_never_ids_or_code_names(
    vestland_solved: tuple[Instance, Result],
) -> None:
    instance, result = vestland_solved
    page = render_report(build_view(instance, result))
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.DOTALL)
    visible = " ".join(re.findall(r">([^<>]+)<", page))
    assert not re.search(r"\b46\d\d-\d\d\b", visible)  # participant ids
    assert not re.search(r"\bc\d+-g\d+-", visible)  # group ids
    assert not re.search(r"fasilitator-[a-z]|speaker-\d", visible)  # facilitator, speaker ids
    assert not [name for name in result.terms if name in visible]  # objective code names
    english = {"the", "and", "of", "with", "is", "leader", "health", "care", "member", "Cohort"}
    assert not english & set(re.findall(r"[A-Za-z]+", visible))
