"""``kompetanse-opt replan``: a new plan after changes, as little changed as possible.

The changes come as an edited instance (``[INSTANCE] PREVIOUS_PLAN`` or ``--instance``), as
options (``--withdraw``, ``--add``, ``--facilitator-unavailable``/``--venue-closed`` with
``--on``), or both. ``--today`` freezes what is held, ``--published-until`` prices changes to
what is announced (rule H11). The terminal (or ``--json``) gets the diff by layer and who must be
told what; the plan file is written atomically, only when the new plan passes the checker.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from kompetanse_opt.analysis.changes import withdrawn_municipalities
from kompetanse_opt.analysis.plan_diff import display_names
from kompetanse_opt.analysis.replan import ReplanResult, replan
from kompetanse_opt.cli.change_options import ReplanCommand, changes_from_options
from kompetanse_opt.cli.common import (
    SEED,
    TIME_LIMIT,
    err,
    out,
    reports_input_errors,
    threads_option,
)
from kompetanse_opt.cli.json_output import emit, json_option, replan_document
from kompetanse_opt.cli.plan_instance import (
    instance_and_file_for_plan,
    split_instance_and_plan,
    with_instance_path,
)
from kompetanse_opt.cli.summary import print_summary
from kompetanse_opt.core.errors import InstanceError, PlanFileError, Problem
from kompetanse_opt.core.files import read_structured
from kompetanse_opt.core.i18n import _, msg, ngettext
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import instance_fingerprint
from kompetanse_opt.model.loading import instance_from_data, write_instance
from kompetanse_opt.model.plan import read_plan, write_plan
from kompetanse_opt.model.problem import prepare

_DATE = click.DateTime(formats=["%Y-%m-%d"])


def _load_tolerant(warnings: list[str], names: dict[str, str]) -> Any:
    """A loader that plans without the municipalities an edited instance left without people
    (their names go to ``names``, for the diff)."""

    def load(path: Path) -> Instance:
        data = read_structured(path, InstanceError)
        if isinstance(data, dict) and "municipalities" in data and "participants" in data:
            names.update(
                {m["id"]: m["name"] for m in data["municipalities"] if isinstance(m, dict)}
            )
            data, dropped = withdrawn_municipalities(data)
            warnings.extend(dropped)
        return instance_from_data(data, str(path), path.resolve().parent)

    return load


def _options(function: Any) -> Any:
    options = [
        click.option(
            "--today", type=_DATE, help="Sessions on or before this day are held: frozen."
        ),
        click.option(
            "--published-until",
            type=_DATE,
            help="Sessions up to this day are announced: they move only at a price.",
        ),
        click.option(
            "--withdraw",
            multiple=True,
            metavar="MUNICIPALITY",
            help="A municipality (name or number) that withdraws (repeatable).",
        ),
        click.option(
            "--add",
            "added_paths",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            metavar="FILE",
            help="Late registrations (.xlsx or .csv, the registration template; repeatable).",
        ),
        click.option(
            "--facilitator-unavailable",
            multiple=True,
            metavar="NAME",
            help="A facilitator (name or id) unavailable on the --on that follows.",
        ),
        click.option(
            "--venue-closed",
            multiple=True,
            metavar="VENUE",
            help="A venue (name or id) closed on the --on that follows.",
        ),
        click.option(
            "--on", multiple=True, metavar="DATE[..DATE]", help="Days of the change before it."
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.command("replan", cls=ReplanCommand)
@click.argument(
    "paths",
    metavar="[INSTANCE] PREVIOUS_PLAN",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--instance",
    "instance_option",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The changed instance (default: the file the previous plan records, read again).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="New plan file to write (only when there is a plan).",
)
@click.option(
    "--instance-out",
    "instance_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where the instance the new plan was made for goes, which the plan records (default:"
    " beside --out, PLAN.instance.json; written only with changes or a day).",
)
@click.option(
    "--max-moves",
    type=click.IntRange(min=0),
    help="Hard budget of moved participants (default: as few as possible).",
)
@_options
@click.option("--time-limit", type=TIME_LIMIT, help="Seconds per level.")
@click.option("--seed", type=SEED)
@click.option("--workers", type=click.IntRange(min=1, max=64))
@threads_option
@json_option
@reports_input_errors
def replan_command(
    paths: tuple[Path, ...],
    instance_option: Path | None,
    out_path: Path,
    instance_out: Path | None,
    max_moves: int | None,
    time_limit: float | None,
    seed: int | None,
    workers: int | None,
    threads: int | None,
    as_json: bool,
    **changes: Any,
) -> None:
    """Re-plan after changes, changing as little of PREVIOUS_PLAN as possible; print the diff
    and who must be told what.

    Without INSTANCE: the instance file the previous plan records, read again (edited
    registrations); a municipality left without participants is withdrawn (with a warning).
    With changes or a day, the instance the new plan was made for (after the changes, what is
    held pinned, the previous plan as the baseline of the change terms) is written beside the
    plan (--instance-out), and the new plan records it.
    An instance of another name is refused in one line (exit 2). Bad input: one line per
    problem, exit 2, nothing written. Without a plan: exit 1, the reasons, nothing written.
    """
    instance_path, previous_path = split_instance_and_plan(paths, instance_option)
    previous = read_plan(previous_path)
    if previous.plan is None:
        raise PlanFileError(
            [Problem("status", msg("the previous plan file holds no plan"))], str(previous_path)
        )
    warnings: list[str] = []
    read_names: dict[str, str] = {}
    load = _load_tolerant(warnings, read_names)
    instance, source = instance_and_file_for_plan(
        previous_path, previous, instance_path, changed_ok=True, load=load
    )
    today, published = (_day(changes["today"]), _day(changes["published_until"]))
    changes.update(today=today, published_until=published)
    change_list, notes = changes_from_options(instance, changes)
    try:
        outcome = replan(
            instance,
            previous.plan,
            max_moves,
            today=today,
            published_until=published,
            changes=change_list,
            time_limit=time_limit,
            seed=seed,
            workers=workers,
            threads=threads,
        )
    except PlanFileError as exc:
        raise exc.with_source(str(previous_path)) from None
    outcome.warnings = warnings + notes + outcome.warnings
    made_for = outcome.instance or instance
    differs = instance_fingerprint(made_for) != instance_fingerprint(instance)
    changed_path = _changed_instance_path(out_path, instance_out, differs or bool(warnings))
    outcome.result = with_instance_path(outcome.result, changed_path or source, out_path)
    written = None
    if outcome.result.plan is not None:
        if changed_path is not None and outcome.instance is not None:
            write_instance(outcome.instance, changed_path)
        write_plan(outcome.result, out_path)
        written = str(out_path)
    _report(outcome, instance, written, as_json, read_names)
    if written is None:
        sys.exit(1)


def _changed_instance_path(out_path: Path, given: Path | None, changed: bool) -> Path | None:
    """Where the instance the new plan was made for goes (after the changes, what is held
    pinned, the previous plan as baseline; the plan records it): ``--instance-out``, or beside
    the plan; None when it is the file as read."""
    if not changed:
        return None
    return given or out_path.with_name(f"{out_path.stem}.instance.json")


def _day(value: dt.datetime | None) -> dt.date | None:
    return None if value is None else value.date()


def _report(
    outcome: ReplanResult,
    instance: Instance,
    written: str | None,
    as_json: bool,
    read_names: dict[str, str],
) -> None:
    names = {**read_names, **display_names(outcome.instance, instance)}
    for notification in outcome.notifications:
        notification.name = names.get(notification.recipient, notification.name)
    if as_json:
        emit(replan_document(outcome, written, names))
        return
    for warning in outcome.warnings:
        err.print(_("warning: {warning}").format(warning=warning), markup=False, soft_wrap=True)
    print_summary(prepare(outcome.instance or instance), outcome.result)
    if written is None:
        out.print(_("no plan: nothing written"))
        return
    out.print(_("changes:"))
    for line in outcome.diff.lines(names):
        out.print(f"  {line}", markup=False)
    out.print(
        ngettext(
            "{count} participant moved", "{count} participants moved", outcome.moved_participants
        ).format(count=outcome.moved_participants)
    )
    if outcome.notifications:
        out.print(_("who must be told:"))
    for notification in outcome.notifications:
        out.print(f"  {notification.kind} {notification.name}:", markup=False)
        for message in notification.messages:
            out.print(f"    {message}", markup=False)
    out.print(_("plan written to {path}").format(path=written))
