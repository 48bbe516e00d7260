"""Edits of instance data that must keep every cross-reference valid.

Used when municipalities withdraw (:meth:`Instance.without_municipalities`) and when imported
registrations leave some municipalities without anyone (:mod:`kompetanse_opt.io.importer`): both
work on plain instance data before it is validated again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def drop_municipalities(
    data: dict[str, Any],
    gone: set[str],
    minutes: Mapping[tuple[str, str], int] | None = None,
) -> dict[str, Any]:
    """Instance data without ``gone``: their people, pins, wishes, travel rows and set memberships
    go too; a together-set left with one member is dropped. A facilitator living in a gone
    municipality keeps working and keeps that home: with ``minutes`` (the municipality-to-venue
    matrix before the drop) their minutes to each venue are written into ``home_minutes``;
    without it the home no longer counts for travel. A speaker keeps the municipality's
    coordinates as home."""
    out = dict(data)
    out["municipalities"] = [m for m in data["municipalities"] if m["id"] not in gone]
    out["participants"] = [p for p in data["participants"] if p["municipality"] not in gone]
    together = []
    for s in data.get("together", []):
        members = [m for m in s["municipalities"] if m not in gone]
        if len(members) >= 2:
            together.append({**s, "municipalities": members})
    out["together"] = together
    out["apart"] = [a for a in data.get("apart", []) if not gone & set(a["municipalities"])]
    out["wishes"] = [w for w in data.get("wishes", []) if w["municipality"] not in gone]
    pins = dict(data.get("pins", {}))
    pins["municipalities"] = [
        p for p in pins.get("municipalities", []) if p["municipality"] not in gone
    ]
    out["pins"] = _pins_without(
        pins, gone, {p["id"] for p in data["participants"]} - {p["id"] for p in out["participants"]}
    )
    travel = dict(data.get("travel", {}))
    if travel.get("matrix") is not None:
        travel["matrix"] = [e for e in travel["matrix"] if e["municipality"] not in gone]
    out["travel"] = travel
    out["facilitators"] = [
        _moved_home(f, minutes) if f.get("home") in gone else f
        for f in data.get("facilitators", [])
    ]
    # A speaker from a gone municipality keeps its travel: its home becomes the coordinates.
    places = {m["id"]: m for m in data["municipalities"]}
    out["speakers"] = [
        {**s, "home": None, "lat": places[s["home"]]["lat"], "lon": places[s["home"]]["lon"]}
        if s.get("home") in gone
        else s
        for s in data.get("speakers", [])
    ]
    return out


def _pins_without(pins: dict[str, Any], gone: set[str], people: set[str]) -> dict[str, Any]:
    """Pins without the gone municipalities and their people, except ``held`` pins: those are the
    record of who attended (see :mod:`kompetanse_opt.model.freeze`) and keep them."""
    out = dict(pins)
    cohorts = []
    for c in pins.get("cohorts", []):
        if not c.get("held"):
            c = {**c, "municipalities": [m for m in c["municipalities"] if m not in gone]}
        cohorts.append(c)
    out["cohorts"] = cohorts
    groups = []
    for g in pins.get("groups", []):
        if not g.get("held"):
            g = {**g, "participants": [p for p in g["participants"] if p not in people]}
        if g["participants"]:
            groups.append(g)
    out["groups"] = groups
    sessions = []
    for session in pins.get("politicians", []):
        if not session.get("held"):
            kept = [m for m in session["municipalities"] if m not in gone]
            session = {**session, "municipalities": kept}
        if session["municipalities"]:
            sessions.append(session)
    out["politicians"] = sessions
    return out


def _moved_home(
    facilitator: dict[str, Any], travel: Mapping[tuple[str, str], int] | None
) -> dict[str, Any]:
    """A facilitator whose home municipality leaves the instance, with their own minutes."""
    if facilitator.get("home_minutes") is not None:
        return facilitator
    home = facilitator["home"]
    minutes = {v: m for (h, v), m in (travel or {}).items() if h == home}
    if not minutes:
        return {**facilitator, "home": None}
    return {**facilitator, "home_minutes": dict(sorted(minutes.items()))}
