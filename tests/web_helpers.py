"""Shared pieces of the web tests: an app on a fresh workspace, jobs waited for."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed (pip install -e '.[web]')")

from fastapi.testclient import TestClient

from kompetanse_opt.web import create_app

COHORTS_ONLY = {"skip": ["groups", "calendar"], "time_limit": 20, "seed": 0, "workers": 1}


@contextmanager
def web_client(
    folder: Path, token: str | None = None, hosts: frozenset[str] | None = None
) -> Iterator[TestClient]:
    with TestClient(create_app(folder, token, hosts)) as client:
        yield client


def wait_for_job(client: TestClient, job_id: int, timeout: float = 120) -> dict[str, Any]:
    """Poll the job until it ends (the timeout only guards against a hang)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end in {timeout} s")


def embedded_with_plan(client: TestClient) -> tuple[int, dict[str, Any]]:
    """The embedded instance with a cohort-only plan: (instance id, the finished job)."""
    created = client.post("/api/instances", json={"embedded": True})
    assert created.status_code == 201, created.text
    instance_id = int(created.json()["id"])
    job = client.post("/api/jobs", json={"instance_id": instance_id, **COHORTS_ONLY})
    assert job.status_code == 202, job.text
    return instance_id, wait_for_job(client, int(job.json()["id"]))
