"""What the pages and the JSON API do, in one place: every operation reads the workspace, calls
the library and saves a new version (or nothing, on bad input)."""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from kompetanse_opt.check import check
from kompetanse_opt.core.errors import InputError, PlanFileError, Problem
from kompetanse_opt.core.limits import MAX_FILE_BYTES
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import instance_from_data
from kompetanse_opt.model.plan import Plan, Result, SolveStatus, plan_file_json
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.objective import evaluate_terms, weighted_objective
from kompetanse_opt.web.edits import Feedback, apply_edit, describe, feedback, set_pin
from kompetanse_opt.web.workspace import Version, Workspace

UPLOAD_SUFFIXES = (".xlsx", ".csv")
#: Seconds for each screen and verifying solve of the page's relaxations.
RELAX_SECONDS = 10.0


class UploadRejectedError(InputError):
    """Registrations that could not be imported: every problem, and the sheet's rows (the first
    :data:`SHOWN_ROWS`) with the problems of each row next to it."""

    def __init__(self, error: InputError, rows: list[dict[str, Any]], source: str) -> None:
        super().__init__(error.problems, source)
        self.rows = rows


SHOWN_ROWS = 500
_CELL = re.compile(r"!\$?([A-Z]{1,3})\$?(\d+)")


def _rows_with_problems(path: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    """The sheet's rows, each with its problems (none when the sheet cannot be read at all)."""
    from kompetanse_opt.io.sheets import clean, read_sheet

    try:
        sheet = read_sheet(path)
    except InputError:
        return []
    by_row: dict[int, list[str]] = {}
    for p in problems:
        found = _CELL.search(p.location)
        if found:
            by_row.setdefault(int(found.group(2)), []).append(f"{found.group(1)}: {p.message}")
    return [
        {"row": n, "cells": [clean(v) for v in values], "problems": by_row.get(n, [])}
        for n, values in sheet.rows[:SHOWN_ROWS]
    ]


class NotFoundError(LookupError):
    """An instance, version or job the workspace does not have."""


def current(ws: Workspace, instance_id: int) -> Version:
    try:
        return ws.current(instance_id)
    except KeyError:
        raise NotFoundError(f"no instance {instance_id}") from None


def version_of(ws: Workspace, instance_id: int, version_id: int | None) -> Version:
    """The version asked for (the current one when None); it must belong to the instance."""
    if version_id is None:
        return current(ws, instance_id)
    try:
        version = ws.version(version_id)
    except KeyError:
        raise NotFoundError(f"no version {version_id}") from None
    if version.instance_id != instance_id:
        raise NotFoundError(f"version {version_id} is not a version of instance {instance_id}")
    return version


def require_planned(ws: Workspace, version: Version) -> None:
    """A re-plan needs a plan in this version or an earlier one."""
    if ws.last_planned(version) is None:
        raise InputError([Problem("plan", "there is no plan to re-plan around: solve first")])


def plan_of(version: Version) -> Plan:
    """The version's plan; bad input (409-like) when it has none yet."""
    result = version.result()
    if result is None or result.plan is None:
        raise InputError([Problem("plan", f"version {version.id} has no plan yet: solve first")])
    return result.plan


def add_embedded(ws: Workspace, author: str) -> Version:
    return ws.add_instance(vestland_instance(), author, "the embedded Vestland data", "import")


def add_instance_data(ws: Workspace, data: Any, author: str) -> Version:
    """A new instance from its file's data (every problem located; nothing stored on error)."""
    instance = instance_from_data(data, "instance")
    return ws.add_instance(instance, author, "instance uploaded", "import")


def import_upload(
    ws: Workspace, filename: str, content: bytes, author: str, instance_id: int | None
) -> Version:
    """Registrations through the importer (its safe readers and limits): a new instance, or a
    new version of ``instance_id`` (people keep their ids against it). Nothing stored on error."""
    from kompetanse_opt.io.importer import import_registrations

    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError([Problem("file", "a registration file is .xlsx or .csv")], filename)
    if len(content) > MAX_FILE_BYTES:
        raise InputError([Problem("file", "the file is larger than 64 MB")], filename)
    previous = current(ws, instance_id) if instance_id is not None else None
    base = previous.instance() if previous is not None else vestland_instance()
    stem = re.sub(r"[^\w-]+", "_", Path(filename).stem)[:60] or "registrations"
    with tempfile.TemporaryDirectory(dir=ws.folder) as folder:
        path = Path(folder) / f"{stem}{suffix}"
        path.write_bytes(content)
        try:
            imported = import_registrations(
                path, base, previous=base if previous is not None else None
            )
        except InputError as exc:
            rows = _rows_with_problems(path, exc.problems)
            raise UploadRejectedError(exc, rows, Path(filename).name) from None
    reason = f"registrations imported from {Path(filename).name}"
    if previous is None:
        return ws.add_instance(imported.instance, author, reason, "import")
    return ws.add_version(
        previous.instance_id,
        previous.id,
        author=author,
        reason=reason,
        kind="import",
        instance=imported.instance,
        result=None,
        published_until=previous.published_until,
    )


def _edited_result(instance: Instance, previous: Result, plan: Plan) -> Result:
    data = prepare(instance)
    terms = evaluate_terms(data, plan)
    return previous.model_copy(
        update={
            "plan": plan,
            "terms": terms,
            "objective": weighted_objective(data, terms),
            # A hand-edited plan carries no search's proof.
            "status": previous.status if plan == previous.plan else SolveStatus.FEASIBLE,
            "bound": None,
            "gap": None,
        }
    )


def preview_edit(ws: Workspace, instance_id: int, edit: Any) -> tuple[Plan, Feedback]:
    """The edited plan and its feedback, without saving anything."""
    version = current(ws, instance_id)
    instance, plan = version.instance(), plan_of(version)
    edited = apply_edit(instance, plan, edit)
    return edited, feedback(instance, plan, edited)


def save_edit(ws: Workspace, instance_id: int, edit: Any, author: str) -> tuple[Version, Feedback]:
    """Save the edited plan as a version, even when the checker objects (the feedback says so
    and the page shows it): the secretariat decides, the checker advises."""
    edited, verdict = preview_edit(ws, instance_id, edit)  # bad input stops here
    version = current(ws, instance_id)
    instance, result = version.instance(), version.result()
    if result is None:  # preview_edit has refused a version without a plan
        raise InputError([Problem("plan", f"version {version.id} has no plan yet")])
    saved = ws.add_version(
        instance_id,
        version.id,
        author=author,
        reason=describe(edit) + ("" if verdict.valid else f" ({len(verdict.violations)} broken)"),
        kind="edit",
        instance=instance,
        result=_edited_result(instance, result, edited),
        published_until=version.published_until,
    )
    return saved, verdict


def pin(
    ws: Workspace, instance_id: int, kind: str, values: dict[str, Any], on: bool, author: str
) -> Version:
    version = current(ws, instance_id)
    instance = set_pin(version.instance(), kind, values, on=on)
    shown = ", ".join(f"{k} {v}" for k, v in values.items())
    return ws.add_version(
        instance_id,
        version.id,
        author=author,
        reason=f"{'pinned' if on else 'unpinned'} {kind}: {shown}",
        kind="pin",
        instance=instance,
        result=version.result(),
        published_until=version.published_until,
    )


def publish(ws: Workspace, instance_id: int, until: dt.date, author: str) -> Version:
    """Record that the plan is announced up to ``until`` (stored on the version).

    The date is kept on every later version; a re-plan job passes it to ``replan`` where the
    library's re-plan takes ``published_until`` (see :func:`kompetanse_opt.web.jobs.announced`).
    """
    version = current(ws, instance_id)
    plan_of(version)
    return ws.add_version(
        instance_id,
        version.id,
        author=author,
        reason=f"published until {until.isoformat()}",
        kind="publish",
        instance=version.instance(),
        result=version.result(),
        published_until=until.isoformat(),
    )


def undo(ws: Workspace, instance_id: int) -> Version:
    current(ws, instance_id)
    back = ws.undo(instance_id)
    if back is None:
        raise InputError([Problem("undo", "nothing to undo: this is the first version")])
    return back


def explained(instance: Instance, time_limit: float, suggestions: bool) -> tuple[Any, list[Any]]:
    """``explain`` and, when it finds a conflict and ``suggestions`` is on, the verified
    relaxations (each solved in full), least disruptive first."""
    from kompetanse_opt.analysis.explain import explain
    from kompetanse_opt.analysis.relax import suggest_relaxations

    explanation = explain(instance, time_limit=time_limit)
    found = []
    if suggestions and explanation.conflict is not None:
        found = suggest_relaxations(instance, explanation.conflict, time_limit=time_limit)
    return explanation, found


def relax(ws: Workspace, instance_id: int, kind: str, description: str, author: str) -> Version:
    """Apply one of the verified relaxations ``explain`` offers now (found again by its kind
    and description): a new version with the changed instance and no plan yet."""
    version = current(ws, instance_id)
    _, found = explained(version.instance(), RELAX_SECONDS, True)
    chosen = next((s for s in found if (s.kind, s.description) == (kind, description)), None)
    if chosen is None:
        raise InputError([Problem("suggestion", "that change is not among the suggestions now")])
    return ws.add_version(
        instance_id,
        version.id,
        author=author,
        reason=f"relaxed: {chosen.description} (verified: {chosen.status})",
        kind="relax",
        instance=chosen.instance,
        result=None,
        published_until=version.published_until,
    )


def check_version(version: Version) -> list[dict[str, str]]:
    from kompetanse_opt.rules.registry import label_of

    instance, plan = version.instance(), plan_of(version)
    return [{"rule": label_of(v.rule), "message": v.message} for v in check(instance, plan)]


# Downloads -------------------------------------------------------------------------------------

DOWNLOADS = {
    "workbook": ("plan.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "report": ("plan.html", "text/html; charset=utf-8"),
    "calendars": ("calendars.zip", "application/zip"),
    "plan": ("plan.json", "application/json"),
    "instance": ("instance.json", "application/json"),
}


def download(version: Version, what: str, lang: str = "nb") -> tuple[str, str, bytes]:
    """(file name, media type, content) of one file of a version."""
    if what not in DOWNLOADS:
        raise NotFoundError(f"no download '{what}' (files: {', '.join(DOWNLOADS)})")
    name, media = DOWNLOADS[what]
    if what == "instance":
        return name, media, version.instance_json.encode()
    result = version.result()
    if result is None or result.plan is None:
        raise InputError([Problem("plan", f"version {version.id} has no plan yet: solve first")])
    if what == "plan":
        return name, media, plan_file_json(result).encode()
    instance = version.instance()
    if what == "calendars":
        return name, media, _calendars_zip(instance, result.plan)
    return name, media, _rendered(instance, result, what, lang)


def _calendars_zip(instance: Instance, plan: Plan) -> bytes:
    from kompetanse_opt.io.ics import calendar_files

    if "calendar" not in plan.stages:
        raise PlanFileError([Problem("plan", "the plan has no dates (a cohort-only plan)")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(calendar_files(instance, plan).items()):
            archive.writestr(name, content)
    return buffer.getvalue()


def _rendered(instance: Instance, result: Result, what: str, lang: str) -> bytes:
    from kompetanse_opt.io.sections import build_view, plan_tables

    view = build_view(instance, result, lang="en" if lang == "en" else "nb")
    with tempfile.TemporaryDirectory() as folder:
        if what == "workbook":
            from kompetanse_opt.io.workbook import write_workbook

            path = Path(folder) / "plan.xlsx"
            write_workbook(path, plan_tables(view))
        else:
            from kompetanse_opt.io.report import write_report

            path = Path(folder) / "plan.html"
            write_report(path, view)
        return path.read_bytes()
