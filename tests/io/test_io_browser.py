"""The HTML report in a real headless Chromium (Debian's, driven by Playwright): the map and the
tables render, nothing is fetched, no console errors; screenshots go to ``test-artifacts/``.

The ``browser`` fixture (``conftest.py``) skips with a reason where Chromium or Playwright is
missing, except in CI (``CI`` set), where ``.ci/run`` installs both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from io_helpers import nasty_instance, planned, sample_extras
from kompetanse_opt.io.report import write_report
from kompetanse_opt.io.sections import build_view
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def open_report(browser: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    """The page, its console errors and page errors, and every URL it requested."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    # An alert() that ran would open a dialog: count it as an error (and dismiss it).
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, errors, requests


def test_vestland_report_renders(
    browser: Any, tmp_path: Path, vestland_solved: tuple[Instance, Result]
) -> None:
    instance, result = vestland_solved
    path = tmp_path / "plan.html"
    write_report(path, build_view(instance, result))
    page, errors, requests = open_report(browser, path)

    assert page.title().startswith("Kompetanseprogram: plan")
    dots = page.locator("svg.map g.municipality circle")
    assert dots.count() == 43
    box = dots.first.bounding_box()
    assert box is not None and box["width"] > 4 and box["height"] > 4
    assert page.locator("svg.map g.venue").count() == 3
    assert page.locator("svg.map").bounding_box()["width"] > 400
    # Three bar charts, plus the timelines (cohorts, facilitators) now that the data is dated.
    assert page.locator("svg.chart").count() == 3 + 2 * bool(
        result.require_plan().cohorts[0].gatherings[0].dates
    )
    cohort_rows = page.locator("table[data-table^='cohort-'] tbody tr")
    assert page.locator("table[data-table^='cohort-']").count() == 4
    assert cohort_rows.count() == 43
    people = page.locator("table[data-table='participants'] tbody tr")
    assert people.count() == 200 and not people.first.is_visible()  # folded away at first
    page.locator("#participants summary").click()
    assert people.first.is_visible()
    assert page.locator("table[data-table='terms'] tbody tr").count() == len(result.terms)

    assert errors == []
    assert requests == [path.as_uri()]  # nothing but the file itself
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#participants summary").click()
    page.screenshot(path=str(ARTIFACTS / "report-vestland.png"), full_page=True)
    page.close()


def test_report_with_every_section_and_hostile_names(browser: Any, tmp_path: Path) -> None:
    instance = nasty_instance()
    result = planned(instance)
    path = tmp_path / "plan.html"
    write_report(path, build_view(instance, result, extras=sample_extras(instance, result)))
    page, errors, requests = open_report(browser, path)

    assert page.locator("script").count() == 0 and page.locator("main img").count() == 0
    page.locator("#participants summary").click()
    names = page.locator("table[data-table='participants']").inner_text()
    assert "<script>alert(1)</script>" in names  # shown as text
    assert "<img src=x onerror=alert(1)>" in page.locator("svg.map").inner_html().replace(
        "&lt;", "<"
    ).replace("&gt;", ">")
    for section in ("schedule", "groups", "facilitators", "politician-sessions", "budget"):
        assert page.locator(f"section#{section} table tbody tr").count() > 0, section
    assert page.locator("svg.timeline").first.locator(
        "rect.session:not(.politicians)"
    ).count() == len(sample_extras(instance, result).schedule)
    assert errors == []
    assert requests == [path.as_uri()]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-all-sections.png"), full_page=True)
    page.close()
