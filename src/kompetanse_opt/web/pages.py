"""The pages (Jinja2, autoescaped): the workspace, an instance with its plan, edits with
instant feedback, jobs with live progress. Forms post here; the page's small script
(``static/app.js``) polls jobs and shows previews in place."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import jinja2
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import TypeAdapter, ValidationError

from kompetanse_opt.core.errors import InputError
from kompetanse_opt.core.files import problems_from_validation_error
from kompetanse_opt.core.limits import MAX_FILE_BYTES
from kompetanse_opt.core.text import strip_controls
from kompetanse_opt.web import service
from kompetanse_opt.web.edits import Edit
from kompetanse_opt.web.jobs import JobRunner
from kompetanse_opt.web.views import instance_page
from kompetanse_opt.web.workspace import Workspace

router = APIRouter(include_in_schema=False)
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_EDIT = TypeAdapter(Edit)
_EDIT_FIELDS = (
    "op",
    "municipality",
    "cohort",
    "gathering",
    "venue",
    "date",
    "participant",
    "group",
    "old",
    "new",
)


def render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_ENV.get_template(name).render(**context), status_code=status)


def error_page(request: Request, problems: list[dict[str, str]], status: int) -> HTMLResponse:
    if request.headers.get("x-fragment"):
        return render("problems.html", status, problems=problems)
    return render("error.html", status, problems=problems, title="Cannot do that")


def _ws(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.jobs
    return runner


USER_COOKIE = "kompetanse_user"


def _author(request: Request) -> str:
    """Who makes the change: the name given on the workspace page, else the server's user."""
    return request.cookies.get(USER_COOKIE) or str(request.app.state.author)


def _back(instance_id: int, job: int | None = None) -> RedirectResponse:
    url = f"/i/{instance_id}" + (f"?job={job}" if job is not None else "")
    return RedirectResponse(url, status_code=303)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(
        "home.html",
        instances=_ws(request).instances(),
        problems=[],
        rows=[],
        title="Workspace",
        author=_author(request),
    )


@router.post("/whoami")
def whoami(name: Annotated[str, Form(min_length=1, max_length=100)]) -> RedirectResponse:
    """Remember the name that the versions record as their author (a cookie)."""
    response = RedirectResponse("/", status_code=303)
    clean = strip_controls(name).strip()[:100] or "secretariat"
    response.set_cookie(USER_COOKIE, clean, samesite="strict", max_age=365 * 86400)
    return response


@router.post("/instances/embedded")
def open_embedded(request: Request) -> RedirectResponse:
    version = service.add_embedded(_ws(request), _author(request))
    return _back(version.instance_id)


@router.post("/instances/upload", response_model=None)
async def upload(
    request: Request,
    file: Annotated[UploadFile, File()],
    instance_id: Annotated[int | None, Form()] = None,
) -> RedirectResponse | HTMLResponse:
    content = await file.read(MAX_FILE_BYTES + 1)  # no more than the limit in memory
    name = file.filename or "upload"
    try:
        version = service.import_upload(_ws(request), name, content, _author(request), instance_id)
    except InputError as exc:
        problems = [{"location": p.location, "message": p.message} for p in exc.problems]
        rows = exc.rows if isinstance(exc, service.UploadRejectedError) else []
        return render(
            "home.html",
            400,
            instances=_ws(request).instances(),
            problems=problems,
            rows=rows,
            upload_name=name,
            title="Workspace",
            author=_author(request),
        )
    return _back(version.instance_id)


@router.get("/i/{instance_id}", response_class=HTMLResponse)
def instance(
    instance_id: int, request: Request, version: int | None = None, job: int | None = None
) -> HTMLResponse:
    ws = _ws(request)
    shown = service.version_of(ws, instance_id, version)
    current = service.current(ws, instance_id)
    _runner(request).reap()
    running = [j for j in ws.jobs(instance_id) if j["state"] in ("queued", "running")]
    job_row = ws.job(job) if job is not None else (running[0] if running else None)
    return render(
        "instance.html",
        title=f"{shown.instance().name}",
        instance_id=instance_id,
        current_id=current.id,
        history=ws.history(instance_id),
        job=job_row,
        **instance_page(shown),
    )


@router.post("/i/{instance_id}/solve")
def solve(
    instance_id: int,
    request: Request,
    time_limit: Annotated[float, Form(gt=0, le=3600)] = 20,
    cohort_only: Annotated[bool, Form()] = False,
) -> RedirectResponse:
    service.current(_ws(request), instance_id)
    skip = ["groups", "calendar"] if cohort_only else []
    options = {"time_limit": time_limit, "skip": skip}
    job = _runner(request).start(instance_id, "solve", options, _author(request))
    return _back(instance_id, int(job["id"]))


@router.post("/i/{instance_id}/replan")
def replan(
    instance_id: int, request: Request, time_limit: Annotated[float, Form(gt=0, le=3600)] = 20
) -> RedirectResponse:
    service.require_planned(_ws(request), service.current(_ws(request), instance_id))
    options = {"time_limit": time_limit}
    job = _runner(request).start(instance_id, "replan", options, _author(request))
    return _back(instance_id, int(job["id"]))


@router.post("/i/{instance_id}/jobs/{job_id}/stop")
def stop(instance_id: int, job_id: int, request: Request) -> RedirectResponse:
    _runner(request).stop(job_id)
    return _back(instance_id, job_id)


async def _edit_from(request: Request) -> Any:
    form = await request.form()
    data = {k: form[k] for k in _EDIT_FIELDS if form.get(k) not in (None, "")}
    key = str(form.get("gathering_key", ""))
    if key.count(",") == 1:  # "cohort,gathering" from one select
        data["cohort"], data["gathering"] = key.split(",")
    try:
        return _EDIT.validate_python(data)
    except ValidationError as exc:
        raise InputError(problems_from_validation_error(exc)) from None


@router.post("/i/{instance_id}/preview", response_class=HTMLResponse)
async def preview(instance_id: int, request: Request) -> HTMLResponse:
    edit = await _edit_from(request)
    _, verdict = service.preview_edit(_ws(request), instance_id, edit)
    return render("feedback.html", feedback=verdict, saved=False)


@router.post("/i/{instance_id}/edit")
async def edit(instance_id: int, request: Request) -> RedirectResponse:
    change = await _edit_from(request)
    service.save_edit(_ws(request), instance_id, change, _author(request))
    return _back(instance_id)


@router.post("/i/{instance_id}/undo")
def undo(instance_id: int, request: Request) -> RedirectResponse:
    service.undo(_ws(request), instance_id)
    return _back(instance_id)


@router.post("/i/{instance_id}/pin")
async def pin(instance_id: int, request: Request) -> RedirectResponse:
    form = await request.form()
    kind, on = str(form.get("kind", "")), form.get("on", "1") == "1"
    values = {k[len("pin_") :]: str(v) for k, v in form.items() if k.startswith("pin_") and v != ""}
    service.pin(_ws(request), instance_id, kind, values, on, _author(request))
    return _back(instance_id)


@router.post("/i/{instance_id}/publish")
def publish(
    instance_id: int, request: Request, until: Annotated[dt.date, Form()]
) -> RedirectResponse:
    service.publish(_ws(request), instance_id, until, _author(request))
    return _back(instance_id)


@router.post("/i/{instance_id}/suggest", response_class=HTMLResponse)
def suggest(
    instance_id: int, request: Request, municipality: Annotated[str, Form()]
) -> HTMLResponse:
    from kompetanse_opt.api import suggest as suggest_places

    version = service.current(_ws(request), instance_id)
    plan = service.plan_of(version)
    places = suggest_places(version.instance(), municipality, plan)
    return render("suggest.html", municipality=municipality, places=places)


@router.post("/i/{instance_id}/explain", response_class=HTMLResponse)
def explain(instance_id: int, request: Request) -> HTMLResponse:
    instance = service.current(_ws(request), instance_id).instance()
    explanation, found = service.explained(instance, service.RELAX_SECONDS, True)
    return render(
        "explain.html", explanation=explanation, suggestions=found, instance_id=instance_id
    )


@router.post("/i/{instance_id}/relax")
def relax(
    instance_id: int,
    request: Request,
    kind: Annotated[str, Form()],
    description: Annotated[str, Form()],
) -> RedirectResponse:
    service.relax(_ws(request), instance_id, kind, description, _author(request))
    return _back(instance_id)
