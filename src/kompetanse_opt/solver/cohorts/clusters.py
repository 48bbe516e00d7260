"""A fast first plan for large instances: one small cohort model per hub's catchment area.

A large region is several Vestlands side by side: most municipalities belong with the nearest
venue that has no limit (a *hub*), and each limited venue with the hub nearest to it. So the
municipalities are split by nearest hub, the cohorts shared out in proportion to each area's
participants, and each area solved by the ordinary cohort model (a Vestland-sized model, solved
in well under a second). The areas' plans together are a valid plan of the whole, though not an
optimal one: nothing may cross an area's border. ``cohort_classes.py`` uses it as the first
incumbent and hint, and proves or improves it with the pattern-class master.
"""

from __future__ import annotations

import math
from time import perf_counter as now

from kompetanse_opt.model.instance import Instance, Venue
from kompetanse_opt.model.plan import CohortPlan, Plan
from kompetanse_opt.model.problem import ProblemData, prepare
from kompetanse_opt.solver.cohorts.model import CohortModel
from kompetanse_opt.solver.engine import EngineRun, EngineSettings, run_model

#: Longest a single area may take (they are Vestland-sized; the seed's solves in ~0.3 s).
AREA_TIME = 5.0
#: Most CP-SAT deterministic time an area's retries go up to (with a work budget).
RETRY_WORK = 20.0
#: Least work an area gets (a Vestland-sized area is proven with about this much; many areas
#: at 10x in a short run would otherwise each start too small and retry).
AREA_WORK = 0.5


def venue_km(a: Venue, b: Venue) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(h))


def areas(data: ProblemData) -> dict[str, list[str]] | None:
    """Hub id -> its municipalities (hard together-sets follow their first member)."""
    venues = data.instance.venues
    hubs = [v.id for v in venues if v.max_gatherings is None]
    if len(hubs) < 2:
        return None
    home = {
        mid: min(hubs, key=lambda h: (data.minutes(mid, h), hubs.index(h))) for mid in data.size
    }
    for s in data.instance.together:
        if s.hard:
            for mid in s.municipalities[1:]:
                home[mid] = home[s.municipalities[0]]
    found: dict[str, list[str]] = {h: [] for h in hubs}
    for mid in data.municipality_ids:
        found[home[mid]].append(mid)
    return {h: members for h, members in found.items() if members}


def cohorts_per_area(data: ProblemData, loads: dict[str, int]) -> dict[str, int]:
    """Cohorts in proportion to participants (largest remainder, at least one each)."""
    k, total = len(data.cohort_ids), sum(loads.values())
    quotas = {h: k * load / total for h, load in loads.items()}
    counts = {h: max(1, math.floor(q)) for h, q in quotas.items()}
    order = sorted(quotas, key=lambda h: (-(quotas[h] - counts[h]), h))
    for h in order[: max(0, k - sum(counts.values()))]:
        counts[h] += 1
    return counts


def rebalance(data: ProblemData, found: dict[str, list[str]], counts: dict[str, int]) -> None:
    """Move border municipalities until each area holds about its cohorts' share of people.

    The nearest-hub split rarely gives each area a multiple of the average cohort; a move from
    an area above its target to one below that brings both closer is made, cheapest extra travel
    per participant first, until none helps. Members of hard together-sets stay put.
    """
    average = data.instance.total_participants / len(data.cohort_ids)
    pinned = {m for s in data.instance.together if s.hard for m in s.municipalities}
    load = {h: sum(data.size[m] for m in ms) for h, ms in found.items()}
    while True:
        dev = {h: load[h] - counts[h] * average for h in found}
        best: tuple[float, str, str, str] | None = None
        for a, members in found.items():
            if dev[a] <= 0:
                continue
            for mid in members:
                size = data.size[mid]
                for b in found:
                    gain = abs(dev[a]) + abs(dev[b]) - abs(dev[a] - size) - abs(dev[b] + size)
                    if dev[b] >= 0 or gain <= 1e-9 or mid in pinned:
                        continue
                    extra = data.minutes(mid, b) - data.minutes(mid, a)
                    if best is None or (extra, mid, b) < best[:1] + best[2:]:
                        best = (extra, a, mid, b)
        if best is None:
            return
        _, a, mid, b = best
        found[a].remove(mid)
        found[b].append(mid)
        load[a] -= data.size[mid]
        load[b] += data.size[mid]


def area_instance(data: ProblemData, hub: str, members: list[str], count: int) -> Instance:
    instance = data.instance
    by_id = {v.id: v for v in instance.venues}
    hubs = [v for v in instance.venues if v.max_gatherings is None]
    mine = [
        v
        for v in instance.venues
        if v.id == hub
        or (v.max_gatherings is not None and min(hubs, key=lambda h: venue_km(v, h)).id == hub)
    ]
    inside = set(members)
    # The area is planned as a cohort stage only: no budget, dates, staff or speakers (whose
    # homes may lie outside the area).
    later = {"budget", "calendar", "facilitators", "speakers", "speaker_settings", "content"}
    dump = instance.model_dump(mode="json", exclude=later)
    dump.update(
        name=f"{instance.name}: area {by_id[hub].name}",
        municipalities=[m for m in dump["municipalities"] if m["id"] in inside],
        participants=[p for p in dump["participants"] if p["municipality"] in inside],
        venues=[v.model_dump(mode="json") for v in mine],
        together=[
            {**s, "municipalities": [m for m in s["municipalities"] if m in inside]}
            for s in dump["together"]
            if sum(m in inside for m in s["municipalities"]) >= 2
        ],
        apart=[a for a in dump["apart"] if all(m in inside for m in a["municipalities"])],
        wishes=[w for w in dump["wishes"] if w["municipality"] in inside],
        travel={
            "matrix": [
                {"municipality": mid, "venue": v.id, "minutes": data.minutes(mid, v.id)}
                for mid in members
                for v in mine
            ]
        },
    )
    dump["cohorts"]["count"] = count
    return Instance.model_validate(dump)


def cluster_plan(
    data: ProblemData,
    settings: EngineSettings,
    deadline: float,
    latest: float | None = None,
    work: float | None = None,
) -> Plan | None:
    """A valid plan from the areas' own optimal plans, or None when the split does not work.

    An area that finds no plan in its share of ``deadline`` (a loaded machine, a short time
    limit) gets one more try with what is left until ``latest``: without the first plan the
    whole stage may end with none. ``work``: CP-SAT deterministic time for all areas together
    (each an equal share; the clock is then the outer cap only).
    """
    found = areas(data)
    if found is None:
        return None
    counts = cohorts_per_area(data, {h: sum(data.size[m] for m in ms) for h, ms in found.items()})
    if sum(counts.values()) != len(data.cohort_ids):
        return None  # more areas than cohorts: every area needs a cohort of its own
    rebalance(data, found, counts)
    order = {mid: i for i, mid in enumerate(data.municipality_ids)}
    for members in found.values():
        members.sort(key=order.__getitem__)
    cohorts: list[CohortPlan] = []
    for index, (hub, members) in enumerate(found.items()):
        sub = area_instance(data, hub, members, counts[hub])
        left = (deadline - now()) / (len(found) - index)
        share = None if work is None else max(work / len(found), AREA_WORK)
        model = CohortModel(prepare(sub)).build()
        run = _solve_area(model, settings.seed, left, latest or deadline, share)
        if not run.status.has_plan:
            return None
        for c in model.extract(run.solver).cohorts:
            cohorts.append(c.model_copy(update={"id": len(cohorts) + 1}))
    return Plan(cohorts=cohorts)


def _solve_area(
    model: CohortModel, seed: int, share: float, latest: float, work: float | None
) -> EngineRun:
    """One area's model: within its ``share`` of seconds (at most ``AREA_TIME`` without
    ``work``; with it the seconds are only the cap); without a plan, again with four times the
    work (or once with the time left) while ``latest`` allows."""
    wall = max(share if work is not None else min(AREA_TIME, share), 0.01)
    run = run_model("cohorts/areas", model.model, EngineSettings(wall, seed, 1, work=work))
    while not run.status.has_plan and latest > now() and (work is None or work < RETRY_WORK):
        spare = latest - now()
        work = None if work is None else 4 * work
        retry = EngineSettings(spare if work else min(AREA_TIME, spare), seed, 1, work=work)
        run = run_model("cohorts/areas", model.model, retry)
        if work is None:
            break
    return run
