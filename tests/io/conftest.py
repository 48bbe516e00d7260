"""The headless Chromium (Debian's, driven by Playwright) for the browser tests under tests/io.

Skipped with a reason where Chromium or Playwright is missing, except in CI (``CI`` set), where
``.ci/run`` installs both and a missing browser is a failure. Screenshots go to
``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import chromium, unavailable
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.solver.pipeline import solve

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    executable = chromium()
    if executable is None:
        unavailable("Chromium not found at /usr/bin/chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def vestland_solved() -> tuple[Instance, Result]:
    """The embedded Vestland instance and its plan (solved once for every test under tests/io)."""
    instance = vestland_instance()
    return instance, solve(instance, time_limit=20, workers=1)
