"""Error types shared by loading, validation and the CLI.

Every input problem is reported as a :class:`Problem` that names *where* (file, field path or row)
and *what* is wrong, so one bad file produces one message per problem instead of a traceback.
Messages (and the few locations that are words, such as ``line 3``) are built with
:func:`~kompetanse_opt.core.i18n.msg`: they read as English and are shown in the command's
language when printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from kompetanse_opt.core.i18n import Lang, msg, translate


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a location (field path or row) and a plain message."""

    location: str
    message: str

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: Lang | None = None) -> str:
        """``location: message`` in ``lang`` (default: the current language)."""
        message = translate(self.message, lang)
        return f"{translate(self.location, lang)}: {message}" if self.location else message


class InputError(Exception):
    """Bad input: a file, instance or plan that cannot be used as given.

    Deliberately not a ``ValueError``: pydantic would otherwise swallow it inside validators and
    re-wrap it, losing the per-problem locations.
    """

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._render())

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def lines(self, lang: Lang | None = None) -> list[str]:
        """One line per problem, ``source: location: message``, in ``lang`` (default: the
        current language; the source is a file name or a phrase built with ``msg``)."""
        prefix = f"{translate(self.source, lang)}: " if self.source else ""
        lines = [prefix + p.text(lang) for p in self.problems]
        return lines or [prefix + translate(msg("invalid input"), lang)]

    def _render(self) -> str:
        return "\n".join(self.lines("en"))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickled with its problems (a process pool, Dask), not only the rendered text.
        return (_rebuilt, (type(self), self.problems, self.source, dict(self.__dict__)))

    def with_source(self, source: str) -> InputError:
        """The same problems, attributed to a file."""
        return type(self)(self.problems, source)


def _rebuilt(
    cls: type[InputError], problems: list[Problem], source: str | None, state: dict[str, object]
) -> InputError:
    """An unpickled :class:`InputError` (any subclass, whatever its constructor takes)."""
    error = cls.__new__(cls)
    InputError.__init__(error, problems, source)
    error.__dict__.update(state)
    return error


class InstanceError(InputError):
    """An instance file or object breaks the schema or refers to things that do not exist."""


class PlanFileError(InputError):
    """A plan file is malformed or does not belong to the instance it is checked against."""


class CheckFailedError(RuntimeError):
    """The solver returned a plan that the independent checker rejects: always a bug."""
