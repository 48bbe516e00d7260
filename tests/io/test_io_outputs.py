"""The plan workbook, CSV files and HTML report: formula injection, escaping, anonymising, labels,
and sections that appear exactly when their data does."""

from __future__ import annotations

import csv
import re
from html import escape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from io_helpers import NASTY_NAMES, nasty_instance, planned, sample_extras
from kompetanse_opt.io.labels import TEXTS, Labels, sort_key
from kompetanse_opt.io.registrations import clean
from kompetanse_opt.io.report import format_cell, render_report
from kompetanse_opt.io.sections import build_view, plan_tables
from kompetanse_opt.io.workbook import csv_safe, is_formula_like, write_csv_tables, write_workbook
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result, SolveStatus


@pytest.fixture(scope="module")
def nasty() -> tuple[Instance, Result]:
    instance = nasty_instance()
    return instance, planned(instance)


def test_every_label_has_both_languages() -> None:
    for key, (nb, en) in TEXTS.items():
        assert nb.strip() and en.strip(), key
        assert re.findall(r"{\w+}", nb) == re.findall(r"{\w+}", en), key
    assert Labels("nb")("gathering_n", n=2) == "Samling 2"
    assert Labels("en").service_area("health_care") == "Health and care"
    assert Labels("en").service_area("own_area") == "own_area"
    assert sorted(["Årdal", "Øygarden", "Aurland", "Ækre", "Zeta"], key=sort_key) == [
        "Aurland",
        "Zeta",
        "Ækre",
        "Øygarden",
        "Årdal",
    ]


def test_workbook_cells_never_become_formulas(
    tmp_path: Path, nasty: tuple[Instance, Result]
) -> None:
    instance, result = nasty
    path = tmp_path / "plan.xlsx"
    write_workbook(
        path, plan_tables(build_view(instance, result, extras=sample_extras(instance, result)))
    )
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if is_formula_like(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    people = workbook["Deltakere"]
    header = [c.value for c in people[1]]
    names = {r[0]: r[header.index("Navn")] for r in people.iter_rows(min_row=2, values_only=True)}
    by_id = {p.id: p.name for p in instance.participants}
    assert names == by_id  # read back unchanged, formulas and markup included
    assert set(NASTY_NAMES) <= set(names.values())
    roles = [r[header.index("Rolle")] for r in people.iter_rows(min_row=2, values_only=True)]
    assert "=cmd|' /C calc'!A0" in roles
    assert workbook["Budsjett"]["A3"].value == "=SUM(1)"
    assert workbook["Budsjett"]["A3"].data_type == "s"


def test_workbook_layout(tmp_path: Path, nasty: tuple[Instance, Result]) -> None:
    instance, result = nasty
    path = tmp_path / "plan.xlsx"
    write_workbook(path, plan_tables(build_view(instance, result, lang="en")))
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Key figures",
        "Objective terms",
        "Cohorts",
        "Municipalities",
        "Participants",
        "Budget",
        "Rules",
    ]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2"
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert sheet["A1"].font.b
        assert all(8 <= d.width <= 60 for d in sheet.column_dimensions.values())


def test_csv_files_defuse_formulas_and_import_undoes_it(
    tmp_path: Path, nasty: tuple[Instance, Result]
) -> None:
    instance, result = nasty
    written = write_csv_tables(tmp_path, plan_tables(build_view(instance, result)))
    assert [p.name for p in written] == [
        "key_figures.csv",
        "terms.csv",
        "cohorts.csv",
        "municipalities.csv",
        "participants.csv",
        "budget.csv",
        "rules.csv",
    ]
    with (tmp_path / "participants.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = [r["Navn"] for r in rows]
    assert '\'=HYPERLINK("x","click")' in names and "'-2+3" in names and "'\tTAB" in names
    assert all(not n.startswith(("=", "+", "-", "@", "\t")) for n in names)
    assert {clean(n) for n in names} == {p.name for p in instance.participants}
    assert csv_safe(-5) == "-5"  # real numbers stay numbers


def test_anonymised_outputs_have_ids_only(tmp_path: Path, nasty: tuple[Instance, Result]) -> None:
    instance, result = nasty
    view = build_view(instance, result, anonymise=True)
    tables = plan_tables(view)
    text = repr([t.rows for t in tables]) + repr([c.title for t in tables for c in t.columns])
    html = render_report(view)
    for p in instance.participants:
        assert p.email and p.email not in text and p.email not in html
        assert p.name and p.name not in text and escape(p.name) not in html
    assert "Navn" not in [c.title for c in tables[-1].columns]
    assert "Anonymisert" in html


def test_report_escapes_everything_and_fetches_nothing(nasty: tuple[Instance, Result]) -> None:
    instance, result = nasty
    html = render_report(build_view(instance, result, extras=sample_extras(instance, result)))
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>" not in html and "Åse &amp; &#34;Ørjan&#34; &lt;b&gt;" in html
    assert not re.search(r"https?:|//[a-z]|@import|url\(", html, re.IGNORECASE)
    assert not re.search(r"<[^>]*\b(src|href)=(?![\"']?#)", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html


def test_sections_follow_the_data(nasty: tuple[Instance, Result]) -> None:
    instance, result = nasty
    plain = build_view(instance, result, lang="en")
    assert [t.key for t in plan_tables(plain)] == [
        "key_figures",
        "terms",
        "cohorts",
        "municipalities",
        "participants",
        "budget",
        "rules",
    ]
    html = render_report(plain)
    assert 'id="rules"' in html and "H1" in html
    for section in ("groups", "schedule", "facilitators", "politician-sessions"):
        assert f'id="{section}"' not in html
    assert 'id="budget"' in html  # priced from the plan itself (analysis.budget)
    full = build_view(instance, result, lang="en", extras=sample_extras(instance, result))
    tables = {t.key: t for t in plan_tables(full)}
    assert list(tables)[5:] == [
        "groups",
        "schedule",
        "facilitators",
        "politician_sessions",
        "budget",
        "rules",
    ]
    rules = {row[0]: row for row in tables["rules"].rows}
    assert rules["H1"][-1] == "Holds" and rules["H10"][-1] == "Not planned in this plan"
    people = tables["participants"]
    assert [c.title for c in people.columns][-2:] == ["Group gathering 1", "Group gathering 2"]
    assert all(row[-1] for row in people.rows)
    assert "Dates" in [c.title for c in tables["cohorts"].columns]
    assert ("Pris per deltaker (NOK)", 8645) in tables["key_figures"].rows
    html = render_report(full)
    # The budget is priced from every plan (issue 18); the later stages' sections need their rows.
    assert 'id="budget"' in html
    for section in ("groups", "schedule", "facilitators", "politician-sessions"):
        assert f'id="{section}"' in html
    assert 'class="chart timeline"' in html


def test_report_without_a_plan_shows_the_reasons(nasty: tuple[Instance, Result]) -> None:
    instance, _ = nasty
    result = Result(status=SolveStatus.INFEASIBLE, reasons=["cohort capacity 10 × 1 < 15"])
    view = build_view(instance, result, lang="en")
    assert [t.key for t in plan_tables(view)] == ["key_figures", "reasons"]
    html = render_report(view)
    assert "No plan" in html and "cohort capacity 10 × 1 &lt; 15" in html


def test_numbers_are_written_the_local_way() -> None:
    assert format_cell(12345, Labels("nb")) == "12\u00a0345"
    assert format_cell(1234.5, Labels("nb")) == "1\u00a0234,5"
    assert format_cell(1234.5, Labels("en")) == "1,234.5"
