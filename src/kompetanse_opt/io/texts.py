"""Word tables of the files (letters, report, registration template) read through gettext.

A table maps a stable key to its English text; the key, behind the table's prefix
(``letters.cohort_n``, ``report.map_title``, ``template.sheet``), is the gettext context and the
English text the message, so the Norwegian lives in the catalogue and a test checks that every
entry has it. An entry may still be written as a ``(bokmål, English)`` pair, the shape of the
first versions: it works at once, and ``python tools/catalogue.py update`` moves its Norwegian
into the catalogue, after which the pair should become its English text (a test asks for that).
"""

from __future__ import annotations

from collections.abc import Mapping

from kompetanse_opt.core.i18n import Lang, pgettext

#: An entry of a word table: the English text, or a (bokmål, English) pair not yet moved.
Entry = str | tuple[str, str]

__all__ = ["Entry", "english", "entry_text", "pairs", "text"]


def english(value: Entry) -> str:
    """The English text of an entry (the catalogue's message)."""
    return value if isinstance(value, str) else value[1]


def entry_text(context: str, value: Entry, lang: Lang) -> str:
    """The entry ``value`` in ``lang``, placeholders unfilled (``context``: its gettext context)."""
    message = english(value)
    translated = pgettext(context, message, lang)
    if lang == "nb" and isinstance(value, tuple) and translated == message:
        return value[0]  # a pair not yet moved into the catalogue
    return translated


def text(table: Mapping[str, Entry], prefix: str, key: str, lang: Lang, **values: object) -> str:
    """Entry ``key`` of ``table`` (contexts ``prefix + key``) in ``lang``, placeholders filled."""
    found = entry_text(prefix + key, table[key], lang)
    return found.format(**values) if values else found


def pairs(table: Mapping[str, Entry]) -> list[str]:
    """The keys of ``table`` still written as (bokmål, English) pairs."""
    return [key for key, value in table.items() if not isinstance(value, str)]
