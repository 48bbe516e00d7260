"""Every HTML and SVG file comes from Jinja2 templates with autoescaping on: no markup is built
from f-strings in the package, and a template shows user text as text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import kompetanse_opt
from kompetanse_opt.io.labelling import Anchor, Box, place_labels, text_width
from kompetanse_opt.io.svg import MapPoint, map_svg, vestland_land
from kompetanse_opt.io.templating import environment

PACKAGE = Path(kompetanse_opt.__file__).parent
#: A start or end tag: '<td', '</tr>', '<svg ', '<!DOCTYPE' (not 'a < b').
MARKUP = re.compile(r"</?[a-zA-Z!][a-zA-Z0-9-]*[\s>/]")


def _markup_in_fstrings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value
                for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
            if MARKUP.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {text[:40]!r}")
    return found


def test_no_markup_is_built_from_f_strings() -> None:
    found = [hit for path in sorted(PACKAGE.rglob("*.py")) for hit in _markup_in_fstrings(path)]
    assert found == []


def test_templates_escape_and_refuse_unknown_names() -> None:
    assert environment().autoescape is True
    table = (
        environment()
        .get_template("parts.html.j2")
        .module.table(  # type: ignore[attr-defined]
            {
                "key": 'k"',
                "head": [("<b>", False)],
                "rows": [{"cells": [('<script>"', False)], "css": ""}],
                "summary": "",
            }
        )
    )
    assert (
        "<script>" not in table
        and "&lt;script&gt;&#34;" in table
        and 'data-table="k&#34;"' in table
    )


def test_the_shipped_map_is_small_and_covers_vestland() -> None:
    land = vestland_land()
    assert len(land.rings) > 10 and "public domain" in land.licence
    assert (PACKAGE / "data" / "vestland_land.json").stat().st_size < 60_000
    west, south, east, north = land.bbox
    assert (
        west < 4.6 and east > 8.2 and south < 59.5 and north > 62.2
    )  # Stad to Etne, coast to Eidfjord
    svg = map_svg([MapPoint("4601", '<Bergen & "co">', 60.39, 5.32, 1, 10)], [])
    assert "&lt;Bergen &amp; &#34;co&#34;&gt;" in svg and "<Bergen" not in svg
    assert svg.count("<path") > 10


def test_labels_never_overlap_each_other_or_marks() -> None:
    # 30 points crowded on a small canvas: every label placed avoids every other.
    anchors = [
        Anchor(f"m{i}", f"Kommune {i}", 40 + (i % 6) * 30, 40 + (i // 6) * 22, 4) for i in range(30)
    ]
    marks = [(a.key, Box(a.x - 4, a.y - 4, a.x + 4, a.y + 4)) for a in anchors]
    placed = place_labels(anchors, marks, Box(0, 0, 400, 300))
    assert 0 < len(placed) < 30  # some fit, the rest are left out rather than overlapping
    for i, a in enumerate(placed):
        assert a.box.inside(Box(0, 0, 400, 300))
        assert not any(a.box.overlaps(b.box, 0) for b in placed[i + 1 :])
        assert not any(a.box.overlaps(box, 0) for key, box in marks if key != a.key)
    assert text_width("Øygarden", 11) > text_width("Vik", 11)


def test_a_map_outside_vestland_draws_no_land() -> None:
    far = [MapPoint("a", "A", 40.0, -3.7, 1), MapPoint("b", "B", 41.4, 2.2, 2)]
    svg = map_svg(far, [MapPoint("v", "Venue", 40.4, -3.7)])
    assert "<path" not in svg and svg.count("<circle") == 2 and ">Venue<" in svg
