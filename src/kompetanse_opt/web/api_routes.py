"""The JSON API (``/api/...``; OpenAPI at ``/openapi.json``, pages at ``/docs``): the workspace,
solve and re-plan jobs, check, suggest, explain, edits, pins, publish and downloads.

Bad input is a 4xx with ``{"problems": [{"location": ..., "message": ...}]}`` and nothing stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.limits import MAX_FILE_BYTES, MAX_SEED, MAX_TIME_LIMIT
from kompetanse_opt.model.plan import STAGES
from kompetanse_opt.web import service
from kompetanse_opt.web.edits import PIN_KINDS, Edit, pin_list
from kompetanse_opt.web.jobs import JobRunner
from kompetanse_opt.web.workspace import Workspace

router = APIRouter(prefix="/api", tags=["api"])


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewInstance(_Body):
    """``embedded: true`` for the embedded Vestland data, or ``data``: an instance file's
    content (as ``kompetanse-opt schema instance`` describes it)."""

    embedded: bool = False
    data: dict[str, Any] | None = None

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"embedded": True}]})


class JobRequest(_Body):
    """Solve (the pipeline) or re-plan (fewest moves from the current plan) an instance."""

    instance_id: int = Field(examples=[1])
    kind: Literal["solve", "replan"] = "solve"
    time_limit: float | None = Field(default=None, gt=0, le=MAX_TIME_LIMIT, examples=[10])
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)
    workers: int | None = Field(default=None, ge=1, le=64)
    skip: list[Literal["groups", "calendar", "politicians"]] = Field(
        default_factory=list, examples=[["groups", "calendar"]]
    )
    max_moves: int | None = Field(default=None, ge=0)


class VersionRef(_Body):
    instance_id: int = Field(examples=[1])
    version_id: int | None = Field(default=None, description="default: the current version")


class SuggestRequest(VersionRef):
    municipality: str = Field(examples=["4631"])


class ExplainRequest(_Body):
    instance_id: int = Field(examples=[1])
    time_limit: float = Field(default=10.0, gt=0, le=MAX_TIME_LIMIT)
    suggestions: bool = Field(default=False, description="also verified relaxations (slower)")


class ReplanRequest(_Body):
    instance_id: int = Field(examples=[1])
    max_moves: int | None = Field(default=None, ge=0)
    time_limit: float | None = Field(default=None, gt=0, le=MAX_TIME_LIMIT)


class EditRequest(_Body):
    edit: Edit = Field(examples=[{"op": "move_municipality", "municipality": "4601", "cohort": 2}])


class PinRequest(_Body):
    kind: str = Field(examples=list(PIN_KINDS))
    values: dict[str, Any] = Field(examples=[{"municipality": "4601", "cohort": 2}])
    on: bool = True


class PublishRequest(_Body):
    until: dt.date = Field(examples=["2027-03-01"])


def _ws(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


def _author(request: Request) -> str:
    return request.headers.get("x-kompetanse-user") or str(request.app.state.author)


def _instance_summary(ws: Workspace, instance_id: int) -> dict[str, Any]:
    version = service.current(ws, instance_id)
    row = ws.instance_row(instance_id) or {}
    return {**row, "version": version.summary(), "pins": pin_list(version.instance())}


# Instances and versions ------------------------------------------------------------------------


@router.get("/instances")
def list_instances(request: Request) -> list[dict[str, Any]]:
    """Every instance of the workspace."""
    return _ws(request).instances()


@router.post("/instances", status_code=201)
def create_instance(body: NewInstance, request: Request) -> dict[str, Any]:
    """A new instance: the embedded data or an instance file's content."""
    ws = _ws(request)
    if body.embedded == (body.data is not None):
        raise InputError([Problem("body", "give either embedded: true or data")])
    if body.embedded:
        version = service.add_embedded(ws, _author(request))
    else:
        version = service.add_instance_data(ws, body.data, _author(request))
    return _instance_summary(ws, version.instance_id)


@router.post("/instances/upload", status_code=201)
async def upload_registrations(
    request: Request,
    file: Annotated[UploadFile, File(description="a registration workbook (.xlsx) or .csv")],
    instance_id: Annotated[int | None, Form()] = None,
) -> dict[str, Any]:
    """Import a registration sheet: a new instance, or a new version of ``instance_id``."""
    content = await file.read(MAX_FILE_BYTES + 1)  # no more than the limit in memory
    version = service.import_upload(
        _ws(request), file.filename or "upload", content, _author(request), instance_id
    )
    return _instance_summary(_ws(request), version.instance_id)


@router.get("/instances/{instance_id}")
def get_instance(instance_id: int, request: Request) -> dict[str, Any]:
    """The instance, its current version and its pins."""
    return _instance_summary(_ws(request), instance_id)


@router.get("/instances/{instance_id}/versions")
def versions(instance_id: int, request: Request) -> list[dict[str, Any]]:
    """Every version, newest first: who, when, why."""
    service.current(_ws(request), instance_id)
    return [v.summary() for v in _ws(request).history(instance_id)]


@router.get("/instances/{instance_id}/versions/{version_id}/files/{what}")
def download(
    instance_id: int, version_id: int, what: str, request: Request, lang: str = "nb"
) -> Response:
    """One file of a version: ``workbook``, ``report``, ``calendars``, ``plan`` or ``instance``."""
    version = service.version_of(_ws(request), instance_id, version_id)
    name, media, content = service.download(version, what, lang)
    headers = {"Content-Disposition": f'attachment; filename="v{version.id}-{name}"'}
    return Response(content, media_type=media, headers=headers)


@router.post("/instances/{instance_id}/undo")
def undo(instance_id: int, request: Request) -> dict[str, Any]:
    """Make the current version's parent current again."""
    return service.undo(_ws(request), instance_id).summary()


@router.post("/instances/{instance_id}/edits/preview")
def preview_edit(instance_id: int, body: EditRequest, request: Request) -> dict[str, Any]:
    """What an edit would do (checker's verdict by label, change per term); nothing saved."""
    _, verdict = service.preview_edit(_ws(request), instance_id, body.edit)
    return verdict.as_dict()


@router.post("/instances/{instance_id}/edits", status_code=201)
def save_edit(instance_id: int, body: EditRequest, request: Request) -> dict[str, Any]:
    """Make an edit: a new version (saved even when the checker objects; ``feedback`` says)."""
    version, verdict = service.save_edit(_ws(request), instance_id, body.edit, _author(request))
    return {"version": version.summary(), "feedback": verdict.as_dict()}


@router.post("/instances/{instance_id}/pins", status_code=201)
def set_pin(instance_id: int, body: PinRequest, request: Request) -> dict[str, Any]:
    """Pin (``on``) or unpin a decision; kinds: ``municipality``, ``gathering``."""
    version = service.pin(
        _ws(request), instance_id, body.kind, body.values, body.on, _author(request)
    )
    return {"version": version.summary(), "pins": pin_list(version.instance())}


@router.post("/instances/{instance_id}/publish", status_code=201)
def publish(instance_id: int, body: PublishRequest, request: Request) -> dict[str, Any]:
    """Record the plan as announced until a date (kept on every later version)."""
    return service.publish(_ws(request), instance_id, body.until, _author(request)).summary()


# Jobs ------------------------------------------------------------------------------------------


def _job(request: Request, job_id: int) -> dict[str, Any]:
    _runner(request).reap()
    job = _ws(request).job(job_id)
    if job is None:
        raise service.NotFoundError(f"no job {job_id}")
    return job


@router.post("/jobs", status_code=202)
def create_job(body: JobRequest, request: Request) -> dict[str, Any]:
    """Start a solve or re-plan in a process of its own; poll ``GET /api/jobs/{id}``."""
    version = service.current(_ws(request), body.instance_id)
    if body.kind == "replan":
        service.require_planned(_ws(request), version)
    skip = [s for s in STAGES if s in body.skip]
    options = {
        "time_limit": body.time_limit,
        "seed": body.seed,
        "workers": body.workers,
        "skip": skip,
        "max_moves": body.max_moves,
    }
    return _runner(request).start(body.instance_id, body.kind, options, _author(request))


@router.get("/jobs/{job_id}")
def job_status(job_id: int, request: Request) -> dict[str, Any]:
    """State, stage, best objective, bound, gap and seconds so far."""
    return _job(request, job_id)


@router.post("/jobs/{job_id}/stop", status_code=202)
def stop_job(job_id: int, request: Request) -> dict[str, Any]:
    """Stop a running job; it keeps the best plan found so far."""
    job = _job(request, job_id)
    if job["state"] not in ("queued", "running"):
        raise InputError([Problem("job", f"job {job_id} is {job['state']}, not running")])
    _runner(request).stop(job_id)
    return job


@router.get("/jobs/{job_id}/result", response_model=None)
def job_result(job_id: int, request: Request) -> dict[str, Any] | JSONResponse:
    """The version the job saved and its plan file (409 while it runs)."""
    job = _job(request, job_id)
    if job["version_id"] is None:
        problems = [{"location": "job", "message": f"job {job_id} is {job['state']}: no plan"}]
        if job["message"]:
            problems[0]["message"] += f" ({job['message']})"
        return JSONResponse({"problems": problems}, status_code=409)
    version = _ws(request).version(int(job["version_id"]))
    result = version.result()
    plan = None if result is None else result.model_dump(mode="json")
    return {"version": version.summary(), "result": plan}


@router.post("/replan", status_code=202)
def replan(body: ReplanRequest, request: Request) -> dict[str, Any]:
    """Re-plan around the current plan (and its pins) with as few moves as possible: a job."""
    job = JobRequest(
        instance_id=body.instance_id,
        kind="replan",
        max_moves=body.max_moves,
        time_limit=body.time_limit,
    )
    return create_job(job, request)


# Analyses --------------------------------------------------------------------------------------


@router.post("/check")
def check(body: VersionRef, request: Request) -> dict[str, Any]:
    """The independent checker on a version's plan: every broken rule by label."""
    version = service.version_of(_ws(request), body.instance_id, body.version_id)
    violations = service.check_version(version)
    return {"version_id": version.id, "valid": not violations, "violations": violations}


@router.post("/suggest")
def suggest(body: SuggestRequest, request: Request) -> dict[str, Any]:
    """Every cohort for a municipality, moving nobody else: valid first, cheapest first."""
    from kompetanse_opt.api import suggest as suggest_places

    version = service.version_of(_ws(request), body.instance_id, body.version_id)
    result = version.result()
    plan = None if result is None else result.plan
    places = suggest_places(version.instance(), body.municipality, plan, workers=1)
    return {
        "municipality": body.municipality,
        "placements": [
            {
                "cohort": p.cohort,
                "valid": p.valid,
                "objective_change": p.objective_change,
                "terms_change": p.terms_change,
                "violations": [{"rule": v.rule, "message": v.message} for v in p.violations],
                "line": p.line(),
            }
            for p in places
        ],
    }


@router.post("/explain")
def explain(body: ExplainRequest, request: Request) -> dict[str, Any]:
    """Why the current version's instance has no plan (or that it has one)."""
    instance = service.current(_ws(request), body.instance_id).instance()
    explanation, found = service.explained(instance, body.time_limit, body.suggestions)
    return {
        "feasible": explanation.feasible,
        "labels": explanation.labels,
        "lines": explanation.lines(),
        "suggestions": [
            {"kind": s.kind, "description": s.description, "status": str(s.status)} for s in found
        ],
    }


class RelaxRequest(_Body):
    kind: str = Field(examples=["capacity"])
    description: str


@router.post("/instances/{instance_id}/relax", status_code=201)
def relax(instance_id: int, body: RelaxRequest, request: Request) -> dict[str, Any]:
    """Apply one of the verified suggestions of ``explain`` (by kind and description): a new
    version with the changed instance."""
    return service.relax(
        _ws(request), instance_id, body.kind, body.description, _author(request)
    ).summary()
