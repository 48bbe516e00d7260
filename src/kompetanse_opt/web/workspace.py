"""The workspace: one folder with one SQLite database that keeps every instance and plan version.

Schema (``workspace.sqlite``, WAL journal, ``PRAGMA user_version`` = :data:`SCHEMA_VERSION`):

``instances``
    ``id``, ``name``, ``created_at`` (UTC ISO time), ``current_version`` (the version the page
    shows; undo moves it back along ``parent_id``).
``versions``
    ``id``, ``instance_id``, ``parent_id`` (the version it was made from, or NULL),
    ``created_at``, ``author`` (who), ``reason`` (why, in words), ``kind`` (``import``, ``solve``,
    ``replan``, ``edit``, ``pin``, ``publish``, ``relax``), ``instance_json`` (the instance with its
    pins, as its file), ``result_json`` (the plan file, or NULL before the first plan) and
    ``published_until`` (an ISO date or NULL). A version is never changed once written.
``jobs``
    ``id``, ``instance_id``, ``base_version``, ``kind`` (``solve``/``replan``), ``options`` (JSON),
    ``state`` (``queued``, ``running``, ``done``, ``failed``, ``stopped``, ``lost``), ``stage``,
    ``objective``, ``bound``, ``gap``, ``elapsed``, ``pid``, ``version_id`` (the version it wrote),
    ``message``, ``created_at``, ``finished_at``.

Every write is one transaction, so a killed server or job leaves either the whole version or
none of it; a job whose process died is marked ``lost`` when the workspace is opened again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import instance_from_data, instance_to_data
from kompetanse_opt.model.plan import Result, plan_file_json, plan_from_data

SCHEMA_VERSION = 1
DB_NAME = "workspace.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS instances (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    current_version INTEGER
);
CREATE TABLE IF NOT EXISTS versions (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES instances(id),
    parent_id INTEGER REFERENCES versions(id),
    created_at TEXT NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    kind TEXT NOT NULL,
    instance_json TEXT NOT NULL,
    result_json TEXT,
    published_until TEXT
);
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY,
    instance_id INTEGER NOT NULL REFERENCES instances(id),
    base_version INTEGER NOT NULL REFERENCES versions(id),
    kind TEXT NOT NULL,
    options TEXT NOT NULL,
    state TEXT NOT NULL,
    stage TEXT,
    objective INTEGER,
    bound INTEGER,
    gap REAL,
    elapsed REAL,
    pid INTEGER,
    version_id INTEGER REFERENCES versions(id),
    message TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT
);
"""

FINISHED = ("done", "failed", "stopped", "lost")


def now() -> str:
    """The current UTC time, to the second, ISO formatted."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Version:
    """One saved state of an instance: its instance (with pins) and plan, who/when/why."""

    id: int
    instance_id: int
    parent_id: int | None
    created_at: str
    author: str
    reason: str
    kind: str
    instance_json: str
    result_json: str | None
    published_until: str | None

    def instance(self) -> Instance:
        """The instance of this version (validated again)."""
        return instance_from_data(json.loads(self.instance_json), f"version {self.id}")

    def result(self) -> Result | None:
        """The plan file of this version, or None before the first plan."""
        if self.result_json is None:
            return None
        return plan_from_data(json.loads(self.result_json), f"version {self.id}")

    def summary(self) -> dict[str, Any]:
        """The version without its payload, for lists and the JSON API."""
        return {
            "id": self.id,
            "instance_id": self.instance_id,
            "parent_id": self.parent_id,
            "created_at": self.created_at,
            "author": self.author,
            "reason": self.reason,
            "kind": self.kind,
            "has_plan": self.result_json is not None,
            "published_until": self.published_until,
        }


class Workspace:
    """The workspace folder's database; every method opens, commits and closes its connection."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / DB_NAME
        with self._connect() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA busy_timeout=30000")
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is saved, or none of it."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # Instances -------------------------------------------------------------------------------

    def add_instance(self, instance: Instance, author: str, reason: str, kind: str) -> Version:
        """A new instance and its first version (no plan yet)."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO instances (name, created_at) VALUES (?, ?)", (instance.name, now())
            )
            instance_id = int(cur.lastrowid or 0)
            version_id = _insert_version(
                db, instance_id, None, author, reason, kind, instance, None, None
            )
        return self.version(version_id)

    def instances(self) -> list[dict[str, Any]]:
        """Every instance: id, name, created_at, current_version."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM instances ORDER BY id").fetchall()
        return [dict(r) for r in rows]

    def instance_row(self, instance_id: int) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM instances WHERE id = ?", (instance_id,)).fetchone()
        return None if row is None else dict(row)

    # Versions --------------------------------------------------------------------------------

    def add_version(
        self,
        instance_id: int,
        parent_id: int | None,
        *,
        author: str,
        reason: str,
        kind: str,
        instance: Instance,
        result: Result | None,
        published_until: str | None = None,
    ) -> Version:
        """Save a version and make it current, in one transaction."""
        with self.transaction() as db:
            version_id = _insert_version(
                db,
                instance_id,
                parent_id,
                author,
                reason,
                kind,
                instance,
                result,
                published_until,
            )
        return self.version(version_id)

    def version(self, version_id: int) -> Version:
        """The version ``version_id``; KeyError if there is none."""
        with self._connect() as db:
            row = db.execute("SELECT * FROM versions WHERE id = ?", (version_id,)).fetchone()
        if row is None:
            raise KeyError(version_id)
        return Version(**dict(row))

    def current(self, instance_id: int) -> Version:
        """The instance's current version; KeyError for an unknown instance."""
        row = self.instance_row(instance_id)
        if row is None or row["current_version"] is None:
            raise KeyError(instance_id)
        return self.version(int(row["current_version"]))

    def history(self, instance_id: int) -> list[Version]:
        """Every version of the instance, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM versions WHERE instance_id = ? ORDER BY id DESC", (instance_id,)
            ).fetchall()
        return [Version(**dict(r)) for r in rows]

    def last_planned(self, version: Version) -> Version | None:
        """``version`` or its nearest ancestor with a plan (a re-import has none of its own:
        the re-plan starts from the plan before it)."""
        seen: Version | None = version
        while seen is not None and seen.result_json is None:
            seen = None if seen.parent_id is None else self.version(seen.parent_id)
        return seen

    def undo(self, instance_id: int) -> Version | None:
        """Make the current version's parent current again (None: nothing to undo)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT v.parent_id FROM instances i JOIN versions v ON v.id = i.current_version"
                " WHERE i.id = ?",
                (instance_id,),
            ).fetchone()
            if row is None or row["parent_id"] is None:
                return None
            parent = int(row["parent_id"])
            db.execute(
                "UPDATE instances SET current_version = ? WHERE id = ?", (parent, instance_id)
            )
        return self.version(parent)

    # Jobs ------------------------------------------------------------------------------------

    def add_job(
        self, instance_id: int, base_version: int, kind: str, options: dict[str, Any]
    ) -> int:
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO jobs (instance_id, base_version, kind, options, state, created_at)"
                " VALUES (?, ?, ?, ?, 'queued', ?)",
                (instance_id, base_version, kind, json.dumps(options), now()),
            )
            return int(cur.lastrowid or 0)

    def update_job(self, job_id: int, **fields: Any) -> None:
        """Set some of a job's columns (names from the schema only)."""
        allowed = {"state", "stage", "objective", "bound", "gap", "elapsed", "pid", "message"}
        unknown = set(fields) - allowed - {"version_id", "finished_at"}
        if unknown:
            raise ValueError(f"unknown job fields {sorted(unknown)}")
        if not fields:
            return
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as db:
            db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), job_id))

    def job(self, job_id: int) -> dict[str, Any] | None:
        with self._connect() as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            return None
        job = dict(row)
        job["options"] = json.loads(job["options"])
        return job

    def jobs(self, instance_id: int) -> list[dict[str, Any]]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT id FROM jobs WHERE instance_id = ? ORDER BY id DESC", (instance_id,)
            ).fetchall()
        return [job for r in rows if (job := self.job(int(r["id"]))) is not None]

    def finish_job(
        self,
        job_id: int,
        state: str,
        message: str,
        version: tuple[int, int, dict[str, Any], Instance, Result] | None = None,
    ) -> None:
        """End a job; with ``version`` = (instance_id, parent_id, who/why/kind, instance,
        result) its plan is saved as a version in the same transaction."""
        with self.transaction() as db:
            version_id = None
            if version is not None:
                instance_id, parent_id, about, instance, result = version
                version_id = _insert_version(
                    db,
                    instance_id,
                    parent_id,
                    about["author"],
                    about["reason"],
                    about["kind"],
                    instance,
                    result,
                    about.get("published_until"),
                )
            db.execute(
                "UPDATE jobs SET state = ?, message = ?, version_id = ?, finished_at = ?"
                " WHERE id = ?",
                (state, message, version_id, now(), job_id),
            )

    def mark_lost_jobs(self) -> int:
        """Jobs left running by a server that is gone (their process is dead): ``lost``."""
        lost = 0
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, pid FROM jobs WHERE state IN ('queued', 'running')"
            ).fetchall()
        for row in rows:
            if row["pid"] is None or not _alive(int(row["pid"])):
                self.update_job(int(row["id"]), state="lost", message="the server stopped")
                lost += 1
        return lost


def _alive(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie, dead but not yet reaped, is not running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True  # no /proc (not Linux): the signal check above is all there is


def _insert_version(
    db: sqlite3.Connection,
    instance_id: int,
    parent_id: int | None,
    author: str,
    reason: str,
    kind: str,
    instance: Instance,
    result: Result | None,
    published_until: str | None,
) -> int:
    cur = db.execute(
        "INSERT INTO versions (instance_id, parent_id, created_at, author, reason, kind,"
        " instance_json, result_json, published_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            instance_id,
            parent_id,
            now(),
            author,
            reason,
            kind,
            json.dumps(instance_to_data(instance), ensure_ascii=False),
            None if result is None else plan_file_json(result),
            published_until,
        ),
    )
    version_id = int(cur.lastrowid or 0)
    db.execute("UPDATE instances SET current_version = ? WHERE id = ?", (version_id, instance_id))
    return version_id
