"""Which instance a plan file belongs to: the recorded one, or the one given, if it is the same.

A plan file records the instance it was made from (:class:`InstanceRecord`: name, fingerprint,
path, relative to the plan file's folder). The commands that read a plan (``calendar``,
``export``, ``report``, ``check``, ``replan``, ``budget``) use it when no instance is given, and
refuse in one line (exit 2, nothing written) when the instance given, or found, is another one.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

from kompetanse_opt.check import check
from kompetanse_opt.cli.common import err
from kompetanse_opt.core.errors import PlanFileError, Problem
from kompetanse_opt.core.i18n import _, msg, ngettext, translate
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import (
    InstanceRecord,
    instance_fingerprint,
    record_instance,
)
from kompetanse_opt.model.loading import load_instance
from kompetanse_opt.model.plan import Plan, Result
from kompetanse_opt.model.vestland import vestland_instance


def instance_for_plan(
    plan_path: Path,
    result: Result,
    instance_path: Path | None,
    *,
    changed_ok: bool = False,
) -> Instance:
    """The instance to read ``result`` (read from ``plan_path``) with (see
    :func:`instance_and_file_for_plan`)."""
    return instance_and_file_for_plan(plan_path, result, instance_path, changed_ok=changed_ok)[0]


def instance_and_file_for_plan(
    plan_path: Path,
    result: Result,
    instance_path: Path | None,
    *,
    changed_ok: bool = False,
    load: Callable[[Path], Instance] = load_instance,
) -> tuple[Instance, Path | None]:
    """The instance to read ``result`` (read from ``plan_path``) with, and its file (None: the
    embedded data).

    ``instance_path`` given: that instance, if its fingerprint is the recorded one. Not given:
    the recorded file (relative paths are tried against the plan file's folder first, then as
    recorded) or the embedded data for plans made from it. A plan that does not name its
    instance (written before plans recorded it) is read with the given instance, or else the
    embedded data, as before, with a note saying so. ``changed_ok`` (``replan``): a changed
    instance of the same name is accepted, since re-planning is for changed registrations.
    ``load`` reads an instance file (``replan`` tolerates withdrawn municipalities).
    """
    record = result.instance
    if record is None:
        text = (
            _(
                "note: {path} does not name its instance (written before plans recorded it);"
                " using the embedded Vestland data"
            )
            if instance_path is None
            else _(
                "note: {path} does not name its instance (written before plans recorded it);"
                " not verified"
            )
        )
        err.print(
            text.format(path=plan_path),
            markup=False,
            soft_wrap=True,
        )
        if instance_path is None:
            return vestland_instance(), None
        return load(instance_path), instance_path
    if instance_path is not None:
        given = load(instance_path)
        return _matching(plan_path, record, given, instance_path, changed_ok), instance_path
    if record.embedded:
        return _matching(plan_path, record, vestland_instance(), None, changed_ok), None
    found = _recorded_file(plan_path, record)
    if found is None:
        where = (
            msg("'{path}', which is not found", path=record.path)
            if record.path
            else msg("no file recorded")
        )
        raise _refusal(
            plan_path,
            msg(
                "made from instance '{name}' ({where}): give --instance FILE",
                name=record.name,
                where=where,
            ),
        )
    return _matching(plan_path, record, load(found), found, changed_ok), found


def _recorded_file(plan_path: Path, record: InstanceRecord) -> Path | None:
    if record.path is None:
        return None
    recorded = Path(record.path)
    candidates = [recorded] if recorded.is_absolute() else [plan_path.parent / recorded, recorded]
    return next((c for c in candidates if c.is_file()), None)


def _matching(
    plan_path: Path,
    record: InstanceRecord,
    instance: Instance,
    path: Path | None,
    changed_ok: bool,
) -> Instance:
    if instance_fingerprint(instance) == record.fingerprint:
        return instance
    if changed_ok and instance.name == record.name:
        text = _(
            "note: the instance changed since {path} was made (same name '{name}',"
            " fingerprint {fingerprint} before)"
        )
        err.print(
            text.format(path=plan_path, name=record.name, fingerprint=record.fingerprint[:19]),
            markup=False,
            soft_wrap=True,
        )
        return instance
    given = record_instance(instance, None if path is None else str(path))
    raise _refusal(
        plan_path,
        msg(
            "the plan belongs to instance {recorded}, not to the instance given, {given}",
            recorded=record.describe(),
            given=given.describe(),
        ),
    )


def _refusal(plan_path: Path, message: str) -> PlanFileError:
    return PlanFileError([Problem("instance", message)], str(plan_path))


def with_instance_path(result: Result, instance_path: Path | None, plan_path: Path) -> Result:
    """``result`` recording that its instance was read from ``instance_path`` (None: as solved),
    as a path relative to the folder of ``plan_path``, the file it is about to be written to, so
    that moving the two together keeps them found."""
    if instance_path is None or result.instance is None:
        return result
    try:
        relative = os.path.relpath(instance_path.resolve(), plan_path.resolve().parent)
    except ValueError:  # another drive (Windows): only an absolute path leads there
        relative = str(instance_path.resolve())
    record = result.instance.model_copy(
        update={"path": Path(relative).as_posix(), "embedded": False}
    )
    return result.model_copy(update={"instance": record})


def split_instance_and_plan(
    paths: tuple[Path, ...], instance_option: Path | None
) -> tuple[Path | None, Path]:
    """``[INSTANCE] PLAN`` arguments (or ``PLAN --instance FILE``) as (instance, plan)."""
    if len(paths) == 1:
        return instance_option, paths[0]
    if len(paths) == 2 and instance_option is None:
        return paths[0], paths[1]
    raise click.UsageError("give [INSTANCE] PLAN, or PLAN --instance INSTANCE")


#: ``--force`` of the commands that write a plan's files for people (export, report, calendar).
force_option = click.option(
    "--force",
    is_flag=True,
    help="Write the files even when the checker finds the plan invalid (with a warning).",
)


def refuse_invalid_plan(instance: Instance, plan: Plan, plan_path: Path, force: bool) -> None:
    """Files people act on are made from valid plans only: a plan the checker rejects is
    refused (exit 1, every violation by its rule label, nothing written) unless ``force``, when
    the violations are printed as a warning and the files are written."""
    violations = check(instance, plan)
    if not violations:
        return
    for v in violations:
        err.print(f"[{v.rule}] {translate(v.message)}", markup=False)
    if force:
        text = ngettext(
            "warning: {path} breaks {n} rule; written anyway (--force)",
            "warning: {path} breaks {n} rules; written anyway (--force)",
            len(violations),
        )
        err.print(text.format(path=plan_path, n=len(violations)), markup=False)
        return
    text = ngettext(
        "{path} breaks {n} rule: nothing written (--force writes anyway)",
        "{path} breaks {n} rules: nothing written (--force writes anyway)",
        len(violations),
    )
    err.print(text.format(path=plan_path, n=len(violations)), markup=False)
    sys.exit(1)
