"""A broken rule, reported in the domain page's own labels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan


@dataclass(frozen=True)
class Violation:
    """A broken rule: its label, a message, the entities involved and the size of the breach."""

    rule: str
    message: str
    entities: tuple[str, ...] = ()
    amount: int = 1

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


Rule = Callable[[Instance, Plan], list[Violation]]
