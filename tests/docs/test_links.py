"""Every relative link in README.md, CONTRIBUTING.md and docs/*.md names a file in the repository.

A link may not leave the repository (``../shared/...``); a ``#fragment`` on a Markdown target must
name one of its headings (GitHub's anchors: lower case, punctuation dropped, spaces to hyphens).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```$", re.DOTALL | re.MULTILINE)
EXTERNAL = ("http://", "https://", "mailto:")


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def links(path: Path) -> list[str]:
    """The link targets of a Markdown file, outside fenced code blocks."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return [m.group(1) for m in LINK.finditer(text)]


def anchors(path: Path) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    out = set()
    for heading in re.findall(r"^#+\s+(.*)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        out.add(slug)
    return out


def broken(path: Path, target: str) -> str | None:
    """Why ``target`` (a link in ``path``) does not resolve, or None."""
    if target.startswith(EXTERNAL):
        return None
    file_part, _, fragment = target.partition("#")
    resolved = (path.parent / file_part).resolve() if file_part else path
    if not resolved.is_relative_to(ROOT):
        return "leaves the repository"
    if not resolved.exists():
        return "no such file"
    if fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
        return f"no heading '#{fragment}'"
    return None


@pytest.mark.parametrize("path", documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve_inside_the_repository(path: Path) -> None:
    problems = [f"{t}: {why}" for t in links(path) if (why := broken(path, t)) is not None]
    assert problems == [], f"{path.relative_to(ROOT)}: broken links"


def test_the_checks_can_fail(tmp_path: Path) -> None:
    page = ROOT / "docs" / "api.md"
    assert broken(page, "../../shared/domain.md") == "leaves the repository"
    assert broken(page, "nowhere.md") == "no such file"
    assert broken(page, "domain.md#no-such-heading") == "no heading '#no-such-heading'"
    assert broken(page, "domain.md#the-budget") is None
    assert broken(page, "https://example.org/x") is None
    assert links(ROOT / "README.md"), "the README has links"
