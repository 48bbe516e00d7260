"""``replan``'s change options as change objects (:mod:`kompetanse_opt.analysis.changes`).

``--facilitator-unavailable NAME`` and ``--venue-closed VENUE`` each take the ``--on
DATE[..DATE]`` that follows them on the command line, so the command keeps the raw arguments
(:class:`ReplanCommand`) to pair them in the order given. Every problem (a date that is no date,
a range that ends before it starts, an ``--on`` without a change before it, a name nobody has)
is collected, so bad input gives one line per problem at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from kompetanse_opt.analysis.changes import (
    Change,
    FacilitatorUnavailable,
    VenueClosed,
    Withdraw,
    apply_changes,
    from_today,
    parse_date_range,
)
from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.io.added_registrations import read_added_registrations
from kompetanse_opt.model.instance import Instance

_RAW = "kompetanse_opt.raw_args"
_FACILITATOR, _VENUE, _ON = "--facilitator-unavailable", "--venue-closed", "--on"


class ReplanCommand(click.Command):
    """A command that keeps its raw arguments, to pair each change with its ``--on``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta[_RAW] = list(args)
        return super().parse_args(ctx, args)


def _order(raw: Sequence[str]) -> list[str]:
    """The change options and ``--on`` in command-line order (values skipped)."""
    order: list[str] = []
    skip = False
    for token in raw:
        if skip:
            skip = False
            continue
        if token == "--":
            break
        name = token.split("=", 1)[0]
        if name in (_FACILITATOR, _VENUE, _ON):
            order.append(name)
            skip = "=" not in token
    return order


def dated_changes(
    facilitators: Sequence[str], venues: Sequence[str], ons: Sequence[str]
) -> tuple[list[Change], list[Problem]]:
    """Each ``--facilitator-unavailable`` and ``--venue-closed`` with the ``--on`` after it."""
    context = click.get_current_context()
    order = _order(context.meta.get(_RAW, []))
    names = {_FACILITATOR: list(facilitators), _VENUE: list(venues)}
    dates = list(ons)
    changes: list[Change] = []
    problems: list[Problem] = []
    pending: tuple[str, str] | None = None
    for option in order:
        if option == _ON:
            text = dates.pop(0) if dates else ""
            if pending is None:
                problems.append(
                    Problem(
                        _ON,
                        msg(
                            "'{text}' follows no {facilitator} or {venue}",
                            text=text,
                            facilitator=_FACILITATOR,
                            venue=_VENUE,
                        ),
                    )
                )
                continue
            changes += _dated(pending, text, problems)
            pending = None
            continue
        if pending is not None:
            problems.append(
                Problem(pending[0], msg("'{pending}' needs --on DATE[..DATE]", pending=pending[1]))
            )
        pending = (option, names[option].pop(0) if names[option] else "")
    if pending is not None:
        problems.append(
            Problem(pending[0], msg("'{pending}' needs --on DATE[..DATE]", pending=pending[1]))
        )
    return changes, problems


def _dated(pending: tuple[str, str], text: str, problems: list[Problem]) -> list[Change]:
    option, name = pending
    try:
        start, end = parse_date_range(text)
    except ValueError as exc:
        problems.append(Problem(_ON, exc.args[0] if exc.args else str(exc)))

        return []
    if option == _FACILITATOR:
        return [FacilitatorUnavailable(name, start, end, where=option)]
    return [VenueClosed(name, start, end, where=option)]


def changes_from_options(
    instance: Instance,
    options: dict[str, Any],
) -> tuple[list[Change], list[str]]:
    """The changes the options ask for, checked against ``instance`` (raises
    :class:`InstanceError` with every problem), and notes from reading ``--add`` files."""
    changes: list[Change] = [Withdraw(m, where="--withdraw") for m in options["withdraw"]]
    notes: list[str] = []
    problems: list[Problem] = []
    for path in options["added_paths"]:
        try:
            added, read_notes = read_added_registrations(Path(path), instance)
        except InstanceError as exc:
            where = f"--add {exc.source}" if exc.source else "--add"
            problems += [
                Problem(
                    where,
                    msg("{location}: {message}", location=p.location, message=p.message)
                    if p.location
                    else p.message,
                )
                for p in exc.problems
            ]

            continue
        changes.append(added)
        notes += read_notes
    dated, date_problems = dated_changes(
        options["facilitator_unavailable"], options["venue_closed"], options["on"]
    )
    changes += dated
    problems += date_problems
    problems += _window_problems(options["today"], options["published_until"])
    dated = changes
    try:
        dated = from_today(changes, options["today"] or instance.today)[0]
    except InstanceError as exc:
        problems += exc.problems
    try:
        apply_changes(instance, dated)
    except InstanceError as exc:
        problems += exc.problems
    if problems:
        raise InstanceError(problems)
    return changes, notes


def _window_problems(today: dt.date | None, published: dt.date | None) -> list[Problem]:
    if today is not None and published is not None and published < today:
        return [
            Problem(
                "--published-until",
                msg(
                    "{published} is before --today {today}: nothing left",
                    published=published,
                    today=today,
                ),
            )
        ]
    return []
