"""Every ```python block of docs/api.md and of the README runs as it stands.

Each block runs alone, in a fresh namespace, in a temporary working folder (examples may write
files). A block preceded by the line ``<!-- test: slow -->`` is marked slow: the full Vestland
plan takes a few seconds, so it runs with ``-m slow``; every other block runs by default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("docs/api.md", "README.md")
SLOW_MARK = "<!-- test: slow -->"
FENCE = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@dataclass(frozen=True)
class Block:
    document: str
    line: int
    code: str
    slow: bool


def python_blocks(document: str) -> list[Block]:
    """The ```python blocks of one document, with their line numbers and slow marks."""
    text = (ROOT / document).read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        blocks.append(Block(document, line, match.group(1), before.strip() == SLOW_MARK))
    return blocks


def _params() -> list[object]:
    params: list[object] = []
    for document in DOCUMENTS:
        for block in python_blocks(document):
            marks = [pytest.mark.slow] if block.slow else []
            params.append(pytest.param(block, id=f"{document}:{block.line}", marks=marks))
    return params


def test_every_document_has_examples() -> None:
    for document in DOCUMENTS:
        assert python_blocks(document), f"{document} has no ```python block"
    assert any(not b.slow for b in python_blocks("docs/api.md")), "no fast example runs by default"


def test_blocks_are_found_with_their_marks() -> None:
    blocks = python_blocks("docs/api.md")
    text = (ROOT / "docs/api.md").read_text(encoding="utf-8")
    fences = [line for line in text.splitlines() if line.startswith("```python")]
    marks = [line for line in text.splitlines() if line.strip() == SLOW_MARK]
    assert len(blocks) == len(fences)
    assert sum(b.slow for b in blocks) == len(marks)


@pytest.mark.parametrize("block", _params())
def test_example_runs(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code = compile(block.code, f"{block.document}:{block.line}", "exec")
    exec(code, {"__name__": f"example_{block.line}"})
