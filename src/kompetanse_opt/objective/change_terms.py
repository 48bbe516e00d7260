"""Change terms of a re-plan (rule H11), computed from a plan against ``instance.baseline``.

==============================  ====================================================  =========
term                            meaning                                               stage
==============================  ====================================================  =========
``changed_cohorts``             participants of municipalities now in another cohort  cohorts
                                than the baseline's (their current head count)
``changed_venues_announced``    announced gatherings at another venue                 cohorts
``changed_venues_draft``        draft gatherings at another venue                     cohorts
``changed_days_announced``      days each announced session moved (either way)       calendar
``changed_days_draft``          days each draft session moved                         calendar
``changed_facilitators_        facilitators no longer on an announced gathering      calendar
announced``                     they staffed
``changed_facilitators``        facilitators no longer on a draft gathering they      calendar
                                staffed
``changed_speakers``            gatherings with another speaker, plus guests no       speakers
                                longer at a gathering they were at (calendar without
                                a speaker pool)
``changed_groups``              participants, per gathering, not in the match of the  groups
                                group they had (the fewest who must move to turn the
                                old groups into the new; labels do not count)
==============================  ====================================================  =========

A session is announced or draft by its *baseline* date (:func:`~kompetanse_opt.model.freeze.
session_state`); held sessions are pinned and never change. Every term is 0 without a baseline.
Weights: ``instance.change_weights`` (see :data:`~kompetanse_opt.model.change_settings.
CHANGE_TERM_WEIGHTS`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

import networkx as nx

from kompetanse_opt.model.freeze import session_state
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.objective.cohort_terms import TermFunction


def baseline_states(data: ProblemData) -> dict[tuple[int, str, int], str]:
    """(cohort, session kind, index) -> 'held', 'announced' or 'draft', by the baseline date."""
    base = data.instance.baseline
    if base is None:
        return {}
    return {
        (d.cohort, d.session, d.index): session_state(data.instance, d.date) for d in base.dates
    }


def changed_cohorts(data: ProblemData, plan: Plan) -> int:
    base = data.instance.baseline
    if base is None:
        return 0
    before = {p.municipality: p.cohort for p in base.municipalities}
    return sum(
        data.size.get(m, 0)
        for c in plan.cohorts
        for m in c.municipalities
        if m in before and before[m] != c.id
    )


def _changed_venues(data: ProblemData, plan: Plan, state: str) -> int:
    base = data.instance.baseline
    if base is None:
        return 0
    states = baseline_states(data)
    now = {(c.id, g.index): g.venue for c in plan.cohorts for g in c.gatherings}
    return sum(
        1
        for g in base.gatherings
        if states.get((g.cohort, "gathering", g.gathering), "draft") == state
        and (g.cohort, g.gathering) in now
        and now[g.cohort, g.gathering] != g.venue
    )


def changed_venues_announced(data: ProblemData, plan: Plan) -> int:
    return _changed_venues(data, plan, "announced")


def changed_venues_draft(data: ProblemData, plan: Plan) -> int:
    return _changed_venues(data, plan, "draft")


def plan_dates(plan: Plan) -> dict[tuple[int, str, int], dt.date]:
    """(cohort, session kind, index) -> the session's (first) day in ``plan``."""
    out: dict[tuple[int, str, int], dt.date] = {}
    for c in plan.cohorts:
        out.update({(c.id, "gathering", g.index): g.dates[0] for g in c.gatherings if g.dates})
        out.update({(c.id, "local", s.index): s.date for s in c.local_sessions})
        out.update({(c.id, "closing", s.index): s.date for s in c.closing_sessions})
    return out


def _changed_days(data: ProblemData, plan: Plan, state: str) -> int:
    base = data.instance.baseline
    if base is None:
        return 0
    states = baseline_states(data)
    now = plan_dates(plan)
    return sum(
        abs((now[key] - d.date).days)
        for d in base.dates
        if (key := (d.cohort, d.session, d.index)) in now and states[key] == state
    )


def changed_days_announced(data: ProblemData, plan: Plan) -> int:
    return _changed_days(data, plan, "announced")


def changed_days_draft(data: ProblemData, plan: Plan) -> int:
    return _changed_days(data, plan, "draft")


def _changed_facilitators(data: ProblemData, plan: Plan, state: str) -> int:
    base = data.instance.baseline
    if base is None:
        return 0
    states = baseline_states(data)
    now = {(c.id, g.index): set(g.facilitators) for c in plan.cohorts for g in c.gatherings}
    return sum(
        len(set(f.facilitators) - now[f.cohort, f.gathering])
        for f in base.facilitators
        if (f.cohort, f.gathering) in now
        and states.get((f.cohort, "gathering", f.gathering), "draft") == state
    )


def changed_facilitators_announced(data: ProblemData, plan: Plan) -> int:
    return _changed_facilitators(data, plan, "announced")


def changed_facilitators(data: ProblemData, plan: Plan) -> int:
    return _changed_facilitators(data, plan, "draft")


def changed_speakers(data: ProblemData, plan: Plan) -> int:
    base = data.instance.baseline
    if base is None:
        return 0
    now = {(c.id, g.index): g for c in plan.cohorts for g in c.gatherings}
    count = 0
    for s in base.speakers:
        g = now.get((s.cohort, s.gathering))
        if g is None:
            continue
        count += g.speaker != s.speaker
        # A guest recorded at the gathering and no longer there (a speakers' stage's plan).
        count += sum(1 for guest in s.guests or () if guest not in g.guests)
    return count


def changed_groups(data: ProblemData, plan: Plan) -> int:
    """Participants, per gathering, who are not in the match of their baseline group.

    The gathering's groups before and after are matched one to one so that as many people as
    possible keep their group (a maximum-weight matching on the people they share): the count is
    the fewest people who must move to turn the old grouping into the new one, whatever the
    groups' labels. Only people seated in both plans count: a withdrawal or an arrival changes
    nobody's group by itself, and moving one person from one group to another counts 1. This is
    the number of group changes the re-plan's diff lists (``analysis.plan_diff``).
    """
    base = data.instance.baseline
    if base is None:
        return 0
    before: dict[tuple[int, int], list[list[str]]] = {}
    for pin in base.groups:
        before.setdefault((pin.cohort, pin.gathering), []).append(list(pin.participants))
    count = 0
    for c in plan.cohorts:
        for g in c.gatherings:
            old_groups = before.get((c.id, g.index), [])
            if old_groups and g.groups:
                count += moved_people(old_groups, [list(x.participants) for x in g.groups])
    return count


def moved_people(old: Sequence[Iterable[str]], new: Sequence[Iterable[str]]) -> int:
    """The fewest people seated in both groupings who must change group to turn ``old`` into
    ``new``: those present in both less the most that a one-to-one matching of the groups keeps.
    """
    old_of = {pid: i for i, group in enumerate(old) for pid in group}
    overlap = Counter(
        (old_of[pid], j) for j, group in enumerate(new) for pid in group if pid in old_of
    )
    graph = nx.Graph()
    for (i, j), shared in overlap.items():
        graph.add_edge(("old", i), ("new", j), weight=shared)
    kept = sum(int(graph.edges[u, v]["weight"]) for u, v in nx.max_weight_matching(graph))
    return sum(overlap.values()) - kept


#: Change terms by the stage whose model optimises them.
COHORT_CHANGE_TERMS: dict[str, TermFunction] = {
    "changed_cohorts": changed_cohorts,
    "changed_venues_announced": changed_venues_announced,
    "changed_venues_draft": changed_venues_draft,
}
CALENDAR_CHANGE_TERMS: dict[str, TermFunction] = {
    "changed_days_announced": changed_days_announced,
    "changed_days_draft": changed_days_draft,
    "changed_facilitators_announced": changed_facilitators_announced,
    "changed_facilitators": changed_facilitators,
    "changed_speakers": changed_speakers,
}
GROUP_CHANGE_TERMS: dict[str, TermFunction] = {"changed_groups": changed_groups}
#: With a speaker pool the speakers' stage chooses speakers and guests: it owns the term then
#: (see :func:`kompetanse_opt.objective.change_terms_of`).
SPEAKER_CHANGE_TERMS: dict[str, TermFunction] = {"changed_speakers": changed_speakers}
