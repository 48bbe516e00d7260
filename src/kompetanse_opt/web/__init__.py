"""The planner in a browser (issue 20): ``kompetanse-opt serve [WORKSPACE]``.

A layer on top of the library (nothing below imports it), needing the optional extra ``web``
(FastAPI, uvicorn, Jinja2, python-multipart). :func:`create_app` builds the application on a
workspace folder; see ``docs/web.md`` for the pages, the JSON API and the workspace's schema.
"""

from kompetanse_opt.web.app import create_app

__all__ = ["create_app"]
