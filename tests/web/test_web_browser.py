"""The secretariat's day in a real headless Chromium (Debian's, driven by Playwright) against a
real ``kompetanse-opt serve``: open the embedded instance, solve, see progress and a plan, move a
municipality and see the capacity violation and the cost change, undo, pin it, re-plan, publish,
download the workbook; and a registration workbook with a bad row, refused with its cell.

Skipped where Chromium or Playwright is missing (a failure in CI, like ``tests/io``'s browser
tests). Screenshots go to ``test-artifacts/``; with ``KOMPETANSE_DOCS_SCREENSHOT=1`` the page's
also to ``docs/web-planner.png`` (the README's).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import chromium, unavailable

#: A real server and browser take tens of seconds; CI runs them (``-m "slow or not slow"``) and
#: the TestClient tests cover the same operations by default.
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
ARGS += ["--disable-background-networking", "--disable-component-update", "--disable-quic"]
SLOW = 120_000  # ms: a guard against a hang, not a time limit of the test


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    executable = chromium()
    if executable is None:
        unavailable("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    command = [sys.executable, "-m", "kompetanse_opt", "serve", str(tmp_path / "ws")]
    process = subprocess.Popen([*command, "--port", str(port)], stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(f"{url}/api/instances", timeout=1)
                break
            except httpx.HTTPError:
                assert process.poll() is None, "the server ended"
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(15)


def _page(browser: Any, url: str) -> tuple[Any, list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.set_default_timeout(SLOW)
    page.goto(url)
    return page, errors, requests


def _wait_for_job(page: Any) -> None:
    """The job panel shows progress, then the page shows the job's version."""
    page.wait_for_selector("#job")
    page.wait_for_selector("#job[data-state='done']")
    page.wait_for_load_state("load")


def _other_cohort(page: Any, municipality: str) -> str:
    text = page.locator(f"#move-municipality option[value='{municipality}']").inner_text()
    here = text.rsplit("cohort ", 1)[1].split()[0]
    return "2" if here == "1" else "1"


def test_the_secretariats_day(browser: Any, server: str, tmp_path: Path) -> None:
    page, errors, requests = _page(browser, server)
    page.click("#open-embedded")
    page.wait_for_selector("#no-plan")
    page.check("input[name='cohort_only']")
    page.click("#solve")
    _wait_for_job(page)
    assert page.locator(".job-state").inner_text() == "done"
    assert page.locator(".job-objective").inner_text().isdigit()  # the best objective shown
    assert page.locator("#status").inner_text() == "optimal"
    assert page.locator("svg.map g.municipality").count() == 43
    assert page.locator("table[data-table='rules'] tbody tr").count() >= 20
    assert page.locator("#violations").inner_text().endswith("Every rule holds.")

    other = _other_cohort(page, "4601")
    form = page.locator("#move-municipality")
    form.locator("select[name='municipality']").select_option("4601")
    form.locator("select[name='cohort']").select_option(other)
    form.locator("button.preview").click()
    verdict = page.locator("#verdict")
    verdict.wait_for()
    assert "H2" in verdict.inner_text() and "above capacity" in verdict.inner_text()
    assert verdict.locator(".delta").inner_text().startswith("+")  # the cost goes up
    assert page.locator("table[data-table='terms'] tr.changed").count() >= 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("document.getElementById('job').scrollIntoView()")
    page.screenshot(path=str(ARTIFACTS / "web-preview.png"))
    if os.environ.get("KOMPETANSE_DOCS_SCREENSHOT"):
        page.screenshot(path=str(ROOT / "docs" / "web-planner.png"))
    form.locator("button:not([formaction])").click()  # Save
    page.wait_for_selector("#violations .label")
    assert "H2" in page.locator("#violations").inner_text()
    page.click("#undo")
    page.wait_for_selector("text=Every rule holds.")

    pin = page.locator("#pin-municipality")
    pin.locator("select[name='pin_municipality']").select_option("4601")
    pin.locator("select[name='pin_cohort']").select_option(other)
    pin.locator("button").click()
    page.wait_for_selector(".pin-kind")
    assert "H7" in page.locator("#violations").inner_text()  # the plan breaks the new pin
    page.click("#replan")
    _wait_for_job(page)
    page.wait_for_selector("text=Every rule holds.")
    assert "replan" in page.locator("#version-line").inner_text()
    assert f"cohort {other}" in page.locator("#move-municipality option[value='4601']").inner_text()

    page.fill("input[name='until']", "2027-03-01")
    page.click("#publish")
    page.wait_for_selector("text=published until 2027-03-01")
    with page.expect_download() as download:
        page.click("#download-workbook")
    saved = tmp_path / "plan.xlsx"
    download.value.save_as(saved)
    assert saved.read_bytes()[:2] == b"PK" and download.value.suggested_filename.endswith(".xlsx")

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "web-planner.png"))
    assert errors == []
    assert all(r.startswith(server) for r in requests)  # nothing from anywhere else
    page.close()


def test_a_bad_registration_row_is_shown_with_its_cell(
    browser: Any, server: str, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Deltakere"
    sheet.append(["Kommune", "Målgruppe", "Tjenesteområde", "Navn"])
    sheet.append(["Bergen", 1, "helse", "Kari"])
    sheet.append(["Vos", 1, "helse", "Ola"])  # a typo
    path = tmp_path / "påmelding.xlsx"
    workbook.save(path)
    page, errors, _ = _page(browser, server)
    page.set_input_files("#upload-form input[type='file']", str(path))
    page.click("#upload-form button")
    page.wait_for_selector("table[data-table='problems']")
    problems = page.locator("table[data-table='problems']").inner_text()
    assert "Deltakere!A3" in problems and "unknown municipality 'Vos'" in problems
    bad = page.locator("tr.bad-row")
    assert bad.count() == 1 and "A: Kommune: unknown municipality 'Vos'" in bad.inner_text()
    assert "nothing was stored" in page.content()
    page.goto(server)
    assert "No instance yet." in page.content()
    assert errors == [] or all("400" in e for e in errors)  # the refused upload's status only
    page.close()
