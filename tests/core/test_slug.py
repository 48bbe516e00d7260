"""The package's one slug function, and that no other remains."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kompetanse_opt.core.text import ascii_fold, slug

SRC = Path(__file__).resolve().parents[2] / "src" / "kompetanse_opt"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kommunenett Nordfjord", "kommunenett-nordfjord"),
        ("ÅLAV", "alav"),
        ("IKT Nordhordland", "ikt-nordhordland"),
        ("Førde / Sunnfjord (2020)", "forde-sunnfjord-2020"),
        ("Ærøy og Bømlo", "aeroy-og-bomlo"),
        ("5 kull à 40", "5-kull-a-40"),
        ("fasilitator-bergen", "fasilitator-bergen"),
    ],
)
def test_slug_transliterates_norwegian_letters(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slug_of_nothing_is_the_fallback() -> None:
    assert slug("!!!") == "x"
    assert slug("", "variant") == "variant"


def test_ascii_fold_for_matching() -> None:
    assert ascii_fold("  Førde  ") == "forde"
    assert ascii_fold("BØMLO") == ascii_fold("bomlo")


def test_exactly_one_slug_function_in_the_package() -> None:
    found = [
        f"{path.relative_to(SRC)}:{match.group(0)}"
        for path in SRC.rglob("*.py")
        for match in re.finditer(r"def _?slug\w*\(", path.read_text("utf-8"))
    ]
    assert found == ["core/text.py:def slug("]
