"""Edits of instance data that must keep every cross-reference valid.

Used when municipalities withdraw (:meth:`Instance.without_municipalities`) and when imported
registrations leave some municipalities without anyone (:mod:`kompetanse_opt.io.importer`): both
work on plain instance data before it is validated again.
"""

from __future__ import annotations

from typing import Any


def drop_municipalities(data: dict[str, Any], gone: set[str]) -> dict[str, Any]:
    """Instance data without ``gone``: their people, pins, wishes, travel rows and set memberships
    go too; a together-set left with one member is dropped, and a facilitator living in a gone
    municipality keeps working but has no home for travel any more (a speaker keeps the
    municipality's coordinates as home)."""
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
    out["pins"] = pins
    travel = dict(data.get("travel", {}))
    if travel.get("matrix") is not None:
        travel["matrix"] = [e for e in travel["matrix"] if e["municipality"] not in gone]
    out["travel"] = travel
    out["facilitators"] = [
        {**f, "home": None} if f.get("home") in gone else f for f in data.get("facilitators", [])
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
