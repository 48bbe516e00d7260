"""What changed between two plans, layer by layer, each change listed once and with names.

Layers: participants (moved between cohorts, added, withdrawn), venues, dates (with the days
moved), facilitators, speakers, discussion-group memberships and the politicians' sessions.

A group membership has changed only where it really did: the groups of one gathering before and
after are matched by the people they share (largest overlaps first), and a participant is listed
only when their group after is not the match of their group before. Renumbered groups, or a group
that lost a withdrawn member, are no change for anyone else. People who moved cohort, arrived or
left are listed once, under participants, never again under groups.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import CohortPlan, GatheringPlan, Plan

_Name = Callable[[str], str]


@dataclass(frozen=True)
class Move:
    """A participant whose cohort changes; ``None`` means not in that plan (new or withdrawn)."""

    participant: str
    municipality: str | None
    before: int | None
    after: int | None


@dataclass(frozen=True)
class VenueChange:
    cohort: int
    gathering: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class DateChange:
    """A session whose date(s) moved: ``session`` is 'gathering N', 'local N' or 'closing N';
    ``days`` is how far its first day moved (negative: earlier)."""

    cohort: int
    session: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    days: int | None = None


@dataclass(frozen=True)
class FacilitatorChange:
    """A gathering whose facilitators changed (ids)."""

    cohort: int
    gathering: int
    before: tuple[str, ...]
    after: tuple[str, ...]

    @property
    def added(self) -> tuple[str, ...]:
        return tuple(f for f in self.after if f not in self.before)

    @property
    def removed(self) -> tuple[str, ...]:
        return tuple(f for f in self.before if f not in self.after)


@dataclass(frozen=True)
class SpeakerChange:
    cohort: int
    gathering: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class GroupChange:
    """A participant who stays in the cohort but sits in another group at one gathering."""

    participant: str
    municipality: str | None
    cohort: int
    gathering: int
    before: str
    after: str


@dataclass(frozen=True)
class PoliticianChange:
    """A municipality whose politicians' session moved (venue or date); ``None``: no session."""

    municipality: str
    before_venue: str | None
    before_date: str | None
    after_venue: str | None
    after_date: str | None


@dataclass
class PlanDiff:
    """What changed between two plans, for the secretariat's notification list."""

    moved: list[Move] = field(default_factory=list)
    added: list[Move] = field(default_factory=list)
    withdrawn: list[Move] = field(default_factory=list)
    venue_changes: list[VenueChange] = field(default_factory=list)
    date_changes: list[DateChange] = field(default_factory=list)
    regrouped: list[int] = field(default_factory=list)
    facilitator_changes: list[FacilitatorChange] = field(default_factory=list)
    speaker_changes: list[SpeakerChange] = field(default_factory=list)
    group_changes: list[GroupChange] = field(default_factory=list)
    politician_changes: list[PoliticianChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        changes = (
            self.moved,
            self.added,
            self.withdrawn,
            self.venue_changes,
            self.date_changes,
            self.facilitator_changes,
            self.speaker_changes,
            self.group_changes,
            self.politician_changes,
        )
        return not (any(changes) or self.regrouped)

    def lines(self, names: Mapping[str, str] | None = None) -> list[str]:
        """One line per change, by layer; ``names`` maps ids (municipalities, venues,
        facilitators, participants, speakers) to names (see :func:`display_names`).

        Moves are grouped by municipality: "Fedje (4 participants): cohort 2 → cohort 3".
        """
        name = _namer(names)
        out = [
            f"{name(m)} ({_people(n)}): cohort {a} → cohort {b}"
            for (m, a, b), n in by_municipality(self.moved).items()
        ]
        out += [
            f"new {name(m)} ({_people(n)}): cohort {b}"
            for (m, _, b), n in by_municipality(self.added).items()
        ]
        out += [
            f"withdrawn {name(m)} ({_people(n)}): was in cohort {a}"
            for (m, a, _), n in by_municipality(self.withdrawn).items()
        ]
        out += [
            f"cohort {v.cohort} gathering {v.gathering}: venue"
            f" {name(v.before or '-')} → {name(v.after or '-')}"
            for v in self.venue_changes
        ]
        out += [date_line(d) for d in self.date_changes]
        out += [facilitator_line(f, name) for f in self.facilitator_changes]
        out += [
            f"cohort {s.cohort} gathering {s.gathering}: speaker"
            f" {name(s.before or '-')} → {name(s.after or '-')}"
            for s in self.speaker_changes
        ]
        out += [
            f"cohort {g.cohort} gathering {g.gathering}: {name(g.participant)} {group_move(g)}"
            for g in self.group_changes
        ]
        out += [politician_line(p, name) for p in self.politician_changes]
        return out or ["no changes"]


def _namer(names: Mapping[str, str] | None) -> _Name:
    if names is None:
        return lambda key: key
    return lambda key: names.get(key, key)


def _people(count: int) -> str:
    return f"{count} participant" + ("" if count == 1 else "s")


def group_move(g: GroupChange) -> str:
    """'changes group (a → b)', or, when the label stayed and the people around did not,
    'stays in group a, with other people'."""
    if g.before == g.after:
        return f"stays in group {g.after}, with other people"
    return f"changes group ({g.before} → {g.after})"


def date_line(d: DateChange) -> str:
    """'cohort 2 gathering 1: 2025-03-04 – 2025-03-05 → 2025-03-11 – 2025-03-12 (7 days later)'."""
    moved = ""
    if d.days:
        moved = f" ({abs(d.days)} day{'s' if abs(d.days) != 1 else ''}"
        moved += " later)" if d.days > 0 else " earlier)"
    return (
        f"cohort {d.cohort} {d.session}: {' – '.join(d.before) or 'undated'}"
        f" → {' – '.join(d.after) or 'undated'}{moved}"
    )


def facilitator_line(f: FacilitatorChange, name: _Name) -> str:
    parts = [f"+ {name(x)}" for x in f.added] + [f"− {name(x)}" for x in f.removed]
    return f"cohort {f.cohort} gathering {f.gathering}: facilitators {', '.join(parts)}"


def politician_line(p: PoliticianChange, name: _Name) -> str:
    def where(venue: str | None, day: str | None) -> str:
        return "no session" if venue is None else f"{name(venue)} {day}"

    return (
        f"politicians of {name(p.municipality)}: {where(p.before_venue, p.before_date)}"
        f" → {where(p.after_venue, p.after_date)}"
    )


def by_municipality(moves: Iterable[Move]) -> dict[tuple[str, int | None, int | None], int]:
    """(municipality, before, after) -> participants, in order of first appearance."""
    counts: dict[tuple[str, int | None, int | None], int] = {}
    for m in moves:
        key = (m.municipality or m.participant, m.before, m.after)
        counts[key] = counts.get(key, 0) + 1
    return counts


def display_names(*instances: Instance | None) -> dict[str, str]:
    """Ids -> names for the diff's lines: municipalities, venues, facilitators and participants
    ("Kari Nordmann (Fedje)", or "4601-03 (Bergen)" without a name). The first instance that
    knows an id names it, so pass the new instance first and the previous one after it (a
    withdrawn municipality is only in the previous one)."""
    names: dict[str, str] = {}
    for instance in instances:
        if instance is None:
            continue
        for m in instance.municipalities:
            names.setdefault(m.id, m.name)
        for v in instance.venues:
            names.setdefault(v.id, v.name)
        for f in instance.facilitators:
            names.setdefault(f.id, f.name)
        for p in instance.participants:
            town = names.get(p.municipality, p.municipality)
            names.setdefault(p.id, f"{p.name or p.id} ({town})")
    return names


def diff_plans(
    before: Plan, after: Plan, instance: Instance | None = None, previous: Instance | None = None
) -> PlanDiff:
    """Every change from ``before`` to ``after``, by layer. ``instance`` (the new one) and
    ``previous`` (the one ``before`` was made for) tell each participant's municipality."""
    home = {p.id: p.municipality for i in (previous, instance) if i for p in i.participants}
    for c in before.cohorts:
        # Without the previous instance, a withdrawn person's id ('4601-03') tells the town.
        for pid in c.participants:
            if pid not in home and pid[:4] in c.municipalities:
                home[pid] = pid[:4]
    diff = PlanDiff()
    _participants(before, after, home, diff)
    _gatherings(before, after, diff)
    old_dates, new_dates = _session_dates(before), _session_dates(after)
    for session in sorted(old_dates.keys() & new_dates.keys()):
        was, now = old_dates[session], new_dates[session]
        if was and was != now:
            days = (
                (dt.date.fromisoformat(now[0]) - dt.date.fromisoformat(was[0])).days
                if now
                else None
            )
            diff.date_changes.append(DateChange(session[0], session[1], was, now, days))
    diff.group_changes = _group_changes(before, after, home)
    diff.regrouped = sorted({g.cohort for g in diff.group_changes})
    diff.politician_changes = _politician_changes(before, after)
    return diff


def _days_between(first: str, second: str) -> int:
    return (dt.date.fromisoformat(second) - dt.date.fromisoformat(first)).days


def _participants(before: Plan, after: Plan, home: Mapping[str, str], diff: PlanDiff) -> None:
    old = {pid: c.id for c in before.cohorts for pid in c.participants}
    new = {pid: c.id for c in after.cohorts for pid in c.participants}
    for pid in sorted(old.keys() | new.keys()):
        move = Move(pid, home.get(pid), old.get(pid), new.get(pid))
        if move.before is None:
            diff.added.append(move)
        elif move.after is None:
            diff.withdrawn.append(move)
        elif move.before != move.after:
            diff.moved.append(move)


def _gathering_map(plan: Plan) -> dict[tuple[int, int], GatheringPlan]:
    return {(c.id, g.index): g for c in plan.cohorts for g in c.gatherings}


def _gatherings(before: Plan, after: Plan, diff: PlanDiff) -> None:
    """Venue, facilitator and speaker changes per gathering."""
    old, new = _gathering_map(before), _gathering_map(after)
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        venue_was = None if was is None else was.venue
        venue_now = None if now is None else now.venue
        if venue_was != venue_now:
            diff.venue_changes.append(VenueChange(key[0], key[1], venue_was, venue_now))
        if was is None or now is None:
            continue
        if was.facilitators and set(was.facilitators) != set(now.facilitators):
            diff.facilitator_changes.append(
                FacilitatorChange(key[0], key[1], tuple(was.facilitators), tuple(now.facilitators))
            )
        if was.speaker is not None and was.speaker != now.speaker:
            diff.speaker_changes.append(SpeakerChange(key[0], key[1], was.speaker, now.speaker))


def _session_dates(plan: Plan) -> dict[tuple[int, str], tuple[str, ...]]:
    dates: dict[tuple[int, str], tuple[str, ...]] = {}
    for c in plan.cohorts:
        for g in c.gatherings:
            dates[c.id, f"gathering {g.index}"] = tuple(d.isoformat() for d in g.dates)
        for s in c.local_sessions:
            dates[c.id, f"local {s.index}"] = (s.date.isoformat(),)
        for s in c.closing_sessions:
            dates[c.id, f"closing {s.index}"] = (s.date.isoformat(),)
    return dates


def _group_changes(before: Plan, after: Plan, home: Mapping[str, str]) -> list[GroupChange]:
    old_cohorts: dict[int, CohortPlan] = {c.id: c for c in before.cohorts}
    out: list[GroupChange] = []
    for c in after.cohorts:
        was = old_cohorts.get(c.id)
        if was is None:
            continue
        old_gatherings = {g.index: g for g in was.gatherings}
        for g in c.gatherings:
            og = old_gatherings.get(g.index)
            if og is None or not og.groups or not g.groups:
                continue
            for pid, a, b in _regrouped(og, g):
                out.append(GroupChange(pid, home.get(pid), c.id, g.index, a, b))
    return out


def _regrouped(was: GatheringPlan, now: GatheringPlan) -> list[tuple[str, str, str]]:
    """(participant, group before, group after) for the people present at both whose group
    after is not the match of their group before.

    The groups are matched one to one so that as many people as possible keep their group (a
    maximum-weight matching on shared people); among equally good matchings, groups keep their
    ids. So the fewest people are listed, and a label that did not change is never a change."""
    old_of = {pid: grp.id for grp in was.groups for pid in grp.participants}
    new_of = {pid: grp.id for grp in now.groups for pid in grp.participants}
    stayers = [pid for grp in now.groups for pid in grp.participants if pid in old_of]
    overlap = Counter((old_of[p], new_of[p]) for p in stayers)
    scale = len(was.groups) + len(now.groups) + 1
    graph = nx.Graph()
    for (a, b), shared in sorted(overlap.items()):
        graph.add_edge(("old", a), ("new", b), weight=shared * scale + (a == b))
    partner: dict[str, str] = {}
    for u, v in nx.max_weight_matching(graph):
        (_, a), (_, b) = (u, v) if u[0] == "old" else (v, u)
        partner[a] = b
    return [(p, old_of[p], new_of[p]) for p in stayers if partner.get(old_of[p]) != new_of[p]]


def _politician_changes(before: Plan, after: Plan) -> list[PoliticianChange]:
    def sessions(plan: Plan) -> dict[str, tuple[str, str]]:
        return {
            m: (s.venue, s.date.isoformat())
            for s in plan.politician_sessions
            for m in s.municipalities
        }

    old, new = sessions(before), sessions(after)
    if not old:
        return []
    present = {m for c in after.cohorts for m in c.municipalities}
    out = []
    for m in sorted((old.keys() & present) | new.keys()):
        was, now = old.get(m), new.get(m)
        if was != now:
            out.append(
                PoliticianChange(m, was and was[0], was and was[1], now and now[0], now and now[1])
            )
    return out
