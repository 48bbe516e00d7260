"""Letters in headless Chromium: readable on a 375 px phone without sideways scrolling, nothing
fetched, and printed to A4 PDF pages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kompetanse_opt.io.letters import write_letters
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_letters_fit_a_phone_and_print_on_a4(
    browser: Any, tmp_path: Path, vestland_solved: tuple[Instance, Result]
) -> None:
    instance, result = vestland_solved
    write_letters(tmp_path / "letters", instance, result.require_plan())
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("index", "kommune-4601", "kommune-4621", "fasilitator-01"):
        path = tmp_path / "letters" / f"{name}.html"
        page = browser.new_page(viewport={"width": 375, "height": 800})
        requests: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.goto(path.as_uri())
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, (name, scroll, inner)
        assert requests == [path.as_uri()]
        page.screenshot(path=str(ARTIFACTS / f"letter-{name}-375.png"), full_page=True)
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert pdf.startswith(b"%PDF")
        assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12][.\d]*\]", pdf)  # A4 in points
        page.close()
