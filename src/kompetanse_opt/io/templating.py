"""The Jinja2 environment that renders every HTML and SVG file the package writes.

Templates are package data (``kompetanse_opt/templates``), autoescaping is on for every template,
and an undefined name is an error, so user text (a participant called ``<script>``) is always shown
as text and a misspelt variable fails the tests instead of printing nothing. Python code computes
the numbers (coordinates, widths, formatted values); the templates only lay them out.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


def svg_number(value: float) -> str:
    """A coordinate with at most one decimal, no trailing zeros: 12.0 -> 12, 3.25 -> 3.2."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@cache
def environment() -> Environment:
    """The shared environment (built once): autoescape on, strict undefined names."""
    env = Environment(
        loader=PackageLoader("kompetanse_opt", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["n"] = svg_number
    return env


def render(name: str, **context: Any) -> str:
    """Template ``name`` rendered with ``context``."""
    return environment().get_template(name).render(**context)


def macros(name: str = "parts.html.j2") -> Any:
    """The macros of template ``name`` (each returns escaped, safe markup)."""
    return environment().get_template(name).module
