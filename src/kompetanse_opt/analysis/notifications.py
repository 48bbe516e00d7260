"""Who must be told what after a re-plan: one notification per recipient.

* a municipality: its people moved, arrived or withdrew; its cohort's dates or venues changed
  (only when it stays in that cohort: a municipality that moves is told its new cohort); its
  people's discussion groups changed; its politicians' session moved;
* a facilitator: gatherings added or removed, and the gatherings they keep that moved or changed
  venue;
* a speaker: likewise.

Built from a :class:`~kompetanse_opt.analysis.plan_diff.PlanDiff` and the two plans; recipients
come in this order (municipalities, facilitators, speakers), each by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from kompetanse_opt.analysis.plan_diff import PlanDiff, by_municipality, date_line, group_move
from kompetanse_opt.model.plan import Plan

RecipientKind = Literal["municipality", "facilitator", "speaker"]


@dataclass
class Notification:
    """What one recipient must be told (``messages`` with names, one per change)."""

    kind: RecipientKind
    recipient: str
    name: str
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.kind} {self.name}: " + "; ".join(self.messages)


def _sessions_changed(diff: PlanDiff, names: Mapping[str, str]) -> dict[tuple[int, int], list[str]]:
    """(cohort, gathering; 0 = other sessions) -> what changed about it, as text."""
    out: dict[tuple[int, int], list[str]] = {}
    for v in diff.venue_changes:
        if v.before is not None and v.after is not None:
            out.setdefault((v.cohort, v.gathering), []).append(
                f"cohort {v.cohort} gathering {v.gathering}: venue"
                f" {names.get(v.before, v.before)} → {names.get(v.after, v.after)}"
            )
    for d in diff.date_changes:
        kind, _, number = d.session.partition(" ")
        key = (d.cohort, int(number) if kind == "gathering" else 0)
        out.setdefault(key, []).append(date_line(d))
    return out


def notifications(
    diff: PlanDiff, before: Plan, after: Plan, names: Mapping[str, str] | None = None
) -> list[Notification]:
    """Every recipient with something to be told, and what (see the module text)."""
    names = names or {}
    changed = _sessions_changed(diff, names)
    out = _municipalities(diff, before, after, names, changed)
    out += _staff(diff, before, after, names, changed, "facilitator")
    out += _staff(diff, before, after, names, changed, "speaker")
    return [n for n in out if n.messages]


def _municipalities(
    diff: PlanDiff,
    before: Plan,
    after: Plan,
    names: Mapping[str, str],
    changed: Mapping[tuple[int, int], list[str]],
) -> list[Notification]:
    messages: dict[str, list[str]] = {}

    def tell(m: str, text: str) -> None:
        messages.setdefault(m, []).append(text)

    for (m, a, b), n in by_municipality(diff.moved).items():
        tell(m, f"{n} participant(s) move from cohort {a} to cohort {b}")
    for (m, _, b), n in by_municipality(diff.added).items():
        tell(m, f"{n} new participant(s) placed in cohort {b}")
    for (m, a, _), n in by_municipality(diff.withdrawn).items():
        tell(m, f"withdrawal of {n} participant(s) from cohort {a} recorded")
    old = before.cohort_of_municipality()
    for c in after.cohorts:
        for m in c.municipalities:
            if old.get(m) == c.id:
                for (cohort, _), texts in sorted(changed.items()):
                    for text in texts if cohort == c.id else []:
                        tell(m, text)
    for g in diff.group_changes:
        if g.municipality is not None:
            tell(
                g.municipality,
                f"cohort {g.cohort} gathering {g.gathering}:"
                f" {names.get(g.participant, g.participant)} {group_move(g)}",
            )
    for p in diff.politician_changes:
        after_text = (
            "no session"
            if p.after_venue is None
            else (f"{names.get(p.after_venue, p.after_venue)} {p.after_date}")
        )
        tell(p.municipality, f"politicians' session now: {after_text}")
    return [
        Notification("municipality", m, names.get(m, m), texts) for m, texts in messages.items()
    ]


def _assigned(plan: Plan, kind: RecipientKind) -> dict[str, set[tuple[int, int]]]:
    out: dict[str, set[tuple[int, int]]] = {}
    for c in plan.cohorts:
        for g in c.gatherings:
            people = g.facilitators if kind == "facilitator" else [g.speaker] if g.speaker else []
            for person in people:
                out.setdefault(person, set()).add((c.id, g.index))
    return out


def _staff(
    diff: PlanDiff,
    before: Plan,
    after: Plan,
    names: Mapping[str, str],
    changed: Mapping[tuple[int, int], list[str]],
    kind: RecipientKind,
) -> list[Notification]:
    """Facilitators or speakers: gatherings added, removed, and kept ones that changed."""
    old, new = _assigned(before, kind), _assigned(after, kind)
    dates = {(c.id, g.index): g.dates for c in after.cohorts for g in c.gatherings}
    out = []
    for person in sorted(old.keys() | new.keys()):
        was, now = old.get(person, set()), new.get(person, set())
        texts = [
            f"added: cohort {c} gathering {g}" + _when(dates.get((c, g), []))
            for c, g in sorted(now - was)
        ]
        texts += [f"removed: cohort {c} gathering {g}" for c, g in sorted(was - now)]
        for key in sorted(was & now):
            texts += changed.get(key, [])
        out.append(Notification(kind, person, names.get(person, person), texts))
    return out


def _when(days: Sequence[object]) -> str:
    return f" ({' – '.join(str(d) for d in days)})" if days else ""
