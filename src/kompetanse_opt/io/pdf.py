"""HTML pages to PDF through the headless Chromium the browser tests use.

Playwright drives it when installed (one browser for every page: fast); otherwise Chromium's own
``--print-to-pdf`` runs once per page. Pages are printed as A4 with their backgrounds, honouring
their ``@page`` rules. Without a browser the caller gets one line (an :class:`InputError`, exit 2).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.i18n import msg

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def find_chromium() -> str | None:
    """The Chromium to print with: /usr/bin/chromium, else one on PATH, else None."""
    candidates = ["/usr/bin/chromium"]
    candidates += [shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome")]
    return next((c for c in candidates if c and Path(c).is_file()), None)


def no_browser() -> InputError:
    return InputError(
        [
            Problem(
                "--pdf",
                msg(
                    "no headless Chromium found (install it, e.g. apt-get "
                    "install chromium, or leave out --pdf)"
                ),
            )
        ]
    )


def _with_playwright(executable: str, files: dict[str, Path]) -> dict[str, bytes] | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    out: dict[str, bytes] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            page = browser.new_page()
            for name, path in files.items():
                page.goto(path.as_uri())
                out[name] = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return out


def _with_chromium(executable: str, files: dict[str, Path]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for name, path in files.items():
        target = path.with_suffix(".pdf")
        command = [
            executable,
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            f"--print-to-pdf={target}",
            path.as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        out[name] = target.read_bytes()
    return out


def html_to_pdf(pages: Mapping[str, str], executable: str | None = None) -> dict[str, bytes]:
    """PDF bytes per page name, from each page's HTML (self-contained: no files beside it)."""
    executable = executable or find_chromium()
    if executable is None:
        raise no_browser()
    with tempfile.TemporaryDirectory(prefix="kompetanse-opt-pdf-") as folder:
        files = {}
        for i, (name, html) in enumerate(pages.items()):
            path = Path(folder) / f"page-{i}.html"
            path.write_text(html, encoding="utf-8")
            files[name] = path
        try:
            printed = _with_playwright(executable, files)
            return printed if printed is not None else _with_chromium(executable, files)
        except (OSError, subprocess.SubprocessError) as exc:
            message = msg(
                "Chromium could not print the letters ({error})", error=type(exc).__name__
            )

            raise InputError([Problem("--pdf", message)]) from None
