"""Late registrations for a re-plan (``replan --add FILE``): a registration sheet read with the
importer's checks, as an :class:`~kompetanse_opt.analysis.changes.AddRegistrations` change.

The sheet may list only the newcomers or everyone again: a row that is someone already in the
instance (same id, e-mail, or name in the same municipality; :mod:`.identities`) is skipped with
a note. A municipality not in the instance yet is taken from the embedded Vestland data, so a
Vestland municipality that registers late needs no hand-written entry. Cohort wishes in the sheet
are not read here (state them in the instance).
"""

from __future__ import annotations

from pathlib import Path

from kompetanse_opt.analysis.changes import AddRegistrations
from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.io.identities import assign_ids
from kompetanse_opt.io.registrations import parse_sheet, read_sheet
from kompetanse_opt.model.entities import Participant
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.vestland import vestland_instance


def read_added_registrations(
    path: str | Path, instance: Instance, *, sheet: str | None = None
) -> tuple[AddRegistrations, list[str]]:
    """The newcomers of the sheet at ``path`` as a change, and notes (people skipped).

    Raises :class:`InstanceError` with every problem of the sheet (cell by cell) and when it
    adds nobody.
    """
    path = Path(path)
    known = {m.id for m in instance.municipalities}
    extra = [m for m in vestland_instance().municipalities if m.id not in known]
    # Only read for its names: a municipality without people is fine for looking names up.
    lookup = instance.model_copy(update={"municipalities": [*instance.municipalities, *extra]})
    table = read_sheet(path, sheet)
    parsed = parse_sheet(table, lookup)
    if parsed.problems:
        raise InstanceError(parsed.problems, str(path))
    ids, _ = assign_ids(parsed.registrations, instance)
    existing = {p.id for p in instance.participants}
    people: list[Participant] = []
    notes: list[str] = []
    for r, ident in zip(parsed.registrations, ids, strict=True):
        if ident in existing:
            notes.append(f"{path.name} row {r.row}: {ident} is registered already, skipped")
            continue
        people.append(Participant(**r.participant_data(ident)))
    if not people:
        raise InstanceError([Problem("", msg("no new participants in the sheet"))], str(path))
    arriving = {p.municipality for p in people}
    municipalities = tuple(m for m in extra if m.id in arriving)
    change = AddRegistrations(
        participants=tuple(people), municipalities=municipalities, source=str(path)
    )
    return change, notes
