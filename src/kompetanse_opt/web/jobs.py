"""Solving as a job: the pipeline (or the re-plan) runs in a process of its own.

The server starts a ``spawn`` process per job and never waits for it; the process writes its
progress (stage, best objective, bound, gap) into the job's row and, at the end, the checked plan
as a new version in the same transaction that finishes the job. Stop sends SIGTERM, which the
job turns into the library's stop request: the searches stop, the later stages end with what
they have, and the best complete plan found so far is kept (see :mod:`kompetanse_opt.solver.
interrupt`).
"""

from __future__ import annotations

import datetime as dt
import inspect
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.process import BaseProcess
from typing import Any

from kompetanse_opt.check import check
from kompetanse_opt.core.errors import InputError, Problem
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.instance_record import record_instance
from kompetanse_opt.model.plan import Result
from kompetanse_opt.solver.engine import Progress, relative_gap
from kompetanse_opt.web.workspace import Workspace

#: Seconds between two progress writes (improvements in between are kept in memory).
PROGRESS_EVERY = 0.2
KINDS = ("solve", "replan")
_RUNNING = ("queued", "running")


@dataclass
class JobRunner:
    """The server's side: starts job processes and keeps them to reap and stop."""

    workspace: Workspace
    processes: dict[int, BaseProcess] = field(default_factory=dict)

    def start(
        self, instance_id: int, kind: str, options: dict[str, Any], author: str
    ) -> dict[str, Any]:
        """Record a job on the instance's current version and start its process (one job per
        instance at a time: a second would plan from a version the first is replacing)."""
        self.reap()
        running = [j for j in self.workspace.jobs(instance_id) if j["state"] in _RUNNING]
        if running:
            problem = Problem("job", f"job {running[0]['id']} is still running: stop it first")
            raise InputError([problem])
        base = self.workspace.current(instance_id)
        job_id = self.workspace.add_job(instance_id, base.id, kind, {**options, "author": author})
        context = multiprocessing.get_context("spawn")
        process = context.Process(
            target=run_job, args=(str(self.workspace.folder), job_id), daemon=False
        )
        process.start()
        self.processes[job_id] = process
        self.workspace.update_job(job_id, pid=process.pid)
        self.reap()
        return self.workspace.job(job_id) or {}

    def stop(self, job_id: int) -> bool:
        """Ask a running job to stop and keep its best plan (False: it is not running here)."""
        process = self.processes.get(job_id)
        if process is None or not process.is_alive() or process.pid is None:
            return False
        os.kill(process.pid, signal.SIGTERM)
        return True

    def reap(self) -> None:
        """Forget processes that have ended (and collect their exit status)."""
        for job_id, process in list(self.processes.items()):
            if not process.is_alive():
                process.join(0)
                self.processes.pop(job_id)
                job = self.workspace.job(job_id)
                if job is not None and job["state"] in ("queued", "running"):
                    self.workspace.finish_job(
                        job_id, "failed", f"the job process ended (exit code {process.exitcode})"
                    )

    def shutdown(self) -> None:
        """Stop every job still running (the server is going away)."""
        for job_id in list(self.processes):
            self.stop(job_id)
        for process in self.processes.values():
            process.join(5)


class _Reporter:
    """Progress from the solver's threads into the job's row, at most every PROGRESS_EVERY s."""

    def __init__(self, workspace: Workspace, job_id: int) -> None:
        self.workspace, self.job_id = workspace, job_id
        self.lock = threading.Lock()
        self.last = 0.0
        self.started = time.perf_counter()

    def __call__(self, progress: Progress) -> None:
        with self.lock:
            if time.perf_counter() - self.last < PROGRESS_EVERY:
                return
            self.last = time.perf_counter()
            self.workspace.update_job(
                self.job_id,
                stage=progress.stage,
                objective=progress.objective,
                bound=progress.bound,
                gap=relative_gap(progress.objective, progress.bound),
                elapsed=time.perf_counter() - self.started,
            )


def _on_sigterm(signal_number: int, _frame: object) -> None:
    from kompetanse_opt.solver.interrupt import STOP

    STOP.request(signal_number)


def run_job(folder: str, job_id: int) -> None:
    """The job process: solve or re-plan the base version, save the checked plan as a version."""
    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in the server's terminal is the server's
    workspace = Workspace(folder)
    job = workspace.job(job_id)
    if job is None:
        return
    workspace.update_job(job_id, state="running", stage="starting", pid=os.getpid())
    try:
        _run(workspace, job)
    except Exception as exc:  # the job's failure is the job's state, not the server's
        workspace.finish_job(job_id, "failed", f"{type(exc).__name__}: {exc}")


def _run(workspace: Workspace, job: dict[str, Any]) -> None:
    from kompetanse_opt.solver.interrupt import STOP

    base = workspace.version(int(job["base_version"]))
    instance = base.instance()
    options, reporter = job["options"], _Reporter(workspace, int(job["id"]))
    planned = workspace.last_planned(base)
    previous = None if planned is None else planned.result()
    options = {**options, "published_until": base.published_until}
    result = _solve(instance, previous, job["kind"], options, reporter)
    stopped = STOP.requested
    elapsed = time.perf_counter() - reporter.started
    workspace.update_job(int(job["id"]), elapsed=elapsed, stage="checked")
    if result.plan is None:
        why = "; ".join(result.reasons) or str(result.status)
        workspace.finish_job(int(job["id"]), "stopped" if stopped else "failed", why)
        return
    violations = check(instance, result.plan)
    if violations:  # never: solve and replan check their plans; a guard, not a path
        words = "; ".join(str(v) for v in violations)
        workspace.finish_job(int(job["id"]), "failed", f"the checker rejects the plan: {words}")
        return
    workspace.update_job(
        int(job["id"]), objective=result.objective, bound=result.bound, gap=result.gap
    )
    reason = f"{job['kind']}: {result.status}, objective {result.objective}"
    if stopped:
        reason += " (stopped: the best plan so far)"
    about = {"author": options.get("author", "?"), "reason": reason, "kind": job["kind"]}
    about["published_until"] = base.published_until
    workspace.finish_job(
        int(job["id"]),
        "stopped" if stopped else "done",
        reason,
        (int(job["instance_id"]), base.id, about, instance, result),
    )


def announced(replan: Callable[..., Any], published_until: str | None) -> dict[str, Any]:
    """The version's "published until" as ``replan(published_until=...)`` where the library's
    re-plan takes it (issue 16 adds it: announced sessions then move only at a price); nothing
    where it does not yet (the date stays recorded on the version)."""
    if published_until is None or "published_until" not in inspect.signature(replan).parameters:
        return {}
    return {"published_until": dt.date.fromisoformat(published_until)}


def same_stages(instance: Instance, stages: tuple[str, ...]) -> Instance:
    """The instance planned only up to the stages of the plan being re-planned: a cohort-only
    plan is re-planned as one (its groups and dates are planned by the next Solve)."""
    if "groups" not in stages and instance.groups.enabled:
        instance = instance.replace(groups=instance.groups.model_copy(update={"enabled": False}))
    if "calendar" not in stages and instance.calendar is not None:
        instance = instance.replace(calendar=None)
    return instance


def _solve(
    instance: Instance,
    previous: Result | None,
    kind: str,
    options: dict[str, Any],
    reporter: _Reporter,
) -> Result:
    time_limit = options.get("time_limit")
    seed = options.get("seed")
    if kind == "replan":
        from kompetanse_opt.analysis.replan import replan

        if previous is None or previous.plan is None:
            raise ValueError("there is no plan to re-plan around: solve first")
        outcome = replan(
            same_stages(instance, previous.plan.stages),
            previous.plan,
            options.get("max_moves"),
            **announced(replan, options.get("published_until")),
            time_limit=time_limit,
            seed=seed,
            workers=options.get("workers") or 1,
            threads=1,
            progress=reporter,
        )
        return outcome.result.model_copy(update={"instance": record_instance(instance)})
    from kompetanse_opt.solver.pipeline import solve

    return solve(
        instance,
        time_limit=time_limit,
        seed=seed,
        workers=options.get("workers") or 1,
        threads=1,
        progress=reporter,
        skip=tuple(options.get("skip", ())),
    )
