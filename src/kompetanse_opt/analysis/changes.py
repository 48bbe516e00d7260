"""Changes to a running programme as data, applied to an instance in one step.

A re-plan starts from the instance the previous plan was made for and one or more changes:

* :class:`Withdraw`: a municipality leaves; its people go, and every together-set, apart-pair,
  wish and pin that names it is dropped with a warning (not an error);
* :class:`AddRegistrations`: late participants (and their municipalities, if new) join;
* :class:`FacilitatorUnavailable`: a facilitator cannot work on some days;
* :class:`VenueClosed`: a venue cannot host on some days.

Municipalities, facilitators and venues are named by id or by name (case and spacing ignored);
an unknown name is a located :class:`~kompetanse_opt.core.errors.InstanceError`.
:func:`apply_changes` returns a validated instance and the warnings, never a half-edited one.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import N_, Message, msg
from kompetanse_opt.model.edits import drop_municipalities
from kompetanse_opt.model.entities import Municipality, Participant, Wish
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.loading import instance_from_data, instance_to_data
from kompetanse_opt.model.settings import TravelEntry


@dataclass(frozen=True)
class Withdraw:
    """``municipality`` (number or name) withdraws: its people are not planned any more."""

    municipality: str
    where: str | None = None


@dataclass(frozen=True)
class AddRegistrations:
    """Late registrations: new participants, with the municipalities they come from when those
    are not in the instance yet, and their ``travel`` rows when the instance lists travel times
    inline (``source``: a registration workbook or CSV, which
    :func:`kompetanse_opt.replan` and the CLI read with the registration importer)."""

    participants: tuple[Participant, ...] = ()
    municipalities: tuple[Municipality, ...] = ()
    wishes: tuple[Wish, ...] = ()
    travel: tuple[TravelEntry, ...] = ()
    source: str | Path | None = None
    where: str | None = None


@dataclass(frozen=True)
class FacilitatorUnavailable:
    """Facilitator ``facilitator`` (id or name) cannot work from ``start`` to ``end``
    (inclusive; one day when ``end`` is None)."""

    facilitator: str
    start: dt.date
    end: dt.date | None = None
    where: str | None = None


@dataclass(frozen=True)
class VenueClosed:
    """Venue ``venue`` (id or name) cannot host from ``start`` to ``end`` (inclusive)."""

    venue: str
    start: dt.date
    end: dt.date | None = None
    where: str | None = None


Change = Withdraw | AddRegistrations | FacilitatorUnavailable | VenueClosed


def parse_date_range(text: str) -> tuple[dt.date, dt.date | None]:
    """``YYYY-MM-DD`` or ``YYYY-MM-DD..YYYY-MM-DD``; raises ``ValueError`` with a plain message."""
    first, dots, last = text.strip().partition("..")
    try:
        start = dt.date.fromisoformat(first.strip())
        end = dt.date.fromisoformat(last.strip()) if dots else None
    except ValueError:
        raise ValueError(
            msg(
                "'{text}' is not a date or a range such as 2025-03-04 or 2025-03-04..2025-03-06",
                text=text,
            )
        ) from None
    if end is not None and end < start:
        raise ValueError(msg("'{text}': the range ends before it starts", text=text))

    return start, end


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


class _Names:
    """Resolves a name or id to an id; unknown ones become located problems."""

    def __init__(self, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
        self.kind = kind
        self.ids: dict[str, str] = {}
        self.names: list[str] = []
        for ident, name in pairs:
            self.ids[_fold(ident)] = ident
            self.ids.setdefault(_fold(name), ident)
            self.names.append(name)

    def find(self, text: str, where: str, problems: list[Problem]) -> str | None:
        key = _fold(text)
        if self.kind == "municipality" and key.isdigit() and len(key) < 4:
            key = key.zfill(4)
        if key in self.ids:
            return self.ids[key]
        close = difflib.get_close_matches(text, self.names, n=1, cutoff=0.75)
        hint = msg(" (did you mean {name}?)", name=close[0]) if close else ""
        values = {"id": text, "hint": hint}
        problems.append(Problem(where, Message(_UNKNOWN_NAMED[self.kind], values)))
        return None


#: "Unknown ...", per kind of name a change option gives.
_UNKNOWN_NAMED = {
    "municipality": N_("unknown municipality '{id}'{hint}"),
    "facilitator": N_("unknown facilitator '{id}'{hint}"),
    "venue": N_("unknown venue '{id}'{hint}"),
}


def apply_changes(instance: Instance, changes: Sequence[Change]) -> tuple[Instance, list[str]]:
    """The instance after ``changes`` (in order) and one warning per reference dropped.

    Raises :class:`InstanceError` with every problem (unknown names, a participant id taken,
    a change the instance cannot hold) and changes nothing then.
    """
    if not changes:
        return instance, []
    data = instance_to_data(instance)
    problems: list[Problem] = []
    warnings: list[str] = []
    for i, change in enumerate(changes):
        where = change.where or f"changes[{i}]"
        if isinstance(change, Withdraw):
            data = _withdraw(data, change, where, problems, warnings)
        elif isinstance(change, AddRegistrations):
            data = _add(data, change, where, problems)
        elif isinstance(change, FacilitatorUnavailable):
            _unavailable(data, change, where, problems)
        elif isinstance(change, VenueClosed):
            _closed(data, change, where, problems)
        else:
            problems.append(Problem(where, msg("not a change: {name}", name=type(change).__name__)))
    if problems:
        raise InstanceError(problems)
    changed = instance_from_data(data, "the instance after the changes", instance.base_dir)
    return changed, warnings


def _municipalities(data: dict[str, Any]) -> _Names:
    return _Names("municipality", ((m["id"], m["name"]) for m in data["municipalities"]))


def _withdraw(
    data: dict[str, Any],
    change: Withdraw,
    where: str,
    problems: list[Problem],
    warnings: list[str],
) -> dict[str, Any]:
    mid = _municipalities(data).find(change.municipality, where, problems)
    if mid is None:
        return data
    warnings += dropped_references(data, {mid})
    return drop_municipalities(data, {mid})


def dropped_references(data: dict[str, Any], gone: set[str]) -> list[str]:
    """One warning per together-set, apart-pair, wish and pin of instance ``data`` that names a
    municipality of ``gone`` (what :func:`drop_municipalities` removes or trims)."""
    names = {m["id"]: m["name"] for m in data["municipalities"]}
    out: list[str] = []
    for s in data.get("together", []):
        for m in gone & set(s["municipalities"]):
            left = len(set(s["municipalities"]) - gone)
            what = "dropped (fewer than two members left)" if left < 2 else "trimmed"
            out.append(f"{names.get(m, m)} withdrawn: together-set '{s['id']}' {what}")
    for a in data.get("apart", []):
        for m in gone & set(a["municipalities"]):
            out.append(f"{names.get(m, m)} withdrawn: apart-pair '{a['id']}' dropped")
    for w in data.get("wishes", []):
        if w["municipality"] in gone:
            out.append(f"{names.get(w['municipality'])} withdrawn: its cohort wishes dropped")
    people = {p["id"]: p["municipality"] for p in data["participants"]}
    for kind, pins in data.get("pins", {}).items():
        for pin in pins if isinstance(pins, list) else []:
            if not isinstance(pin, dict) or pin.get("held"):
                continue  # a held pin is the record of who attended: it stays
            named = {pin.get("municipality"), *pin.get("municipalities", [])}
            named |= {people.get(p) for p in pin.get("participants", [])}
            for m in sorted(gone & {n for n in named if isinstance(n, str)}):
                out.append(f"{names.get(m, m)} withdrawn: its pin ({kind}) dropped or trimmed")
    return out


def _add(
    data: dict[str, Any], change: AddRegistrations, where: str, problems: list[Problem]
) -> dict[str, Any]:
    out = dict(data)
    known = {m["id"] for m in data["municipalities"]}
    new = [m.model_dump(mode="json", exclude_none=True) for m in change.municipalities]
    out["municipalities"] = data["municipalities"] + [m for m in new if m["id"] not in known]
    taken = {p["id"] for p in data["participants"]}
    people = []
    for j, p in enumerate(change.participants):
        if p.id in taken:
            problems.append(
                Problem(f"{where}.participants[{j}]", msg("id '{id}' is taken", id=p.id))
            )
        taken.add(p.id)
        people.append(p.model_dump(mode="json", exclude_none=True))
    out["participants"] = data["participants"] + people
    wished = {w.municipality for w in change.wishes}
    if change.travel:
        travel = dict(data.get("travel", {}))
        rows = [t.model_dump(mode="json") for t in change.travel]
        travel["matrix"] = [*(travel.get("matrix") or []), *rows]
        out["travel"] = travel
    out["wishes"] = [w for w in data.get("wishes", []) if w["municipality"] not in wished] + [
        w.model_dump(mode="json") for w in change.wishes
    ]
    if not change.participants and change.source is not None:
        problems.append(
            Problem(where, msg("registrations in {source} were not read", source=change.source))
        )
    return out


def _date_range(start: dt.date, end: dt.date | None, name: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"start": start.isoformat(), "name": name}
    if end is not None:
        entry["end"] = end.isoformat()
    return entry


def _unavailable(
    data: dict[str, Any], change: FacilitatorUnavailable, where: str, problems: list[Problem]
) -> None:
    pool = data.get("facilitators", [])
    names = _Names("facilitator", ((f["id"], f["name"]) for f in pool))
    fid = names.find(change.facilitator, where, problems)
    if fid is None:
        return
    entry = _date_range(change.start, change.end, "unavailable (re-plan)")
    data["facilitators"] = [
        {**f, "unavailable": [*f.get("unavailable", []), entry]} if f["id"] == fid else f
        for f in pool
    ]


def _closed(data: dict[str, Any], change: VenueClosed, where: str, problems: list[Problem]) -> None:
    names = _Names("venue", ((v["id"], v["name"]) for v in data["venues"]))
    vid = names.find(change.venue, where, problems)
    if vid is None:
        return
    entry = _date_range(change.start, change.end, "closed (re-plan)")
    data["venues"] = [
        {**v, "blocked": [*v.get("blocked", []), entry]} if v["id"] == vid else v
        for v in data["venues"]
    ]


def from_today(changes: Sequence[Change], today: dt.date | None) -> tuple[list[Change], list[str]]:
    """``changes`` as they apply after ``today`` (what is held does not change): a dated change
    that starts on or before it starts the day after (with a warning); one that ends by then is
    a located :class:`InstanceError`."""
    if today is None:
        return list(changes), []
    out: list[Change] = []
    warnings: list[str] = []
    problems: list[Problem] = []
    for i, change in enumerate(changes):
        if isinstance(change, FacilitatorUnavailable | VenueClosed) and change.start <= today:
            where = change.where or f"changes[{i}]"
            last = change.end or change.start
            if last <= today:
                problems.append(
                    Problem(
                        where,
                        msg(
                            "{last} is on or before today ({today}): held sessions stay",
                            last=last,
                            today=today,
                        ),
                    )
                )
                continue
            start = today + dt.timedelta(days=1)
            warnings.append(f"{where}: from {start} on (what is held stays as it was)")
            change = replace(change, start=start)
        out.append(change)
    if problems:
        raise InstanceError(problems)
    return out, warnings


def withdrawn_municipalities(data: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Instance ``data`` (edited by hand) without its municipalities that have no participants
    left, and a warning per municipality and per reference dropped: a municipality without
    people is simply not planned."""
    present = {p.get("municipality") for p in data.get("participants", [])}
    gone = {m["id"] for m in data.get("municipalities", []) if m.get("id") not in present}
    if not gone:
        return data, []
    names = {m["id"]: m.get("name", m["id"]) for m in data["municipalities"]}
    warnings = [f"{names[m]} has no participants: withdrawn, not planned" for m in sorted(gone)]
    return drop_municipalities(data, gone), warnings + dropped_references(data, gone)


__all__ = [
    "AddRegistrations",
    "Change",
    "FacilitatorUnavailable",
    "VenueClosed",
    "Withdraw",
    "apply_changes",
    "dropped_references",
    "from_today",
    "parse_date_range",
    "withdrawn_municipalities",
]
