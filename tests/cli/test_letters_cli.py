"""``kompetanse-opt letters``: the plan's own instance or none, one line on bad input, nothing
half written, and a PDF of every letter when a browser is there."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_runner import cli, error_lines

from calendar_builders import make_dated_instance
from kompetanse_opt.model.loading import write_instance


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """a.yaml (dated, with facilitators) planned into a.json; b.yaml is another instance."""
    monkeypatch.chdir(tmp_path)
    write_instance(make_dated_instance([3, 4, 2, 3]), tmp_path / "a.yaml")
    write_instance(make_dated_instance([3, 4, 2, 4]).replace(name="other"), tmp_path / "b.yaml")
    assert cli("plan", "a.yaml", "--out", "a.json").exit_code == 0
    return tmp_path


def test_letters_are_written_as_a_set(folder: Path) -> None:
    result = cli("letters", "a.json", "--out", "letters")
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in (folder / "letters").iterdir())
    assert "index.html" in names
    assert [n for n in names if n.startswith("kommune-") and n.endswith(".html")] == [
        f"kommune-{n}.html" for n in (1001, 1002, 1003, 1004)
    ]
    assert len([n for n in names if n.endswith(".ics")]) == 4
    assert len([n for n in names if n.startswith("fasilitator-")]) == 3
    assert not [n for n in names if n.endswith(".pdf")]


def test_a_plan_of_another_instance_is_refused_in_one_line(folder: Path) -> None:
    before = sorted(p.name for p in folder.iterdir())
    result = cli("letters", "a.json", "--out", "letters", "--instance", "b.yaml")
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 1 and len(result.stderr.splitlines()) == 1
    assert "the plan belongs to instance 'test'" in lines[0] and "'other' (b.yaml" in lines[0]
    assert sorted(p.name for p in folder.iterdir()) == before


def test_pdf_without_a_browser_is_one_line_and_writes_nothing(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kompetanse_opt.io.pdf.find_chromium", lambda: None)
    result = cli("letters", "a.json", "--out", "letters", "--pdf")
    assert result.exit_code == 2
    lines = error_lines(result)
    assert len(lines) == 1 and "no headless Chromium found" in lines[0]
    assert not (folder / "letters").exists()


def test_pdf_of_every_letter(folder: Path) -> None:
    from kompetanse_opt.io.pdf import find_chromium

    if find_chromium() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found; .ci/run should have installed it")
        pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    result = cli("letters", "a.json", "--out", "letters", "--pdf", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    letters = folder / "letters"
    pages = sorted(p.stem for p in letters.glob("*.html") if p.name != "index.html")
    assert sorted(p.stem for p in letters.glob("*.pdf")) == pages
    for pdf in letters.glob("*.pdf"):
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 2_000
    assert 'facilitator-01.pdf">PDF' in (letters / "index.html").read_text(encoding="utf-8")


def test_an_invalid_plan_gets_no_letters_unless_forced(folder: Path) -> None:
    data = json.loads((folder / "a.json").read_text(encoding="utf-8"))
    # Venue b may host one gathering in the whole programme: put every gathering there.
    for cohort in data["cohorts"]:
        for gathering in cohort["gatherings"]:
            gathering["venue"] = "b"
    (folder / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    refused = cli("letters", "bad.json", "--out", "letters")
    assert refused.exit_code == 1 and "[H3]" in refused.stderr
    assert "nothing written" in refused.stderr and not (folder / "letters").exists()
    forced = cli("letters", "bad.json", "--out", "letters", "--force")
    assert forced.exit_code == 0 and "written anyway" in forced.stderr
    assert (folder / "letters" / "index.html").exists()
