"""Hypothesis strategies for the hostile-input fuzz suite (issue 14): mutations of valid files.

A mutation replaces one value somewhere in a valid document with a hostile one (a huge or
negative number, NaN, a long string, control characters, markup, a formula, a wrong type, deep
nesting), deletes a key, or damages the serialised text (inserted bytes, a repeated line, a cut).
The property every reader must keep: exit 0, 1 or 2, never a traceback, nothing written on 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kompetanse_opt.cli.main import main

HOSTILE_TEXT = (
    "=1+1",
    "@SUM(A1)",
    "Bergen [/bold]",
    "[red]x[/red]",
    "\x1b]8;;http://e\x1b\\x\x1b]8;;\x1b\\",
    "a\x00b",
    "line\nbreak",
    "bare\rcr",
    "²",
    "٣",
    "../../etc/passwd",
    "/etc/passwd",
    "",
    " ",
    "auto",
    "x" * 5000,
)

hostile_numbers = st.one_of(
    st.sampled_from([0, -1, 1, 2**31, 2**63, 2**64, 10**30, -(10**30), 100_000, 100_001]),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
)
hostile_scalars = st.one_of(
    st.none(),
    st.booleans(),
    hostile_numbers,
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=30),
)
hostile_values = st.one_of(
    hostile_scalars,
    st.lists(hostile_scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), hostile_scalars, max_size=2),
    st.integers(min_value=50, max_value=200).map(lambda n: json.loads("[" * n + "]" * n)),
)


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def mutate_document(draw: st.DrawFn, document: Any) -> Any:
    """A copy of ``document`` with one value replaced or one key deleted."""
    doc = json.loads(json.dumps(document, default=str))
    parent, key = None, None
    node = doc
    while _children(node) and (parent is None or draw(st.integers(0, 3)) > 0):
        parent, key = node, draw(st.sampled_from(_children(node)))
        node = node[key]
    if parent is None:
        return draw(hostile_values)
    if isinstance(parent, dict) and draw(st.integers(0, 5)) == 0:
        del parent[key]
    else:
        parent[key] = draw(hostile_values)
    return doc


def damage_text(draw: st.DrawFn, text: str) -> str:
    """The text with bytes inserted, a line repeated (a duplicate key) or the end cut off."""
    kind = draw(st.sampled_from(["insert", "repeat", "cut", "none", "none", "none"]))
    if not text or kind == "none":
        return text
    at = draw(st.integers(0, len(text)))
    if kind == "insert":
        return text[:at] + draw(st.text(max_size=20)) + text[at:]
    if kind == "cut":
        return text[:at]
    lines = text.splitlines(keepends=True)
    i = draw(st.integers(0, len(lines) - 1))
    return "".join(lines[: i + 1] + lines[i:])


def serialise(draw: st.DrawFn, doc: Any) -> tuple[str, str]:
    """``(suffix, text)``: the document as JSON or YAML (NaN allowed: JSON then refuses it)."""
    if draw(st.booleans()):
        return ".json", json.dumps(doc, allow_nan=True)
    return ".yaml", yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@contextmanager
def cli() -> Iterator[Callable[..., Result]]:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args])

    yield invoke


def assert_clean(result: Result, written: list[Path] | None = None) -> None:
    """Exit 0, 1 or 2, no traceback, and nothing written on exit 2."""
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
    )
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        for path in written or []:
            assert not path.exists() or (path.is_dir() and not any(path.iterdir())), path


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=examples <= 20,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
