"""Registrations merged into an instance: the base instance's municipalities, venues and settings,
the sheet's participants and wishes.

The base (the embedded Vestland data unless another instance is given) keeps everything but its
participants. Municipalities without registrations are left out, since every municipality of an
instance must send someone; together-sets, apart-pairs, pins and inline travel rows that name them
are trimmed to those present. Wishes in the sheet replace the base's wishes for that municipality.

A facilitator whose home municipality sent nobody keeps that home, with their minutes to each
venue taken from the base's travel matrix (``home_minutes``), so their travel still counts.
Wishes are checked against the cohorts the base plans for (its fixed count, or with ``auto`` the
larger of the base's count and what the sheet fills): an early, partial sheet does not make
"cohort 4" impossible. When a wish names a cohort beyond what the sheet alone fills, the count
is written into the instance and a note says so.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.core.paths import outside_allowed
from kompetanse_opt.io.identities import assign_ids
from kompetanse_opt.io.registrations import Registration, parse_sheet, read_sheet
from kompetanse_opt.model.edits import drop_municipalities
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import instance_from_data, instance_to_data
from kompetanse_opt.model.problem import resolve_travel


@dataclass(frozen=True)
class ImportResult:
    instance: Instance
    notes: tuple[str, ...]
    sheet: str


@dataclass(frozen=True)
class _Cohorts:
    """The cohorts wishes are checked against: ``count``, and what the sheet alone would fill."""

    count: int
    sheet: int
    auto: bool

    def fixed_count(self, wishes: dict[str, dict[str, list[int]]]) -> int | None:
        """The count to write into the instance: only when ``auto`` would drop a wished cohort."""
        named = max((c for w in wishes.values() for cs in w.values() for c in cs), default=0)
        return self.count if self.auto and named > self.sheet else None


def _cohort_count(base: Instance, participants: int) -> _Cohorts:
    """The base's real cohort settings: a fixed count as it stands; with ``auto`` the cohorts it
    plans for (its own participants) or more, when the sheet fills more."""
    sheet = max(1, math.ceil(participants / base.cohorts.capacity))
    if base.cohorts.count == "auto":
        return _Cohorts(max(base.cohort_count, sheet), sheet, True)
    return _Cohorts(base.cohorts.count, sheet, False)


def _wishes(
    registrations: list[Registration], count: int
) -> tuple[dict[str, dict[str, list[int]]], list[Problem]]:
    """Each municipality's combined wishes; impossible cohort numbers and conflicts per cell."""
    wishes: dict[str, dict[str, list[int]]] = {}
    problems: list[Problem] = []
    for r in registrations:
        entry = wishes.setdefault(r.municipality, {"prefers": [], "cannot_attend": []})
        for key, cells in (("prefers", r.prefers), ("cannot_attend", r.cannot_attend)):
            other = entry["cannot_attend" if key == "prefers" else "prefers"]
            for cohort, where, title in cells:
                if not 1 <= cohort <= count:
                    problems.append(
                        Problem(
                            where,
                            msg(
                                "{title}: cohort {cohort} does not exist (cohorts are 1..{count})",
                                title=title,
                                cohort=cohort,
                                count=count,
                            ),
                        )
                    )
                elif cohort in other:
                    problems.append(
                        Problem(
                            where,
                            msg(
                                "{title}: cohort {cohort} is both preferred and impossible "
                                "for this municipality (see its other rows)",
                                title=title,
                                cohort=cohort,
                            ),
                        )
                    )
                elif cohort not in entry[key]:
                    entry[key].append(cohort)
    return {m: w for m, w in wishes.items() if w["prefers"] or w["cannot_attend"]}, problems


_FILE_KEYS = ("matrix_file", "graph_file")


def _relocated(name: str, base_dir: Path | None, out_dir: Path | None) -> str:
    """A relative travel-file path of the base, made to work from the output's folder."""
    path = Path(name)
    if path.is_absolute() or base_dir is None:
        return name
    target = (base_dir / path).resolve()
    if out_dir is None:
        return str(target)
    try:
        return Path(os.path.relpath(target, out_dir.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return str(target)


def merged_data(
    base: Instance,
    registrations: list[Registration],
    wishes: dict[str, dict[str, list[int]]],
    *,
    anonymise: bool = False,
    out_dir: Path | None = None,
    ids: list[str] | None = None,
) -> dict[str, Any]:
    present = {r.municipality for r in registrations}
    gone = {m.id for m in base.municipalities} - present
    homes_gone = any(f.home in gone for f in base.facilitators)
    travel = resolve_travel(base) if homes_gone else None
    data = drop_municipalities(instance_to_data(base), gone, travel)
    participants = []
    if ids is None:
        ids = assign_ids(registrations, None)[0]
    for r, ident in zip(registrations, ids, strict=True):
        participants.append(r.participant_data(ident, anonymise=anonymise))
    data["participants"] = participants
    kept = [w for w in data["wishes"] if w["municipality"] not in wishes]
    data["wishes"] = kept + [{"municipality": m, **w} for m, w in wishes.items()]
    data["travel"] = _travel_from(base, data["travel"], present, out_dir)
    return data


def _travel_from(
    base: Instance, travel: dict[str, Any], present: set[str], out_dir: Path | None
) -> dict[str, Any]:
    """The base's travel settings, made to work from the output's folder: relative file paths
    are rewritten; a file outside that folder (which the instance could not name, see
    :mod:`kompetanse_opt.core.paths`) is replaced by the matrix it gives, written inline."""
    files = {k: _relocated(travel[k], base.base_dir, out_dir) for k in _FILE_KEYS if travel.get(k)}
    outside = any(Path(p).is_absolute() or Path(p).parts[:1] == ("..",) for p in files.values())
    if not outside or outside_allowed():
        return {**travel, **files}
    matrix = resolve_travel(base)
    entries = [
        {"municipality": m, "venue": v, "minutes": minutes}
        for (m, v), minutes in sorted(matrix.items())
        if m in present
    ]
    return {"matrix": entries}


def import_registrations(
    path: str | Path,
    base: Instance,
    *,
    sheet: str | None = None,
    anonymise: bool = False,
    out_dir: Path | None = None,
    previous: Instance | None = None,
) -> ImportResult:
    """The instance the registrations describe; raises :class:`InstanceError` with every problem.

    ``out_dir`` is where the instance will be written, so that the base's relative travel-file
    paths still point at the same files from there. ``previous`` is the instance of an earlier
    import of these registrations: each person keeps their id (by id column, e-mail or name;
    :mod:`kompetanse_opt.io.identities`) and the notes list who is new, gone or changed.
    """
    path = Path(path)
    table = read_sheet(path, sheet)
    parsed = parse_sheet(table, base)
    problems = list(parsed.problems)
    if not parsed.registrations and not problems:
        problems.append(Problem(f"{table.name}!2:2", msg("no participants: the sheet has no rows")))
    cohorts = _cohort_count(base, len(parsed.registrations))
    wishes, wish_problems = _wishes(parsed.registrations, cohorts.count)
    problems += wish_problems
    if problems:
        raise InstanceError(problems, str(path))
    ids, identities = assign_ids(parsed.registrations, previous)
    data = merged_data(
        base, parsed.registrations, wishes, anonymise=anonymise, out_dir=out_dir, ids=ids
    )
    notes = [*parsed.notes]
    fixed = cohorts.fixed_count(wishes)
    if fixed is not None:
        data["cohorts"] = {**data["cohorts"], "count": fixed}
        notes.append(
            f"cohorts.count: {fixed}, as the base plans, not the {cohorts.sheet} that"
            f" {len(parsed.registrations)} registrations fill: the wishes name cohorts up to"
            f" {fixed} (set cohorts.count in the instance to change it)"
        )
    # Whole-instance rules (a municipality larger than a cohort, pins out of range, ...) are
    # reported with field paths: they concern the merge, not one cell.
    instance = instance_from_data(data, str(path), out_dir or base.base_dir)
    return ImportResult(instance, (*notes, *identities.notes()), table.name)
