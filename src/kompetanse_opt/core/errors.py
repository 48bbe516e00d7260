"""Error types shared by loading, validation and the CLI.

Every input problem is reported as a :class:`Problem` that names *where* (file, field path or row)
and *what* is wrong, so one bad file produces one message per problem instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a location (field path or row) and a plain message."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class InputError(Exception):
    """Bad input: a file, instance or plan that cannot be used as given.

    Deliberately not a ``ValueError``: pydantic would otherwise swallow it inside validators and
    re-wrap it, losing the per-problem locations.
    """

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        lines = [f"{prefix}{p}" for p in self.problems]
        return "\n".join(lines) if lines else f"{prefix}invalid input"

    def with_source(self, source: str) -> InputError:
        """The same problems, attributed to a file."""
        return type(self)(self.problems, source)


class InstanceError(InputError):
    """An instance file or object breaks the schema or refers to things that do not exist."""


class PlanFileError(InputError):
    """A plan file is malformed or does not belong to the instance it is checked against."""


class CheckFailedError(RuntimeError):
    """The solver returned a plan that the independent checker rejects: always a bug."""
