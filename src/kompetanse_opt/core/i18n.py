"""Words for people, in Norwegian bokmål (``nb``) or English (``en``), through gettext.

The messages are written in English in the code (``_("plan written to {path}")``) and translated
by the catalogues shipped in the package: ``kompetanse_opt/locale/<lang>/LC_MESSAGES/
kompetanse_opt.po`` (the source, edited by people) and the compiled ``.mo`` next to it (read at
run time by the standard :mod:`gettext` module, so nothing beyond the standard library is needed).
Labels of files and reports carry a context (``pgettext("cohort", "Cohort")``), so one English word
may have two Norwegian ones. ``tools/catalogue.py`` extracts, updates and compiles the catalogues
(see CONTRIBUTING.md); a test fails when a message has no Norwegian translation or the compiled
files are stale.

The language is chosen per command by ``--lang``; without it, a locale whose ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` starts with ``nb``, ``nn`` or ``no`` chooses Norwegian,
and otherwise each command keeps its own default. Data keys and JSON documents stay English.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

Lang = Literal["nb", "en"]
LANGS: tuple[Lang, ...] = ("nb", "en")
DOMAIN = "kompetanse_opt"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_NORWEGIAN = ("nb", "nn", "no")
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: list[Lang] = ["en"]


@functools.cache
def translations(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of ``lang`` (English falls back to the messages as written)."""
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def locale_language(environ: Mapping[str, str] | None = None) -> Lang | None:
    """``nb`` when the locale asks for Norwegian, ``en`` for English, else None (as gettext reads
    it: the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides)."""
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "").split(":")[0].strip().lower()
        if value:
            if value.startswith(_NORWEGIAN):
                return "nb"
            return "en" if value.startswith("en") else None
    return None


def resolve_language(explicit: str | None, default: Lang = "en") -> Lang:
    """``--lang`` when given, else Norwegian for a Norwegian locale, else ``default``."""
    if explicit == "nb":
        return "nb"
    if explicit == "en":
        return "en"
    return "nb" if locale_language() == "nb" else default


def set_language(lang: Lang) -> None:
    """Choose the language of :func:`_` for this process (each command sets it as it starts)."""
    _current[0] = lang


def language() -> Lang:
    return _current[0]


def _(message: str) -> str:
    """``message`` in the current language."""
    return translations(_current[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the current language."""
    return translations(_current[0]).ngettext(singular, plural, n)


def pgettext(context: str, message: str, lang: Lang | None = None) -> str:
    """``message`` with its ``context`` (a label key) in ``lang`` (default: the current one)."""
    return translations(lang or _current[0]).pgettext(context, message)


def duration(minutes: int, lang: Lang | None = None) -> str:
    """A span of minutes as people say it: ``4 h 1 min`` (``4 t 1 min`` in Norwegian)."""
    t = translations(lang or _current[0])
    hours, rest = divmod(int(minutes), 60)
    if hours == 0:
        return t.gettext("{m} min").format(m=rest)
    if rest == 0:
        return t.gettext("{h} h").format(h=hours)
    return t.gettext("{h} h {m} min").format(h=hours, m=rest)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Mark ``message`` for the catalogue without translating it here."""
    return message


class Message(str):
    """A message that reads as English (``str``, JSON, logs, equality) and remembers its
    template and values, so :func:`translate` can show it in the chosen language later."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, values: Mapping[str, object] | None = None) -> Message:
        found = dict(values or {})
        self = super().__new__(cls, template.format(**found) if found else template)
        self.template, self.values = template, found
        return self


def msg(template: str, scope: Mapping[str, object] | None = None, **values: object) -> str:
    """Mark ``template`` for the catalogue and fill it (English) from ``scope`` (usually
    ``locals()``) and ``values``: ``msg("cohort {c.id} is full", locals())``. Placeholders are
    names or attributes (``{c.id}``), as in :meth:`str.format`. The result is a :class:`Message`
    (typed as ``str``: it is one, and lists of it stay lists of text)."""
    return Message(template, {**(scope or {}), **values})


def translate(message: str, lang: Lang | None = None) -> str:
    """``message`` in ``lang`` (default: the current one) when it is a :class:`Message`, with
    its values that are messages translated too; any other text as it is."""
    if not isinstance(message, Message):
        return message
    text = translations(lang or _current[0]).gettext(message.template)
    if not message.values:
        return text
    values = {
        k: translate(v, lang) if isinstance(v, Message) else v for k, v in message.values.items()
    }
    try:
        return text.format(**values)
    except (KeyError, IndexError, AttributeError, ValueError):  # a broken translation
        return str(message)


__all__ = [
    "DOMAIN",
    "LANGS",
    "LOCALE_DIR",
    "N_",
    "Lang",
    "Message",
    "_",
    "duration",
    "language",
    "locale_language",
    "msg",
    "ngettext",
    "pgettext",
    "resolve_language",
    "set_language",
    "translate",
    "translations",
]
