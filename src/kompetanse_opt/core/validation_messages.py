"""Pydantic's validation errors as :class:`~kompetanse_opt.core.errors.Problem` lines in the
command's language.

Each error ``type`` our models can raise has its own message in the catalogue, with the limits of
``ctx`` (``ge``, ``max_length``, ...) and the value given filled in; a ``ValueError`` raised by one
of our validators with a :func:`~kompetanse_opt.core.i18n.msg` message keeps that message; any
other error falls back to pydantic's English text.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from kompetanse_opt.core.errors import Problem
from kompetanse_opt.core.i18n import N_, Message, msg
from kompetanse_opt.core.limits import spaced
from kompetanse_opt.core.text import shorten

#: Errors said without a value from ``ctx``.
_FIXED: dict[str, str] = {
    "missing": N_("required field is missing"),
    "extra_forbidden": N_("unknown field"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_parsing_size": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number, not a fraction"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "string_type": N_("must be text"),
    "string_unicode": N_("must be text"),
    "list_type": N_("must be a list"),
    "tuple_type": N_("must be a list"),
    "set_type": N_("must be a list"),
    "frozen_set_type": N_("must be a list"),
    "dict_type": N_("must be a mapping (name: value)"),
    "model_type": N_("must be a mapping (name: value)"),
    "model_attributes_type": N_("must be a mapping (name: value)"),
    "date_type": N_("must be a date (YYYY-MM-DD)"),
    "date_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": N_("must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": N_("must be a date without a time of day (YYYY-MM-DD)"),
    "datetime_type": N_("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "datetime_parsing": N_("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "datetime_from_date_parsing": N_("must be a date and time (YYYY-MM-DDTHH:MM)"),
    "time_type": N_("must be a time of day (HH:MM)"),
    "time_parsing": N_("must be a time of day (HH:MM)"),
    "none_required": N_("must be left out"),
}

#: Errors said with a limit from ``ctx``: (its key, the message).
_LIMITS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("ge", N_("must be at least {limit}")),
    "greater_than": ("gt", N_("must be above {limit}")),
    "less_than_equal": ("le", N_("at most {limit}")),
    "less_than": ("lt", N_("less than {limit}")),
    "multiple_of": ("multiple_of", N_("must be a multiple of {limit}")),
    "too_short": ("min_length", N_("needs at least {limit} items")),
    "too_long": ("max_length", N_("at most {limit} items")),
    "string_too_short": ("min_length", N_("needs at least {limit} characters")),
    "string_too_long": ("max_length", N_("at most {limit} characters")),
}

#: The patterns of our models, said as what they ask for (others fall back to pydantic's text).
_PATTERNS: dict[str, str] = {
    r"^\d{4}$": N_("must be a four-digit municipality number (kommunenummer)"),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": N_("must be an e-mail address"),
}

#: A lower length bound of 1 is said as "must not be empty".
_NOT_EMPTY = frozenset({"too_short", "string_too_short"})

#: Errors whose value is not echoed: the field is absent, unknown or a whole mapping.
_NO_ECHO = frozenset({"missing", "extra_forbidden", "model_type", "dict_type"})


def format_location(loc: tuple[int | str, ...]) -> str:
    """Pydantic's ``('participants', 17, 'municipality')`` as ``participants[17].municipality``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _choices(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` as ``'a', 'b', 'c'`` (no English "or" in the list)."""
    return ", ".join(re.split(r", | or ", expected))


def _message(kind: str, ctx: dict[str, Any], fallback: str) -> str:
    """Our message for one pydantic error, or pydantic's own text when we have none."""
    if kind in _FIXED:
        return Message(_FIXED[kind])
    if kind in _LIMITS:
        key, template = _LIMITS[kind]
        limit = ctx.get(key)
        if isinstance(limit, int | float) and not isinstance(limit, bool):
            if kind in _NOT_EMPTY and limit == 1:
                return msg("must not be empty")
            return Message(template, {"limit": spaced(limit)})
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return Message(_PATTERNS[ctx["pattern"]])
    if kind in ("literal_error", "enum") and isinstance(ctx.get("expected"), str):
        return msg("must be one of {expected}", expected=_choices(ctx["expected"]))
    if kind == "value_error":
        error = ctx.get("error")
        reason = error.args[0] if isinstance(error, ValueError) and error.args else None
        if isinstance(reason, Message):
            return reason
    return fallback


def _echoes(kind: str, value: object, message: str) -> bool:
    """Whether the line shows the value given (numbers for the limits, anything for types; not
    for our own validators' reasons, which say what is wrong)."""
    if kind in _NO_ECHO or (kind == "value_error" and isinstance(message, Message)):
        return False
    if kind in _LIMITS:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return True


def problems_from_validation_error(exc: ValidationError) -> list[Problem]:
    """One :class:`Problem` per pydantic error, located by its field path."""
    problems = []
    for err in exc.errors(include_url=False):
        # Pydantic's union-branch and validator markers mean nothing to users: drop them.
        loc = tuple(
            p
            for p in err["loc"]
            if not (isinstance(p, str) and p.startswith(("function-", "literal[")))
        )
        kind = err["type"]
        message = _message(kind, dict(err.get("ctx") or {}), err["msg"])
        if "input" in err and _echoes(kind, err["input"], message):
            message = msg("{message} (got {value})", message=message, value=shorten(err["input"]))
        problems.append(Problem(format_location(loc), message))
    return problems


__all__ = ["format_location", "problems_from_validation_error"]
