"""Thin typed wrappers behind five of the names :mod:`kompetanse_opt` exports.

``replan``, ``suggest``, ``budget``, ``sweep`` and ``rules`` give the analysis layer's functions
the shape an integrator expects (an instance in, an answer out); everything else is exported as
it is. Nothing in the package imports this module except ``kompetanse_opt/__init__.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from kompetanse_opt.analysis import replan as _replan
from kompetanse_opt.analysis.budget import BudgetTable, budget_table, plan_budget_table
from kompetanse_opt.analysis.changes import AddRegistrations, Change
from kompetanse_opt.analysis.placement import Placement, advise_placement, plan_without
from kompetanse_opt.analysis.rule_table import RuleRow, rule_table
from kompetanse_opt.analysis.scenarios import Scenarios, read_scenarios, scenarios_from_data
from kompetanse_opt.analysis.sweep import SweepRow, run_sweep
from kompetanse_opt.core.errors import InstanceError, Problem
from kompetanse_opt.core.i18n import msg
from kompetanse_opt.io.added_registrations import read_added_registrations
from kompetanse_opt.model.instance import Instance
from kompetanse_opt.model.plan import Plan
from kompetanse_opt.model.problem import prepare
from kompetanse_opt.rules.registry import Lang
from kompetanse_opt.solver.engine import ProgressCallback


def replan(
    instance: Instance,
    previous: Plan,
    max_moves: int | None = None,
    *,
    today: dt.date | None = None,
    published_until: dt.date | None = None,
    changes: Sequence[Change] = (),
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    progress: ProgressCallback | None = None,
) -> _replan.ReplanResult:
    """A new plan after ``changes`` that changes as little of ``previous`` as possible.

    ``changes``: :class:`~kompetanse_opt.analysis.changes.Withdraw`,
    :class:`~kompetanse_opt.analysis.changes.AddRegistrations` (participants, or ``source=`` a
    registration workbook or CSV, read here with the registration importer),
    :class:`~kompetanse_opt.analysis.changes.FacilitatorUnavailable` and
    :class:`~kompetanse_opt.analysis.changes.VenueClosed`. ``today`` freezes what is held,
    ``published_until`` prices changes to what is announced (rule H11). The result holds the
    new plan, the diff by layer (``diff``), who must be told what (``notifications``) and the
    warnings; see :func:`kompetanse_opt.analysis.replan.replan`.
    """
    resolved: list[Change] = []
    notes: list[str] = []
    for change in changes:
        if isinstance(change, AddRegistrations) and change.source and not change.participants:
            read, read_notes = read_added_registrations(change.source, instance)
            resolved.append(read)
            notes += read_notes
        else:
            resolved.append(change)
    outcome = _replan.replan(
        instance,
        previous,
        max_moves,
        today=today,
        published_until=published_until,
        changes=resolved,
        time_limit=time_limit,
        seed=seed,
        workers=workers,
        threads=threads,
        progress=progress,
    )
    outcome.warnings = notes + outcome.warnings
    return outcome


def suggest(
    instance: Instance,
    municipality: str,
    plan: Plan | None = None,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
) -> list[Placement]:
    """Rank the cohorts a late-registered ``municipality`` could join, moving nobody else.

    ``plan`` is the current plan; without one, the instance without the municipality is planned
    first (cohort stage only). Valid placements come first, cheapest first; the list is empty when
    the instance without the municipality has no plan either. An unknown municipality raises
    :class:`~kompetanse_opt.core.errors.InstanceError`.
    """
    if municipality not in {m.id for m in instance.municipalities}:
        raise InstanceError(
            [
                Problem(
                    "municipality",
                    msg("unknown municipality '{id}'", id=municipality),
                )
            ]
        )
    if plan is None:
        plan = plan_without(
            instance, municipality, time_limit=time_limit, seed=seed, workers=workers
        )
        if plan is None:
            return []
    return advise_placement(instance, plan, municipality)


def budget(instance: Instance, plan: Plan | None = None) -> BudgetTable:
    """The cost table: the instance's budget scaled to its size, or priced from ``plan``.

    With a plan the learning-path line is priced per planned gathering and venue, and the
    participants' own nights and travel are added (``BudgetTable.participant_costs``).
    """
    if plan is None:
        return budget_table(instance)
    return plan_budget_table(prepare(instance), plan)


def sweep(
    scenarios: Scenarios | Mapping[str, Any] | str | Path,
    *,
    jobs: int | None = None,
    dask_address: str | None = None,
    on_row: Callable[[SweepRow], None] | None = None,
) -> list[SweepRow]:
    """Solve every variant of a scenario file (a path, its parsed data, or read scenarios).

    Returns one row per variant in the file's order; a variant that cannot be built or solved is a
    row with status ``invalid`` or ``error`` and the reason, never an exception. ``jobs`` local
    processes (default: one per core, ``1`` = in this process) or a Dask cluster solve them.
    """
    if isinstance(scenarios, str | Path):
        scenarios = read_scenarios(scenarios)
    elif not isinstance(scenarios, Scenarios):
        scenarios = scenarios_from_data(dict(scenarios))
    outcomes = run_sweep(scenarios, jobs=jobs, dask_address=dask_address, on_row=on_row)
    return [outcome.row for outcome in outcomes]


__all__ = ["budget", "suggest", "sweep"]


def rules(lang: Lang = "en") -> list[RuleRow]:
    """Every domain rule (H1-H11, P1-P8, T1-T3) with its kind, stages, text in ``lang``, how far
    it is modelled, and what checks, encodes, counts, weighs and relaxes it."""
    return rule_table(lang).rules
