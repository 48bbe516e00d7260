"""The steering group's report of the embedded plan in headless Chromium, at desktop and phone
widths: a real map, dated timelines, the budget, no sideways scrolling at 375 px, and no two text
labels overlapping on the map or the timelines (measured with getBoundingClientRect)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kompetanse_opt.io.report import write_report
from kompetanse_opt.io.sections import build_view
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

#: Pairs of text elements of one SVG whose boxes overlap (by more than half a pixel).
OVERLAPS_JS = """
(selector) => {
  const found = [];
  for (const svg of document.querySelectorAll(selector)) {
    const boxes = [...svg.querySelectorAll('text')]
      .map(t => [t.firstChild ? t.firstChild.textContent : '', t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, p] = boxes[i], [b, q] = boxes[j];
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 0.5 && h > 0.5) found.push([a, b]);
      }
    }
  }
  return found;
}
"""


#: Map labels the reader sees (the other width's drawing is hidden), and their smallest size.
VISIBLE_LABELS_JS = """
() => {
  const seen = [...document.querySelectorAll('svg text.map-label')]
    .map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
  return [seen.length, Math.min(...seen.map(r => r.height))];
}
"""


@pytest.fixture(scope="module")
def vestland_report(
    tmp_path_factory: pytest.TempPathFactory, vestland_solved: tuple[Instance, Result]
) -> tuple[Path, Result]:
    instance, result = vestland_solved
    path = tmp_path_factory.mktemp("report") / "plan.html"
    write_report(path, build_view(instance, result))
    return path, result


@pytest.mark.parametrize("width", [1280, 375])
def test_report_fits_the_screen_and_no_labels_overlap(
    browser: Any, vestland_report: tuple[Path, Result], width: int, tmp_path: Path
) -> None:
    path, _ = vestland_report
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.as_uri())
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"sideways scrolling at {width} px: {scroll} > {inner}"
    # Each width shows its own drawing (a phone gets a narrower map and timelines).
    assert page.evaluate(OVERLAPS_JS, "svg.map, svg.map-phone") == []
    assert page.evaluate(OVERLAPS_JS, "svg.timeline, svg.timeline-phone") == []
    shown, height = page.evaluate(VISIBLE_LABELS_JS)
    assert shown >= 40, shown  # nearly every municipality's and venue's name fits
    assert height >= 10, height  # and is large enough to read at this width
    for name in (tmp_path / f"report-{width}.png", ARTIFACTS / f"report-vestland-{width}.png"):
        name.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(name), full_page=True)
    assert (tmp_path / f"report-{width}.png").stat().st_size > 10_000
    page.close()


def test_report_shows_the_map_timelines_and_budget(
    browser: Any, vestland_report: tuple[Path, Result]
) -> None:
    path, result = vestland_report
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    assert page.locator("section").first.get_attribute("id") == "key-figures"
    land = page.locator("svg.map g.land path")
    assert land.count() > 10  # the coastline and the islands
    assert page.locator("svg.map g.land").bounding_box()["height"] > 300
    months = page.locator("svg.timeline").first.locator("text.month").all_text_contents()
    assert months[:3] == ["jan", "feb", "mar"]
    assert page.locator("svg.timeline").first.locator("rect.holiday").count() > 5
    assert page.locator("svg.timeline").nth(1).locator("text.label").count() == 4
    budget = page.locator("table[data-table='budget-plan']").inner_text()
    assert "1\u00a0324\u00a0000" in budget and "8\u00a0645" in budget  # the seed's line, price
    terms = page.locator("table[data-table='terms']").inner_text()
    assert "travel_total" not in terms and "Reisetid" in terms
    rules = page.locator("table[data-table='rules']").inner_text()
    assert not any(name in rules for name in result.terms)
    assert "fasilitator-" not in page.locator("section#facilitators").inner_text()
    page.close()


#: Pairs of the blocks of one section (headings, notes, tables, cards) whose boxes overlap, and
#: any block reaching past the right edge of the window.
BLOCKS_JS = """
(selector) => {
  const found = [];
  const width = window.innerWidth;
  const inside = (p, q) =>
    p.top >= q.top && p.bottom <= q.bottom && p.left >= q.left && p.right <= q.right;
  for (const section of document.querySelectorAll(selector)) {
    const blocks = [...section.querySelectorAll('h2, h3, p, .scroll, details, .card')]
      .map(e => [e.tagName + ' ' + e.textContent.slice(0, 30), e.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    for (const [name, r] of blocks) if (r.right > width + 0.5) found.push([name, 'right edge']);
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) {
        const [a, p] = blocks[i], [b, q] = blocks[j];
        if (inside(p, q) || inside(q, p)) continue;  // a table inside its <details>
        const w = Math.min(p.right, q.right) - Math.max(p.left, q.left);
        const h = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
        if (w > 0.5 && h > 0.5) found.push([a, b]);
      }
    }
  }
  return found;
}
"""


@pytest.mark.parametrize("width", [1280, 375])
def test_learning_path_and_speakers_fit_the_screen(
    browser: Any, vestland_report: tuple[Path, Result], width: int
) -> None:
    path, result = vestland_report
    plan = result.require_plan()
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(path.as_uri())
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner, f"sideways scrolling at {width} px: {scroll} > {inner}"
    learning = page.locator("section#learning-path")
    assert learning.locator("h3").count() == len(plan.cohorts) + 1  # each cohort, then the hours
    for c in plan.cohorts:
        assert learning.locator(f"table[data-table='learning-path-{c.id}'] tbody tr").count() > 3
    hours = learning.locator("table[data-table='learning-hours'] tbody tr")
    assert hours.count() == 4  # the four target groups
    speakers = page.locator("section#speakers table[data-table='speakers']").inner_text()
    assert "(fictional)" in speakers and "speaker-" not in speakers
    selector = "section#learning-path, section#speakers, section#key-figures, section#budget"
    assert page.evaluate(BLOCKS_JS, selector) == []
    page.close()
