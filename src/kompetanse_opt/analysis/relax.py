"""Relaxation suggestions: the least disruptive changes that make an infeasible instance plannable.

Which relaxations a rule admits is the registry's word (``RuleDef.relaxations``); each kind is
implemented once here, as a function from the instance and one conflicting rule instance to
candidate changes. The menu, from least to most disruptive (the rank):

====  =====================  =========================================================
rank  kind                   change
====  =====================  =========================================================
1     ``soften_set``         a hard together-set becomes soft (it may split, at a cost)
2     ``soften_apart``       a hard apart pair becomes soft
3     ``drop_pin``           a municipality or gathering pin is released
4     ``drop_wish``          a "cannot attend cohort k" wish is dropped (ask them first)
5     ``lower_minimum``      the cohort minimum is lowered to the largest value that works
6     ``venue_limit``        a limited venue may host one or two more gatherings
7     ``room``               a venue's room capacity is raised to the cohort capacity
8     ``capacity``           cohort capacity +k, for the smallest k that works
9     ``one_more_cohort``    one or two more cohorts (more speakers, facilitators and venues)
10    ``speaker_availability``  a speaker keeps a gathering's days free (H10, dated gap)
11    ``stand_in_speaker``   a stand-in speaker is booked for those days (H10)
====  =====================  =========================================================

A suggestion is *verified* only when the full pipeline (every stage the changed instance has)
found a valid plan with it; only verified suggestions are returned, least change first, each with
the plan's status, objective and the seconds the verifying solve took. Candidates are screened
first with the cheap feasibility model of the cohort stage, so hopeless ones cost no full solve.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kompetanse_opt.analysis.explain import Conflict
from kompetanse_opt.analysis.speaker_relax import freed_speakers, stand_in
from kompetanse_opt.core.errors import InstanceError
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import SolveStatus
from kompetanse_opt.rules.registry import rule
from kompetanse_opt.solver.cohorts.families import RuleInstance
from kompetanse_opt.solver.cohorts.feasibility import FeasibilityModel
from kompetanse_opt.solver.pipeline import solve

RANK = {
    "soften_set": 1,
    "soften_apart": 2,
    "drop_pin": 3,
    "drop_wish": 4,
    "lower_minimum": 5,
    "venue_limit": 6,
    "room": 7,
    "capacity": 8,
    "one_more_cohort": 9,
    "speaker_availability": 10,
    "stand_in_speaker": 11,
}
#: Most candidate changes solved in full per explanation (each is a whole pipeline run).
MAX_VERIFIED_SOLVES = 8


@dataclass(frozen=True)
class Candidate:
    """A change to try: its kind, words, how big it is within its kind, the changed instance."""

    kind: str
    description: str
    size: int
    instance: Instance = field(repr=False, compare=False)


@dataclass(frozen=True)
class Suggestion:
    """A relaxation verified by the full pipeline: a valid plan exists with it."""

    kind: str
    description: str
    status: SolveStatus
    objective: int | None
    instance: Instance = field(repr=False, compare=False)
    #: Seconds the verifying solve of the full pipeline took.
    seconds: float = 0.0
    #: The stages the verifying solve planned (all the changed instance has).
    stages: tuple[str, ...] = ()
    size: int = 1

    @property
    def rank(self) -> int:
        """The kind's place on the menu (1 = least disruptive)."""
        return RANK[self.kind]

    @property
    def verified(self) -> bool:
        """Always True: unverified candidates are never returned."""
        return self.status.has_plan


Relaxation = Callable[[Instance, RuleInstance, float], Iterator[Candidate]]


def _with_venue(instance: Instance, venue: str, **update: int | None) -> Instance:
    venues = [v.model_copy(update=update) if v.id == venue else v for v in instance.venues]
    return instance.replace(venues=venues)


def _cohort_feasible(instance: Instance, time_limit: float) -> bool:
    try:
        return FeasibilityModel(instance).core(time_limit) is None
    except TimeoutError:
        return False


def soften_set(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    if named.kind == "together":
        key = named.key.partition(":")[2]
        sets = [
            s.model_copy(update={"hard": False}) if s.id == key else s for s in instance.together
        ]
        text = msg("let together-set {key} split (make it soft)", locals())
        yield Candidate("soften_set", text, 1, instance.replace(together=sets))


def soften_apart(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    if named.kind == "apart":
        key = named.key.partition(":")[2]
        pairs = [a.model_copy(update={"hard": False}) if a.id == key else a for a in instance.apart]
        text = msg("make apart pair {key} soft", locals())
        yield Candidate("soften_apart", text, 1, instance.replace(apart=pairs))


def drop_pin(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    rest = named.key.partition(":")[2]
    pins = instance.pins
    if named.kind == "pin":
        kept = [p for p in pins.municipalities if p.municipality != rest]
        changed = pins.model_copy(update={"municipalities": kept})
        text = msg("release the pin of municipality {rest}", locals())
    elif named.kind == "gathering_pin":
        cohort, gathering = (int(x) for x in rest.split(":"))
        gathering_pins = [
            g for g in pins.gatherings if (g.cohort, g.gathering) != (cohort, gathering)
        ]
        changed = pins.model_copy(update={"gatherings": gathering_pins})
        text = msg("release the venue pin of cohort {cohort} gathering {gathering}", locals())
    else:
        return
    yield Candidate("drop_pin", text, 1, instance.replace(pins=changed))


def drop_wish(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    if named.kind != "cannot":
        return
    municipality, cohort_text = named.key.split(":")[1:]
    cohort = int(cohort_text)
    wishes = [
        w.model_copy(update={"cannot_attend": [k for k in w.cannot_attend if k != cohort]})
        if w.municipality == municipality
        else w
        for w in instance.wishes
    ]
    text = msg("ask {municipality} whether it can attend cohort {cohort} after all", locals())
    yield Candidate("drop_wish", text, 1, instance.replace(wishes=wishes))


def lower_minimum(
    instance: Instance, named: RuleInstance, time_limit: float
) -> Iterator[Candidate]:
    if named.kind != "minimum":
        return
    current = instance.cohorts.minimum
    for minimum in range(current - 1, -1, -1):
        changed = instance.with_cohort_settings(minimum=minimum)
        if _cohort_feasible(changed, time_limit):
            text = msg("lower the cohort minimum to {minimum}", locals())
            yield Candidate("lower_minimum", text, current - minimum, changed)
            return


def venue_limit(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    if named.kind != "venue_limit":
        return
    venue = named.key.partition(":")[2]
    limit = next(v.max_gatherings or 0 for v in instance.venues if v.id == venue)
    for extra in (1, 2):
        text = (
            msg("allow 1 more gathering at {venue}", venue=venue)
            if extra == 1
            else msg("allow {extra} more gatherings at {venue}", extra=extra, venue=venue)
        )
        changed = _with_venue(instance, venue, max_gatherings=limit + extra)
        yield Candidate("venue_limit", text, extra, changed)


def room(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    if named.kind != "room":
        return
    venue = named.key.partition(":")[2]
    capacity = instance.cohorts.capacity
    changed = _with_venue(instance, venue, room_capacity=capacity)
    yield Candidate("room", msg("book a room at {venue} for {capacity}", locals()), 1, changed)


def capacity(instance: Instance, named: RuleInstance, time_limit: float) -> Iterator[Candidate]:
    if named.kind not in ("capacity", "room", "venue_limit"):
        return
    current = instance.cohorts.capacity
    for extra in range(1, current + 1):
        changed = instance.with_cohort_settings(capacity=current + extra)
        if _cohort_feasible(changed, time_limit):
            text = msg("raise cohort capacity by {extra} to {n}", extra=extra, n=current + extra)
            yield Candidate("capacity", text, extra, changed)
            return


def _pinned_cohort(instance: Instance, named: RuleInstance) -> int:
    """The cohort a pin names (0 for another kind of rule)."""
    rest = named.key.partition(":")[2]
    if named.kind == "pin":
        return next(p.cohort for p in instance.pins.municipalities if p.municipality == rest)
    if named.kind == "gathering_pin":
        return int(rest.split(":")[0])
    return 0


def one_more_cohort(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    current = instance.cohort_count
    if named.kind in ("pin", "gathering_pin"):
        # A pin to a cohort that does not exist (cohorts.count auto): as many cohorts as it needs.
        needed = _pinned_cohort(instance, named)
        sizes: tuple[int, ...] = (needed - current,) if needed > current else ()
    elif named.kind in ("capacity", "room", "venue_limit"):
        sizes = (1, 2)
    else:
        sizes = ()
    for extra in sizes:
        count = current + extra
        text = (
            msg("add a cohort ({count} in all)", count=count)
            if extra == 1
            else msg("add {extra} cohorts ({count} in all)", extra=extra, count=count)
        )
        changed = instance.with_cohort_settings(count=count)
        yield Candidate("one_more_cohort", text, extra, changed)


def speaker_availability(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    for text, size, changed in freed_speakers(instance, named):
        yield Candidate("speaker_availability", text, size, changed)


def stand_in_speaker(instance: Instance, named: RuleInstance, _t: float) -> Iterator[Candidate]:
    for text, size, changed in stand_in(instance, named):
        yield Candidate("stand_in_speaker", text, size, changed)


#: Every relaxation kind the registry may name, implemented once.
RELAXATIONS: dict[str, Relaxation] = {
    "soften_set": soften_set,
    "soften_apart": soften_apart,
    "drop_pin": drop_pin,
    "drop_wish": drop_wish,
    "lower_minimum": lower_minimum,
    "venue_limit": venue_limit,
    "room": room,
    "capacity": capacity,
    "one_more_cohort": one_more_cohort,
    "speaker_availability": speaker_availability,
    "stand_in_speaker": stand_in_speaker,
}


def candidates(instance: Instance, conflict: Conflict, time_limit: float) -> list[Candidate]:
    """Every change the registry allows for the conflict's rules, each once, least change first."""
    seen: set[str] = set()
    out: list[Candidate] = []
    for named in conflict.rules:
        for kind in rule(named.label).relaxations:
            try:
                found = list(RELAXATIONS[kind](instance, named, time_limit))
            except InstanceError:
                continue  # the change would make the instance invalid: not a suggestion
            for candidate in found:
                if candidate.description not in seen:
                    seen.add(candidate.description)
                    out.append(candidate)
    return sorted(out, key=lambda c: (RANK[c.kind], c.size, c.description))


def verify(candidate: Candidate, time_limit: float) -> Suggestion | None:
    """Solve the changed instance with every stage it has; a suggestion only with a valid plan."""
    started = time.perf_counter()
    result = solve(candidate.instance, time_limit=time_limit)
    if not result.status.has_plan or result.plan is None:
        return None
    return Suggestion(
        candidate.kind,
        candidate.description,
        result.status,
        result.objective,
        candidate.instance,
        seconds=time.perf_counter() - started,
        stages=result.plan.stages,
        size=candidate.size,
    )


def suggest_relaxations(
    instance: Instance, conflict: Conflict, time_limit: float = 10.0
) -> list[Suggestion]:
    """Verified suggestions, least disruptive first (menu rank, size of the change, objective).

    ``time_limit`` bounds each feasibility screen and each verifying solve; at most
    :data:`MAX_VERIFIED_SOLVES` candidates are solved in full.
    """
    out: list[Suggestion] = []
    solves = 0
    for candidate in candidates(instance, conflict, time_limit):
        if solves >= MAX_VERIFIED_SOLVES:
            break
        if not _cohort_feasible(candidate.instance, time_limit):
            continue
        solves += 1
        suggestion = verify(candidate, time_limit)
        if suggestion is not None:
            out.append(suggestion)
    objective = {id(s): s.objective if s.objective is not None else 0 for s in out}
    return sorted(out, key=lambda s: (s.rank, s.size, objective[id(s)]))
