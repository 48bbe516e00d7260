"""Warm starts for the group model: a greedy grouping, completed into a full hint.

A hint only on the people counts is repaired by CP-SAT's own hint search, which gives up on large
models (a 200-person cohort found no solution in 30 s). The counts determine every other
variable, so solving the same model with them fixed takes a fraction of a second and yields a
complete hint, which CP-SAT takes as its first solution.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from kompetanse_opt.model.grouping import AreaLayout
from kompetanse_opt.model.plan import CohortPlan
from kompetanse_opt.model.problem import ProblemData
from kompetanse_opt.solver.groups.model import GroupModel
from kompetanse_opt.solver.interrupt import new_solver, solve_stoppably

#: People per (area index, municipality, group index).
Counts = dict[tuple[int, str, int], int]

#: Time for completing a hint (far more than it takes: every variable is implied).
HINT_SECONDS = 5.0


def add_warm_start(
    model: GroupModel, counts: Counts | None = None, seconds: float = HINT_SECONDS
) -> bool:
    """Warm start: the given people per (area, municipality, group), else a greedy grouping.

    The stage hints gathering 2 with gathering 1's groups (always allowed, and no worse than
    reusing them by definition), so even a time-limited solve starts from a valid plan.
    CP-SAT's own hint repair gives up on large models, so the hint is completed first: the
    same model with the counts fixed determines every other variable in a fraction of a
    second, and all of them are hinted.
    """
    counts = counts if counts is not None else greedy_counts(model)
    # A copy of the built model (cheaper than building it again) with the counts fixed.
    probe = model.model.clone()
    for key, var in model.vars.people.items():
        probe.add(probe.get_int_var_from_proto_index(var.index) == counts.get(key, 0))
    solver = new_solver(max(seconds, 0.01))
    solver.parameters.num_workers = 1
    if solve_stoppably(solver, probe) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # The copy has the model's variables at the same indexes.
        for index, value in enumerate(solver.response_proto.solution):
            model.model.add_hint(model.model.get_int_var_from_proto_index(index), value)
        return True
    for key, var in model.vars.people.items():
        model.model.add_hint(var, counts.get(key, 0))
    return False


def greedy_counts(model: GroupModel) -> Counts:
    """Similar sizes in blocks (first people of each municipality, smallest first, then the
    second people, ...), or a round robin when blocks would break a municipality's cap.
    Sizes are the balanced ones (fine also when the rules allow a larger difference)."""
    out: Counts = {}
    for a, layout in enumerate(model.layouts):
        q, r = divmod(layout.n, layout.groups)
        sizes = list(layout.sizes or (q + 1,) * r + (q,) * (layout.groups - r))
        copies = [(k, m) for m in model.order[a] for k in range(layout.count[m])]
        blocks = sorted(copies, key=lambda km: (km[0], model.order[a].index(km[1])))
        for sequence, dealt in ((blocks, _in_blocks(sizes)), (copies, _round_robin(sizes))):
            members: list[list[str]] = [[] for _ in sizes]
            for (_, m), j in zip(sequence, dealt, strict=True):
                members[j].append(m)
            if any(g.count(m) > layout.cap(m) for g in members for m in dict.fromkeys(g)):
                continue
            # Renumber to match the symmetry breaking: largest first, then by first member.
            rank = {m: i for i, m in enumerate(model.order[a])}
            renumbered = sorted(members, key=lambda g: (-len(g), min(rank[m] for m in g)))
            for j, group in enumerate(renumbered):
                for m in group:
                    out[a, m, j] = out.get((a, m, j), 0) + 1
            break
    return out


def _in_blocks(sizes: list[int]) -> list[int]:
    return [j for j, size in enumerate(sizes) for _ in range(size)]


def _round_robin(sizes: list[int]) -> list[int]:
    """Group of each position dealt in turn; with sizes largest first it fills them exactly."""
    left = list(sizes)
    out: list[int] = []
    j = 0
    while any(left):
        if left[j]:
            out.append(j)
            left[j] -= 1
        j = (j + 1) % len(sizes)
    return out


def greedy_cohort(data: ProblemData, cohort: CohortPlan, layouts: list[AreaLayout]) -> CohortPlan:
    """``cohort`` with the greedy grouping (:func:`greedy_counts`) at every gathering, in order
    (each avoiding the earlier ones as the sequential models see them): no search."""
    municipality_of = {p.id: p.municipality for p in data.instance.participants}
    earlier: list[list[frozenset[str]]] = []
    done = []
    for gathering in sorted(cohort.gatherings, key=lambda g: g.index):
        model = GroupModel(data, cohort.id, gathering.index, layouts, earlier)
        groups = model.extract_counts(greedy_counts(model))
        done.append(gathering.model_copy(update={"groups": groups}))
        earlier.append([frozenset(municipality_of[p] for p in g.participants) for g in groups])
    return cohort.model_copy(update={"gatherings": done})
