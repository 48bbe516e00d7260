"""The web application: the pages, the JSON API, the shipped assets and the access rules.

Access: on 127.0.0.1 (the default) every request is served. On any other address the server
has a token (printed by ``kompetanse-opt serve``): a request must carry it as the
``X-Kompetanse-Token`` header, as ``Authorization: Bearer TOKEN``, or in the cookie that the
one-time URL ``/?token=TOKEN`` sets. On the loopback address a request must name the server as
127.0.0.1, localhost or ::1 (a page whose own name resolves to this machine is refused), and a
form post from another site is refused (its ``Origin`` is not this server's) whatever the
address.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.core.files import format_location
from kompetanse_opt.web.jobs import JobRunner
from kompetanse_opt.web.service import NotFoundError
from kompetanse_opt.web.workspace import Workspace

STATIC = Path(__file__).parent / "static"
TOKEN_COOKIE = "kompetanse_token"
TOKEN_HEADER = "x-kompetanse-token"


def _problems(problems: list[Problem], source: str | None = None) -> list[dict[str, str]]:
    prefix = f"{source}: " if source else ""
    return [{"location": f"{prefix}{p.location}", "message": p.message} for p in problems]


def _token_of(request: Request) -> str | None:
    header = request.headers.get(TOKEN_HEADER)
    if header:
        return header
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(TOKEN_COOKIE)


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


#: The names a browser on this machine uses for a server bound to the loopback address.
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})


def _host_name(request: Request) -> str:
    host = request.headers.get("host", "")
    return urlsplit(f"//{host}").hostname or ""


def _guard(
    token: str | None, hosts: frozenset[str] | None
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if hosts is not None and _host_name(request) not in hosts:
            # A page elsewhere whose name resolves to this machine (DNS rebinding) is refused.
            return PlainTextResponse("refused: unknown host name", status_code=421)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _same_origin(request):
            return PlainTextResponse("refused: a request from another site", status_code=403)
        if token is None:
            return await call_next(request)
        given = request.query_params.get("token")
        if given is not None and hmac.compare_digest(given, token):
            response = RedirectResponse(request.url.path, status_code=303)
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return response
        presented = _token_of(request)
        if presented is None or not hmac.compare_digest(presented, token):
            return PlainTextResponse(
                "a token is required: open the URL that 'kompetanse-opt serve' printed",
                status_code=401,
            )
        return await call_next(request)

    return guard


def create_app(
    folder: str | Path, token: str | None = None, hosts: frozenset[str] | None = None
) -> FastAPI:
    """The application on the workspace ``folder``; ``token`` is required on every request
    when given (``kompetanse-opt serve`` gives one when it binds beyond 127.0.0.1), and with
    ``hosts`` a request must name one of them in its Host header (``serve`` on the loopback
    address passes :data:`LOOPBACK_NAMES`)."""
    from kompetanse_opt.web import api_routes, pages

    workspace = Workspace(folder)
    workspace.mark_lost_jobs()
    runner = JobRunner(workspace)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.shutdown()

    app = FastAPI(
        title="kompetanse-opt",
        version="1",
        description="Plan cohort competence programmes: the workspace, solve jobs, check, "
        "suggest, explain and re-plan (see docs/web.md).",
        lifespan=lifespan,
    )
    app.state.workspace = workspace
    app.state.jobs = runner
    app.state.author = os.environ.get("USER") or os.environ.get("USERNAME") or "secretariat"
    app.middleware("http")(_guard(token, hosts))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(api_routes.router)
    app.include_router(pages.router)
    _add_error_handlers(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        problems = _problems(exc.problems, exc.source)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"problems": problems}, status_code=400)
        from kompetanse_opt.web.pages import error_page

        return error_page(request, problems, 400)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        problems = [{"location": "", "message": str(exc)}]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"problems": problems}, status_code=404)
        from kompetanse_opt.web.pages import error_page

        return error_page(request, problems, 404)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"location": format_location(tuple(e.get("loc", ()))), "message": str(e.get("msg"))}
            for e in exc.errors()
        ]
        return JSONResponse({"problems": problems}, status_code=422)
