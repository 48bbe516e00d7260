"""The workspace database: versions with who/when/why, undo, jobs; it survives a reopen, and
killing the server (and its job) mid-solve loses no saved version."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kompetanse_opt.model.vestland import vestland_instance
from kompetanse_opt.solver.pipeline import solve
from kompetanse_opt.web.workspace import DB_NAME, Workspace
from web_helpers import wait_for_job, web_client


def test_versions_undo_and_reopen(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    instance = vestland_instance()
    first = ws.add_instance(instance, "kari", "the embedded data", "import")
    result = solve(instance, skip=("groups", "calendar"), seed=0, workers=1)
    second = ws.add_version(
        first.instance_id,
        first.id,
        author="ola",
        reason="solved",
        kind="solve",
        instance=instance,
        result=result,
        published_until="2027-01-31",
    )
    assert ws.current(first.instance_id).id == second.id
    assert [v.id for v in ws.history(first.instance_id)] == [second.id, first.id]
    assert second.summary()["author"] == "ola" and second.summary()["has_plan"]
    reopened = Workspace(tmp_path)  # another process would see the same
    again = reopened.current(first.instance_id)
    assert again.result() == second.result() and again.published_until == "2027-01-31"
    assert again.instance().name == instance.name
    assert reopened.undo(first.instance_id) == first
    assert reopened.undo(first.instance_id) is None  # the first version has no parent
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_jobs_end_with_their_version_in_one_transaction(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    instance = vestland_instance()
    first = ws.add_instance(instance, "kari", "the embedded data", "import")
    job = ws.add_job(first.instance_id, first.id, "solve", {})
    with pytest.raises(ValueError, match="unknown job fields"):
        ws.update_job(job, colour="red")
    broken = (first.instance_id, first.id, {"author": "x", "reason": "y"}, instance, None)
    with pytest.raises(KeyError):  # "kind" missing: nothing of it is written
        ws.finish_job(job, "done", "ok", broken)  # type: ignore[arg-type]
    assert ws.job(job)["state"] == "queued"  # type: ignore[index]
    assert [v.id for v in ws.history(first.instance_id)] == [first.id]
    ws.update_job(job, pid=2**22 + 12345)  # no such process
    assert ws.mark_lost_jobs() == 1
    assert ws.job(job)["state"] == "lost"  # type: ignore[index]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_up(port: int, server: subprocess.Popen[bytes]) -> None:
    import httpx

    for _ in range(300):
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/instances", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.mark.slow
def test_killing_the_server_mid_solve_loses_no_saved_version(tmp_path: Path) -> None:
    import httpx

    port = _free_port()
    command = [sys.executable, "-m", "kompetanse_opt", "serve", str(tmp_path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_up(port, server)
        api = f"http://127.0.0.1:{port}/api"
        httpx.post(f"{api}/instances", json={"embedded": True})
        pin = {"kind": "municipality", "values": {"municipality": "4601", "cohort": 1}}
        httpx.post(f"{api}/instances/1/pins", json=pin)
        job = httpx.post(f"{api}/jobs", json={"instance_id": 1, "time_limit": 60}).json()
        for _ in range(600):
            state = httpx.get(f"{api}/jobs/{job['id']}").json()
            if state["stage"] not in (None, "starting"):
                break
            time.sleep(0.05)
        assert state["state"] == "running", state
        server.send_signal(signal.SIGKILL)
        server.wait(10)
        os.kill(int(state["pid"]), signal.SIGKILL)  # the job's process dies too
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(10)
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    time.sleep(0.2)
    with web_client(tmp_path) as client:  # the server again, on the same folder
        versions = client.get("/api/instances/1/versions").json()
        assert [(v["id"], v["kind"]) for v in versions] == [(2, "pin"), (1, "import")]
        assert client.get("/api/instances/1").json()["pins"] == [pin]
        assert client.get(f"/api/jobs/{job['id']}").json()["state"] == "lost"


@pytest.mark.slow
def test_stop_keeps_the_best_plan_so_far(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kompetanse_opt.analysis.generator import generate
    from kompetanse_opt.model.loading import instance_to_data
    from kompetanse_opt.solver.cohorts.mip_master import SWITCH

    monkeypatch.setenv(SWITCH, "off")  # HiGHS would prove this stage in seconds

    with web_client(tmp_path) as client:
        data = instance_to_data(generate(2, seed=1))  # its cohort stage searches a minute
        client.post("/api/instances", json={"data": data})
        options = {"instance_id": 1, "time_limit": 60, "skip": ["groups", "calendar"]}
        job = client.post("/api/jobs", json=options).json()
        for _ in range(600):
            state = client.get(f"/api/jobs/{job['id']}").json()
            if state["objective"] is not None:
                break
            time.sleep(0.05)
        assert state["stage"].startswith("cohorts") and state["bound"] is not None
        assert client.post(f"/api/jobs/{job['id']}/stop").status_code == 202
        done = wait_for_job(client, int(job["id"]), timeout=30)
        assert done["state"] == "stopped", done
        assert "stopped: the best plan so far" in done["message"]
        result = client.get(f"/api/jobs/{job['id']}/result").json()
        assert result["version"]["kind"] == "solve" and result["result"]["plan"]["cohorts"]
        assert client.post("/api/check", json={"instance_id": 1}).json()["valid"]
