"""A person's identity across re-imports of a registration sheet.

Participant ids key everything a plan says about a person (their cohort, their group at each
gathering). Numbering rows anew on every import would hand an old id, and so an old person's
groups, to whoever now sits in that row. So an imported row keeps the id of the person it is:

1. the sheet's own ``deltaker-id`` / ``participant_id`` column, when filled;
2. else the previous instance's participant with the same e-mail address (case-insensitive);
3. else the previous participant of the same municipality with the same name (case, accents,
   æøå against ae/o/a and spacing ignored), when that name is unique on both sides;
4. else a new id ``<kommunenummer>-<nn>`` that no previous participant ever had.

The comparison with the previous instance lists who is new, who is gone and what changed for the
others, so the secretariat sees what a re-import did before it re-plans.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kompetanse_opt.core.text import ascii_fold
from kompetanse_opt.io.registrations import Registration
from kompetanse_opt.model.instance import Instance, Participant

#: Fields whose change the comparison reports, in this order.
_COMPARED = ("municipality", "target_group", "service_area", "role", "name", "email")


def _fold(text: str | None) -> str:
    """A name or address compared loosely: case, accents, æøå (``ø`` = ``o``) and runs of
    spaces do not matter."""
    return ascii_fold(text) if text else ""


@dataclass
class IdentityReport:
    """What a re-import did to the people of the previous instance."""

    new: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unidentified: int = 0

    def notes(self) -> list[str]:
        """One line per kind of change, ids listed (they may be the only personal data kept)."""
        out = []
        if self.new:
            out.append(f"{len(self.new)} new participant(s): {', '.join(self.new)}")
        if self.gone:
            out.append(f"{len(self.gone)} participant(s) gone: {', '.join(self.gone)}")
        out += self.changed
        if self.unidentified:
            out.append(
                f"{self.unidentified} row(s) have no id, e-mail or name to recognise them by:"
                " they get new ids, so a plan's groups do not follow them (add a deltaker-id"
                " column to keep ids across imports)"
            )
        return out


class _Matcher:
    """The previous instance's people, by e-mail and by (municipality, name)."""

    def __init__(self, previous: Instance | None) -> None:
        people = previous.participants if previous is not None else []
        self.by_id = {p.id: p for p in people}
        emails = Counter(_fold(p.email) for p in people if p.email)
        self.by_email = {
            _fold(p.email): p.id for p in people if p.email and emails[_fold(p.email)] == 1
        }
        names = Counter((p.municipality, _fold(p.name)) for p in people if p.name)
        self.by_name = {
            (p.municipality, _fold(p.name)): p.id
            for p in people
            if p.name and names[p.municipality, _fold(p.name)] == 1
        }

    def find(self, r: Registration, row_names: Counter[tuple[str, str]]) -> str | None:
        if r.email and _fold(r.email) in self.by_email:
            return self.by_email[_fold(r.email)]
        key = (r.municipality, _fold(r.name))
        if r.name and row_names[key] == 1:
            return self.by_name.get(key)
        return None


def assign_ids(
    registrations: list[Registration], previous: Instance | None
) -> tuple[list[str], IdentityReport]:
    """Each row's participant id (see the module text) and what changed against ``previous``."""
    matcher = _Matcher(previous)
    row_names = Counter((r.municipality, _fold(r.name)) for r in registrations if r.name)
    chosen: list[str | None] = []
    taken = set(matcher.by_id) | {r.id for r in registrations if r.id}
    for r in registrations:
        ident = r.id or matcher.find(r, row_names)
        if ident is not None and ident in chosen:
            ident = None  # two rows claim one person: neither inherits blindly past the first
        chosen.append(ident)
    taken |= {i for i in chosen if i}
    counters: Counter[str] = Counter()
    ids: list[str] = []
    report = IdentityReport()
    for r, ident in zip(registrations, chosen, strict=True):
        if ident is None:
            while True:
                counters[r.municipality] += 1
                ident = f"{r.municipality}-{counters[r.municipality]:02d}"
                if ident not in taken:
                    break
            taken.add(ident)
            if previous is not None and not (r.email or r.name):
                report.unidentified += 1
        ids.append(ident)
    if previous is not None:
        _compare(registrations, ids, matcher.by_id, report)
    return ids, report


def _compare(
    registrations: list[Registration],
    ids: list[str],
    before: dict[str, Participant],
    report: IdentityReport,
) -> None:
    now = set(ids)
    report.new = [i for i in ids if i not in before]
    report.gone = [i for i in before if i not in now]
    for r, ident in zip(registrations, ids, strict=True):
        old = before.get(ident)
        if old is None:
            continue
        changes = [
            f"{name} {getattr(old, name)!r} → {getattr(r, name)!r}"
            for name in _COMPARED
            if getattr(r, name) is not None and getattr(old, name) != getattr(r, name)
        ]
        if changes:
            report.changed.append(f"{ident} (row {r.row}): " + ", ".join(changes))
