"""Why an instance has no plan, in the secretariat's own terms.

1. Counting checks (:mod:`kompetanse_opt.rules.counting`) catch the simple causes without search.
2. Otherwise a feasibility model with one assumption literal per named rule
   (:mod:`kompetanse_opt.solver.cohorts.feasibility`) yields a conflicting subset, which is shrunk
   by
   deletion until every member is needed: drop any one and a plan exists (a minimal set).
3. With a speaker pool and no cause so far, the gatherings are dated as ``plan`` dates them and
   every gathering that no speaker is free for is a conflict of its own (rule H10, see
   :mod:`kompetanse_opt.rules.speaker_counting`).
4. :mod:`kompetanse_opt.analysis.relax` turns the conflict into verified relaxation suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kompetanse_opt.analysis.speaker_relax import gap_rule
from kompetanse_opt.core.i18n import N_, msg
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.rules.calendar_counting import labelled_calendar_causes
from kompetanse_opt.rules.counting import GROUP_COUNTING_CHECKS, Cause, labelled_causes
from kompetanse_opt.rules.registry import RULES, Lang
from kompetanse_opt.rules.speaker_counting import SpeakerGap, labelled_speaker_causes, speaker_gaps
from kompetanse_opt.solver.cohorts.feasibility import FeasibilityModel, NamedRule
from kompetanse_opt.solver.pipeline import solve


@dataclass(frozen=True)
class Conflict:
    """A set of rules that cannot hold together; ``minimal`` is False if shrinking timed out."""

    rules: tuple[NamedRule, ...]
    minimal: bool
    sentence: str


@dataclass
class Explanation:
    """The answer to "why is there no plan?"; ``feasible`` means the hard rules can all hold."""

    feasible: bool
    counting_causes: list[str] = field(default_factory=list)
    conflict: Conflict | None = None
    #: The counting causes with the labels of the rules they prove broken.
    causes: list[Cause] = field(default_factory=list)

    @property
    def labels(self) -> list[str]:
        """The labels of every rule the explanation involves, in registry order."""
        found = {c.label for c in self.causes}
        if self.conflict is not None:
            found |= {r.label for r in self.conflict.rules}
        return [label for label in RULES if label in found]

    def lines(self, lang: Lang = "en") -> list[str]:
        """The explanation in plain words, each rule with its label and registry text."""
        if self.feasible:
            return [
                "the cohort-stage rules can all hold together, and counting finds no cause"
                " against groups or dates: run `kompetanse-opt plan` for the full plan"
            ]
        out = [f"counting [{c.label}]: {c.text}" for c in self.causes]
        if self.conflict is not None:
            kind = "minimal" if self.conflict.minimal else "small (not proven minimal)"
            out.append(f"conflict ({kind}): {self.conflict.sentence}")
            out += [f"  [{r.label}] {r.text}" for r in self.conflict.rules]
        out += [f"rule {label}: {RULES[label].text(lang)}" for label in self.labels]
        return out


def shrink(model: FeasibilityModel, core: list[str], time_limit: float) -> tuple[list[str], bool]:
    """Deletion-based minimisation: drop each member whose removal keeps the set infeasible."""
    kept = list(core)
    proven = True
    for key in list(core):
        trial = [k for k in kept if k != key]
        verdict = model.infeasible_under(trial, time_limit)
        if verdict is None:
            proven = False
        elif verdict:
            kept = trial
    return kept, proven


#: Rules that put people into a cohort, so together they can "exceed" its capacity.
_FILLING = ("pin", "together", "cannot", "minimum")


def conflict_sentence(instance: Instance, rules: list[NamedRule]) -> str:
    """One sentence in domain words, e.g. 'together-set X (41) + pinned Y (9) exceed cohort 2'."""
    capacity = instance.cohorts.capacity
    cohorts = [r.key.split(":")[1] for r in rules if r.kind == "capacity"]
    others = [r for r in rules if r.kind != "capacity"]
    if cohorts and not others:
        n = len(cohorts)
        if n == instance.cohort_count:
            return msg(
                "cohort capacity {capacity} × {n} cohorts = {seats} cannot seat "
                "{instance.total_participants} participants without splitting a "
                "municipality",
                locals(),
                seats=capacity * n,
            )
        return msg(
            "cohorts {listed} (capacity {capacity}) cannot be filled validly",
            locals(),
            listed=", ".join(cohorts),
        )
    if cohorts and all(r.kind in _FILLING for r in others):
        shorts = " + ".join(r.short for r in others)
        template = (
            N_("{shorts} exceed cohort {cohorts} (capacity {capacity})")
            if len(cohorts) == 1
            else N_("{shorts} exceed cohorts {cohorts} (capacity {capacity})")
        )
        return msg(template, shorts=shorts, cohorts=", ".join(cohorts), capacity=capacity)
    return "these cannot all hold: " + "; ".join(r.text for r in rules)


def all_counting_causes(instance: Instance) -> list[Cause]:
    """The counting causes of every stage the instance has, labelled."""
    causes = labelled_causes(instance)
    # Later stages' counting causes too: a plan needs them all, and they cost nothing to find.
    if instance.groups.enabled:
        causes += labelled_causes(instance, GROUP_COUNTING_CHECKS)
    if instance.calendar is not None:
        causes += labelled_calendar_causes(instance)
        causes += labelled_speaker_causes(instance)
    return causes


def dated_speaker_gaps(instance: Instance) -> list[SpeakerGap]:
    """Gatherings no speaker is free for, on the dates the planner gives them (a plan without
    the speaker stage; dates do not depend on groups, so those are skipped)."""
    if not any(s.kind == "speaker" for s in instance.speakers) or instance.calendar is None:
        return []
    result = solve(instance, skip=("groups", "speakers"))
    return [] if result.plan is None else speaker_gaps(instance, result.plan)


def _speaker_explanation(instance: Instance, causes: list[Cause]) -> Explanation | None:
    gaps = dated_speaker_gaps(instance)
    if not gaps:
        return None
    rules = tuple(gap_rule(gap) for gap in gaps)
    conflict = Conflict(rules, True, "; ".join(gap.text for gap in gaps))
    return Explanation(False, [c.text for c in causes], conflict, causes)


def explain(instance: Instance, time_limit: float = 10.0) -> Explanation:
    """Explain why ``instance`` has no plan (or say that its hard rules can hold).

    Raises ``TimeoutError`` when CP-SAT decides neither within ``time_limit``.
    """
    causes = all_counting_causes(instance)
    texts = [c.text for c in causes]
    model = FeasibilityModel(instance)
    core = model.core(time_limit)
    if core is None:
        if causes:
            # Counting found a cause the cohort model does not see (groups or dates).
            return Explanation(feasible=False, counting_causes=texts, causes=causes)
        return _speaker_explanation(instance, causes) or Explanation(feasible=True)
    kept, proven = shrink(model, core, time_limit)
    rules = [model.rules[k] for k in kept]
    conflict = Conflict(tuple(rules), proven, conflict_sentence(instance, rules))
    return Explanation(feasible=False, counting_causes=texts, conflict=conflict, causes=causes)
