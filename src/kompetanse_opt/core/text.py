"""User text on its way out: one function per destination (messages, CSV/XLSX cells, iCalendar,
the terminal).

Every writer calls the function of its format, so a name such as ``=HYPERLINK(...)``, a terminal
escape sequence or rich markup (``[red]``) is carried as text, never run.
"""

from __future__ import annotations

import re

from anyascii import anyascii

#: C0 controls except tab and newline, DEL and the C1 controls (ESC starts every ANSI sequence).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The same plus tab and newline: for values that must stay on one line.
_ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Unicode line and paragraph separators, which terminals and calendars may treat as newlines.
_SEPARATORS = re.compile("[\u2028\u2029\u0085]")

#: Leading characters that make Excel (or LibreOffice) read a cell as a formula or a command.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

#: How much of a user's value a message quotes.
ECHO_LIMIT = 80


def shorten(value: object, limit: int = ECHO_LIMIT) -> str:
    """``repr`` of a value for a message: one line, at most ``limit`` characters (``…`` cut)."""
    text = value if isinstance(value, str) else repr(value)
    text = _ALL_CONTROLS.sub("?", text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` without control characters (tab and newline kept unless ``keep_newlines`` is
    false, when each becomes a space); a bare CR is dropped."""
    text = text.replace("\r\n", "\n")
    if keep_newlines:
        return _CONTROLS.sub("", text.replace("\r", ""))
    return _ALL_CONTROLS.sub(" ", _SEPARATORS.sub(" ", text.replace("\r", "")))


#: A plain number ("-5", "+3.5", "12,5 %") or a lone dash: read as a value, never a formula.
_PLAIN = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?(?:e[+-]?[0-9]+)? ?%?|-", re.IGNORECASE)


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet would read this text as a formula or a command."""
    if not isinstance(value, str) or _PLAIN.fullmatch(value):
        return False
    return value.lstrip(" ").startswith(FORMULA_PREFIXES)


def cell_text(value: str) -> str:
    """Text for a CSV or XLSX cell: control characters removed (tab and newline kept inside),
    a formula-like start neutralised with a leading apostrophe."""
    text = strip_controls(value)
    return "'" + text if is_formula_like(text) else text


def unquote_cell(text: str) -> str:
    """Undo :func:`cell_text`'s apostrophe when reading a cell back."""
    return text[1:] if text.startswith("'") and is_formula_like(text[1:]) else text


def ics_text(value: str) -> str:
    """Text for an iCalendar property: no control characters and no bare CR; newlines kept (the
    icalendar library escapes them as ``\\n``)."""
    return _SEPARATORS.sub("\n", strip_controls(value))


def terminal_text(value: object) -> str:
    """User text for a rich console with markup: control characters (ANSI escapes) removed and
    rich markup escaped, so ``[red]`` or ``Bergen [/bold]`` prints as written."""
    from rich.markup import escape

    return escape(strip_controls(str(value)))


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """``text`` in lower-case ASCII for loose matching: ``Førde`` → ``forde``, ``Ærøy`` →
    ``aeroy`` (transliterated by ``anyascii``), runs of spaces made one."""
    return " ".join(anyascii(text).casefold().split())


def slug(text: str, fallback: str = "x") -> str:
    """The one slug of the package (file names, ids): lower-case ASCII letters and digits
    joined by ``-`` (``Kommunenett Nordfjord`` → ``kommunenett-nordfjord``, ``ÅLAV`` →
    ``alav``); ``fallback`` when nothing is left."""
    return _NOT_SLUG.sub("-", anyascii(text).lower()).strip("-") or fallback
