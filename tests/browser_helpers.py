"""The headless Chromium the browser tests drive (the package's own finder) and how they give up
when it is missing: skip on a developer's machine, fail under CI (.ci/run installs it)."""

from __future__ import annotations

import os

import pytest

from kompetanse_opt.io.pdf import find_chromium as chromium


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run should have installed it")
    pytest.skip(reason)


__all__ = ["chromium", "unavailable"]
